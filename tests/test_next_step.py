"""The "next step" box of every measure page, as a reader on a phone sees it: the first step and
whom to contact first, in view at 375 x 740 without scrolling, in every language, and on paper."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.naming import display_name
from conftest import CATALOGUE, LANGS
from sitekit import browser, built_site, page, server  # noqa: F401

pytestmark = pytest.mark.browser
LABELS = load_labels(CATALOGUE)
FOUND, PROBLEMS = check_catalogue(CATALOGUE)
assert not PROBLEMS, PROBLEMS
PHONE = {"width": 375, "height": 740}


def _path(lang: str, measure_id: str) -> str:
    return ("/" if lang == LANGS[0] else f"/{lang}/") + f"mesures/{measure_id}/"


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def phone(browser, server):
    context = browser.new_context(viewport=PHONE)
    pg = context.new_page()
    pg.base = server
    yield pg
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_every_measure_shows_its_next_step_without_scrolling(phone, lang: str) -> None:
    for measure in FOUND.of("measures"):
        phone.goto(phone.base + _path(lang, measure.id), wait_until="load")
        box = phone.locator(".ciivs-next")
        assert box.count() == 1, f"{measure.id} ({lang}): no next-step box"
        text = _words(box.inner_text())
        assert LABELS["next_step"][lang] in text
        if measure.get("steps"):
            assert _words(measure["steps"][0][lang]) in text, f"{measure.id} ({lang})"
        contact = FOUND.entry(
            "institutions", measure.get("first_contact") or measure["responsible"]
        )
        assert _words(display_name(contact, lang)) in text, f"{measure.id} ({lang})"
        bounds = box.bounding_box()
        assert bounds is not None and bounds["y"] >= 0
        assert bounds["y"] + bounds["height"] <= PHONE["height"], (
            f"{measure.id} ({lang}): the box ends at {bounds['y'] + bounds['height']:.0f} px, "
            f"below the {PHONE['height']} px of the screen"
        )
        # Its link leads to all the steps on the same page.
        target = box.locator("a[href='#acces']")
        assert target.count() == 1 and phone.locator("#acces").count() == 1


def test_the_next_step_is_printed(page, server) -> None:
    measure = next(m for m in FOUND.of("measures") if m.get("steps"))
    for lang in LANGS:
        page.goto(server + _path(lang, measure.id), wait_until="load")
        reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
        text = _words(" ".join(p.extract_text() or "" for p in reader.pages))
        assert LABELS["next_step"][lang] in text
        assert _words(measure["steps"][0][lang])[:40] in text
