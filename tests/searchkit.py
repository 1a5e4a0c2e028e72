"""The search-quality queries (tests/search-queries.yml), run as a reader would, in Chromium.

Shared by tests/test_search_quality.py and `make search-report`, which runs this file:
it builds nothing, serves the site/ folder as it is and prints, per language, the share of
queries whose page comes first, comes in the top three, and the share with no result at all.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import yaml

ROOT = Path(__file__).resolve().parents[1]
QUERIES = ROOT / "tests" / "search-queries.yml"
PREFIX = {"fr": "", "de": "/de"}
RESULT_LINKS = "[data-ciivs-search-results] > li h3 a"
# Done when the status line holds a count or the "no result" sentence, not "searching…".
SEARCH_DONE = """() => {
  const root = document.querySelector('[data-ciivs-search]');
  const status = root && root.querySelector('[data-ciivs-search-status]');
  return !!status && status.textContent !== '' && status.textContent !== root.getAttribute('data-loading');
}"""


@dataclass(frozen=True)
class Query:
    lang: str
    q: str
    want: str  # kind/id

    def __str__(self) -> str:
        return f"{self.lang}: {self.q!r} -> {self.want}"


def load_queries(path: Path = QUERIES) -> list[Query]:
    """Every query of the file, language by language."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    return [Query(lang, item["q"], item["want"]) for lang, items in data.items() for item in items]


def expected_path(query: Query, sections: dict[str, str]) -> str:
    """The URL path of the page a query must find: '/de/mesures/formavenir/'."""
    kind, entry_id = query.want.split("/")
    return f"{PREFIX[query.lang]}/{sections[kind]}/{entry_id}/"


def result_paths(pg) -> list[str]:
    """Paths of the results shown, in order, once the search has finished."""
    pg.wait_for_function(SEARCH_DONE, timeout=15_000)
    return pg.eval_on_selector_all(
        RESULT_LINKS, "links => links.map(a => new URL(a.href).pathname)"
    )


def search(pg, base: str, lang: str, query: str) -> list[str]:
    """Type a query on the search page of `lang` (loaded once per page) and read the results."""
    page_url = f"{base}{PREFIX[lang]}/recherche/"
    if not pg.url.startswith(page_url):
        pg.goto(f"{page_url}?q={quote(query)}")
        return result_paths(pg)
    pg.fill("#search-q", query)
    pg.press("#search-q", "Enter")  # the submit handler shows "searching…" before returning
    return result_paths(pg)


@dataclass
class Outcome:
    query: Query
    expected: str
    paths: list[str]

    @property
    def rank(self) -> int | None:
        return self.paths.index(self.expected) + 1 if self.expected in self.paths else None


def summary(outcomes: list[Outcome]) -> list[str]:
    """Per language: share found first, in the top three, and without any result."""
    lines = []
    for lang in PREFIX:
        mine = [o for o in outcomes if o.query.lang == lang]
        if not mine:
            continue
        n = len(mine)
        first = sum(1 for o in mine if o.rank == 1)
        top3 = sum(1 for o in mine if o.rank and o.rank <= 3)
        empty = sum(1 for o in mine if not o.paths)
        lines.append(
            f"{lang}: {n} queries · first {first / n:.0%} · top three {top3 / n:.0%} "
            f"· no result {empty / n:.0%}"
        )
    return lines


def main() -> int:
    """Run every query against site/ and print the misses and the summary."""
    from playwright.sync_api import sync_playwright

    from ciivs.catalogue.kinds import SECTIONS
    from sitekit import CHROMIUM, CHROMIUM_ARGS, SITE, serve

    if not (SITE / "index.html").exists():
        print("site/ is not built: run `make site` first")
        return 1
    httpd, base = serve(SITE)
    outcomes = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            pg = browser.new_page()
            for query in load_queries():
                expected = expected_path(query, SECTIONS)
                outcomes.append(Outcome(query, expected, search(pg, base, query.lang, query.q)))
            browser.close()
    finally:
        httpd.shutdown()
    for o in outcomes:
        if not o.rank or o.rank > 3:
            found = ", ".join(o.paths[:3]) or "no result"
            print(f"miss {o.query}: rank {o.rank or '-'}; first: {found}")
    print("\n".join(summary(outcomes)))
    return 0


if __name__ == "__main__":
    sys.path[:0] = [str(ROOT / "scripts"), str(ROOT / "tests")]
    sys.exit(main())
