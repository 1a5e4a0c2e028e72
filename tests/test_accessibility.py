"""Accessibility of the built site: axe-core (WCAG 2.1 A/AA), keyboard use, headings, the diagram.

What these tests check is what the accessibility statement (docs/fr|de/accessibilite.md) promises;
change both together.

- axe-core with the tags wcag2a, wcag2aa, wcag21a, wcag21aa reports no violation on every kind of
  page, in French and in German (PAGES below), on the measure list with its filters (JavaScript on,
  then with one filter checked) and on the search page showing results;
- keyboard: the first Tab reaches a skip link that moves focus to the main content; focus is
  visible (and contrasts at least 3:1 with what surrounds it) on links, the header search field,
  the language switch and a filter checkbox; the language switch opens with Enter or Space and
  leads to the same page in the other language; Space toggles a filter and changes the list;
- headings: one h1 per page and no skipped level inside the main content, on every built page;
- the circles diagram is an image with a title and a description, and a text section names every
  member of every circle;
- reflow: no horizontal scrolling at 320 CSS pixels (WCAG 1.4.10) on every kind of page;
- language: <html lang> is the page's language, and French proper names on German pages are
  marked lang="fr".
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from ciivs.catalogue import kinds
from ciivs.catalogue.check import check_catalogue
from conftest import CATALOGUE, LANGS
from sitekit import browser, built_site, page, run_axe, screenshot, server  # noqa: F401

_LIVE, _ = check_catalogue(CATALOGUE, "catalogue")


def _first(kind: str) -> str:
    """The path of one entry of a kind, whichever the catalogue has (the first by id)."""
    return kinds.url_of(kind, sorted(e.id for e in _LIVE.of(kind))[0])


# One page of every kind; paths are those of the French site, German ones are under /de/.
PAGES = {
    "home": "",
    "measure": _first("measures"),
    "institution": _first("institutions"),
    "circles-diagram": kinds.url_of("circles"),
    "circle": _first("circles"),
    "charter-values": kinds.url_of("values"),
    "value": _first("values"),
    "target-group": _first("target-groups"),
    "region": _first("regions"),
    "programme": _first("programmes"),
    "bulletin-article": _first("articles"),
    "measure-list": kinds.url_of("measures"),
    "institution-list": kinds.url_of("institutions"),
    "search": "recherche/?q={query}",
    "not-found": "cette-page-n-existe-pas/",
    "contact": "contact/",
    "accessibility-statement": "accessibilite/",
    # The hand-off sheet with every measure (at most 12): cards, buttons and messages.
    "hand-off-sheet": "fiche/?"
    + "&".join(f"m={m}" for m in sorted(e.id for e in _LIVE.of("measures"))[:12]),
}
# Every kind of the registry is audited: a new kind adds its list and one entry page here.
for _kind in kinds.REGISTRY:
    for _name, _path in (
        (f"{_kind.name}-list", kinds.url_of(_kind.name)),
        (_kind.name, _first(_kind.name)),
    ):
        if _path not in PAGES.values():
            PAGES[_name] = _path
# The search page is checked with results: the title of a measure, in the page's language.
_SEARCHED = sorted(_LIVE.of("measures"), key=lambda e: e.id)[0]
CASES = [(kind, lang) for kind in PAGES for lang in LANGS]


def url_of(server: str, kind: str, lang: str) -> str:
    path = PAGES[kind].format(query=quote(_SEARCHED["title"][lang]))
    return f"{server}/{'' if lang == 'fr' else 'de/'}{path}"


def open_page(pg, server: str, kind: str, lang: str) -> None:
    response = pg.goto(url_of(server, kind, lang))
    assert response is not None
    assert response.status == (404 if kind == "not-found" else 200)
    pg.wait_for_load_state("networkidle")
    if kind == "search":
        pg.wait_for_selector(".ciivs-search-results li", timeout=10_000)
    if kind == "measure-list":
        pg.wait_for_selector("form[data-ciivs-facets]:not([hidden])", timeout=10_000)
    if kind == "hand-off-sheet":
        pg.wait_for_selector("[data-ciivs-sheet-ready]", state="attached", timeout=10_000)


def describe(violations: list[dict]) -> str:
    """One line per rule: id, impact, what it checks and the first offending elements."""
    lines = []
    for v in violations:
        targets = [" ".join(map(str, node["target"])) for node in v["nodes"][:3]]
        lines.append(
            f"{v['id']} ({v['impact']}): {v['help']} – {len(v['nodes'])} element(s), e.g. {targets}"
        )
    return "\n".join(lines)


# ---------- axe-core ----------


@pytest.mark.browser
@pytest.mark.parametrize("kind,lang", CASES, ids=[f"{k}-{l}" for k, l in CASES])
def test_axe_finds_no_violation(kind: str, lang: str, page, server: str) -> None:
    open_page(page, server, kind, lang)
    violations = run_axe(page)
    if violations:
        screenshot(page, f"axe-{kind}-{lang}")
    assert violations == [], f"{url_of(server, kind, lang)}\n{describe(violations)}"
    errors = list(page.console_errors)
    if kind == "not-found":  # the page itself answers 404, which Chromium logs once
        errors.remove(
            "Failed to load resource: the server responded with a status of 404 (Not Found)"
        )
    assert errors == [], errors
    assert page.external_requests == [], page.external_requests


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_axe_with_a_filter_checked(lang: str, page, server: str) -> None:
    open_page(page, server, "measure-list", lang)
    shown = page.locator("[data-ciivs-shown]").inner_text()
    page.locator(".ciivs-facet__option input").first.check()
    page.wait_for_function(
        "(before) => document.querySelector('[data-ciivs-shown]').textContent !== before", arg=shown
    )
    violations = run_axe(page)
    assert violations == [], describe(violations)


# ---------- Keyboard ----------

ACTIVE = """() => { const e = document.activeElement; return e ? {tag: e.tagName, id: e.id, href: e.getAttribute('href'),
  text: (e.textContent || '').trim(), inMain: !!e.closest('#ciivs-main'), inArticle: !!e.closest('article.md-content__inner')} : null }"""


def tab_to(pg, selector: str, limit: int = 400) -> None:
    """Press Tab until the element matching `selector` has focus; fail if it never does."""
    for _ in range(limit):
        pg.keyboard.press("Tab")
        if pg.evaluate(
            "(s) => document.activeElement && document.activeElement.matches(s)", selector
        ):
            return
    pytest.fail(f"{selector} never received focus after {limit} Tab presses")


@pytest.mark.browser
@pytest.mark.parametrize(
    "kind,lang",
    [
        ("home", "fr"),
        ("measure", "fr"),
        ("accessibility-statement", "fr"),
        ("measure-list", "de"),
        ("institution", "de"),
        ("not-found", "fr"),
    ],
)
def test_first_tab_reaches_a_skip_link_to_the_main_content(
    kind: str, lang: str, page, server: str
) -> None:
    open_page(page, server, kind, lang)
    page.keyboard.press("Tab")
    first = page.evaluate(ACTIVE)
    assert first["tag"] == "A" and first["href"] == "#ciivs-main", first
    assert first["text"] in ("Aller au contenu", "Zum Inhalt"), first
    # Shown while focused (Material's .md-skip fades in).
    page.wait_for_function("() => getComputedStyle(document.activeElement).opacity === '1'")
    box = page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect(); return [r.width, r.height, r.top] }"
    )
    assert box[0] > 20 and box[1] > 10 and box[2] >= 0, box
    page.keyboard.press("Enter")
    page.wait_for_function(
        "() => document.activeElement && document.activeElement.id === 'ciivs-main'"
    )
    assert page.evaluate(ACTIVE)["inArticle"]
    page.keyboard.press("Tab")
    after = page.evaluate(ACTIVE)
    assert after["inMain"], (
        f"the Tab after the skip link went to {after}, not into the main content"
    )


STYLE = """(e) => { const s = getComputedStyle(e); return {outlineStyle: s.outlineStyle, outlineWidth: parseFloat(s.outlineWidth),
  outlineColor: s.outlineColor, boxShadow: s.boxShadow} }"""
# The colour behind the focus ring: the nearest ancestor with an opaque background.
BACKGROUND = """(e) => { let n = e.parentElement; while (n) { const c = getComputedStyle(n).backgroundColor;
  const m = c.match(/rgba?\\(([^)]+)\\)/); if (m) { const p = m[1].split(',').map(Number); if (p.length < 4 || p[3] > 0.9) return c; }
  n = n.parentElement; } return 'rgb(255, 255, 255)' }"""


def _luminance(colour: str) -> float:
    r, g, b = (int(float(x)) / 255 for x in re.findall(r"[\d.]+", colour)[:3])
    lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


FOCUS_TARGETS = {
    "content-link": ("measure", "#ciivs-main .ciivs-section a[href]"),
    "header-search": ("measure", "#ciivs-header-q"),
    "language-switch": ("measure", ".md-select > button"),
    "language-link": ("measure", ".md-select__link[hreflang='de']"),
    "navigation-link": ("measure", ".md-nav__link[href]"),
    "filter-checkbox": ("measure-list", ".ciivs-facet__option input"),
}


@pytest.mark.browser
@pytest.mark.parametrize("target", list(FOCUS_TARGETS))
@pytest.mark.parametrize("lang", LANGS)
def test_focus_is_visible(target: str, lang: str, page, server: str) -> None:
    kind, selector = FOCUS_TARGETS[target]
    open_page(page, server, kind, lang)
    element = page.locator(selector).first
    unfocused = element.evaluate(STYLE)
    tab_to(page, selector)
    assert element.evaluate("(e) => e === document.activeElement"), (
        f"another {selector} took focus first"
    )
    page.wait_for_timeout(300)  # let transitions end
    focused = element.evaluate(STYLE)
    assert focused != unfocused, f"{selector}: no visible change on focus ({focused})"
    ring = focused["outlineStyle"] not in ("none", "hidden") and focused["outlineWidth"] >= 2
    assert ring or focused["boxShadow"] != "none", (
        f"{selector}: no outline or shadow on focus ({focused})"
    )
    if ring:
        behind = element.evaluate(BACKGROUND)
        ratio = contrast(focused["outlineColor"], behind)
        assert ratio >= 3, (
            f"{selector}: focus ring {focused['outlineColor']} on {behind} has contrast {ratio:.2f} < 3"
        )


@pytest.mark.browser
@pytest.mark.parametrize("key", ["Enter", "Space"])
@pytest.mark.parametrize("lang", LANGS)
def test_language_switch_works_with_the_keyboard(key: str, lang: str, page, server: str) -> None:
    other, label = ("de", "Deutsch") if lang == "fr" else ("fr", "Français")
    open_page(page, server, "measure", lang)
    tab_to(page, ".md-select > button", limit=10)
    page.keyboard.press(key)
    page.wait_for_function(
        "() => getComputedStyle(document.querySelector('.md-select__inner')).opacity === '1'"
    )
    for _ in range(4):
        page.keyboard.press("Tab")
        active = page.evaluate(ACTIVE)
        assert page.evaluate("() => !!document.activeElement.closest('.md-select')"), (
            f"Tab left the language list: {active}"
        )
        if active["text"] == label:
            break
    else:
        pytest.fail(f"Tab never reached {label}")
    box = page.evaluate(
        "() => { const r = document.activeElement.getBoundingClientRect(); return [r.width, r.height, r.top] }"
    )
    assert box[0] > 0 and box[1] > 0 and 0 <= box[2] < 900, (
        f"{label} has focus but is not on screen: {box}"
    )
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('.md-select__inner')).opacity")
        == "1"
    )
    page.keyboard.press("Enter")
    page.wait_for_url(url_of(server, "measure", other))
    assert page.evaluate("() => document.documentElement.lang") == other


CHOOSE_FILTER = """() => { const total = document.querySelectorAll('[data-ciivs-list] > li').length;
  const box = [...document.querySelectorAll('.ciivs-facet__option input')].find(i => {
    const n = parseInt(i.labels[0].querySelector('.ciivs-count').textContent.replace(/\\D/g, ''), 10);
    return n > 0 && n < total; });
  return box ? {id: box.id, count: parseInt(box.labels[0].querySelector('.ciivs-count').textContent.replace(/\\D/g, ''), 10), total} : null }"""
VISIBLE_CARDS = "() => [...document.querySelectorAll('[data-ciivs-list] > li')].filter(li => !li.hidden && li.offsetParent !== null).length"


@pytest.mark.browser
@pytest.mark.parametrize("lang", LANGS)
def test_space_toggles_a_filter_and_changes_the_list(lang: str, page, server: str) -> None:
    open_page(page, server, "measure-list", lang)
    choice = page.evaluate(CHOOSE_FILTER)
    assert choice, "no filter option narrows the list"
    assert page.evaluate(VISIBLE_CARDS) == choice["total"]
    tab_to(page, f"#{choice['id']}")
    page.keyboard.press("Space")
    assert page.locator(f"#{choice['id']}").is_checked()
    assert page.evaluate(VISIBLE_CARDS) == choice["count"]
    assert page.locator("[data-ciivs-shown]").inner_text() == str(choice["count"])
    assert "?" in page.url
    page.keyboard.press("Space")
    assert not page.locator(f"#{choice['id']}").is_checked()
    assert page.evaluate(VISIBLE_CARDS) == choice["total"]


# ---------- Headings ----------


def heading_levels(html: str) -> list[tuple[int, bool]] | None:
    """Heading levels of a page and whether each lies in the main content (the article);
    None for a redirect page."""
    soup = BeautifulSoup(html, "html.parser")
    if soup.find("meta", attrs={"http-equiv": re.compile("^refresh$", re.I)}):
        return None
    return [
        (int(h.name[1]), h.find_parent("article", class_="md-content__inner") is not None)
        for h in soup.find_all(re.compile(r"^h[1-6]$"))
    ]


def heading_problems(levels: list[tuple[int, bool]]) -> list[str]:
    problems = []
    h1 = [level for level, _ in levels if level == 1]
    if len(h1) != 1:
        problems.append(f"{len(h1)} h1 elements")
    main = [level for level, inside in levels if inside]
    for before, after in itertools.pairwise(main):
        if after > before + 1:
            problems.append(f"h{before} followed by h{after}")
    if main and main[0] != 1:
        problems.append(f"the main content starts with h{main[0]}")
    return problems


def test_every_built_page_has_one_h1_and_no_skipped_level(built_site: Path) -> None:
    failures, checked = [], 0
    for file in sorted(built_site.rglob("*.html")):
        # The form editor (admin/) is drawn by Decap's scripts: tests/test_form_editor.py.
        if file.relative_to(built_site).parts[0] in ("assets", "pagefind", "admin"):
            continue
        levels = heading_levels(file.read_text(encoding="utf-8"))
        if levels is None:
            continue
        checked += 1
        failures += [f"{file.relative_to(built_site)}: {p}" for p in heading_problems(levels)]
    assert checked > 150
    assert failures == [], "\n".join(failures)


def test_heading_rule_catches_a_skip() -> None:
    assert heading_problems([(1, True), (2, True), (4, True)]) == ["h2 followed by h4"]
    assert heading_problems([(1, True), (1, True)]) == ["2 h1 elements"]
    assert heading_problems([(2, False), (1, True), (2, True), (3, True), (2, True)]) == []
    page = (
        '<h2>Menu</h2><article class="md-content__inner md-typeset"><h1>A</h1><h3>B</h3></article>'
    )
    assert heading_levels(page) == [(2, False), (1, True), (3, True)]
    assert heading_levels('<meta http-equiv="Refresh" content="0; url=x/">') is None


LIVE_HEADINGS = """() => [...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h =>
  [parseInt(h.tagName[1], 10), !!h.closest('article.md-content__inner')])"""


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["search", "measure-list"])
@pytest.mark.parametrize("lang", LANGS)
def test_headings_of_pages_built_by_script(kind: str, lang: str, page, server: str) -> None:
    """Search results and filters are written by JavaScript: their headings are checked live."""
    open_page(page, server, kind, lang)
    levels = [tuple(x) for x in page.evaluate(LIVE_HEADINGS)]
    assert heading_problems(levels) == [], levels


# ---------- The circles diagram ----------


@pytest.mark.parametrize("lang", LANGS)
def test_circles_diagram_has_a_text_equivalent(lang: str, built_site: Path) -> None:
    catalogue, problems = check_catalogue(CATALOGUE, "catalogue")
    assert problems == []
    file = built_site / ("" if lang == "fr" else "de") / "cercles" / "index.html"
    soup = BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")
    svg = soup.find("svg", class_="ciivs-circles")
    assert svg is not None, "no circles diagram"
    assert svg.get("role") == "img"
    title_element = (
        svg.find(id=svg.get("aria-labelledby", "")) if svg.get("aria-labelledby") else None
    )
    desc_element = (
        svg.find(id=svg.get("aria-describedby", "")) if svg.get("aria-describedby") else None
    )
    assert title_element is not None and title_element.name == "title", (
        "aria-labelledby must name the svg's <title>"
    )
    assert desc_element is not None and desc_element.name == "desc", (
        "aria-describedby must name the svg's <desc>"
    )
    title = " ".join(title_element.get_text().split())
    desc = " ".join(desc_element.get_text().split())
    assert title and desc
    circles = sorted(catalogue.of("circles"), key=lambda c: c["rank"])
    assert circles
    # The text section: each circle as a heading, then a link to each of its members.
    current = None
    listed: dict[str, set[str]] = {}
    section = soup.find(id="description-schema")
    assert section is not None, "no text equivalent (#description-schema)"
    # Each link with what holds it: a heading (a circle) or a list item (a member).
    holder = re.compile(r"^(h[1-6]|li)$")
    section_links = [
        (getattr(a.find_parent(holder), "name", "p"), str(a.get("href", "")))
        for a in section.find_all("a")
    ]
    for context, href in section_links:
        match = re.search(r"(cercles|institutions)/([a-z0-9-]+)/$", href)
        assert match, href
        if match[1] == "cercles":
            assert context.startswith("h"), f"circle link {href} is not a heading"
            current = match[2]
            listed[current] = set()
        else:
            assert current is not None
            listed[current].add(match[2])
    for circle in circles:
        members = {i.id for i in catalogue.of("institutions") if circle.id in i.get("circles", [])}
        assert listed.get(circle.id) == members, (
            f"{circle.id}: text lists {listed.get(circle.id)}, catalogue has {members}"
        )
        assert circle["name"][lang] in desc
        for member in members:
            name = catalogue.get("institutions", member)["name"][lang]
            assert name in desc, f"{name} missing from the diagram's description"


# ---------- Reflow and language ----------


@pytest.mark.browser
@pytest.mark.parametrize("kind,lang", CASES, ids=[f"{k}-{l}" for k, l in CASES])
def test_no_horizontal_scrolling_at_320_pixels(kind: str, lang: str, browser, server: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800})
    try:
        pg = context.new_page()
        open_page(pg, server, kind, lang)
        width = pg.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        assert width[0] <= width[1], f"the page is {width[0]} px wide in a 320 px window"
        assert pg.evaluate("() => document.documentElement.lang") == (
            "fr" if kind == "not-found" else lang
        )
    finally:
        context.close()


@pytest.mark.browser
def test_french_names_on_german_pages_are_marked(page, server: str) -> None:
    catalogue, _ = check_catalogue(CATALOGUE, "catalogue")
    french_named = [m for m in catalogue.of("measures") if m.get("name_language") == "fr"]
    assert french_named
    for measure in french_named[:3]:
        page.goto(f"{server}/de/mesures/{measure.id}/")
        assert page.evaluate("() => document.documentElement.lang") == "de"
        marked = page.evaluate(
            "() => [...document.querySelectorAll('h1 [lang=fr], h1[lang=fr]')].map(e => e.textContent)"
        )
        assert marked, f"/de/mesures/{measure.id}/: the French name in the h1 is not marked lang=fr"
