"""No lost work: a build that fails or is stopped leaves the previous site exactly as it was, and
nothing in the pipeline rewrites an editor's file.

"Exactly" means the same files with the same bytes and the same modification times, and no
temporary folder left beside the site (`.site-new-*`, `.site-old`, `.site-trash-*` once the old
site's deletion, which a good build leaves to a background process, has ended).
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

import ciivs.build.pipeline as build_module
import ciivs.build.swap as publish_module
from ciivs.build.pipeline import BuildFailed, Options, build_site
from ciivs.catalogue.check import check_catalogue
from conftest import CATALOGUE, PROBLEMS, ROOT, VALID, run_check

DOCS = ROOT / "docs"


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file and folder below `folder`: bytes and modification time (ns)."""
    state: dict[str, tuple[bytes, int]] = {}
    for path in sorted(folder.rglob("*")):
        rel = path.relative_to(folder).as_posix()
        stat = path.stat()
        state[rel] = (path.read_bytes() if path.is_file() else b"<dir>", stat.st_mtime_ns)
    return state


def leftovers(site: Path) -> list[str]:
    """Temporary folders of a build beside the site (Pagefind's work folder included)."""
    return sorted(
        p.name
        for p in site.parent.iterdir()
        if p.name.startswith(
            (f".{site.name}-new-", f".{site.name}-old", f".{site.name}-trash-", ".pagefind-")
        )
    )


@pytest.fixture(scope="module")
def previous_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real site built once from the valid fixture: the 'previous site' every test must keep."""
    root = tmp_path_factory.mktemp("previous")
    build_site(
        Options(
            catalogue=VALID, site=root / "site", staging=root / "docs", manifest=None, search=False
        )
    )
    return root / "site"


@pytest.fixture
def site(previous_site: Path, tmp_path: Path) -> Path:
    """A private copy of the previous site (mtimes kept), in its own parent folder."""
    target = tmp_path / "out" / "site"
    target.parent.mkdir()
    shutil.copytree(previous_site, target, copy_function=shutil.copy2)
    # A folder timestamp changes when its listing changes: make them old and distinct.
    os.utime(target, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    return target


def options(tmp_path: Path, site: Path, catalogue: Path = VALID, **extra) -> Options:
    return Options(
        **{
            "catalogue": catalogue,
            "site": site,
            "staging": tmp_path / "staging",
            "manifest": None,
            "search": False,
            **extra,
        }
    )


def test_failed_check_leaves_the_site_identical(site: Path, tmp_path: Path) -> None:
    before = snapshot(site)
    with pytest.raises(BuildFailed) as failed:
        build_site(options(tmp_path, site, catalogue=PROBLEMS / "BAD_LINK"))
    assert any(" BAD_LINK " in line for line in failed.value.lines)
    assert failed.value.lines[-1].endswith("the previous one is unchanged.")
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_failing_mkdocs_leaves_the_site_identical(site: Path, tmp_path: Path) -> None:
    """A hand-written page with a broken link fails MkDocs' strict mode, after check and render."""
    docs = tmp_path / "docs"
    shutil.copytree(DOCS, docs)
    page = docs / "fr" / "a-propos.md"
    page.write_text(
        page.read_text(encoding="utf-8") + "\nVoir [la page disparue](disparue.md).\n",
        encoding="utf-8",
    )
    before = snapshot(site)
    with pytest.raises(BuildFailed) as failed:
        build_site(options(tmp_path, site, docs=docs))
    assert any("disparue.md" in line for line in failed.value.lines), failed.value.lines
    assert all(line.startswith("mkdocs: ") for line in failed.value.lines)
    assert snapshot(site) == before
    assert leftovers(site) == []


