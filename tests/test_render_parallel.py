"""Large catalogues render the two languages in parallel: the pages must be exactly the same."""

from __future__ import annotations

from pathlib import Path

from ciivs.catalogue.check import check_catalogue
from ciivs.pages import render

ROOT = Path(__file__).resolve().parents[1]


def test_parallel_rendering_gives_the_same_pages_as_sequential(monkeypatch) -> None:
    catalogue, problems = check_catalogue(ROOT / "catalogue")
    assert problems == []
    monkeypatch.setattr(render, "PARALLEL_FROM", 10**9)
    sequential = render.render_site(catalogue)
    monkeypatch.setattr(render, "PARALLEL_FROM", 0)
    parallel = render.render_site(catalogue)
    assert [(p.lang, p.src) for p in parallel] == [(p.lang, p.src) for p in sequential]
    assert parallel == sequential
    assert {p.lang for p in parallel} == {lang.code for lang in catalogue.languages}
