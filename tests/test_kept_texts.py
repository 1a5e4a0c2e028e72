"""Texts kept between builds (`formats.kept`, Markdown conversions): read back as made, made
again when missing or damaged; the file keeps only the texts asked for in the last build."""

from __future__ import annotations

from pathlib import Path

import pytest

from ciivs.formats import markdown
from ciivs.formats.kept import KeptTexts
from ciivs.formats.markdown import kept_conversions, render_markdown

TEXT = "Voir [le site](https://vs.ch) et *ceci*."


def _fail(text: str) -> str:
    pytest.fail(f"made again: {text}")


def test_a_kept_value_is_read_back_and_not_made_again(tmp_path: Path) -> None:
    kept = KeptTexts.read(tmp_path / "kept.json")
    assert kept.get(TEXT, str.upper) == TEXT.upper()
    kept.write()
    assert KeptTexts.read(tmp_path / "kept.json").get(TEXT, _fail) == TEXT.upper()


@pytest.mark.parametrize("damage", ["", "[1, 2]", '{"a": ', "\x00"])
def test_a_damaged_file_is_made_again(tmp_path: Path, damage: str) -> None:
    (tmp_path / "kept.json").write_text(damage, encoding="utf-8")
    assert KeptTexts.read(tmp_path / "kept.json").get(TEXT, str.upper) == TEXT.upper()


def test_the_file_keeps_only_the_texts_asked_for(tmp_path: Path) -> None:
    first = KeptTexts.read(tmp_path / "kept.json")
    first.get("old", str.upper)
    first.write()
    second = KeptTexts.read(tmp_path / "kept.json")
    second.get("new", str.upper)
    second.write()
    third = KeptTexts.read(tmp_path / "kept.json")
    assert third.get("new", _fail) == "NEW"
    assert third.get("old", str.lower) == "old"


def test_kept_conversions_are_the_converted_html(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with kept_conversions(tmp_path, "fr"):
        made = render_markdown(TEXT)
    monkeypatch.setattr(markdown, "_convert", _fail)
    with kept_conversions(tmp_path, "fr"):
        assert render_markdown(TEXT) == made
    assert "<a " in made
