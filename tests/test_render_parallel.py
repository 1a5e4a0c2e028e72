"""Large catalogues render the languages in parallel: the pages and files must be exactly the same."""

from __future__ import annotations

from pathlib import Path

from ciivs.build.render_stage import render_stage
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.labels import labels_of
from ciivs.catalogue.urls import SHEET_CARDS, public_url
from ciivs.opendata.files import data_files
from ciivs.pages import render
from ciivs.pages.opendata_page import open_data_pages
from ciivs.pages.sheet import write_sheet_cards
from ciivs.pages.staging import DocsFallback, write_pages

ROOT = Path(__file__).resolve().parents[1]


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()
    }


def test_the_render_stage_makes_the_same_in_workers_as_the_parts_do_one_after_the_other(
    tmp_path: Path, monkeypatch
) -> None:
    """Workers stage their language's pages and make its open-data files and hand-off cards;
    the result is what rendering, staging, data_files and write_sheet_cards give in turn."""
    catalogue, problems = check_catalogue(ROOT / "catalogue")
    assert problems == []
    base = public_url()
    made = {}
    for way, threshold in (("one process", 10**9), ("workers", 0)):
        monkeypatch.setattr(render, "PARALLEL_FROM", threshold)
        rendered = render_stage(catalogue, ROOT / "docs", tmp_path / way, None, base)
        made[way] = (_tree(tmp_path / way), rendered)
    assert made["workers"] == made["one process"]
    staged, rendered = made["workers"]
    files = data_files(catalogue, base)
    pages = render.render_site(catalogue) + open_data_pages(catalogue, files)
    fallbacks = tuple(
        DocsFallback(lang.code, lang.fallback, labels_of(catalogue.root, lang)["fallback_note"])
        for lang in catalogue.languages
        if lang.fallback is not None
    )
    write_pages(pages, ROOT / "docs", tmp_path / "in turn", fallbacks)
    assert staged == _tree(tmp_path / "in turn")
    assert rendered.pages == len(pages)
    assert rendered.data == files
    write_sheet_cards(tmp_path / "site", catalogue)
    written = _tree(tmp_path / "site" / SHEET_CARDS)
    assert written.pop("index.json")
    assert {name: card.encode() for name, card in rendered.cards.items()} == written
