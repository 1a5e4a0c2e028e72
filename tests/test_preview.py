"""The preview rebuilds only what a saved entry changes, and what it rebuilds is what a full build
gives: every page that a full render changes is among the pages re-rendered, with the same bytes.

The edits are made on a copy of the committed catalogue and derived from its data (the first
measure, its first target group, ...), so editors' changes never break these tests.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from ciivs.build import preview as preview_module
from ciivs.build.preview import EntryTexts, affected_entries
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.model import Catalogue
from ciivs.pages.render import context_for, render_site
from ciivs.processes import BACKGROUND_NICENESS, in_background
from ciivs.search import pagefind
from ciivs.tools.bench import _free_port, _wait_for, process_tree
from sitekit import ARTIFACTS

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


def test_texts_kept_between_saves_find_what_a_fresh_reading_finds(tmp_path: Path) -> None:
    """The preview keeps each entry's texts from one save to the next (`EntryTexts`): after
    saves that change whom a measure names, the entries it rebuilds are those found by reading
    every entry again, the body it named before and the one it names now among them."""
    folder = shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue")
    reuse: dict = {}
    texts = EntryTexts()
    before, problems = check_catalogue(folder, None, reuse)
    assert problems == []
    measure = _measure_file(folder)
    bodies = sorted(p.stem for p in (folder / "institutions").glob("*.yml"))
    edits = [
        lambda data: data["summary"].update(fr=data["summary"]["fr"] + " Z."),
        lambda data: data.update(responsible=bodies[-1]),
        lambda data: data.update(responsible=bodies[0]),
    ]
    for edit in edits:
        named_before = before.entry("measures", measure.stem)["responsible"]
        _save(measure, edit)
        after, problems = check_catalogue(folder, None, reuse)
        assert problems == []
        kept = affected_entries(before, after, texts)
        texts.keep_only(after)
        assert kept == affected_entries(before, after)
        assert kept is not None and ("measures", measure.stem) in kept
        named = after.entry("measures", measure.stem)["responsible"]
        assert {("institutions", named_before), ("institutions", named)} <= kept
        assert _naming_files(folder, measure.stem) <= kept
        before = after


def _naming_files(folder: Path, measure: str) -> set[tuple[str, str]]:
    """Entries whose file holds the measure's id (or measures/id) as a whole value: read here
    with YAML, apart from the program."""

    def values(node):  # type: ignore[no-untyped-def]
        if isinstance(node, dict):
            return [v for item in node.values() for v in values(item)]
        if isinstance(node, list):
            return [v for item in node for v in values(item)]
        return [node]

    wanted = {measure, f"measures/{measure}"}
    found = {
        (file.parent.name, file.stem)
        for file in folder.glob("*/*.yml")
        if wanted & set(map(str, values(yaml.safe_load(file.read_text(encoding="utf-8")) or {})))
    }
    assert len(found) > 2, "the measure is named by other entries"
    return found


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


# Written by the preview once the site is whole again (first build, or the last step of a save).
WHOLE = "redirects, open data and search index written"


@dataclass
class Served:
    base: str  # its address
    site: Path  # the folder it serves
    server: subprocess.Popen
    log: Path

    def logged(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def until(self, done: Callable[[], bool], timeout: float = 300) -> None:
        deadline = time.monotonic() + timeout
        while not done():
            assert self.server.poll() is None, f"the preview stopped: {self.logged()[-3000:]}"
            assert time.monotonic() < deadline, f"too slow: {self.logged()[-3000:]}"
            time.sleep(0.2)


@contextlib.contextmanager
def _serve(folder: Path, work: Path, port: int = 0) -> Iterator[Served]:
    """`mkdocs serve` as `make serve` runs it, on the catalogue `folder`, once its first build is
    whole. In a temporary folder of its own, where the served site can be found; on `port` (the
    pages name their address) or a free one."""
    (work / "staging").mkdir(parents=True)
    env = {
        **{k: v for k, v in os.environ.items() if k != "CIIVS_PRERENDERED"},
        "CIIVS_PREVIEW": "1",
        "PYTHONPATH": str(ROOT / "scripts"),
        "CIIVS_CATALOGUE": str(folder),
        "CIIVS_DOCS_DIR": str(work / "staging"),
        "NO_MKDOCS_2_WARNING": "1",
        "SOURCE_DATE_EPOCH": "1796083200",  # 1 December 2026: previews date their pages alike
        "TMPDIR": str(work),
    }
    port = port or _free_port()
    with (work / "serve.log").open("w") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        served = Served(f"http://127.0.0.1:{port}", work, server, work / "serve.log")
        try:
            _wait_for(f"{served.base}/", lambda body: True, server, timeout=600)
            served.until(lambda: WHOLE in served.logged())
            served.site = next(work.glob("mkdocs_*"))
            yield served
        finally:
            left = sorted(set(process_tree(server.pid)) - {server.pid})
            server.terminate()  # as a stopped `make serve` or a killed terminal stops it
            server.wait(timeout=30)
    assert "Traceback" not in served.logged(), served.logged()[-3000:]
    deadline = time.monotonic() + 10
    while (alive := [p for p in left if _running(p)]) and time.monotonic() < deadline:
        time.sleep(0.2)
    assert alive == [], "processes of the preview outlived it"


def _running(pid: int) -> bool:
    """Alive, not a zombie waiting to be reaped."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


