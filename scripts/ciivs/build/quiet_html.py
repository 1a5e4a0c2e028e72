"""Pages the Content Security Policy need not parse: nothing inline, nothing it refuses.

Reading every built page with `html.parser` took 11 s at 1,000 measures (1.4 million start tags,
one Python call each) to find what no page holds today: inline scripts and styles, event-handler
and `style` attributes, `javascript:` addresses. `QUIET_PAGE` recognises, in one regular
expression, a page made only of markup every HTML tokenizer reads the same way and that holds
none of those: text, end tags, simple comments, the doctype, start tags whose attributes are plain
(quoted values without `<` or `>`, no `on…`, no `style`, no address that could say `javascript:`)
and scripts that run from a file or hold data (JSON). Any other page is parsed as before, so a
page this module lets through is one the parser finds nothing in (tests/test_policy_quiet.py).
"""

from __future__ import annotations

import re

_NAME = r"[a-zA-Z_:][-a-zA-Z0-9_:.]*"
_VALUE = r"""(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>=`]+)"""
# An address whose first character is not a space, an entity or a J cannot say javascript:.
_SAFE_ADDRESS = r"""(?:"(?![\s&jJ])[^"<>]*"|'(?![\s&jJ])[^'<>]*'|(?![&jJ])[^\s"'<>=`]+)"""
_ADDRESS = r"(?i:href|src|action|formaction|xlink:href)(?=[\s=/>])"
_ATTRIBUTE = (
    rf"(?:(?!(?i:on|style(?=[\s=/>]))|{_ADDRESS}){_NAME}(?:\s*=\s*{_VALUE})?"
    rf"|{_ADDRESS}(?:\s*=\s*{_SAFE_ADDRESS})?)"
)
_NOT_TYPE = rf"(?!(?i:type)(?=[\s=/>])){_ATTRIBUTE}"
_START = rf"<(?!(?i:script|style)(?=[\s/>]))[a-zA-Z][a-zA-Z0-9-]*(?:\s+{_ATTRIBUTE})*\s*/?>"
# A script's content without `<` ends at its end tag in every tokenizer.
_SCRIPT_END = r">[^<]*</(?i:script)\s*>"
_SCRIPT_FILE = (
    rf"<(?i:script)(?=(?:\s+{_ATTRIBUTE})*?\s+(?i:src)[\s=/>])(?:\s+{_ATTRIBUTE})*\s*{_SCRIPT_END}"
)
# One `type` only: with two, the parser keeps the last.
_SCRIPT_DATA = (
    rf"<(?i:script)(?:\s+{_NOT_TYPE})*\s+(?i:type)\s*=\s*\"application/(?:ld\+)?json\""
    rf"(?:\s+{_NOT_TYPE})*\s*{_SCRIPT_END}"
)
_END = r"</[a-zA-Z][-a-zA-Z0-9:_.]*\s*>"
_COMMENT = r"<!--[^<>-]*(?:-[^<>-]+)*-->"
_DOCTYPE = r"<!(?i:doctype)[^<>]*>"
# Atomic and possessive: a page that is not quiet fails at once instead of backtracking.
QUIET_PAGE = re.compile(
    rf"(?>[^<]++|{_START}|{_END}|{_SCRIPT_FILE}|{_SCRIPT_DATA}|{_COMMENT}|{_DOCTYPE})*+"
)


def is_quiet(page: str) -> bool:
    """True when the page holds no inline code and nothing a strict policy refuses, for sure."""
    return QUIET_PAGE.fullmatch(page) is not None
