"""The reader's visit under the site's Content Security Policy, for any host: every page of the
built site, the search, the finder, the measure list's filters and the embed in a partner's page,
each recorded with its policy violations and console errors; and a page with injected scripts.

`tests/test_hosting.py` runs it through nginx (headers and <meta>), `tests/test_security.py`
on a plain static server (the <meta> alone, as on GitHub Pages).
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ciivs.catalogue.urls import ADMIN, FINDER, SEARCH

# Runs first in every document and frame (Playwright's init script), so no violation escapes it.
RECORD = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.effectiveDirective + " " + (e.blockedURI || "inline"));
});
"""
INJECTED_INLINE = "window.__injected = (window.__injected || []).concat('inline');"
ATTACKER = "https://attacker.example/steal.js"


@dataclass
class Visit:
    """One browser page that keeps every console error and page error it meets."""

    page: object
    errors: list[str] = field(default_factory=list)

    def violations(self, frame: object | None = None) -> list[str]:
        return (frame or self.page).evaluate("window.__violations || []")  # type: ignore[attr-defined]


@contextmanager
def visit(browser) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD)
    watched = Visit(context.new_page())
    watched.page.on(
        "console", lambda m: watched.errors.append(m.text) if m.type == "error" else None
    )
    watched.page.on("pageerror", lambda e: watched.errors.append(str(e)))
    try:
        yield watched
    finally:
        context.close()


def site_pages(site: Path) -> list[str]:
    """Every page of a built site as a path from its root ('', 'mesures/x/', 'de/'): the sitemap's
    addresses, and the pages it leaves out (404, embeds, permalinks) except redirects, which only
    lead to pages of the sitemap."""
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    base = urlsplit(locs[0]).path
    found = {urlsplit(loc).path[len(base) :] for loc in locs}
    for file in sorted(site.rglob("*.html")):
        if 'http-equiv="refresh"' in file.read_text(encoding="utf-8"):
            continue
        path = file.relative_to(site).as_posix()
        if path.startswith(f"{ADMIN}/"):
            continue  # the form editor needs its proxy: tests/test_form_editor.py opens it
        found.add(path[: -len("index.html")] if path.endswith("index.html") else path)
    return sorted(found)


def crawl(browser, base: str, paths: list[str], tabs: int = 4) -> dict[str, list[str]]:
    """Open every page; the violations and console errors of each page that had any.

    A few tabs load pages side by side: a page's time is mostly waiting (the server, the
    browser's processes), so this takes a fraction of the time one tab would.
    """
    problems: dict[str, list[str]] = {}
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(RECORD)
    try:
        seen = []
        for _ in range(tabs):
            tab = Visit(context.new_page())
            tab.page.on(
                "console", lambda m, t=tab: t.errors.append(m.text) if m.type == "error" else None
            )
            tab.page.on("pageerror", lambda e, t=tab: t.errors.append(str(e)))
            seen.append(tab)
        for start in range(0, len(paths), tabs):
            batch = list(zip(seen, paths[start : start + tabs], strict=False))
            statuses = {}
            for tab, path in batch:
                tab.errors.clear()
                response = tab.page.goto(base + path, wait_until="commit")
                statuses[path] = response.status if response else 0
            for tab, path in batch:
                tab.page.wait_for_load_state("load")
                found = [f"status {statuses[path]}"] if statuses[path] != 200 else []
                found += tab.violations() + tab.errors
                if found:
                    problems[path] = found
    finally:
        context.close()
    return problems


def search_finds(seen: Visit, base: str, lang_prefix: str, query: str) -> int:
    """Type a query into the search page's box; the number of results shown."""
    seen.page.goto(f"{base}{lang_prefix}{SEARCH}/")
    seen.page.fill("#search-q", query)
    seen.page.press("#search-q", "Enter")
    results = seen.page.locator("[data-ciivs-search-results] li")
    results.first.wait_for(timeout=20_000)
    return results.count()


