"""Links that last and travel: language-neutral permalinks, and a language switch that keeps
the reader's filters. Run in headless Chromium against the built site."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import url_of
from conftest import CATALOGUE, LANGS
from sitekit import browser, built_site, server  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(CATALOGUE)
    assert problems == []
    return found


def test_every_entry_has_a_permalink_offering_both_languages(built_site: Path, catalogue) -> None:
    for entry in catalogue.all():
        page = built_site / "go" / url_of(entry.kind, entry.id) / "index.html"
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        links = soup.find_all("a", href=True, hreflang=list(LANGS))
        targets = {a["hreflang"]: a["href"] for a in links}
        assert set(targets) == set(LANGS), page
        for href in targets.values():
            assert (page.parent / href / "index.html").resolve().is_file(), (page, href)
        assert (page.parent / targets["de"]).resolve() == (
            built_site / "de" / url_of(entry.kind, entry.id)
        ).resolve()


def _visit(browser, server, path: str, locale: str, javascript: bool = True):
    context = browser.new_context(locale=locale, java_script_enabled=javascript)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(server + path, wait_until="load")
    page.wait_for_load_state("load")
    return context, page, errors


@pytest.mark.parametrize(("locale", "prefix"), [("de-CH", "/de/"), ("fr-CH", "/"), ("de", "/de/")])
def test_permalink_opens_the_readers_language(browser, server, catalogue, locale, prefix) -> None:
    measure = catalogue.of("measures")[0]
    context, page, errors = _visit(browser, server, f"/go/mesures/{measure.id}/", locale)
    try:
        page.wait_for_url(re.compile(re.escape(f"{prefix}mesures/{measure.id}/") + "$"))
        assert page.evaluate("document.documentElement.lang") == (prefix.strip("/") or "fr")
        assert errors == []
    finally:
        context.close()


def test_permalink_without_javascript_or_known_language_offers_both(
    browser, server, catalogue
) -> None:
    measure = catalogue.of("measures")[0]
    for locale, javascript in (("en-GB", True), ("de-CH", False)):
        context, page, _ = _visit(browser, server, f"/go/mesures/{measure.id}/", locale, javascript)
        try:
            assert urlsplit(page.url).path == f"/go/mesures/{measure.id}/"
            page.get_by_role(
                "link", name=re.compile(re.escape(measure["title"]["de"]))
            ).last.click()
            page.wait_for_url(re.compile(f"/de/mesures/{measure.id}/$"))
        finally:
            context.close()


@pytest.mark.parametrize(("start", "other"), [("/", "/de/"), ("/de/", "/")])
def test_language_switch_keeps_the_filters(browser, server, catalogue, start, other) -> None:
    group = catalogue.of("measures")[0]["target_groups"][0]
    context, page, errors = _visit(browser, server, f"{start}mesures/?groups={group}", "fr-CH")
    try:
        box = page.locator(f'input[name="groups"][value="{group}"]')
        assert box.is_checked()
        page.locator(".md-header__option .md-select").first.hover()
        page.locator(f'a.md-select__link[hreflang="{other.strip("/") or "fr"}"]').click()
        page.wait_for_url(re.compile(re.escape(f"{other}mesures/") + r"\?"))
        assert parse_qs(urlsplit(page.url).query)["groups"] == [group]
        assert page.locator(f'input[name="groups"][value="{group}"]').is_checked()
        assert errors == []
    finally:
        context.close()