@pytest.mark.parametrize(
    "stage,error",
    [
        ("stage_render", KeyboardInterrupt),
        ("stage_languages", KeyboardInterrupt),
        ("build_languages", KeyboardInterrupt),
        ("extras_of_catalogue", KeyboardInterrupt),
        ("stage_urls", KeyboardInterrupt),
        ("extras_of_catalogue", RuntimeError),
    ],
)
def test_interrupted_or_crashing_stage_leaves_the_site_identical(
    stage: str,
    error: type[BaseException],
    site: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def boom(*args, **kwargs):
        raise error("stopped in " + stage)

    monkeypatch.setattr(build_module, stage, boom)
    before = snapshot(site)
    with pytest.raises(error):
        build_site(options(tmp_path, site))
    assert snapshot(site) == before
    assert leftovers(site) == []


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find child processes")
@pytest.mark.parametrize("error", [KeyboardInterrupt, RuntimeError])
def test_failure_while_the_search_is_indexed_stops_pagefind(
    error: type[BaseException], site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind starts as soon as MkDocs is done and the build writes the redirects and the other
    extras meanwhile: when they fail, Pagefind is stopped, its work folder removed, and the
    previous site kept."""
    started: list[object] = []
    real_start = build_module.start_index

    def start_index(*args, **kwargs):  # type: ignore[no-untyped-def]
        started.append(real_start(*args, **kwargs))
        return started[-1]

    def boom(*args, **kwargs):  # type: ignore[no-untyped-def]
        raise error("stopped while Pagefind runs")

    monkeypatch.setattr(build_module, "start_index", start_index)
    monkeypatch.setattr(build_module, "write_redirects", boom)
    before = snapshot(site)
    with pytest.raises(error):
        build_site(options(tmp_path, site, search=True))
    assert len(started) == 1, "Pagefind did not start before the redirects"
    assert snapshot(site) == before
    assert leftovers(site) == []
    assert _processes_mentioning(str(site.parent)) == [], "Pagefind still running"


@pytest.mark.parametrize("call", [1, 2])
def test_interruption_during_the_swap_puts_the_old_site_back(
    call: int, site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl-C between or at the two renames that publish the new site: the old one stays in place."""
    real_replace = os.replace
    calls = []

    def replace(src, dst):
        calls.append((src, dst))
        if len(calls) == call:
            raise KeyboardInterrupt
        return real_replace(src, dst)

    monkeypatch.setattr(publish_module.os, "replace", replace)
    before = snapshot(site)
    with pytest.raises(KeyboardInterrupt):
        build_site(options(tmp_path, site))
    monkeypatch.setattr(publish_module.os, "replace", real_replace)
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_a_killed_swap_is_repaired_by_the_next_build(site: Path, tmp_path: Path) -> None:
    """A build killed outright (SIGKILL) between the renames leaves `.site-old`; the next run, even
    one that fails its check, puts it back first."""
    before = snapshot(site)
    os.replace(site, site.with_name(".site-old"))
    with pytest.raises(BuildFailed):
        build_site(options(tmp_path, site, catalogue=PROBLEMS / "BAD_LINK"))
    assert snapshot(site) == before
    assert leftovers(site) == []


def test_successful_build_replaces_the_site_in_one_piece(site: Path, tmp_path: Path) -> None:
    """The positive case, so that the tests above can fail: a good build does change the site."""
    before = snapshot(site)
    report = build_site(options(tmp_path, site))
    after = snapshot(site)
    assert after.keys() == before.keys()
    assert after != before  # new files (new mtimes)
    assert report.deleting is not None, "the old site was not handed over for deletion"
    assert report.deleting.wait(timeout=300) == 0
    assert leftovers(site) == []


def test_a_deletion_left_unfinished_is_finished_by_the_next_build(
    site: Path, tmp_path: Path
) -> None:
    """An old site whose background deletion was stopped (a machine switched off) is deleted by
    the next good build, and only it: the new site is whole."""
    trash = site.with_name(f".{site.name}-trash-stopped")
    shutil.copytree(site, trash)
    report = build_site(options(tmp_path, site))
    assert report.deleting is not None
    report.deleting.wait(timeout=300)
    deadline = time.monotonic() + 60  # a copy of a small site: well under a second
    while trash.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert leftovers(site) == []
    assert (site / "index.html").is_file()


def _cli_site(site: Path, catalogue: Path, staging: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "ciivs",
            "site",
            "--site-dir",
            str(site),
            "--catalogue",
            str(catalogue),
            "--staging-dir",
            str(staging),
            "--no-search",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        # A suite started in the background by a shell inherits an ignored SIGINT, which Python
        # keeps: give the build Ctrl-C back, as a terminal would.
        preexec_fn=_interruptible,
    )


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _processes_mentioning(text: str) -> list[int]:
    """Live processes whose environment or command line mentions `text` (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        for name in ("environ", "cmdline"):
            try:
                if text.encode() in (entry / name).read_bytes():
                    found.append(int(entry.name))
                    break
            except OSError:
                pass
    return found


@pytest.mark.skipif(not Path("/proc").is_dir(), reason="needs /proc to find child processes")
@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_signal_mid_build_leaves_the_site_identical(
    signum: int, site: Path, tmp_path: Path
) -> None:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, catalogue)
    before = snapshot(site)
    process = _cli_site(site, catalogue, tmp_path / "staging")
    deadline = time.monotonic() + 60
    # The temporary site folder appears once check and render are done, before MkDocs runs.
    while not any(p.name.startswith(".site-new-") for p in site.parent.iterdir()):
        assert process.poll() is None, (
            f"the build ended before it could be interrupted: {process.communicate()}"
        )
        assert time.monotonic() < deadline
        time.sleep(0.005)
    time.sleep(0.2)  # MkDocs is running now
    process.send_signal(signum)
    stdout, stderr = process.communicate(timeout=60)
    assert process.returncode == 130, (stdout, stderr)
    assert "interrupted; the previous site is left as it was" in stderr
    assert "Traceback" not in stderr
    assert snapshot(site) == before
    assert leftovers(site) == []
    time.sleep(0.2)
    assert _processes_mentioning(str(site.parent)) == [], (
        "MkDocs still running after the interruption"
    )


def test_build_refuses_to_replace_a_folder_that_is_not_a_site(tmp_path: Path) -> None:
    """`--site-dir docs` (a slip of the keyboard) must not replace the editors' pages."""
    work = tmp_path / "work"
    work.mkdir()
    (work / "notes.md").write_text("mes notes", encoding="utf-8")
    before = snapshot(work)
    with pytest.raises(BuildFailed) as failed:
        build_site(options(tmp_path, work))
    assert "not a built site" in failed.value.lines[0]
    assert snapshot(work) == before
    assert leftovers(work) == []


@pytest.mark.parametrize("which", ["site", "staging"])
@pytest.mark.parametrize("victim", ["catalogue", "docs"])
def test_build_refuses_source_folders_as_output(which: str, victim: str, tmp_path: Path) -> None:
    catalogue, docs = tmp_path / "catalogue", tmp_path / "docs"
    shutil.copytree(VALID, catalogue)
    shutil.copytree(DOCS, docs)
    target = {"catalogue": catalogue, "docs": docs}[victim]
    before = snapshot(tmp_path)
    chosen = {"site": tmp_path / "site", "staging": tmp_path / "staging", which: target}
    with pytest.raises(BuildFailed) as failed:
        build_site(
            Options(
                catalogue=catalogue,
                docs=docs,
                site=chosen["site"],
                staging=chosen["staging"],
                manifest=None,
                search=False,
            )
        )
    assert "nothing was changed" in failed.value.lines[0]
    assert snapshot(tmp_path) == before


# ---------- The check never rewrites an editor's file ----------


@pytest.fixture
def editor_copy(tmp_path: Path) -> Path:
    catalogue = tmp_path / "catalogue"
    shutil.copytree(CATALOGUE, catalogue, copy_function=shutil.copy2)
    return catalogue


def test_check_and_build_never_touch_the_catalogue(editor_copy: Path, tmp_path: Path) -> None:
    before = snapshot(editor_copy)
    docs_before = snapshot(DOCS)
    _, problems = check_catalogue(editor_copy)
    assert problems == []
    assert run_check(editor_copy).returncode == 0
    build_site(options(tmp_path, tmp_path / "site", catalogue=editor_copy))
    assert snapshot(editor_copy) == before
    assert snapshot(DOCS) == docs_before


def test_check_of_a_broken_catalogue_touches_nothing(editor_copy: Path) -> None:
    """Problems are reported, never 'fixed' in place (no quoting, no reformatting)."""
    measure = sorted((editor_copy / "measures").glob("*.yml"))[0]  # any measure
    text = measure.read_text(encoding="utf-8")
    measure.write_text(
        text + "last_reviewed: 2026-13-45\nphone: 0276067320\n",
        encoding="utf-8",
    )
    os.utime(measure, ns=(1_500_000_000_000_000_000, 1_500_000_000_000_000_000))
    before = snapshot(editor_copy)
    _, problems = check_catalogue(editor_copy)
    assert problems
    result = run_check(editor_copy)
    assert result.returncode == 1
    assert snapshot(editor_copy) == before
