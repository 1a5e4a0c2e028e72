"""Easy read in headless Chromium, as a reader uses it: from a measure to its easy-read text and
back, the language switch, the search, a phone's width and paper.

Every test checks, for every page it visited, that nothing was requested from another host and
that the console stayed free of errors. Screenshots of the easy-read pages at 375 px go to
tests/artifacts/ (not committed).
"""

from __future__ import annotations

from urllib.parse import quote, urlsplit

import pytest

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import url_of
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.languages import load_languages
from ciivs.catalogue.relations import Relations
from conftest import CATALOGUE, LANGS
from sitekit import browser, built_site, page, run_axe, screenshot, server  # noqa: F401

pytestmark = pytest.mark.browser

LIVE, PROBLEMS = check_catalogue(CATALOGUE, "catalogue")
assert PROBLEMS == [], PROBLEMS
RELATIONS = Relations(LIVE)
LABELS = load_labels()
LANGUAGES = {lang.code: lang for lang in load_languages(CATALOGUE)}
MEASURES = sorted(e.id for e in LIVE.of("measures"))


def at(lang: str, path: str) -> str:
    """A site path in a language: the default language at the root, the others under /<code>/."""
    return f"/{LANGUAGES[lang].prefix}{path}"


def easy_of(measure_id: str) -> str:
    [text] = RELATIONS.having("easy-read", "measure", measure_id)
    return text.id


@pytest.fixture
def site_page(page, server):
    page.base = server
    yield page
    assert page.external_requests == [], f"requests to another host: {page.external_requests}"
    assert page.console_errors == [], f"console errors: {page.console_errors}"


def go(pg, path: str) -> None:
    response = pg.goto(pg.base + path, wait_until="load")
    assert response is not None and response.ok, f"{path}: {response.status if response else '?'}"


def path_of(pg) -> str:
    return urlsplit(pg.url).path


def follow(pg, link) -> None:
    with pg.expect_navigation(wait_until="load"):
        link.click()


@pytest.mark.parametrize("lang", LANGS)
def test_every_measure_links_its_easy_read_page_and_back(site_page, lang: str) -> None:
    for measure_id in MEASURES:
        measure = LIVE.entry("measures", measure_id)
        go(site_page, at(lang, url_of("measures", measure_id)))
        link = site_page.locator(".ciivs-easy-link a")
        assert link.inner_text().strip() == LABELS["easy_read"][lang]
        # At the top: before the first section of the page.
        assert link.evaluate(
            "(a) => !!(a.compareDocumentPosition(document.querySelector('.ciivs-section')) & 4)"
        )
        follow(site_page, link)
        assert path_of(site_page) == at(lang, url_of("easy-read", easy_of(measure_id)))
        assert site_page.evaluate("document.documentElement.lang") == lang
        assert measure["title"][lang] in site_page.locator("article h1").inner_text()
        follow(site_page, site_page.locator(".ciivs-easy-back a"))
        assert path_of(site_page) == at(lang, url_of("measures", measure_id))


def switch_language(pg, name: str) -> None:
    """The header's language selector, as a reader uses it."""
    selector = pg.locator("header .md-select")
    selector.locator("button").click()
    link = selector.get_by_role("link", name=name, exact=True)
    link.wait_for(state="visible")
    follow(pg, link)


@pytest.mark.parametrize("text_id", sorted(e.id for e in LIVE.of("easy-read")))
def test_the_language_switch_leads_to_the_same_easy_read_page(site_page, text_id: str) -> None:
    path = url_of("easy-read", text_id)
    first, *others = LANGS
    go(site_page, at(first, path))
    for lang in [*others, first]:
        switch_language(site_page, LANGUAGES[lang].name)
        assert path_of(site_page) == at(lang, path)
        assert site_page.evaluate("document.documentElement.lang") == lang
        heading = site_page.locator(".ciivs-easy-section h2").first.inner_text()
        assert heading == LIVE.entry("easy-read", text_id)["sections"][lang][0]["question"]


