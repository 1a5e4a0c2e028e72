"""Rules that keep easy-read texts easy (FALC, Leichte Sprache), and where their lines are.

Easy-read texts are written one sentence per line, with at most 15 words per sentence, and every
abbreviation explained in the text itself (Inclusion Europe, "Information for all"; Netzwerk
Leichte Sprache). The glossary's explanations are held to the same sentence length. A text's
review by readers of the target group is recorded per language: who checked it, and when.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.problems import Problem, problem
from ciivs.formats.sentences import split_sentences, word_count

# Inclusion Europe and the Netzwerk Leichte Sprache: short sentences; lucid-lint's FALC profile
# and the anchors of this project set the ceiling at 15 words.
MAX_SENTENCE_WORDS = 15
# An abbreviation: two capitals or more, or a capital with digits (ORP, SMZ, T1, KIP3).
_ABBREVIATION = re.compile(
    r"(?<![\w·@./])(?=\w*[A-ZÄÖÜ](?:\w*[A-ZÄÖÜ]|\w*\d))[A-ZÄÖÜ0-9]{2,}(?![\w·@])"
)
# Addresses are not words: an e-mail address or a web address holds no abbreviation.
_ADDRESS = re.compile(r"\S+@\S+|https?://\S+|www\.\S+")
_BLOCK = re.compile(r"[|>][+-]?\s*(#.*)?$")


@dataclass(frozen=True)
class Line:
    """One line of an easy text, with where it is: the field and the line of the file."""

    at: tuple[Any, ...]
    line: int
    text: str


def easy_lines(entry: Entry) -> Iterator[tuple[str, list[Line]]]:
    """Each language's easy text of an entry, line by line: the questions and texts of an
    easy-read entry, the explanation of a glossary word."""
    if entry.kind == "glossary":
        for lang, text in (entry.get("explanation") or {}).items():
            if isinstance(text, str):
                yield lang, _lines(entry, ("explanation", lang), text)
        return
    for lang, sections in (entry.get("sections") or {}).items():
        lines: list[Line] = []
        for i, section in enumerate(sections if isinstance(sections, list) else []):
            for key in ("question", "text"):
                value = section.get(key) if isinstance(section, dict) else None
                if isinstance(value, str):
                    lines += _lines(entry, ("sections", lang, i, key), value)
        yield lang, lines


def _lines(entry: Entry, at: tuple[Any, ...], text: str) -> list[Line]:
    """The lines of one text with their line in the file: a block (`text: |`) starts on the line
    after its key."""
    first = entry.line(*at)
    written = entry.located.source_line(first) or ""
    start = first + 1 if _BLOCK.search(written) else first
    return [
        Line(at, start + number, line)
        for number, line in enumerate(text.split("\n"))
        if line.strip()
    ]


def _easy_entries(catalogue: Catalogue) -> Iterator[Entry]:
    yield from catalogue.of("easy-read")
    yield from catalogue.of("glossary")


def sentences_are_short(catalogue: Catalogue) -> list[Problem]:
    """No sentence of an easy text (or a glossary explanation) has more than 15 words."""
    problems = []
    for entry in _easy_entries(catalogue):
        for _lang, lines in easy_lines(entry):
            for line in lines:
                for sentence in split_sentences(line.text):
                    count = word_count(sentence)
                    if count > MAX_SENTENCE_WORDS:
                        problems.append(
                            problem(
                                entry.path,
                                line.line,
                                "EASY_SENTENCE_TOO_LONG",
                                "easy_sentence_too_long",
                                field=_where(line.at),
                                count=count,
                                limit=MAX_SENTENCE_WORDS,
                                sentence=sentence,
                            )
                        )
    return problems


def one_sentence_per_line(catalogue: Catalogue) -> list[Problem]:
    """Each line of an easy-read text holds one sentence: the page shows it as written."""
    problems = []
    for entry in catalogue.of("easy-read"):
        for _lang, lines in easy_lines(entry):
            for line in lines:
                count = len(split_sentences(line.text))
                if count > 1:
                    problems.append(
                        problem(
                            entry.path,
                            line.line,
                            "EASY_ONE_SENTENCE_PER_LINE",
                            "easy_one_sentence_per_line",
                            field=_where(line.at),
                            count=count,
                            line=line.text.strip(),
                        )
                    )
    return problems


def abbreviations_are_explained(catalogue: Catalogue) -> list[Problem]:
    """Every abbreviation of an easy text is explained in that same text (the language's whole
    text of the entry): one of the glossary's long forms of it appears there."""
    problems = []
    by_lang: dict[str, dict[str, list[str]]] = {}  # the glossary's, once per language
    for entry in _easy_entries(catalogue):
        for lang, lines in easy_lines(entry):
            meanings = by_lang.get(lang)
            if meanings is None:
                meanings = by_lang[lang] = long_forms(catalogue, lang)
            whole = _comparable(" ".join(line.text for line in lines))
            seen: set[str] = set()
            for line in lines:
                for found in _ABBREVIATION.finditer(_ADDRESS.sub(" ", line.text)):
                    abbreviation = found.group()
                    if abbreviation in seen:
                        continue
                    seen.add(abbreviation)
                    known = meanings.get(abbreviation)
                    if any(_comparable(meaning) in whole for meaning in known or ()):
                        continue
                    problems.append(_unexplained(entry, line, abbreviation, known))
    return problems