# MkDocs' serve adds its reload script, with the server's start time, to every page it sends.
_LIVE_RELOAD = re.compile(rb"<script>livereload\([^)]*\);</script>")


def _files(site: Path) -> dict[str, bytes]:
    return {
        str(file.relative_to(site)): _LIVE_RELOAD.sub(b"", file.read_bytes())
        for file in site.rglob("*")
        if file.is_file()
    }


def test_a_save_shows_at_once_and_the_preview_ends_as_a_fresh_preview_of_the_same_files(
    tmp_path: Path,
) -> None:
    """`make serve` on a copy. A save of a measure's German text: its page shows it, then its
    list, not the French page. After a second save, every file served (pages, lists, open data,
    search index) equals a fresh preview's of the saved catalogue: the short way rebuilt all."""
    folder = shutil.copytree(ROOT / "catalogue", tmp_path / "catalogue")
    file = _measure_file(folder)
    measure = file.stem
    word = "Vorschauwort"
    port = _free_port()  # the same address for both previews: the pages name it
    with _serve(folder, tmp_path / "saved", port) as preview:
        base = preview.base
        _save(file, lambda data: data["summary"].update(de=data["summary"]["de"] + f" {word}."))
        for page in (f"de/mesures/{measure}/", "de/mesures/"):
            _wait_for(f"{base}/{page}", lambda body: word in body, preview.server, timeout=120)
        assert word not in _fetch(f"{base}/mesures/{measure}/"), "German text on the French page"
        preview.until(lambda: preview.logged().count(WHOLE) == 2)
        _save(file, lambda data: EDITS["target group"](folder, data))
        preview.until(lambda: preview.logged().count(WHOLE) == 3)
        assert preview.logged().count("saved entries rebuilt") == 2, "not the short way"
        saved = _files(preview.site)
    with _serve(folder, tmp_path / "fresh", port) as preview:  # the same files, started anew
        fresh = _files(preview.site)
    assert set(saved) - set(fresh) == set(), "files a fresh preview does not have"
    assert set(fresh) - set(saved) == set(), "files the saved preview lacks"
    differ = [name for name in sorted(fresh) if saved[name] != fresh[name]]
    for name in differ[:3]:  # to look at: tests/artifacts/preview-{saved,fresh}/
        for which, files in (("saved", saved), ("fresh", fresh)):
            kept = ARTIFACTS / f"preview-{which}" / name
            kept.parent.mkdir(parents=True, exist_ok=True)
            kept.write_bytes(files[name])
    assert differ == [], f"{len(differ)} files differ, the first: {differ[:10]}"


# ---------- the background gives way to the next save ----------


def _niceness(command: list[str]) -> int:
    shown = subprocess.run(
        [*command, sys.executable, "-c", "import os; print(os.nice(0))"],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(shown.stdout)


def test_the_background_of_a_save_runs_at_a_lower_priority(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What a save leaves for later (the lists in the helper process, then the open data and the
    search index) runs at a higher niceness than the preview: the next save is shown first,
    not after the last one's search index (Pagefind keeps both cores busy for 40 s at 5,000
    measures)."""
    own = os.nice(0)
    expected = min(19, own + BACKGROUND_NICENESS)
    assert _niceness([]) == own
    assert _niceness(in_background([])) == expected
    helper = preview_module._helper()
    assert helper.submit(os.nice, 0).result(timeout=120) == expected
    # The search index of a preview's background: Pagefind started through in_background.
    site = tmp_path / "site"
    (site / "mesures" / "une").mkdir(parents=True)
    (site / "mesures" / "une" / "index.html").write_text(
        '<!doctype html><html lang="fr"><head><title>Une</title></head>'
        "<body><main data-pagefind-body><h1>Une mesure</h1></main></body></html>",
        encoding="utf-8",
    )
    started: list[list[str]] = []
    real = subprocess.Popen

    def popen(command: list[str], **kwargs: object) -> subprocess.Popen[bytes]:
        started.append(list(command))
        return real(command, **kwargs)  # type: ignore[call-overload,no-any-return]

    monkeypatch.setattr(pagefind.subprocess, "Popen", popen)
    pagefind.index_site(site, ["fr"], background=True)
    assert (site / "pagefind" / "pagefind-entry.json").is_file()
    assert [command[: len(in_background([]))] for command in started] == [in_background([])]
