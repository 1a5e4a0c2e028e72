"""The words a page is also found by: its entry's keywords and the equivalents of its words.

Pagefind has no synonyms and finds only pages that hold every word of a query; the render stage
writes these words in a hidden block of each indexed entry page (catalogue/search/<lang>.yml).
"""

from __future__ import annotations

import re
from typing import Any

from ciivs.catalogue.model import Entry
from ciivs.formats.words import fold

# A word of four letters or more also matches the page's word with up to three more letters:
# plural and feminine endings (demandeur -> demandeurs, Lehrling -> Lehrlinge). Shorter words,
# mostly abbreviations (AI, IV), match only themselves: "ai" must not match "aide".
_ENDING = r"[a-z]{0,3}"


def _parts(word: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", fold(word))


def _pattern(word: str) -> re.Pattern[str]:
    parts = _parts(word)
    body = r"\W+".join(p + (_ENDING if len(p) >= 4 else "") for p in parts)
    if not parts:
        return re.compile(r"\b" + body + r"\b")
    # `\b` before the first part, written after it as "no word character before the part": the
    # same matches (the part is made of word characters), but a pattern that starts with a
    # literal is looked for ten times faster by the regular expression engine.
    first = parts[0]
    return re.compile(first + rf"(?<!\w{{{len(first) + 1}}})" + body[len(first) :] + r"\b")


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