def _unexplained(entry: Entry, line: Line, abbreviation: str, known: list[str] | None) -> Problem:
    """The problem for an abbreviation the text does not explain, with what the glossary knows."""
    key = (
        "unexplained_abbreviation"
        if known
        else "unexplained_abbreviation_unknown"
        if known is None
        else "unexplained_abbreviation_no_long_form"
    )
    return problem(
        entry.path,
        line.line,
        "UNEXPLAINED_ABBREVIATION",
        key,
        field=_where(line.at),
        abbreviation=abbreviation,
        meaning=known[0] if known else "",
    )


def long_forms(catalogue: Catalogue, lang: str) -> dict[str, list[str]]:
    """For each abbreviation in the glossary's forms of a word in `lang` (its term, its other
    forms: ORP, office AI, Plateforme T1), the word's forms that spell it out without it: a text
    that holds one of them explains the abbreviation."""
    meanings: dict[str, list[str]] = {}
    for word in sorted(catalogue.of("glossary"), key=lambda e: e.id):
        term = (word.get("term") or {}).get(lang)
        forms = [f for f in [term, *(word.get("also") or {}).get(lang, [])] if isinstance(f, str)]
        for abbreviation in dict.fromkeys(
            a.group() for f in forms for a in _ABBREVIATION.finditer(f)
        ):
            meanings.setdefault(abbreviation, []).extend(
                f
                for f in forms
                if any(c.islower() for c in f)
                and abbreviation not in (a.group() for a in _ABBREVIATION.finditer(f))
            )
    return meanings


def _comparable(text: str) -> str:
    """A text as compared with a glossary form: no media points, one kind of apostrophe, hyphens
    as spaces (assurance-invalidité), spaces and capitals folded."""
    plain = text.replace("·", "").replace("’", "'").replace("-", " ")
    return " ".join(plain.casefold().split())


def reviews_say_who_and_when(catalogue: Catalogue) -> list[Problem]:
    """A language checked by readers names both who checked it and the day."""
    problems = []
    for entry in catalogue.of("easy-read"):
        by, on = entry.get("reviewed_by") or {}, entry.get("reviewed_on") or {}
        for lang in sorted(set(by) ^ set(on)):
            field, other = (
                ("reviewed_by", "reviewed_on") if lang in by else ("reviewed_on", "reviewed_by")
            )
            problems.append(
                problem(
                    entry.path,
                    entry.line(field, lang),
                    "MISSING_FIELD",
                    "easy_review_incomplete",
                    field=f"{field}.{lang}",
                    missing=f"{other}.{lang}",
                )
            )
    return problems


EASY_RULES = (
    sentences_are_short,
    one_sentence_per_line,
    abbreviations_are_explained,
    reviews_say_who_and_when,
)


def _where(at: tuple[Any, ...]) -> str:
    return ".".join(str(part) for part in at)
