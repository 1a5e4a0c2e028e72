"""Headless Chromium against the served built site: navigation, language switch, phones.

Every test checks, for every page it visited, that nothing was requested from another host and
that the console stayed free of errors. Screenshots of each page kind, in both languages, at
375 and 1280 px go to tests/artifacts/ (not committed) for people to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import REGISTRY, SECTIONS
from ciivs.catalogue.labels import load_labels
from conftest import LANGS
from sitekit import browser, built_site, page, screenshot, server  # noqa: F401

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
PREFIX = {"fr": "/", "de": "/de/"}
LANG_NAMES = {"fr": "Français", "de": "Deutsch"}
LABELS = load_labels()
CATALOGUE, PROBLEMS = check_catalogue(ROOT / "catalogue")
assert not PROBLEMS, PROBLEMS


def first(kind: str):
    """A stable example of a kind: the entry with the smallest id."""
    return sorted(CATALOGUE.of(kind), key=lambda e: e.id)[0]


def title(entry, lang: str) -> str:
    value = entry.data.get("title", entry.data.get("name"))
    return value if isinstance(value, str) else value[lang]


def url_of(kind: str, entry_id: str, lang: str) -> str:
    return f"{PREFIX[lang]}{SECTIONS[kind]}/{entry_id}/"


MEASURE = CATALOGUE.get("measures", "formavenir") or first("measures")
INSTITUTION = CATALOGUE.get("institutions", "sas") or first("institutions")

# One page of each kind, as a path without the language prefix.
PAGE_KINDS = {
    "home": "",
    "measure": f"mesures/{MEASURE.id}/",
    "measures": "mesures/",
    "institution": f"institutions/{INSTITUTION.id}/",
    "institutions": "institutions/",
    "circles": "cercles/",
    "circle": f"cercles/{first('circles').id}/",
    "value": f"valeurs/{first('values').id}/",
    "target-group": f"publics/{first('target-groups').id}/",
    "region": f"regions/{first('regions').id}/",
    "programme": f"programmes/{first('programmes').id}/",
    "article": f"bulletin/{first('articles').id}/",
    "initiative": f"projets/{first('initiatives').id}/",
    "person": f"personnes/{first('people').id}/",
    "contact": "contact/",
    "search": "recherche/",
    "translations": "traductions/",
}
# Every kind of the registry is visited: a new kind adds its list and one entry page here.
for _kind in REGISTRY:
    for _name, _path in (
        (f"{_kind.name}-list", f"{_kind.section}/"),
        (_kind.name, f"{_kind.section}/{first(_kind.name).id}/"),
    ):
        if _path not in PAGE_KINDS.values():
            PAGE_KINDS[_name] = _path
NARROW = ("home", "measure", "measures", "circles", "institution")


@pytest.fixture
def site_page(page, server):
    """The sitekit page, checked after the test: no other host contacted, no console error."""
    page.base = server
    yield page
    assert page.external_requests == [], f"requests to another host: {page.external_requests}"
    assert page.console_errors == [], f"console errors: {page.console_errors}"


def go(pg, path: str) -> None:
    response = pg.goto(pg.base + path, wait_until="load")
    assert response is not None and response.ok, (
        f"{path}: HTTP {response.status if response else '?'}"
    )


def path_of(pg) -> str:
    return urlsplit(pg.url).path


def h1(pg) -> str:
    return " ".join(pg.locator("article h1").first.inner_text().split())


@pytest.mark.parametrize("lang", LANGS)
def test_home_in_both_languages(site_page, lang: str) -> None:
    go(site_page, PREFIX[lang])
    assert site_page.evaluate("document.documentElement.lang") == lang
    assert LABELS["site_name"][lang] in site_page.title()
    assert h1(site_page) == LABELS["site_name"][lang]
    situations = site_page.locator("ul.ciivs-situations a")
    groups = CATALOGUE.of("target-groups")
    assert situations.count() == len(groups)
    hrefs = {
        path_of_link(site_page, situations.nth(i).get_attribute("href"))
        for i in range(situations.count())
    }
    assert hrefs == {url_of("target-groups", g.id, lang) for g in groups}
    texts = " ".join(situations.all_inner_texts())
    for group in groups:
        assert " ".join(group["situation"][lang].split()) in " ".join(texts.split())
    # A situation leads to its page.
    situations.first.click()
    site_page.wait_for_load_state("load")
    assert path_of(site_page).startswith(f"{PREFIX[lang]}publics/")


def path_of_link(pg, href: str) -> str:
    return urlsplit(pg.evaluate("(h) => new URL(h, document.baseURI).href", href)).path


@pytest.mark.parametrize("lang", LANGS)
def test_follow_a_measure_from_the_list(site_page, lang: str) -> None:
    go(site_page, f"{PREFIX[lang]}mesures/")
    cards = site_page.locator("[data-ciivs-list] .ciivs-card__title a")
    assert cards.count() == len(CATALOGUE.of("measures"))
    link = cards.nth(cards.count() - 1)
    text = " ".join(link.inner_text().split())
    link.click()
    site_page.wait_for_load_state("load")
    measure_id = path_of(site_page).rstrip("/").rsplit("/", 1)[-1]
    measure = CATALOGUE.get("measures", measure_id)
    assert measure is not None, f"landed on {site_page.url}"
    assert path_of(site_page) == url_of("measures", measure.id, lang)
    assert h1(site_page) == measure["title"][lang] == text
    assert site_page.evaluate("document.documentElement.lang") == lang


def switch_language(pg, to: str) -> None:
    """Use the header's language selector as a reader does: the translate button, then the language."""
    selector = pg.locator("header .md-select")
    selector.locator("button").click()
    link = selector.get_by_role("link", name=LANG_NAMES[to], exact=True)
    link.wait_for(state="visible")
    with pg.expect_navigation(wait_until="load"):
        link.click()


