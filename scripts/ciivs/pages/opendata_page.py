"""The open-data page (/donnees/ and /de/donnees/): files, sizes, dates, fields and licence."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.urls import DATA
from ciivs.opendata.files import DataFile, open_data_description
from ciivs.pages.render import Page, context_for

PAGE_SRC = f"{DATA}/index.md"


@dataclass(frozen=True)
class _Shown:
    name: str
    pattern: str
    media_type: str
    size_text: str
    updated_iso: str
    updated_text: str


def open_data_pages(catalogue: Catalogue, files: list[DataFile]) -> list[Page]:
    """The open-data page in every language; a language without its own files lists the default's."""
    pages = []
    with_files = {f.lang for f in files}
    for language in catalogue.languages:
        ctx = context_for(catalogue, language)
        shown_lang = language.code if language.code in with_files else catalogue.languages[0].code
        shown = [
            _Shown(
                f.name,
                f.pattern,
                f.media_type,
                ctx.fmt("size_kb", n=_kilobytes(f.size)),
                f.updated.date().isoformat(),
                ctx.date(f.updated.date().isoformat()),
            )
            for f in files
            if f.lang in (None, shown_lang) and not f.entry
        ]
        entries = _entry_rows(catalogue, files, ctx.named)
        pages.append(
            ctx.page(
                "open-data.html",
                PAGE_SRC,
                ctx.labels["opendata"],
                ctx.labels["opendata_intro"],
                files=shown,
                entries=entries,
                about=open_data_description(),
            )
        )
    return pages


@dataclass(frozen=True)
class _EntryRow:
    kind: str
    name: str
    files: list[tuple[str, str]]  # (language code, file name under /donnees/)


def _entry_rows(
    catalogue: Catalogue, files: list[DataFile], named: Callable[[Entry], str]
) -> list[_EntryRow]:
    """One row per entry that has its own files: its name and its file in each language."""
    by_entry: dict[str, list[tuple[str, str]]] = {}
    for f in files:
        if f.entry and not f.alias:
            by_entry.setdefault(f.entry, []).append((f.lang or "", f.name))
    rows = []
    for ref, found in by_entry.items():
        kind, _, entry_id = ref.partition("/")
        rows.append(_EntryRow(kind, named(catalogue.entry(kind, entry_id)), found))
    return rows


def _kilobytes(size: int) -> str:
    """1,2 / 12 / 1 234: one decimal below 10 kB, a comma as decimal sign, as both languages write."""
    value = size / 1000
    text = f"{value:.1f}" if value < 10 else f"{value:,.0f}".replace(",", "\u202f")
    return text.replace(".", ",")
