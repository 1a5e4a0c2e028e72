"""The preview never hangs: `make serve` shows the catalogue's problems, then the site again.

The server runs on a copy of the fixture catalogue, with its own staging folder and a free port;
the test edits the copy as an editor would and reads the pages as the browser gets them.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import yaml
from bs4 import BeautifulSoup, Doctype

from conftest import CATALOGUE, LANGS, ROOT, VALID, copy_catalogue, edit

LABELS = {c: yaml.safe_load((CATALOGUE / "labels" / f"{c}.yml").read_text("utf-8")) for c in LANGS}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def _wait_for(url: str, condition: Callable[[str], bool], seconds: float = 240) -> str:
    deadline = time.monotonic() + seconds
    page = ""
    while time.monotonic() < deadline:
        page = _get(url)
        if condition(page):
            return page
        time.sleep(1)
    raise AssertionError(f"{url} never met the condition; last page began: {page[:300]!r}")


@contextlib.contextmanager
def _serve(catalogue: Path, staging: Path, port: int) -> Iterator[subprocess.Popen[str]]:
    """`mkdocs serve` as `make serve CATALOGUE=copy PORT=port` starts it."""
    staging.mkdir()
    env = {
        **os.environ,
        "CIIVS_CATALOGUE": str(catalogue),
        "CIIVS_DOCS_DIR": str(staging),
        "CIIVS_STRICT": "false",
        "NO_MKDOCS_2_WARNING": "1",
        "PYTHONPATH": str(ROOT / "scripts"),
    }
    command = [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"]
    server = subprocess.Popen(
        [*command, "--livereload", "-f", str(ROOT / "mkdocs.yml")],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        text=True,
        start_new_session=True,
    )
    try:
        yield server
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)


def _shows_problems(page: str) -> bool:
    return LABELS["fr"]["preview_problems_title"] in page


def _parse(page: str) -> BeautifulSoup:
    return BeautifulSoup(page, "html.parser")


def _problem_lines(page: str) -> list[str]:
    return [code.get_text() for code in _parse(page).select("li > code:only-child")]


def test_problems_are_shown_in_both_languages_and_the_site_comes_back(tmp_path: Path) -> None:
    catalogue = copy_catalogue(VALID, tmp_path / "catalogue")
    measure = next((catalogue / "measures").glob("*.yml")).relative_to(catalogue).as_posix()
    original = (catalogue / measure).read_text("utf-8")
    edit(catalogue, measure, "minimum_age: ", "minimum_age: -")  # broken before the start
    port = _free_port()
    home, german = f"http://127.0.0.1:{port}/", f"http://127.0.0.1:{port}/de/"

    with _serve(catalogue, tmp_path / "staging", port) as server:
        page = _wait_for(home, _shows_problems)
        assert server.poll() is None, "the preview keeps running"
        lines = _problem_lines(page)
        assert any(
            line.startswith(f"{catalogue}/{measure}:") and " BAD_VALUE " in line for line in lines
        ), lines
        for code in LANGS:
            section = _parse(page).find("section", lang=code)
            assert section.h1.get_text() == LABELS[code]["preview_problems_title"]
        german_page = _parse(_get(german))
        assert isinstance(german_page.contents[0], Doctype) and german_page.html["lang"] == "de"
        order = [section["lang"] for section in german_page.find_all("section")]
        assert order.index("de") < order.index("fr")
        assert "livereload" in page, "the browser reloads by itself once fixed"

        (catalogue / measure).write_text(original, "utf-8")  # fixed
        page = _wait_for(home, lambda p: bool(p) and not _shows_problems(p))
        title = yaml.safe_load(original)["title"]["fr"]
        assert title in _wait_for(f"{home}mesures/", lambda p: title in p)

        edit(catalogue, measure, "status: active", "status: terminé")  # broken again
        page = _wait_for(f"{home}mesures/", _shows_problems)
        assert any(" BAD_VALUE " in line and "status" in line for line in _problem_lines(page))


def test_a_busy_port_gives_one_clear_line(tmp_path: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = subprocess.run(
            ["make", "-s", "serve", f"PORT={port}", "HOST=127.0.0.1"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=600,
        )
    assert result.returncode != 0
    assert "Traceback" not in result.stdout + result.stderr
    ours = [line for line in result.stderr.splitlines() if not line.startswith(("make: ", "make["))]
    assert len(ours) == 1, result.stderr
    assert f"port {port} is already in use" in ours[0] and f"PORT={port + 1}" in ours[0]
