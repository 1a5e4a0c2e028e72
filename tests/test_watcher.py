"""The preview's file watcher (`build/watcher.py`): a save is seen at once, a read is not, a
watched file is followed through a save by renaming, and MkDocs' own watches move along."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from mkdocs.livereload import LiveReloadServer

from ciivs.build.watcher import watch_changes


def wants_rebuild(server: LiveReloadServer, within: float = 2.0) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        with server._rebuild_cond:
            if server._want_rebuild:
                server._want_rebuild = False
                return True
        time.sleep(0.02)
    return False


@pytest.fixture
def server(tmp_path: Path):
    folder, config = tmp_path / "catalogue", tmp_path / "mkdocs.yml"
    (folder / "measures").mkdir(parents=True)
    (folder / "measures" / "a.yml").write_text("id: a\n", encoding="utf-8")
    config.write_text("site_name: x\n", encoding="utf-8")
    (tmp_path / "other.txt").write_text("x", encoding="utf-8")
    served = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=0, root=str(tmp_path))
    served.watch(str(folder))
    served.watch(str(config))
    if not watch_changes(served):
        pytest.skip("no file events on this system: MkDocs' polling stays")
    yield served
    served.observer.stop()
    served.observer.join()


def test_a_save_is_seen_and_a_read_is_not(server: LiveReloadServer, tmp_path: Path) -> None:
    entry = tmp_path / "catalogue" / "measures" / "a.yml"
    entry.read_text(encoding="utf-8")
    assert not wants_rebuild(server, within=0.5)
    entry.write_text("id: a\ntitle: b\n", encoding="utf-8")
    assert wants_rebuild(server)


def test_a_watched_file_is_followed_through_a_save_by_renaming(
    server: LiveReloadServer, tmp_path: Path
) -> None:
    config = tmp_path / "mkdocs.yml"
    (tmp_path / "other.txt").write_text("y", encoding="utf-8")  # beside it: not watched
    assert not wants_rebuild(server, within=0.5)
    for text in ("site_name: y\n", "site_name: z\n"):  # twice: the watch survives a rename
        aside = tmp_path / ".mkdocs.yml.swp"
        aside.write_text(text, encoding="utf-8")
        os.replace(aside, config)
        assert wants_rebuild(server)


def test_mkdocs_watches_move_along_and_can_be_removed(
    server: LiveReloadServer, tmp_path: Path
) -> None:
    folder = str(tmp_path / "catalogue")
    assert server._watched_paths[folder] == 1
    server.unwatch(folder)
    (tmp_path / "catalogue" / "measures" / "a.yml").write_text("id: c\n", encoding="utf-8")
    assert not wants_rebuild(server, within=0.5)
