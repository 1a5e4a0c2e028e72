"""Search quality: the readers' queries of tests/search-queries.yml find their page in the top three.

Each query is one test, named after the query, run in headless Chromium on the built site the way
a reader searches (typed into the search page of the language). The expected page is named by
kind/id; a query whose entry no longer exists fails with a message naming the query to update.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.kinds import SECTIONS
from searchkit import PREFIX, expected_path, load_queries, search
from sitekit import browser, built_site, server  # noqa: F401

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[1]
QUERIES = load_queries()


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(ROOT / "catalogue")
    assert not problems, problems
    return found


@pytest.fixture(scope="module")
def pages(browser):
    """One page per language, kept across queries as a reader keeps the search page open."""
    context = browser.new_context(viewport={"width": 375, "height": 800})
    yield {lang: context.new_page() for lang in PREFIX}
    context.close()


def test_the_suite_has_forty_queries_per_language():
    for lang in PREFIX:
        assert sum(1 for q in QUERIES if q.lang == lang) >= 40, lang


@pytest.mark.parametrize("query", QUERIES, ids=[f"{q.lang}-{q.q}" for q in QUERIES])
def test_query_finds_its_page_in_the_top_three(pages, server, catalogue, query):
    kind, entry_id = query.want.split("/")
    if kind not in SECTIONS or catalogue.get(kind, entry_id) is None:
        pytest.fail(
            f"tests/search-queries.yml: {query} names no entry of the catalogue; "
            f"update the query's `want` to the entry that now answers it"
        )
    expected = expected_path(query, SECTIONS)
    paths = search(pages[query.lang], server, query.lang, query.q)
    assert paths, f"{query}: no result at all"
    assert expected in paths[:3], f"{query}: first three are {paths[:3]}"


@pytest.mark.parametrize("earlier", ["AI", "apprentisage"])
def test_an_earlier_query_in_the_open_page_does_not_change_the_next_ones_results(
    browser, server, earlier
):
    """Pagefind keeps its ranking options from one search to the next: a short query (read as an
    abbreviation) or a long one (its forms alike) must not leave its ranking to the next query."""
    # A mistyped query whose answer is decided by how word forms are ranked.
    later = next(q for q in QUERIES if q.q == "altere Arbeitslose")
    context = browser.new_context(viewport={"width": 375, "height": 800})
    fresh, reused = context.new_page(), context.new_page()
    try:
        alone = search(fresh, server, later.lang, later.q)
        search(reused, server, later.lang, earlier)
        after = search(reused, server, later.lang, later.q)
    finally:
        context.close()
    assert alone and after == alone, f"after {earlier!r}: {after[:5]} instead of {alone[:5]}"
