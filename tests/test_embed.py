"""The embeddable measure list, as a partner's page shows it in an iframe: filtered by the same
parameters as the measure list, without the site's chrome, its links opening in the top window."""

from __future__ import annotations

import re

import pytest

from ciivs.catalogue.check import check_catalogue
from conftest import CATALOGUE
from sitekit import browser, built_site, page, server  # noqa: F401

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(CATALOGUE)
    assert problems == []
    return found


def _shown_titles(frame) -> list[str]:
    return [
        " ".join(t.split())
        for t in frame.locator("[data-ciivs-embed] > li:not([hidden]) > a").all_inner_texts()
    ]


@pytest.mark.parametrize(("lang", "prefix"), [("fr", "/"), ("de", "/de/")])
def test_embedded_list_filters_and_opens_links_in_the_top_window(
    page, server, catalogue, lang, prefix
) -> None:
    group = catalogue.of("measures")[0]["target_groups"][0]
    expected = sorted(
        m["title"][lang] for m in catalogue.of("measures") if group in m["target_groups"]
    )
    src = f"{server}{prefix}embed/mesures/?groups={group}"
    page.set_content(f'<h1>Partner</h1><iframe src="{src}" width="400" height="600"></iframe>')
    frame = page.frame_locator("iframe")
    frame.locator("[data-ciivs-embed]").wait_for()

    assert sorted(_shown_titles(frame)) == expected
    assert frame.locator("header, nav, .md-header, form").count() == 0, "site chrome in the embed"
    assert frame.locator("html").get_attribute("lang") == lang
    source = frame.locator("[data-ciivs-embed-source]")
    assert source.get_attribute("href").endswith(f"mesures/?groups={group}")

    frame.locator("[data-ciivs-embed] > li:not([hidden]) > a").first.click()
    page.wait_for_url(re.compile(re.escape(f"{prefix}mesures/") + r"[a-z0-9-]+/$"))
    assert page.locator("iframe").count() == 0, "the measure opened inside the frame"


def test_embedded_list_without_filters_shows_every_measure(page, server, catalogue) -> None:
    page.goto(f"{server}/embed/mesures/")
    assert sorted(_shown_titles(page)) == sorted(m["title"]["fr"] for m in catalogue.of("measures"))
