"""Turn an editor's Markdown into HTML that cannot carry markup or scripts of its own."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from pathlib import Path

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor

from ciivs.formats.kept import KeptTexts

# The only link schemes a text may use: the check, the Markdown renderer and the link check
# all take them from here.
WEB_SCHEMES = ("http", "https")
CONTACT_SCHEMES = ("mailto", "tel")
SAFE_SCHEMES = WEB_SCHEMES + CONTACT_SCHEMES
SAFE_LINK = re.compile(
    "^(" + "|".join([f"{s}://" for s in WEB_SCHEMES] + [f"{s}:" for s in CONTACT_SCHEMES]) + ")",
    re.IGNORECASE,
)


class _InertLinks(Treeprocessor):
    """Drop images and any link whose target is not https, http, mailto or tel."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for child in list(parent):
                if child.tag == "img":
                    _remove_keeping_tail(parent, child)
                elif child.tag == "a":
                    href = child.get("href", "")
                    if not SAFE_LINK.match(href):
                        child.attrib.pop("href", None)
                    elif href.lower().startswith("http"):
                        child.set("rel", "noopener")


def _remove_keeping_tail(parent: etree.Element, child: etree.Element) -> None:
    """Remove an element but keep the text that follows it."""
    tail = child.tail or ""
    index = list(parent).index(child)
    if index == 0:
        parent.text = (parent.text or "") + tail
    else:
        previous = parent[index - 1]
        previous.tail = (previous.tail or "") + tail
    parent.remove(child)


class _SafeExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:
        md.treeprocessors.register(_InertLinks(md), "ciivs_inert_links", 0)


@functools.cache
def _converter() -> markdown.Markdown:
    """One converter for every text, reset before each (setting one up costs more than converting)."""
    return markdown.Markdown(extensions=["sane_lists", _SafeExtension()], output_format="html")


# The same texts come back many times (a measure's page, the lists and finder answers showing it,
# each open-data file): converting each once made the build of a large catalogue much faster.
@functools.lru_cache(maxsize=32768)
def render_markdown(text: str, heading_offset: int = 2) -> str:
    """Render Markdown to HTML; raw HTML in the text shows as text, never as markup.

    >>> render_markdown("Hello <b>you</b>")
    '<p>Hello &lt;b&gt;you&lt;/b&gt;</p>'
    """
    return _shift_headings(_converted(text), heading_offset)


# Converted once whatever the heading offset: pages shift headings by 2, the data files' plain
# text by 0 (at 1,000 measures each language's data files converted 6,000 texts again).
@functools.lru_cache(maxsize=32768)
def _converted(text: str) -> str:
    if _KEPT is None:
        return _convert(text)
    return _KEPT.get(text, _convert)


def _convert(text: str) -> str:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    # Keep blockquote markers (a '>' at line start) working after escaping.
    escaped = re.sub(r"^(\s*)&gt;", r"\1>", escaped, flags=re.MULTILINE)
    return _converter().reset().convert(escaped)


# Conversions kept between builds (`kept_conversions`); None: converted in memory only.
_KEPT: KeptTexts | None = None
# What a conversion depends on besides the text: this module's code and Python-Markdown's version.
_SOURCE = Path(__file__).read_bytes() + markdown.__version__.encode()
CONVERTER = hashlib.sha256(_SOURCE).hexdigest()[:16]


@contextlib.contextmanager
def kept_conversions(cache: Path | None, role: str) -> Iterator[None]:
    """Within the block, conversions come from `cache` and new ones are kept there (one file per
    `role`: a language's worker or the parent; None: nothing kept).

    Converting editors' texts was a sixth of a language worker's time at 1,000 measures, and
    they seldom change between two builds. The file keeps only the texts converted in the block.
    """
    global _KEPT
    if cache is None:
        yield
        return
    clear_cache()  # a text converted before the block must be found in the file too
    _KEPT = KeptTexts.read(cache / "markdown" / f"{CONVERTER}-{role}.json")
    try:
        yield
        _KEPT.write()
    finally:
        _KEPT = None
        clear_cache()


def clear_cache() -> None:
    """Forget the converted texts (the build gives their memory back before indexing)."""
    render_markdown.cache_clear()
    _converted.cache_clear()


def _shift_headings(html: str, offset: int) -> str:
    """Editors' headings start at level 1; on a page they sit under its own h2 sections."""

    def shift(match: re.Match[str]) -> str:
        level = min(int(match.group(2)) + offset, 6)
        return f"<{match.group(1)}h{level}"

    return re.sub(r"<(/?)h([1-6])", shift, html)
