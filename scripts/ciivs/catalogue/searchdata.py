"""Loading the readers' words: entries' `keywords` and the equivalent words of `catalogue/search/<lang>.yml`.

Pagefind has no synonyms and finds only pages that hold every word of a query. So the render
stage writes, on each indexed entry page, a hidden block with the entry's keywords and, for each
group of equivalent words the page uses, the other words of that group: "chômeur" then finds a
page that says "demandeurs d'emploi". Editors keep both lists; no code change is needed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ciivs.catalogue.problems import Problem, problem
from ciivs.catalogue.schema import validate_entry
from ciivs.catalogue.yamlfile import read_yaml
from ciivs.formats.words import fold

FOLDER = "search"  # catalogue/search/<lang>.yml and finder.yml
FINDER = "finder.yml"

Equivalents = dict[str, list[list[str]]]


@dataclass
class SearchData:
    """What catalogue/search/ holds: equivalent words per language, and for "What is for me?"
    and an empty search, whom to contact and the age bands."""

    equivalents: Equivalents = field(default_factory=dict)
    contacts: list[str] = field(default_factory=list)
    network_contact: str | None = None  # whom readers ask about the network itself
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
    network = located.data.get("network_contact")
    if network is not None and network not in institutions:
        problems.append(
            problem(
                path,
                located.line(("network_contact",)),
                "UNKNOWN_REFERENCE",
                f"network_contact: no institution has the id '{network}'",
            )
        )
    data.network_contact = network if network in institutions else None
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
