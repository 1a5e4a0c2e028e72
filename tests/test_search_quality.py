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
