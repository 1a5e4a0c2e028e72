"""The preview rebuilds only what a saved entry changes, and what it rebuilds is what a full build
gives: every page that a full render changes is among the pages re-rendered, with the same bytes.

The edits are made on a copy of the committed catalogue and derived from its data (the first
measure, its first target group, ...), so editors' changes never break these tests.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from ciivs.build.preview import affected_entries
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.model import Catalogue
from ciivs.pages.render import context_for, render_site
from ciivs.tools.bench import _free_port, _wait_for

ROOT = Path(__file__).resolve().parents[1]


def _catalogue(folder: Path) -> Catalogue:
    catalogue, problems = check_catalogue(folder)
    assert problems == []
    return catalogue


def _measure_file(folder: Path) -> Path:
    return sorted((folder / "measures").glob("*.yml"))[0]


def _save(file: Path, change) -> None:  # type: ignore[no-untyped-def]
    data = yaml.safe_load(file.read_text(encoding="utf-8"))
    change(data)
    file.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _other_target_group(folder: Path, data: dict) -> None:
    groups = sorted(p.stem for p in (folder / "target-groups").glob("*.yml"))
    data["target_groups"] = [g for g in groups if g not in data["target_groups"]][:1]


EDITS = {
    "French summary": lambda folder, data: data["summary"].update(fr=data["summary"]["fr"] + " Z."),
    "German description": lambda folder, data: data["description"].update(
        de=data["description"]["de"] + "\n\nNeu."
    ),
    "target group": _other_target_group,
    "responsible body": lambda folder, data: data.update(
        responsible=sorted(p.stem for p in (folder / "institutions").glob("*.yml"))[-1]
    ),
}


@pytest.mark.parametrize("edit", list(EDITS))
def test_pages_rebuilt_are_all_the_pages_a_full_render_changes(edit: str, tmp_path: Path) -> None:
    folder = shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue")
    before = _catalogue(folder)
    old_pages = {(p.lang, p.src): p for p in render_site(before)}
    _save(_measure_file(folder), lambda data: EDITS[edit](folder, data))
    after = _catalogue(folder)
    new_pages = {(p.lang, p.src): p for p in render_site(after)}

    affected = affected_entries(before, after)
    assert affected is not None, "a measure edit takes the short way"
    partial = {
        (p.lang, p.src): p
        for language in after.languages
        for p in context_for(after, language).all_pages(affected)
    }
    changed = {key for key, page in new_pages.items() if old_pages.get(key) != page}
    assert changed, "the edit changes some page"
    assert changed <= set(partial)
    assert all(partial[key] == new_pages[key] for key in partial)


def test_other_edits_take_the_full_rebuild(tmp_path: Path) -> None:
    folder = shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue")
    before = _catalogue(folder)
    institution = sorted((folder / "institutions").glob("*.yml"))[0]
    _save(institution, lambda data: data["summary"].update(fr=data["summary"]["fr"] + " Z."))
    assert affected_entries(before, _catalogue(folder)) is None
    shutil.copytree(ROOT / "catalogue", tmp_path / "again")
    measure = _measure_file(tmp_path / "again")
    before = _catalogue(tmp_path / "again")
    measure.unlink()
    _, problems = check_catalogue(tmp_path / "again")
    if not problems:  # removing it may leave references; then the check stops the preview anyway
        assert affected_entries(before, _catalogue(tmp_path / "again")) is None


def _fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode("utf-8")


def test_served_pages_show_a_saved_measure_then_its_lists(tmp_path: Path) -> None:
    """`mkdocs serve` as `make serve` runs it, on a copy: save, fetch, the change is there."""
    folder = shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue")
    file = _measure_file(folder)
    measure = file.stem
    staging = Path(tempfile.mkdtemp(dir=tmp_path))
    port = _free_port()
    env = {
        **{k: v for k, v in os.environ.items() if k != "CIIVS_PRERENDERED"},
        "CIIVS_PREVIEW": "1",
        "PYTHONPATH": str(ROOT / "scripts"),
        "CIIVS_CATALOGUE": str(folder),
        "CIIVS_DOCS_DIR": str(staging),
        "NO_MKDOCS_2_WARNING": "1",
    }
    log = (tmp_path / "serve.log").open("w")
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        env=env,
        cwd=ROOT,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_for(f"{base}/mesures/{measure}/", lambda body: True, server, timeout=600)
        word = "Vorschauwort"
        _save(file, lambda data: data["summary"].update(de=data["summary"]["de"] + f" {word}."))
        _wait_for(f"{base}/de/mesures/{measure}/", lambda body: word in body, server, timeout=120)
        _wait_for(f"{base}/de/mesures/", lambda body: word in body, server, timeout=120)
        assert word not in _fetch(f"{base}/mesures/{measure}/"), "German text on the French page"
        time.sleep(0.5)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    text = (tmp_path / "serve.log").read_text(encoding="utf-8")
    assert "saved entries rebuilt" in text, text[-3000:]
    assert "Traceback" not in text, text[-3000:]
