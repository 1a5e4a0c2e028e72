"""The hand-off sheet as a counsellor uses it, in headless Chromium against the built site:
measures added from a finder answer, the sheet opened in French and German and printed (at
most one A4 page per measure, every QR code decoded by zbarimg to the right address), both
languages side by side, bad addresses, the limit, removing, forgetting, and the page without
JavaScript. Nothing may be requested from another host."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.naming import display_name
from ciivs.catalogue.urls import PREVIEW_URL
from conftest import CATALOGUE, LANGS, status_words
from sitekit import browser, built_site, page, run_axe, screenshot, server  # noqa: F401

pytestmark = pytest.mark.browser
LABELS = load_labels(CATALOGUE)
FOUND, PROBLEMS = check_catalogue(CATALOGUE)
assert not PROBLEMS, PROBLEMS
PREFIX = {lang: ("/" if i == 0 else f"/{lang}/") for i, lang in enumerate(LANGS)}
MAX = 12
# Each language's labels, as conftest.status_words reads them.
LABELS_LANG = {lang: {k: v[lang] for k, v in LABELS.items() if lang in v} for lang in LANGS}


def _words(text: str) -> str:
    return " ".join(text.split())


def _label(key: str, lang: str) -> str:
    return LABELS[key][lang]


def _fill(key: str, lang: str, **values) -> str:
    text = _label(key, lang)
    for name, value in values.items():
        text = text.replace("{" + name + "}", str(value))
    return text


@pytest.fixture
def sheet_page(page, server):
    """The sitekit page at phone width; after the test: no other host, no console error."""
    page.set_viewport_size({"width": 375, "height": 740})
    page.base = server
    page.dialogs = []
    page.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
    yield page
    assert page.external_requests == [], f"requests to another host: {page.external_requests}"
    assert page.console_errors == [], f"console errors: {page.console_errors}"


def _open_sheet(pg, path: str) -> None:
    pg.goto(pg.base + path, wait_until="load")
    pg.wait_for_selector("[data-ciivs-sheet-ready]", state="attached", timeout=10_000)


def _finder_answer(site: Path) -> str:
    """A finder answer listing at least two measures, found in the built site."""
    for index in sorted((site / "trouver").glob("*/*/*/index.html")):
        if index.read_text(encoding="utf-8").count("data-ciivs-measure=") >= 2:
            return "/" + index.parent.relative_to(site).as_posix() + "/"
    pytest.skip("no finder answer lists two measures")


def _tools() -> None:
    missing = [t for t in ("pdftoppm", "zbarimg") if shutil.which(t) is None]
    if missing:
        pytest.fail(
            f"{' and '.join(missing)} missing: `make browser-deps` installs poppler-utils and "
            "zbar-tools (apt-get install -y poppler-utils zbar-tools)"
        )


def _decode_qr_codes(pdf: bytes, folder: Path) -> list[str]:
    """Every QR code of a PDF, page by page, as zbarimg reads it from a 200 dpi rendering."""
    _tools()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sheet.pdf").write_bytes(pdf)
    subprocess.run(
        ["pdftoppm", "-r", "200", "-png", str(folder / "sheet.pdf"), str(folder / "page")],
        check=True,
    )
    found = []
    for png in sorted(folder.glob("page*.png")):
        result = subprocess.run(
            ["zbarimg", "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(png)],
            capture_output=True,
            text=True,
        )
        found += [line for line in result.stdout.splitlines() if line]
    return found


def _contact(measure, lang: str) -> str:
    return display_name(
        FOUND.entry("institutions", measure.get("first_contact") or measure["responsible"]), lang
    )


def test_from_a_finder_answer_to_a_printed_sheet_in_both_languages(
    sheet_page, built_site: Path, tmp_path: Path
) -> None:
    pg = sheet_page
    pg.goto(pg.base + _finder_answer(built_site), wait_until="load")
    cards = pg.locator("li[data-ciivs-measure]")
    chosen = [cards.nth(i).get_attribute("data-ciivs-measure") for i in range(2)]
    for i in range(2):
        cards.nth(i).locator("button.ciivs-add").click()
    bar = pg.locator("[data-ciivs-sheet-bar]")
    assert bar.is_visible()
    assert _fill("sheet_bar", "fr", n=2) in _words(bar.inner_text())
    pg.locator("[data-ciivs-sheet-open]").click()
    pg.wait_for_selector("[data-ciivs-sheet-ready]", state="attached")
    query = "&".join(f"m={i}" for i in chosen)
    assert pg.url.endswith(f"/fiche/?{query}")
    measures = [FOUND.entry("measures", i) for i in chosen]

    for lang in LANGS:
        _open_sheet(pg, f"{PREFIX[lang]}fiche/?{query}")
        screenshot(pg, f"sheet-375-{lang}")
        shown = [_words(t) for t in pg.locator(".ciivs-sheet-card__title").all_inner_texts()]
        assert shown == [_words(m["title"][lang]) for m in measures]
        pdf = pg.pdf(format="A4", print_background=True)
        reader = PdfReader(io.BytesIO(pdf))
        assert len(reader.pages) <= len(measures), f"{len(reader.pages)} pages for two measures"
        text = _words(" ".join(p.extract_text() or "" for p in reader.pages))
        squeezed = re.sub(r"\s+", "", text)
        assert _label("site_name", lang) in text
        for measure in measures:
            assert _words(measure["title"][lang]) in text
            if measure.get("steps"):
                assert re.sub(r"\s+", "", measure["steps"][0][lang])[:50] in squeezed
            assert re.sub(r"\s+", "", _contact(measure, lang)) in squeezed
            assert re.sub(r"\s+", "", status_words(measure, FOUND, LABELS_LANG[lang])) in squeezed
        codes = _decode_qr_codes(pdf, tmp_path / lang)
        sheet = f"{PREVIEW_URL}{PREFIX[lang].lstrip('/')}fiche/?{query}"
        expected = {sheet} | {f"{PREVIEW_URL}go/mesures/{i}/" for i in chosen}
        assert set(codes) == expected, codes


def test_both_languages_side_by_side(sheet_page) -> None:
    pg = sheet_page
    measure = FOUND.of("measures")[0]
    first, other = LANGS[0], LANGS[1]
    pg.set_viewport_size({"width": 1280, "height": 900})
    _open_sheet(pg, f"{PREFIX[first]}fiche/?m={measure.id}")
    toggle = pg.locator("[data-ciivs-sheet-languages] a")
    assert _words(toggle.inner_text()) == _fill(
        "sheet_also", first, language=_label(f"lang_{other}", first)
    )
    toggle.click()
    pg.wait_for_selector("[data-ciivs-sheet-ready]", state="attached")
    assert f"also={other}" in pg.url
    pair = pg.locator(".ciivs-sheet-pair--two article")
    assert pair.count() == 2
    assert [pair.nth(i).get_attribute("lang") for i in range(2)] == [first, other]
    for i, lang in enumerate((first, other)):
        card = _words(pair.nth(i).inner_text())
        assert _words(measure["summary"][lang]) in card
        assert _label("first_contact", lang) in card
    screenshot(pg, "sheet-side-by-side-1280")
    assert run_axe(pg) == []


def test_hostile_unknown_and_renamed_ids(sheet_page) -> None:
    pg = sheet_page
    measure = FOUND.of("measures")[0]
    hostile = '<img src=x onerror="alert(1)">'
    # The index says a measure had an old id (the build writes it from `former_ids`).
    index = {"ids": [m.id for m in FOUND.of("measures")], "former": {"ancien-nom": measure.id}}
    index["max"] = MAX
    pg.route("**/fiche/cartes/index.json", lambda r: r.fulfill(json=index))
    _open_sheet(pg, f"/fiche/?m={quote(hostile)}&m=ancien-nom&m=nexiste-pas&m={measure.id}")
    messages = pg.locator("[data-ciivs-sheet-messages]")
    text = messages.inner_text()
    assert hostile in text and "nexiste-pas" in text
    assert _fill("sheet_renamed", "fr", old="ancien-nom", new=measure.id) in text
    assert messages.locator("img").count() == 0 and pg.locator("img[src=x]").count() == 0
    assert pg.dialogs == []
    # The renamed and the current id are one measure: shown once.
    assert pg.locator("[data-ciivs-sheet-item]").count() == 1
    assert pg.locator(".ciivs-sheet-card__title").inner_text().strip() == measure["title"]["fr"]


def test_more_than_twelve_are_refused_with_a_message(sheet_page, built_site: Path) -> None:
    pg = sheet_page
    real = FOUND.of("measures")[0]
    fakes = [f"mesure-{n}" for n in range(1, MAX + 2)]
    card = (built_site / "fiche" / "cartes" / f"{real.id}.fr.json").read_text(encoding="utf-8")
    pg.route(
        "**/fiche/cartes/index.json",
        lambda r: r.fulfill(json={"ids": fakes, "former": {}, "max": MAX}),
    )
    pg.route(
        "**/fiche/cartes/mesure-*.fr.json",
        lambda r: r.fulfill(body=card, content_type="application/json"),
    )
    _open_sheet(pg, "/fiche/?" + "&".join(f"m={f}" for f in fakes))
    assert pg.locator("[data-ciivs-sheet-item]").count() == MAX
    text = pg.locator("[data-ciivs-sheet-messages]").inner_text()
    assert _fill("sheet_too_many", "fr", max=MAX, ids=f"«{fakes[-1]}»") in text
    # The bar refuses a thirteenth measure too, and says so.
    pg.goto(pg.base + f"/mesures/{real.id}/")
    pg.evaluate("ids => localStorage.setItem('ciivs-sheet', JSON.stringify(ids))", fakes[:MAX])
    pg.reload()
    pg.locator(".ciivs-add-slot button").click()
    expect(pg.locator("[data-ciivs-sheet-said]")).to_contain_text(
        _fill("sheet_full", "fr", max=MAX)
    )
    assert pg.evaluate("JSON.parse(localStorage.getItem('ciivs-sheet')).length") == MAX


def test_keyboard_adds_removes_and_the_selection_can_be_forgotten(sheet_page) -> None:
    pg = sheet_page
    first, second = FOUND.of("measures")[:2]
    for measure in (first, second):
        pg.goto(pg.base + f"/mesures/{measure.id}/")
        button = pg.locator(".ciivs-add-slot button")
        assert _words(button.inner_text()) == _label("sheet_add", "fr")
        button.focus()
        pg.keyboard.press("Enter")
        assert _words(button.inner_text()) == _label("sheet_remove", "fr")
    pg.locator("[data-ciivs-sheet-open]").click()
    pg.wait_for_selector("[data-ciivs-sheet-ready]", state="attached")
    assert pg.url.endswith(f"/fiche/?m={first.id}&m={second.id}")
    privacy = pg.locator("[data-ciivs-sheet-privacy]")
    assert _label("sheet_privacy", "fr") in _words(privacy.inner_text())
    assert run_axe(pg) == []
    # Remove the first with the keyboard: the address, the count and the kept list follow.
    pg.locator("[data-ciivs-sheet-remove]").first.focus()
    pg.keyboard.press("Space")
    assert pg.locator("[data-ciivs-sheet-item]").count() == 1
    assert pg.url.endswith(f"/fiche/?m={second.id}")
    assert _fill("sheet_count", "fr", n=1) in pg.locator("[data-ciivs-sheet-count]").inner_text()
    assert pg.evaluate("localStorage.getItem('ciivs-sheet')") == json.dumps([second.id])
    focused = pg.evaluate("document.activeElement.getAttribute('data-ciivs-sheet-remove')")
    assert focused == second.id, "focus stays on the sheet, on the next measure"
    mail = pg.locator("[data-ciivs-sheet-mail]").get_attribute("href")
    assert quote(f"{PREVIEW_URL}fiche/?m={second.id}", safe="") in mail
    # Forget: the browser no longer keeps it, and the bar disappears elsewhere.
    pg.locator("[data-ciivs-sheet-forget]").click()
    assert pg.evaluate("localStorage.getItem('ciivs-sheet')") is None
    pg.goto(pg.base + "/mesures/")
    assert pg.locator("[data-ciivs-sheet-bar]").is_hidden()


def test_search_results_offer_to_add_a_measure(sheet_page) -> None:
    pg = sheet_page
    measure = FOUND.of("measures")[0]
    pg.goto(pg.base + f"/recherche/?q={quote(measure['title']['fr'])}")
    button = pg.locator("[data-ciivs-search-results] li[data-ciivs-measure] button.ciivs-add")
    button.first.wait_for(timeout=10_000)
    button.first.click()
    assert pg.evaluate("JSON.parse(localStorage.getItem('ciivs-sheet')).length") == 1


@pytest.mark.parametrize("lang", LANGS)
def test_without_javascript_the_sheet_says_so_and_links_each_measure(
    browser, server, lang: str
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 740})
    pg = context.new_page()
    pg.goto(f"{server}{PREFIX[lang]}fiche/?m={FOUND.of('measures')[0].id}")
    body = _words(pg.locator("article").inner_text())
    assert _label("sheet_noscript", lang) in body
    links = pg.locator(".ciivs-sheet__noscript a")
    assert links.count() == len(FOUND.of("measures"))
    hrefs = {links.nth(i).get_attribute("href") for i in range(links.count())}
    assert {h.rstrip("/").rsplit("/", 1)[1] for h in hrefs} == {m.id for m in FOUND.of("measures")}
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_an_empty_sheet_says_where_to_add_measures(sheet_page, lang: str) -> None:
    pg = sheet_page
    _open_sheet(pg, f"{PREFIX[lang]}fiche/")
    empty = pg.locator("[data-ciivs-sheet-empty]")
    assert empty.is_visible() and _label("sheet_empty", lang) in _words(empty.inner_text())
    assert run_axe(pg) == []


@pytest.mark.parametrize("also", [None, *LANGS[1:]], ids=lambda a: f"also-{a}" if a else "one")
def test_every_measure_fits_one_a4_page_and_a_320_pixel_screen(sheet_page, also) -> None:
    pg = sheet_page
    ids = [m.id for m in FOUND.of("measures")][:MAX]
    query = "&".join(f"m={i}" for i in ids) + (f"&also={also}" if also else "")
    pg.set_viewport_size({"width": 320, "height": 740})
    _open_sheet(pg, f"/fiche/?{query}")
    assert pg.locator("[data-ciivs-sheet-item]").count() == len(ids)
    width = pg.evaluate("document.documentElement.scrollWidth")
    assert width <= 320, f"the sheet scrolls sideways at 320 px ({width} px)"
    pages = len(PdfReader(io.BytesIO(pg.pdf(format="A4", print_background=True))).pages)
    assert pages <= len(ids), f"{len(ids)} measures print on {pages} pages"


@pytest.mark.parametrize("lang", LANGS)
def test_a_finder_answer_with_buttons_and_the_bar_passes_axe(
    sheet_page, built_site: Path, lang: str
) -> None:
    pg = sheet_page
    answer = _finder_answer(built_site)
    pg.goto(pg.base + PREFIX[lang] + answer.lstrip("/"), wait_until="load")
    add_all = pg.locator("[data-ciivs-add-all] button")
    assert _words(add_all.inner_text()) == _label("sheet_add_all", lang)
    add_all.focus()
    pg.keyboard.press("Enter")
    added = pg.locator("li[data-ciivs-measure]").count()
    bar = pg.locator("[data-ciivs-sheet-bar]")
    expect(bar).to_contain_text(_fill("sheet_bar", lang, n=added))
    assert run_axe(pg) == []
