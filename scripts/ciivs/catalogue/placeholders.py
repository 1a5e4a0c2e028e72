"""Placeholders: what a template leaves for an editor to fill in, and how the check spots them.

A template for a new entry writes `PLACEHOLDER` wherever a value is to be written; any value that
is still a placeholder (or one of the habits below: `...`, `TODO`, `XXX`, `[à compléter]`) makes
the check fail with PLACEHOLDER, so an unfinished entry never reaches the site.

>>> find_placeholder("TODO: contact")
'TODO'
"""

from __future__ import annotations

import re

# What templates write; the check refuses it anywhere.
PLACEHOLDER = "…"

# A whole value that only says "to be written" (compared in lower case, spaces trimmed).
_WHOLE = re.compile(
    r"^(…+|\.{2,}|\?+|-+|_+|x{2,}|todo|tbd|tba|fixme|"
    r"à compléter|a completer|à définir|à préciser|à confirmer|"
    r"zu ergänzen|zu definieren|ausstehend|to do|to be (?:written|defined|completed))$",
    re.IGNORECASE,
)
# Inside a longer value: marker words in capitals, bracketed gaps, an ellipsis standing in for a
# web or mail address, or the domains reserved for examples (RFC 2606).
_INSIDE = re.compile(
    r"\b(TODO|FIXME|XXX|TBD)\b"
    r"|\[\s*(?:…|\.\.\.|[^\]]*(?:compléter|ergänzen|TODO)[^\]]*)\s*\]"
    r"|<\s*(?:…|\.\.\.)\s*>"
    r"|(?:https?://|@|www\.)(?:…|\.\.\.)"
    r"|(?:https?://|@)(?:www\.)?example\.(?:com|org|net)\b",
    re.IGNORECASE,
)

# Every match of _INSIDE holds one of these (in lower case); _WHOLE matches only short values.
_MARKERS = ("todo", "fixme", "xxx", "tbd", "[", "<", "…", "...", "example.")
_WHOLE_AT_MOST = 40


def find_placeholder(value: str) -> str | None:
    """The placeholder in `value`, as written, or None when the value is real text."""
    text = value.strip()
    if len(text) <= _WHOLE_AT_MOST and _WHOLE.match(text):
        return text
    lowered = text.casefold()
    if not any(marker in lowered for marker in _MARKERS):
        return None  # most texts: no need for the slower search below
    match = _INSIDE.search(text)
    if match is None:
        return None
    # TODO, FIXME, XXX in lower case are ordinary words ("todo" is rare, but "xxx" may be a sign).
    word = match.group(1)
    if word and word != word.upper():
        return None
    return match.group()
