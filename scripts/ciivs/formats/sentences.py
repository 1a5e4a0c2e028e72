"""Sentences and their words, as the readability checks count them."""

from __future__ import annotations

import re

# A sentence starts with a capital, a quote or a number ("2023 gab es 15."); a full stop after a
# number or a one-letter abbreviation ("1. August", "z. B.") goes on.
_SENTENCE_END = re.compile(r"(?<=[.!?])(?<!\b\d\.)(?<!\b\w\.)\s+(?=[A-ZÀ-ÖØ-Þ«\"\d])")


def split_sentences(text: str) -> list[str]:
    """Sentences, and list items or lines without end punctuation, each as one.

    >>> split_sentences("Vous avez 15 ans. Vous cherchez une place.\\nTéléphone : 027 606 73 20")
    ['Vous avez 15 ans.', 'Vous cherchez une place.', 'Téléphone : 027 606 73 20']
    """
    sentences = []
    for block in re.split(r"\n\s*\n|\n(?=\s*\S)", text):
        for part in _SENTENCE_END.split(block):
            if part.strip():
                sentences.append(part.strip())
    return sentences


def word_count(sentence: str) -> int:
    """The words of a sentence: what spaces separate, with a letter or digit in it (a media
    point does not separate: Sozial·hilfe)."""
    return len(_WORD.findall(sentence))


# A run of characters between spaces with a letter or digit in it (`[^\W_]`: what `isalnum`
# accepts; `\s`: what `split` splits at), found by the engine instead of a loop over characters.
_WORD = re.compile(r"(?<!\S)\S*?[^\W_]\S*")
