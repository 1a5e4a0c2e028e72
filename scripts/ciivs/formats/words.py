"""Words as readers type them: folded to lower case without accents, for matching."""

from __future__ import annotations

import re
import unicodedata


class _Folding(dict[int, str]):
    """`str.translate`'s table of `fold`: each character's folding, worked out the first time it
    is met. Decomposition is character by character, and canonical reordering moves only the
    combining marks that folding drops, so folding each character is folding the text."""

    def __missing__(self, code: int) -> str:
        decomposed = unicodedata.normalize("NFKD", chr(code))
        folded = "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")
        self[code] = folded
        return folded


_FOLDING = _Folding()
_NOT_ASCII = re.compile(r"[^\x00-\x7f]+")


def fold(text: str) -> str:
    """Lower case without accents, as readers type: 'Chômeur' -> 'chomeur'."""
    # Lower case over the whole text first: a final sigma depends on the letters around it.
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    # Only the runs of other characters are translated: ASCII stays as it is, and `translate`
    # loses its fast way at the first character outside ASCII.
    return _NOT_ASCII.sub(lambda run: run.group().translate(_FOLDING), lowered)
