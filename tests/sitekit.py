"""Fixtures for tests against the built site: a local server, headless Chromium, artefacts.

Test modules import what they use: `from sitekit import built_site, server, browser, page`.
Browser tests use Debian's Chromium (never a downloaded browser); `make test` installs it.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "site"
ARTIFACTS = ROOT / "tests" / "artifacts"
AXE = ROOT / ".venv" / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM", shutil.which("chromium") or "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--no-first-run",
]


def build_site_once() -> Path:
    """The site built from the committed catalogue (built here if `make test` did not)."""
    if not (SITE / "index.html").exists():
        env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
        subprocess.run([sys.executable, "-m", "ciivs", "site"], cwd=ROOT, env=env, check=True)
    return SITE


class _Handler(http.server.SimpleHTTPRequestHandler):
    """Static files; unknown paths get the site's 404 page with status 404, like a real host."""

    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    """Serve a folder on a free loopback port; returns the server and its base URL."""
    handler = functools.partial(_Handler, directory=str(folder))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}"


@pytest.fixture(scope="session")
def built_site() -> Path:
    return build_site_once()


@pytest.fixture(scope="session")
def server(built_site: Path):
    httpd, base = serve(built_site)
    yield base
    httpd.shutdown()


@pytest.fixture(scope="session")
def browser():
    playwright_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: run `apt-get install -y chromium` (make test does it as root)"
        )
    # Each test module imports this fixture, so pytest holds one copy per module, all session-scoped
    # and alive together; Playwright's sync API allows one instance per thread. The copies share it.
    if _SHARED["users"] == 0:
        _SHARED["playwright"] = playwright_api.sync_playwright().start()
        _SHARED["browser"] = _SHARED["playwright"].chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS
        )
    _SHARED["users"] += 1
    try:
        yield _SHARED["browser"]
    finally:
        _SHARED["users"] -= 1
        if _SHARED["users"] == 0:
            _SHARED["browser"].close()
            _SHARED["playwright"].stop()


_SHARED: dict = {"users": 0}


@pytest.fixture
def page(browser, server):
    """A fresh page at 1280x900 that records console errors and requests to other hosts."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    own_host = urlsplit(server).netloc
    pg.console_errors = []
    pg.external_requests = []
    pg.on("console", lambda m: pg.console_errors.append(m.text) if m.type == "error" else None)
    pg.on("pageerror", lambda e: pg.console_errors.append(str(e)))
    pg.on(
        "request",
        lambda r: (
            pg.external_requests.append(r.url)
            if urlsplit(r.url).scheme in ("http", "https", "ws", "wss")
            and urlsplit(r.url).netloc != own_host
            else None
        ),
    )
    yield pg
    context.close()


def screenshot(pg, name: str, full_page: bool = True) -> Path:
    """Save a screenshot under tests/artifacts/ (not committed) for people to look at."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    pg.screenshot(path=str(path), full_page=full_page)
    return path


def run_axe(pg, tags: tuple[str, ...] = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")) -> list[dict]:
    """Inject axe-core into the page and return its violations for the WCAG 2.1 A/AA rules."""
    if not AXE.exists():
        pytest.fail(f"axe-core missing at {AXE}: run `make browser-deps`")
    # Evaluated through the DevTools protocol, which the pages' Content Security Policy does not
    # govern: a <script> with axe's text, as add_script_tag writes, would be blocked by it.
    pg.evaluate(AXE.read_text(encoding="utf-8"))
    result = pg.evaluate(
        "(tags) => axe.run(document, {runOnly: {type: 'tag', values: tags}})", list(tags)
    )
    return result["violations"]
