"""Plain text from an editor's Markdown, for data files that expect text (HSDS, CSV, feeds)."""

from __future__ import annotations

import functools
import html
import re

from ciivs.formats.markdown import render_markdown

_LINK = re.compile(r'<a\b[^>]*?href="([^"]*)"[^>]*>(.*?)</a>', re.DOTALL)
_BLOCK_END = re.compile(r"</(p|li|h[1-6]|blockquote)>|<br\s*/?>")
_TAG = re.compile(r"<[^>]+>")


@functools.lru_cache(maxsize=32768)  # every data file converts the same texts
def plain_text(markdown_text: str) -> str:
    """Markdown as readable text: paragraphs on their own lines, link addresses after link texts.

    >>> plain_text("Voir [le site](https://vs.ch).\\n\\n- un\\n- deux")
    'Voir le site (https://vs.ch).\\n- un\\n- deux'
    """
    # Line breaks inside a paragraph are the editor's wrapping, not the reader's: blocks end lines.
    rendered = render_markdown(markdown_text, 0).replace("\n", " ")
    rendered = rendered.replace("<li>", "<li>- ")
    rendered = _LINK.sub(lambda m: _with_address(m[2], html.unescape(m[1])), rendered)
    rendered = _BLOCK_END.sub("\n", rendered)
    text = html.unescape(_TAG.sub("", rendered))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line)


def _with_address(text: str, href: str) -> str:
    address = href.removeprefix("mailto:").removeprefix("tel:")
    return text if not href or address in _TAG.sub("", text) else f"{text} ({address})"
