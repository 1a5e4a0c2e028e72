"""The readers' words: entries' `keywords` and the equivalent words of `catalogue/search/<lang>.yml`.

Pagefind has no synonyms and finds only pages that hold every word of a query. So the render
stage writes, on each indexed entry page, a hidden block with the entry's keywords and, for each
group of equivalent words the page uses, the other words of that group: "chômeur" then finds a
page that says "demandeurs d'emploi". Editors keep both lists; no code change is needed.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ciivs.catalogue.problems import Problem, problem
from ciivs.catalogue.schema import validate_entry
from ciivs.catalogue.yamlfile import read_yaml

if TYPE_CHECKING:
    from ciivs.catalogue.model import Entry

FOLDER = "search"  # catalogue/search/<lang>.yml and finder.yml
FINDER = "finder.yml"
# A word of four letters or more also matches the page's word with up to three more letters:
# plural and feminine endings (demandeur -> demandeurs, Lehrling -> Lehrlinge). Shorter words,
# mostly abbreviations (AI, IV), match only themselves: "ai" must not match "aide".
_ENDING = r"[a-z]{0,3}"

Equivalents = dict[str, list[list[str]]]


@dataclass
class SearchData:
    """What catalogue/search/ holds: equivalent words per language, and for "What is for me?"
    and an empty search, whom to contact and the age bands."""

    equivalents: Equivalents = field(default_factory=dict)
    contacts: list[str] = field(default_factory=list)
    age_limits: list[int] = field(default_factory=list)


def load_search_data(
    root: Path, langs: tuple[str, ...], institutions: set[str], shown: str
) -> tuple[SearchData, list[Problem]]:
    """Read `<root>/search/`: `<lang>.yml` equivalent words (a missing file means none) and
    `finder.yml`."""
    data = SearchData({lang: [] for lang in langs})
    problems: list[Problem] = []
    folder = root / FOLDER
    if not folder.is_dir():
        return data, problems
    for file in sorted(folder.iterdir()):
        path = f"{shown}/{FOLDER}/{file.name}"
        lang = file.name.removesuffix(".yml")
        if file.name.startswith("."):
            continue
        if file.name == FINDER:
            found = _read_finder(file, path, institutions, data)
        elif file.name.endswith(".yml") and lang in langs:
            data.equivalents[lang], found = _read_equivalents(file, path)
        else:
            allowed = ", ".join([f"{lang}.yml" for lang in langs] + [FINDER])
            found = [
                problem(path, 1, "FILE_NAME", f"'{file.name}' is not known here; use {allowed}")
            ]
        problems += found
    return data, problems


def _read_mapping(file: Path, path: str, schema: str, fields: str) -> tuple[Any, list[Problem]]:
    located, problems = read_yaml(file.read_bytes(), path)
    if located is None:
        return None, problems
    if not isinstance(located.data, dict):
        return None, [
            problem(
                path,
                located.line(()),
                "YAML_NOT_A_MAPPING",
                f"the file must hold the field {fields}",
            )
        ]
    problems = validate_entry(schema, located, path)
    return (None if problems else located), problems


def _read_finder(file: Path, path: str, institutions: set[str], data: SearchData) -> list[Problem]:
    located, problems = _read_mapping(
        file, path, "search-finder.schema.json", "`contacts:` (institution ids) and `age_limits:`"
    )
    if located is None:
        return problems
    contacts = located.data["contacts"]
    for i, ref in enumerate(contacts):
        if ref not in institutions:
            problems.append(
                problem(
                    path,
                    located.line(("contacts", i)),
                    "UNKNOWN_REFERENCE",
                    f"contacts: no institution has the id '{ref}'",
                )
            )
    limits = located.data["age_limits"]
    if limits != sorted(limits):
        problems.append(
            problem(
                path,
                located.line(("age_limits",)),
                "BAD_VALUE",
                "age_limits must go from the youngest to the oldest, e.g. [18, 26, 50]",
            )
        )
    data.contacts = [c for c in contacts if c in institutions]
    data.age_limits = sorted(limits)
    return problems


def _read_equivalents(file: Path, path: str) -> tuple[list[list[str]], list[Problem]]:
    located, problems = _read_mapping(
        file, path, "search.schema.json", "`equivalents:` with a list of groups of words"
    )
    if located is None:
        return [], problems
    groups = located.data["equivalents"]
    seen: dict[str, int] = {}
    for g, group in enumerate(groups):
        for w, word in enumerate(group):
            key = fold(word)
            line = located.line(("equivalents", g, w))
            if key in seen and seen[key] != g:
                other = located.line(("equivalents", seen[key]))
                problems.append(
                    problem(
                        path,
                        line,
                        "BAD_VALUE",
                        f"'{word}' is already in the group of line {other}; "
                        f"a word belongs to one group: merge the two groups",
                    )
                )
            seen.setdefault(key, g)
    return groups, problems


def fold(text: str) -> str:
    """Lower case without accents, as readers type: 'Chômeur' -> 'chomeur'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def _parts(word: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(word))


def _pattern(word: str) -> re.Pattern[str]:
    parts = _parts(word)
    return re.compile(
        r"\b" + r"\W+".join(p + (_ENDING if len(p) >= 4 else "") for p in parts) + r"\b"
    )


def _literal(word: str) -> str:
    """The first run of letters and digits of the folded word: every match contains it."""
    parts = _parts(word)
    return parts[0] if parts else ""


class WordFinder:
    """The equivalent words of one language, prepared once for all its pages."""

    def __init__(self, groups: list[list[str]]) -> None:
        # With each pattern, a piece of text it cannot match without: a substring test rules
        # most words out before the regular expression runs (most of the time on big catalogues).
        self.groups = [
            [(word, _literal(word), _pattern(word)) for word in group] for group in groups
        ]

    def words_for(self, text: str) -> list[str]:
        """For each group one of whose words `text` uses, the other words of the group."""
        folded = fold(text)
        found: list[str] = []
        for group in self.groups:
            present = [
                word
                for word, literal, pattern in group
                if literal in folded and pattern.search(folded)
            ]
            if present:
                found += [word for word, _, _ in group if word not in present]
        return found


def entry_text(entry: Entry, lang: str) -> str:
    """The entry's own texts in one language (names of the entries it refers to are left out:
    a measure run by the "Office de l'asile" is not about asylum)."""

    def walk(value: Any) -> list[str]:
        if isinstance(value, dict):
            if isinstance(value.get(lang), str):
                return [value[lang]]
            return [t for v in value.values() for t in walk(v)]
        if isinstance(value, list):
            return [t for v in value for t in walk(v)]
        return []

    return "\n".join(walk({k: v for k, v in entry.data.items() if k != "keywords"}))


def page_words(
    entry: Entry, lang: str, text: str, finder: WordFinder
) -> tuple[list[str], list[str]]:
    """The words a page is also found by: its entry's keywords, and the equivalents of the words
    its text (`text` plus the keywords) uses."""
    keywords = list(entry.get("keywords", {}).get(lang, []))
    seen = {fold(k) for k in keywords}
    extra = [w for w in finder.words_for(" ".join([text, *keywords])) if fold(w) not in seen]
    return keywords, list(dict.fromkeys(extra))