def test_language_switch_keeps_the_measure(site_page) -> None:
    go(site_page, url_of("measures", MEASURE.id, "fr"))
    assert h1(site_page) == MEASURE["title"]["fr"]
    switch_language(site_page, "de")
    assert path_of(site_page) == url_of("measures", MEASURE.id, "de")
    assert site_page.evaluate("document.documentElement.lang") == "de"
    assert h1(site_page) == MEASURE["title"]["de"]
    assert (
        " ".join(MEASURE["summary"]["de"].split())
        in site_page.locator(".ciivs-lead").first.inner_text()
    )
    switch_language(site_page, "fr")
    assert path_of(site_page) == url_of("measures", MEASURE.id, "fr")
    assert site_page.evaluate("document.documentElement.lang") == "fr"
    assert h1(site_page) == MEASURE["title"]["fr"]


def test_language_switch_on_an_institution(site_page) -> None:
    go(site_page, url_of("institutions", INSTITUTION.id, "de"))
    switch_language(site_page, "fr")
    assert path_of(site_page) == url_of("institutions", INSTITUTION.id, "fr")
    assert INSTITUTION["name"]["fr"] in h1(site_page)


@pytest.mark.parametrize(
    "path, expected",
    [
        ("/fr/", "/"),
        (f"/fr/mesures/{MEASURE.id}/", f"/mesures/{MEASURE.id}/"),
        ("/fr/mesures/", "/mesures/"),
        (f"/fr/institutions/{INSTITUTION.id}/", f"/institutions/{INSTITUTION.id}/"),
    ],
)
def test_fr_links_resolve_to_the_french_page(site_page, path: str, expected: str) -> None:
    go(site_page, path)
    site_page.wait_for_url(
        re.compile(re.escape(site_page.base + expected) + r"$"), wait_until="load"
    )
    assert site_page.evaluate("document.documentElement.lang") == "fr"
    if expected == f"/mesures/{MEASURE.id}/":
        assert h1(site_page) == MEASURE["title"]["fr"]


@pytest.mark.parametrize("lang", LANGS)
def test_measure_filters_and_search_box_work_without_errors(site_page, lang: str) -> None:
    """The scripted parts of two pages run without console errors (checked by the fixture)."""
    go(site_page, f"{PREFIX[lang]}mesures/")
    assert site_page.locator("form[data-ciivs-facets]").is_visible()
    go(site_page, f"{PREFIX[lang]}recherche/")
    assert site_page.locator("#search-q").is_visible()


