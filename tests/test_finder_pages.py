"""A finder answer stays readable and small however many measures fit: the first ones in full,
the others as a list of names with why they fit, every fit named once."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ciivs.catalogue.check import check_catalogue
from ciivs.pages import finder_view, render
from conftest import LANGS

ROOT = Path(__file__).resolve().parents[1]
ANSWER = re.compile(r"^trouver/[^/]+/autre/[^/]+/index\.md$")


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(ROOT / "catalogue")
    assert problems == []
    return found


def linked_measures(html: str) -> list[str]:
    return re.findall(r'href="[./]*mesures/([^/"]+)/"', html)


@pytest.mark.parametrize("lang", LANGS)
def test_beyond_the_full_cards_every_fit_is_still_named_with_why(catalogue, monkeypatch, lang):
    monkeypatch.setattr(finder_view, "FULL_FITS", 2)
    language = next(x for x in catalogue.languages if x.code == lang)
    answers = [p for p in render.render_language(catalogue, language) if ANSWER.match(p.src)]
    assert answers, "answer pages for 'none of these situations'"
    checked = 0
    for page in answers:
        cards, _, rest = page.body.partition('class="ciivs-finder__more"')
        card_links = set(linked_measures(cards.split('id="finder-result"', 1)[1]))
        more = rest.split("</ul>", 1)[0]
        listed = linked_measures(more)
        if not rest:
            continue  # two fits or fewer: all in full
        checked += 1
        assert len(card_links) == 2
        assert len(listed) == len(set(listed)) and not card_links & set(listed)
        assert more.count("<li>") == len(listed)
        assert all(("✓" in item or "?" in item) for item in more.split("<li>")[1:])
        count = int(re.search(r'id="finder-result">(\d+)', page.body).group(1))
        assert count == len(card_links) + len(listed)
    assert checked, "some answer has more than two fits"


def test_sure_fits_come_before_those_to_check(catalogue):
    language = catalogue.languages[0]
    for page in render.render_language(catalogue, language):
        if ANSWER.match(page.src):
            section = page.body.split('id="finder-result"', 1)[1].split("finder-contacts", 1)[0]
            marks = [
                part.count("?</span>") for part in section.split('class="ciivs-finder__why"')[1:]
            ]
            assert marks == sorted(marks), page.src
