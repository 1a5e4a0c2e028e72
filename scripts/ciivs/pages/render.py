"""The render stage: turn the checked catalogue into Markdown pages (front matter + HTML) per language.

The work is split by concern: `jinja` (the environment), `catalogue.labels` (interface words),
`context` (which pages exist and the helpers templates call), `wording` (dates, periods, ages),
`foreign_names` (marking foreign proper names) and `staging` (writing the pages where MkDocs
reads them).
"""

from __future__ import annotations

import gc
import multiprocessing as mp
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from ciivs.catalogue.labels import labels_of
from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Catalogue
from ciivs.catalogue.relations import Relations
from ciivs.pages.context import Finding, PageContext
from ciivs.pages.jinja import environment
from ciivs.pages.qrcodes import QrCodes
from ciivs.pages.staging import Page, write_pages
from ciivs.processes import fork_pool

__all__ = [
    "PARALLEL_FROM",
    "Page",
    "each_language",
    "render_language",
    "render_site",
    "write_pages",
]

# Above this many entries the languages render in parallel processes (one per core).
PARALLEL_FROM = 400
_SHARED: Callable[[Language], Any] | None = None
T = TypeVar("T")
U = TypeVar("U")


def render_site(catalogue: Catalogue, cache: Path | None = None) -> list[Page]:
    """Every generated page, in every language of the site (`cache`: the folder that keeps
    drawings between builds, see `qrcodes`)."""
    done, _ = each_language(
        catalogue, lambda language: render_language(catalogue, language, cache), lambda: None
    )
    return [page for pages in done for page in pages]


def each_language(
    catalogue: Catalogue, job: Callable[[Language], T], meanwhile: Callable[[], U]
) -> tuple[list[T], U]:
    """`job` for each language of the site, in order, and `meanwhile` once.

    From PARALLEL_FROM entries on, the jobs run in forked worker processes (one per core), which
    share the loaded catalogue: only what a job returns travels back. `meanwhile` runs here while
    they work.
    """
    global _SHARED
    languages = catalogue.languages
    entries = sum(len(kind) for kind in catalogue.entries.values())
    if (
        entries < PARALLEL_FROM
        or (os.cpu_count() or 1) < 2
        or "fork" not in mp.get_all_start_methods()
    ):
        return [job(language) for language in languages], meanwhile()
    _SHARED = job
    # What exists now lives through the stage: out of the collector's reach, no process walks
    # it again (the workers' collections took 0.5 s each at 1,000 measures, 0.2 s so), nor
    # writes the collector's marks into the pages they share (`gc.freeze`: fork without exec).
    gc.freeze()
    try:
        processes = min(len(languages), os.cpu_count() or 1)
        with fork_pool(processes) as pool:
            pending = pool.map_async(_run_shared, languages)
            other = meanwhile()
            return pending.get(), other
    finally:
        _SHARED = None
        gc.unfreeze()


def _run_shared(language: Language) -> Any:
    assert _SHARED is not None
    return _SHARED(language)


def context_for(
    catalogue: Catalogue,
    language: Language,
    env: jinja2.Environment | None = None,
    cache: Path | None = None,
    report: list[Finding] | None = None,
    relations: Relations | None = None,
) -> PageContext:
    """The page context of one language: its labels, the relations (`relations`: already read
    for another language), the templates (`env`: templates already compiled, as the preview
    keeps them), the drawings kept in `cache`, the editors' report when already computed
    (`report_findings`)."""
    return PageContext(
        language,
        catalogue,
        relations or Relations(catalogue),
        labels_of(catalogue.root, language),
        env or environment(),
        QrCodes.kept_in(cache),
        report,
    )


def render_language(
    catalogue: Catalogue, language: Language, cache: Path | None = None
) -> list[Page]:
    """Every generated page in one language."""
    return context_for(catalogue, language, cache=cache).all_pages()
