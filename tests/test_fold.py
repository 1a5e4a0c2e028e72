"""Folding words as readers type them (`formats.words.fold`): lower case, accents dropped.

The fast way (a translation table filled as characters are met) must say what the definition
says: the lower-cased text in compatibility decomposition (NFKD), combining marks dropped, the
typographic apostrophe as a straight one.
"""

from __future__ import annotations

import sys
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from ciivs.formats.words import fold


def by_definition(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")


def test_readers_words_fold_as_they_type_them() -> None:
    assert fold("Chômeur") == "chomeur"
    assert fold("Demandeur d’emploi") == "demandeur d'emploi"
    assert fold("ÉTRANGÈRES Straße") == "etrangeres straße"
    assert fold("ﬁnances") == "finances"  # a ligature is its letters


def test_every_character_folds_as_the_definition_says() -> None:
    characters = (chr(c) for c in range(sys.maxunicode + 1) if not 0xD800 <= c < 0xE000)
    differing = [c for c in characters if fold(c) != by_definition(c)]
    assert differing == []


# Letters with and without accents, combining marks, Greek capitals (whose final sigma depends on
# the letters around it), apostrophes and ligatures, mixed with any other character.
MIXED = st.text(
    alphabet=st.one_of(
        st.sampled_from("aeÉèÔçßΣΟΔσ’'ﬁ \u0301\u0327\u0308-"),
        st.characters(exclude_categories=("Cs",)),
    ),
    max_size=60,
)


@settings(max_examples=500)
@given(MIXED)
def test_a_text_folds_as_the_definition_says(text: str) -> None:
    assert fold(text) == by_definition(text)