@pytest.mark.parametrize("lang", LANGS)
def test_a_search_for_a_measure_offers_its_easy_read_version(site_page, lang: str) -> None:
    for measure_id in MEASURES:
        title = LIVE.entry("measures", measure_id)["title"][lang]
        go(site_page, at(lang, f"recherche/?q={quote(title)}"))
        site_page.wait_for_selector(".ciivs-search-results li", timeout=10_000)
        measure_path = at(lang, url_of("measures", measure_id))
        easy_path = at(lang, url_of("easy-read", easy_of(measure_id)))
        results = site_page.locator(".ciivs-search-results > li")
        offered = None
        for i in range(results.count()):
            result = results.nth(i)
            if urlsplit(result.locator("h3 a").evaluate("(a) => a.href")).path == measure_path:
                offered = result.locator(".ciivs-search-easy a")
                break
        assert offered is not None, f"{title}: the measure is not among the results"
        assert offered.inner_text() == LABELS["search_easy"][lang]
        follow(site_page, offered)
        assert path_of(site_page) == easy_path
        # The easy-read page is itself in the index: a result of its own for its text.
        first_line = LIVE.entry("easy-read", easy_of(measure_id))["sections"][lang][0]["text"]
        go(site_page, at(lang, f"recherche/?q={quote(title + ' ' + first_line.split(chr(10))[0])}"))
        site_page.wait_for_selector(".ciivs-search-results li", timeout=10_000)
        found = site_page.locator(".ciivs-search-results > li h3 a").evaluate_all(
            "(links) => links.map((a) => new URL(a.href).pathname)"
        )
        assert easy_path in found, f"{title}: the easy-read page is not found: {found}"


EASY_PAGES = {
    "easy-read-list": url_of("easy-read"),
    **{f"easy-{e.id}": url_of("easy-read", e.id) for e in LIVE.of("easy-read")},
    "glossary-list": url_of("glossary"),
    "glossary-word": url_of("glossary", sorted(e.id for e in LIVE.of("glossary"))[0]),
    **{f"measure-{m}": url_of("measures", m) for m in MEASURES},
}


@pytest.mark.parametrize("lang", LANGS)
def test_axe_finds_no_violation_on_any_easy_read_page_nor_a_measure_with_its_words_linked(
    site_page, lang: str
) -> None:
    """tests/test_accessibility.py audits one page of each kind; here every easy-read page, and
    the measure pages, whose glossary links are new."""
    failures = {}
    for name, path in EASY_PAGES.items():
        go(site_page, at(lang, path))
        violations = run_axe(site_page)
        if violations:
            failures[name] = [(v["id"], [n["target"] for n in v["nodes"][:3]]) for v in violations]
    assert not failures, failures


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_overflows_at_375_pixels(site_page, lang: str) -> None:
    site_page.set_viewport_size({"width": 375, "height": 812})
    too_wide = {}
    for name, path in EASY_PAGES.items():
        go(site_page, at(lang, path))
        scroll = site_page.evaluate("document.documentElement.scrollWidth")
        if scroll > 375:
            too_wide[name] = scroll
        if name.startswith(("easy", "measure-formavenir")):
            screenshot(site_page, f"{name}-{lang}-375")
    assert not too_wide, f"horizontal scroll at 375 px: {too_wide}"


LOOK = """() => { const box = document.querySelector('.ciivs-easy');
  const line = document.querySelector('.ciivs-easy-lines p');
  const regular = document.querySelector('.md-typeset');
  const s = getComputedStyle(line);
  return {easy: parseFloat(getComputedStyle(box).fontSize), regular: parseFloat(getComputedStyle(regular).fontSize),
          line: parseFloat(s.lineHeight) / parseFloat(s.fontSize), align: s.textAlign, hyphens: s.hyphens,
          header: getComputedStyle(document.querySelector('.md-header')).display} }"""


@pytest.mark.parametrize("media", ["screen", "print"])
def test_easy_read_is_larger_spaced_left_aligned_on_screen_and_paper(site_page, media: str) -> None:
    go(site_page, at(LANGS[0], url_of("easy-read", easy_of(MEASURES[0]))))
    site_page.emulate_media(media=media)
    look = site_page.evaluate(LOOK)
    assert look["easy"] >= look["regular"] * 1.15, look
    assert look["easy"] >= (17 if media == "print" else 16), look  # 13 pt on paper
    assert look["line"] >= 1.5 and look["align"] in ("left", "start"), look
    assert look["hyphens"] in ("none", "manual"), look
    if media == "print":
        assert look["header"] == "none", "the site's header is printed"