def finder_answers(seen: Visit, base: str, lang_prefix: str) -> str:
    """Answer the finder's questions with their first choice; the address of the answer."""
    seen.page.goto(f"{base}{lang_prefix}{FINDER}/")
    while seen.page.locator(".ciivs-finder__choice").count():
        with seen.page.expect_navigation():
            seen.page.locator(".ciivs-finder__choice").first.click()
    seen.page.locator("#finder-result").wait_for()
    return seen.page.url


def filters_narrow(seen: Visit, base: str, lang_prefix: str, measures: str) -> tuple[int, int]:
    """Tick the measure list's narrowest filter; the measures it promised and the list shows."""
    seen.page.goto(f"{base}{lang_prefix}{measures}")
    seen.page.locator("[data-ciivs-facets-box]").evaluate("box => { box.open = true; }")
    counts = seen.page.locator("[data-count-for]").evaluate_all(
        "els => els.map(e => Number(e.textContent.replace(/[^0-9]/g, '')))"
    )
    narrowest = min((n, i) for i, n in enumerate(counts) if n > 0)[1]
    seen.page.locator("form input[type=checkbox]").nth(narrowest).check()
    shown = seen.page.locator("[data-ciivs-shown]")
    return counts[narrowest], int(shown.inner_text())


def partner_page(folder: Path, frames: dict[str, str]) -> str:
    """Write a partner's page framing each address; its file name."""
    body = "".join(
        f'<iframe name="{name}" src="{html.escape(src)}" width="400" height="300"></iframe>'
        for name, src in frames.items()
    )
    (folder / "partner.html").write_text(
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Partner</title><link rel="icon" href="data:,">'
        f"</head><body><h1>Partner</h1>{body}</body></html>",
        encoding="utf-8",
    )
    return "partner.html"


def injected_page(site: Path) -> str:
    """The site's own 404 page (its links are absolute: it works at any address) with what an
    injection would add: an inline script, a script from another host, an inline handler."""
    page = (site / "404.html").read_text(encoding="utf-8")
    injected = (
        f"<script>{INJECTED_INLINE}</script>"
        f'<script src="{ATTACKER}"></script>'
        '<img alt="" src="data:," onerror="window.__injected = [\'handler\']">'
    )
    return page.replace("</body>", injected + "</body>", 1)


def mirror(site: Path, folder: Path) -> Path:
    """A document root that serves the built site (links to its files) and takes extra pages,
    leaving the shared site untouched."""
    folder.mkdir(parents=True, exist_ok=True)
    for child in site.iterdir():
        os.symlink(child, folder / child.name)
    return folder


def assert_injection_blocked(seen: Visit, url: str) -> None:
    """The injected scripts never ran, each was reported, and the page's own scripts ran."""
    seen.page.goto(url, wait_until="load")
    assert seen.page.evaluate("window.__injected") is None
    violations = seen.violations()
    assert any(v.startswith("script-src-elem inline") for v in violations), violations
    assert f"script-src-elem {ATTACKER}" in violations, violations
    assert any(v.startswith("script-src-attr") for v in violations), violations
    # The site's own scripts still run: the theme's helpers and its bundle.
    assert seen.page.evaluate("typeof __md_get") == "function"
    assert seen.page.evaluate("document.documentElement.classList.contains('no-js')") is False
    unexpected = [e for e in seen.errors if "Content Security Policy" not in e]
    assert unexpected == [], unexpected


def one_per_section(paths: list[str], prefixes: list[str]) -> list[str]:
    """The first page of each section of each language ('mesures/…', 'de/mesures/…'), the home
    pages and the loose files: every kind of page, once."""
    chosen: dict[str, str] = {}
    for path in paths:
        language = next(
            (p for p in sorted(prefixes, key=len, reverse=True) if p and path.startswith(p)), ""
        )
        section = path[len(language) :].split("/", 1)[0]
        chosen.setdefault(language + section, path)
    return sorted(chosen.values())
