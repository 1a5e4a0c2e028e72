"""Words as readers type them: folded to lower case without accents, for matching."""

from __future__ import annotations

import unicodedata


def fold(text: str) -> str:
    """Lower case without accents, as readers type: 'Chômeur' -> 'chomeur'."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("’", "'")