@pytest.mark.parametrize("width", [375, 1280])
@pytest.mark.parametrize("lang", LANGS)
def test_every_page_kind_fits_and_is_photographed(site_page, lang: str, width: int) -> None:
    """Each kind of page: no horizontal scroll on a phone, a screenshot at both widths."""
    site_page.set_viewport_size({"width": width, "height": 812 if width == 375 else 900})
    too_wide = {}
    for kind, path in PAGE_KINDS.items():
        go(site_page, PREFIX[lang] + path)
        assert site_page.evaluate("document.documentElement.lang") == lang
        scroll = site_page.evaluate("document.documentElement.scrollWidth")
        if scroll > width:
            too_wide[kind] = (scroll, widest_elements(site_page, width))
        screenshot(site_page, f"site-{kind}-{lang}-{width}")
    if width == 375:
        required = {k: v for k, v in too_wide.items() if k in NARROW}
        assert not required, f"horizontal scroll at 375 px: {required}"
        assert not too_wide, f"horizontal scroll at 375 px on other pages: {too_wide}"


def widest_elements(pg, width: int) -> list[str]:
    """The elements that stick out, to name in a failure."""
    return pg.evaluate(
        """(width) => Array.from(document.querySelectorAll('body *'))
        .filter(e => e.getBoundingClientRect().right > width + 1)
        .slice(0, 5).map(e => e.tagName.toLowerCase() + (e.className && e.className.baseVal === undefined ? '.' + e.className : ''))""",
        width,
    )


def test_not_found_page(page, server) -> None:
    """A missing address answers 404 with the bilingual page; only that 404 is logged."""
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 812})
        response = page.goto(server + "/mesures/cette-mesure-n-existe-pas/", wait_until="load")
        assert response.status == 404
        assert (
            page.locator("h1 [lang=fr]").count() == 1 and page.locator("h1 [lang=de]").count() == 1
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        # The stylesheet is addressed from the root: the page is styled at any depth.
        assert page.evaluate("getComputedStyle(document.querySelector('.md-header')).position") in (
            "sticky",
            "fixed",
            "relative",
        )
        screenshot(page, f"site-404-{width}")
    assert page.external_requests == []
    assert all("404" in e for e in page.console_errors), page.console_errors


# The geometry of the diagram, in the SVG's own units: every label sits inside its ring band.
LABELS_OUTSIDE_THEIR_RING = """() => {
  const svg = document.querySelector('svg.ciivs-circles');
  const vb = svg.viewBox.baseVal;
  const cx = vb.width / 2, cy = vb.height / 2;
  const radii = Array.from(svg.querySelectorAll('circle')).map(c => c.r.baseVal.value).sort((a, b) => a - b);
  const bad = [];
  for (const text of svg.querySelectorAll('text.ciivs-circles__member')) {
    const box = text.getBBox();
    const anchor = Math.hypot(box.x + box.width / 2 - cx, box.y + box.height / 2 - cy);
    const outer = radii.find(r => r > anchor), inner = radii.filter(r => r < anchor).pop();
    const corners = [[box.x, box.y], [box.x + box.width, box.y], [box.x, box.y + box.height],
                     [box.x + box.width, box.y + box.height]].map(([x, y]) => Math.hypot(x - cx, y - cy));
    if (Math.max(...corners) > outer - 2 || Math.min(...corners) < inner + 2) bad.push(text.textContent);
  }
  return bad;
}"""


@pytest.mark.parametrize("lang", LANGS)
def test_circle_diagram_labels_stay_inside_their_ring(site_page, lang: str) -> None:
    go(site_page, f"{PREFIX[lang]}cercles/")
    members = site_page.locator("svg.ciivs-circles text.ciivs-circles__member")
    assert members.count() == sum(len(i.get("circles", [])) for i in CATALOGUE.of("institutions"))
    assert site_page.evaluate(LABELS_OUTSIDE_THEIR_RING) == []
