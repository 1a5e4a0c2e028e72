"""Printed sheets: a measure and an institution print on at most two A4 pages with the site's
name, the page's address, the permalink and a date; no navigation or filters on paper.
Printed to PDF by Chromium and read back with pypdf."""

from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.urls import PREVIEW_URL
from conftest import CATALOGUE
from sitekit import browser, built_site, page, server  # noqa: F401

pytestmark = pytest.mark.browser
LABELS = load_labels(CATALOGUE)
MONTHS = {
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "de": [
        "Januar",
        "Februar",
        "März",
        "April",
        "Mai",
        "Juni",
        "Juli",
        "August",
        "September",
        "Oktober",
        "November",
        "Dezember",
    ],
}


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(CATALOGUE)
    assert problems == []
    return found


def _longest(catalogue, kind: str):
    """The entry with the most text: the hardest to keep on two sheets."""
    return max(catalogue.of(kind), key=lambda e: len(str(e.data)))


def _print(page, server: str, path: str) -> tuple[int, str]:
    page.goto(server + path, wait_until="load")
    reader = PdfReader(io.BytesIO(page.pdf(format="A4", print_background=True)))
    text = "\n".join(p.extract_text() or "" for p in reader.pages)
    return len(reader.pages), text


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("kind", "section", "lang"),
    [("measures", "mesures", "fr"), ("institutions", "institutions", "de")],
)
def test_entry_prints_on_two_pages_with_address_and_date(
    page, server, catalogue, kind, section, lang
):
    entry = _longest(catalogue, kind)
    prefix = "" if lang == "fr" else "de/"
    pages, text = _print(page, server, f"/{prefix}{section}/{entry.id}/")

    assert 1 <= pages <= 2, f"{entry.id} prints on {pages} pages"
    assert LABELS["site_name"][lang] in text
    flat = _squeezed(text)
    assert _squeezed(f"{PREVIEW_URL}{prefix}{section}/{entry.id}/") in flat, "page address missing"
    assert _squeezed(f"{PREVIEW_URL}go/{section}/{entry.id}/") in flat, "permalink missing"
    # The date of the information, never the day a file changed: the last confirmation, else the
    # publication of the newest source, said "to confirm".
    reviewed = entry.get("last_reviewed")
    sources = [catalogue.get("articles", a).get("published") for a in entry.get("sources", [])]
    day = reviewed or max((s for s in sources if s), default="")
    if reviewed:
        assert LABELS["print_reviewed"][lang] in text
    else:
        assert _squeezed(LABELS["badge_unconfirmed"][lang].split("{date}")[0]) in _squeezed(text)
    year, *rest = day.split("-")
    assert year in text and (not rest or MONTHS[lang][int(rest[0]) - 1] in text), (
        f"date {day} missing"
    )
    assert LABELS["search_placeholder"][lang] not in text, "the header's search form was printed"


def test_measure_list_prints_without_filter_panel(page, server):
    _pages, text = _print(page, server, "/mesures/")
    assert LABELS["filter_reset"]["fr"] not in text
    assert LABELS["filters"]["fr"] not in text
