"""The render stage, one worker per language: nothing serial after the workers but what needs
every language.

Each language's worker renders its pages and stages them, makes its open-data files (with the
texts it has just converted still in its caches) and its hand-off cards. Meanwhile the parent
makes the open-data files of no language and the editors' report page of every language (its
findings are the same in all); once the workers are done it only gathers: the package
description of all files (`datapackage.json`), the open-data page that lists them, and docs/.
Before, the parent made every open-data file and staged every page after the workers (4-5 s at
1,000 measures), converting every text again since the workers' caches died with them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from ciivs.catalogue.labels import labels_of
from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Catalogue
from ciivs.formats.markdown import kept_conversions
from ciivs.opendata.files import (
    DataFile,
    DataInputs,
    all_files,
    data_inputs,
    language_files,
    shared_files,
)
from ciivs.pages.context import REPORT, report_findings
from ciivs.pages.jinja import loaded_environment
from ciivs.pages.opendata_page import open_data_pages
from ciivs.pages.render import context_for, each_language
from ciivs.pages.sheet import Cards, sheet_cards
from ciivs.pages.staging import DocsFallback, Page, stage_generated, write_pages


@dataclass
class Rendered:
    """What the later stages take from the render stage: the open-data files and the hand-off
    cards, made while rendering, and the number of pages."""

    pages: int = 0
    data: list[DataFile] = field(default_factory=list)
    cards: Cards = field(default_factory=dict)


@dataclass(frozen=True)
class _LanguageDone:
    """What one language's worker hands back (its pages stay in the staging folder)."""

    staged: frozenset[Path]
    data: list[DataFile]
    cards: Cards


def render_stage(
    catalogue: Catalogue, docs: Path, staging: Path, cache: Path | None, base: str
) -> Rendered:
    """Render and stage every language's pages; make the open-data files and hand-off cards."""
    inputs = data_inputs(catalogue)
    env = loaded_environment(None if cache is None else cache / "jinja")

    def work(language: Language) -> _LanguageDone:
        return _language(catalogue, language, staging, cache, base, inputs, env)

    def meanwhile() -> tuple[list[DataFile], list[Page]]:
        with kept_conversions(cache, "shared"):
            return shared_files(catalogue, base, inputs), report_pages(catalogue, cache, env)

    done, (shared, reports) = each_language(catalogue, work, meanwhile)
    by_language = [
        d.data for language, d in zip(catalogue.languages, done, strict=True) if language.required
    ]
    files = all_files(base, inputs, shared, by_language)
    pages = open_data_pages(catalogue, files) + reports
    staged = frozenset().union(*(d.staged for d in done))
    write_pages(pages, docs, staging, _fallbacks(catalogue), staged)
    cards = {name: card for d in done for name, card in d.cards.items()}
    return Rendered(len(staged) + len(pages), files, cards)


def _language(
    catalogue: Catalogue,
    language: Language,
    staging: Path,
    cache: Path | None,
    base: str,
    inputs: DataInputs,
    env: jinja2.Environment,
) -> _LanguageDone:
    """One language's work: its pages staged, its open-data files, its hand-off cards."""
    with kept_conversions(cache, language.code):
        ctx = context_for(catalogue, language, env, cache)
        staged = stage_generated(ctx.each_page(leave_out=(REPORT,)), staging)
        data = language_files(catalogue, language, base, inputs) if language.required else []
        return _LanguageDone(staged, data, sheet_cards(ctx))


def report_pages(catalogue: Catalogue, cache: Path | None, env: jinja2.Environment) -> list[Page]:
    """The editors' report page of every language, its findings computed once: each language's
    worker computed the same (1.4 s at 1,000 measures); made here while they work."""
    findings = report_findings(catalogue, cache)
    return [
        context_for(catalogue, language, env, cache, findings).single_page(REPORT)
        for language in catalogue.languages
    ]


def _fallbacks(catalogue: Catalogue) -> tuple[DocsFallback, ...]:
    """The languages whose hand-written pages may be missing, and the note their stand-ins get."""
    return tuple(
        DocsFallback(lang.code, lang.fallback, labels_of(catalogue.root, lang)["fallback_note"])
        for lang in catalogue.languages
        if lang.fallback is not None
    )
