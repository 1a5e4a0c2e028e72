"""Staging: the generated pages as MkDocs reads them, written beside a copy of docs/."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ciivs.editors.guide import expand_page

# Front-matter key of a generated page: its body is finished HTML that MkDocs copies as it is.
PRERENDERED = "ciivs_html"
# Front-matter key naming the entry a page shows ("measures/formavenir"); the theme reads it.
ENTRY = "ciivs_entry"
# Texts in these characters (Latin, the usual punctuation) get the same front matter from libyaml
# as from PyYAML's own emitter, nine times faster (tests/test_front_matter.py): the others go
# through PyYAML's, as before.
_LIBYAML_SAME = re.compile("[\t\n\x20-\x7e\xa0-\u024f–—‘’“”«»…€]*")
_FAST_DUMPER = getattr(yaml, "CSafeDumper", None)


@dataclass(frozen=True)
class Page:
    """One generated page in one language; `src` is relative to the language folder."""

    lang: str
    src: str
    title: str
    description: str
    body: str
    searchable: bool = True
    entry: str = ""  # "kind/id" of the entry the page shows, for readers' error reports

    def markdown(self) -> str:
        """The page as MkDocs reads it: escaped front matter, then the HTML body."""
        meta: dict[str, Any] = {
            "title": html.escape(self.title),
            "description": html.escape(self.description),
            PRERENDERED: True,  # the body is finished HTML (mkdocs_hooks.on_page_markdown)
        }
        if not self.searchable:
            meta["pagefind"] = "ignore"
        if self.entry:
            meta[ENTRY] = self.entry
        plain = all(_LIBYAML_SAME.fullmatch(v) for v in meta.values() if isinstance(v, str))
        dumper = _FAST_DUMPER if plain and _FAST_DUMPER else yaml.SafeDumper
        front = yaml.dump(meta, Dumper=dumper, allow_unicode=True, sort_keys=False, width=10_000)
        return f"---\n{front}---\n\n{self.body}\n"


@dataclass(frozen=True)
class DocsFallback:
    """A language whose hand-written pages may be missing: the fallback language's page is
    staged in their place, marked with its language, under a note in the page's language."""

    lang: str
    fallback: str
    note: str


def write_pages(
    pages: list[Page],
    docs_dir: Path,
    staging: Path,
    fallbacks: tuple[DocsFallback, ...] = (),
    staged: frozenset[Path] = frozenset(),
) -> int:
    """Stage hand-written docs and generated pages in one folder; write only what changed.

    Writing only changed files keeps `mkdocs serve` from rebuilding in a loop. `staged`: the
    files the language workers already staged (`stage_generated`), kept as they are. Returns the
    number of files written.
    """
    wanted: dict[Path, str | bytes] = {}
    for source in sorted(docs_dir.rglob("*")):
        if source.is_file() and source.suffix != ".md":
            wanted[staging / source.relative_to(docs_dir)] = source.read_bytes()  # a picture
        elif source.is_file():
            relative = source.relative_to(docs_dir)
            text = source.read_bytes().decode("utf-8")
            wanted[staging / relative] = expand_page(text, relative.parts[0])
    for missing in fallbacks:
        for source in sorted((docs_dir / missing.fallback).rglob("*")):
            relative = source.relative_to(docs_dir / missing.fallback)
            if not source.is_file() or staging / missing.lang / relative in wanted:
                continue
            if source.suffix != ".md":  # the pictures the fallback's pages show
                wanted[staging / missing.lang / relative] = source.read_bytes()
                continue
            text = expand_page(source.read_text(encoding="utf-8"), missing.fallback)
            wanted[staging / missing.lang / relative] = _shown_in_fallback(text, missing)
    for page in pages:
        wanted[staging / page.lang / page.src] = page.markdown()
    # A generated page takes the place of a hand-written one at the same path.
    written = _write_changed({t: c for t, c in wanted.items() if t not in staged})
    for stale in [p for p in staging.rglob("*") if p.is_file() and p not in wanted]:
        if stale not in staged:
            stale.unlink()
    return written


def stage_generated(pages: Iterable[Page], staging: Path) -> frozenset[Path]:
    """Stage generated pages (one language's, in its worker) as they come; the files they are
    staged in. One page at a time: a language's pages held together took about 1 GB in each
    worker at 5,000 measures."""
    staged: set[Path] = set()
    for page in pages:
        target = staging / page.lang / page.src
        _write_if_changed(target, page.markdown())
        staged.add(target)
    return frozenset(staged)


def _write_changed(wanted: Mapping[Path, str | bytes]) -> int:
    return sum(_write_if_changed(target, content) for target, content in wanted.items())


def _write_if_changed(target: Path, content: str | bytes) -> bool:
    data = content.encode("utf-8") if isinstance(content, str) else content
    if target.exists() and target.read_bytes() == data:
        return False
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)
    return True


def _shown_in_fallback(text: str, missing: DocsFallback) -> str:
    """A hand-written page in the fallback language: its front matter, the note, the text marked."""
    front, body = "", text
    if text.startswith("---\n") and "\n---\n" in text[4:]:
        end = text.index("\n---\n", 4) + 5
        front, body = text[:end], text[end:]
    note = html.escape(missing.note)
    return (
        f'{front}\n<p class="ciivs-fallback-note" data-pagefind-ignore>{note}</p>\n\n'
        f'<div lang="{missing.fallback}" markdown="1">\n\n{body.strip()}\n\n</div>\n'
    )
