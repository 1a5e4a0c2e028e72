"""Facts of HTML that readers of built pages need: the elements that have no end tag."""

from __future__ import annotations

# HTML's void elements: a start tag without an end tag (the HTML Living Standard, §13.1.2).
VOID_ELEMENTS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "source",
        "track",
        "wbr",
    }
)
