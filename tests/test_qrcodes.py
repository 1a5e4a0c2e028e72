"""QR codes kept between builds (`pages.qrcodes`): read back as drawn, drawn again when missing,
damaged or drawn another way; the build's pages are the same with or without the cache."""

from __future__ import annotations

from pathlib import Path

import pytest

from ciivs.catalogue.check import check_catalogue
from ciivs.pages import qrcodes
from ciivs.pages.qrcodes import QrCodes, draw
from ciivs.pages.render import render_site
from conftest import VALID

ADDRESS = "http://localhost:8000/mesures/formavenir/"


def test_a_kept_qr_code_is_the_one_drawn_and_is_not_drawn_again(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    QrCodes(tmp_path)(ADDRESS)
    [kept] = list(tmp_path.iterdir())
    assert kept.read_text(encoding="utf-8") == draw(ADDRESS)
    monkeypatch.setattr(qrcodes, "draw", lambda address: pytest.fail("drawn again"))
    assert QrCodes(tmp_path)(ADDRESS) == kept.read_text(encoding="utf-8")


@pytest.mark.parametrize("damage", ["", "<svg role=", "not a drawing"])
def test_a_damaged_file_is_drawn_again(tmp_path: Path, damage: str) -> None:
    QrCodes(tmp_path)(ADDRESS)
    [kept] = list(tmp_path.iterdir())
    kept.write_text(damage, encoding="utf-8")
    assert QrCodes(tmp_path)(ADDRESS) == draw(ADDRESS)
    assert kept.read_text(encoding="utf-8") == draw(ADDRESS)


def test_another_way_of_drawing_does_not_read_the_old_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    QrCodes(tmp_path)(ADDRESS)
    monkeypatch.setattr(qrcodes, "DRAWING", qrcodes.DRAWING + ", another segno")
    QrCodes(tmp_path)(ADDRESS)
    assert len(list(tmp_path.iterdir())) == 2


def test_a_cache_that_cannot_be_written_only_costs_drawing(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert QrCodes(blocked / "qr")(ADDRESS) == draw(ADDRESS)


def test_pages_are_the_same_without_cache_with_an_empty_one_and_a_filled_one(
    tmp_path: Path,
) -> None:
    catalogue, problems = check_catalogue(VALID)
    assert problems == []
    without = render_site(catalogue)
    empty = render_site(catalogue, tmp_path)
    assert any((tmp_path / "qr").iterdir())
    filled = render_site(catalogue, tmp_path)
    assert any("ciivs-qr" in page.body for page in without)
    assert without == empty == filled
