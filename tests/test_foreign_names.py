"""Marking foreign proper names (`pages.foreign_names`): the fast way finds the names' first words
in the lower-cased page, and must mark exactly what IGNORECASE over the page marks."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ciivs.pages.foreign_names import PLAIN_CASE, ForeignNames

# Every character PLAIN_CASE accepts, and the lower-case word characters among them (those a
# name's first word, lower-cased, can hold).
PLAIN = [chr(c) for c in range(0x3000) if PLAIN_CASE.fullmatch(chr(c))]
WORD = re.compile(r"\w")
LETTERS = sorted({c.lower() for c in PLAIN if WORD.match(c) and len(c.lower()) == 1})


def test_plain_characters_lower_to_one_character_of_the_same_kind() -> None:
    changed = [c for c in PLAIN if len(c.lower()) != 1]
    assert changed == []
    assert [c for c in PLAIN if bool(WORD.match(c)) != bool(WORD.match(c.lower()))] == []


def test_ignorecase_matches_a_plain_character_exactly_when_its_lower_case_is_the_letter() -> None:
    differing = [
        (letter, c)
        for letter in LETTERS
        for c, matched in ((c, re.compile(re.escape(letter), re.I).fullmatch(c)) for c in PLAIN)
        if bool(matched) != (c.lower() == letter)
    ]
    assert differing == []


def test_the_letters_ignorecase_treats_otherwise_are_not_plain() -> None:
    for odd in "İıſ":  # IGNORECASE matches them with i and s; their lower case is not i or s
        assert not PLAIN_CASE.fullmatch(odd)


NAMES = {"FormAvenir": "fr", "Job Caddie": "fr", "Pôle emploi": "fr", "Straße Süd": "de"}
PIECES = st.sampled_from(
    [
        "formavenir",
        "FORMAVENIR",
        "FormAvenirs",
        "job  caddie",
        "Job\nCaddie",
        "pôle emploi",
        "PÔLE EMPLOI",
        "straße süd",
        "STRASSE",
        "ſtraße süd",
        "İ",
        "ı",
        "<p>",
        "</p>",
        '<a href="/formavenir/">',
        "<script>FormAvenir</script>",
        ">",
        "<",
        " ",
        "-",
        "é",
        "✓",
        "Σ",
    ]
)


@settings(max_examples=400)
@given(st.lists(PIECES, max_size=30).map("".join))
def test_the_fast_way_marks_what_ignorecase_marks(body: str) -> None:
    fast = ForeignNames(NAMES)
    assert fast.lowered_first_words is not None
    plain = ForeignNames(NAMES)
    plain.lowered_first_words = None
    assert fast.mark(body) == plain.mark(body)


def test_names_are_marked_in_text_and_not_in_tags_or_scripts() -> None:
    body = '<p>Avec FORMAVENIR</p><a href="/formavenir/">x</a><script>FormAvenir</script>'
    assert ForeignNames(NAMES).mark(body) == (
        '<p>Avec <span lang="fr">FORMAVENIR</span></p><a href="/formavenir/">x</a>'
        "<script>FormAvenir</script>"
    )
