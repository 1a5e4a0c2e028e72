"""`make site` builds the languages in parallel; the published site must be the sequential one.

The parallel build also hands MkDocs each generated page's finished HTML as it is; the sequential
build here passes every page through Markdown as MkDocs does by itself, so the comparison shows
that the short way changes no byte either.

Both builds run on a copy of the committed catalogue (with its search index). The pages, sitemap,
404 page, redirects and open data must be byte for byte the same; the search bundle may name its
files differently, so what it must give is the same results, in order, for queries taken from the
catalogue's own titles, in Chromium.
"""

from __future__ import annotations

import gzip
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup

from ciivs.build.pipeline import BuildFailed, Options, build_site
from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.urls import PREVIEW_URL
from ciivs.formats.folders import move_into
from sitekit import browser, serve  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
SEARCH_DONE = """() => {
  const root = document.querySelector('[data-ciivs-search]');
  const status = root && root.querySelector('[data-ciivs-search-status]');
  return !!status && status.textContent !== '' && status.textContent !== root.getAttribute('data-loading');
}"""


@pytest.fixture(scope="module")
def both_builds(tmp_path_factory) -> dict[str, Path]:
    """The same catalogue built sequentially and in parallel, each with its search index."""
    tmp = tmp_path_factory.mktemp("parallel")
    catalogue = shutil.copytree(ROOT / "catalogue", tmp / "catalogue")
    sites = {}
    for name, parallel in (("sequential", False), ("parallel", True)):
        options = Options(
            catalogue=catalogue,
            site=tmp / name / "site",
            staging=tmp / name / "staging",
            manifest=None,
            parallel=parallel,
        )
        with pytest.MonkeyPatch.context() as env:
            if not parallel:
                env.setenv("CIIVS_PLAIN_MKDOCS", "1")
            report = build_site(options)
        assert {"mkdocs", "search"} <= set(report.timings)
        sites[name] = options.site
    return sites


def _files(site: Path) -> dict[str, Path]:
    return {p.relative_to(site).as_posix(): p for p in site.rglob("*") if p.is_file()}


def test_same_files_and_same_bytes_outside_the_search_bundle(both_builds) -> None:
    sequential, parallel = _files(both_builds["sequential"]), _files(both_builds["parallel"])
    published = sorted(name for name in sequential if not name.startswith("pagefind/"))
    assert sorted(name for name in parallel if not name.startswith("pagefind/")) == published
    assert len(published) > 100
    differing = [
        name for name in published if _content(sequential[name]) != _content(parallel[name])
    ]
    assert differing == []


def _content(path: Path) -> bytes:
    # The gzip header's mtime is the build date: a build that crosses midnight would differ.
    return gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()


def test_sitemap_lists_every_page_of_every_language_once(both_builds) -> None:
    """Every page MkDocs built (each staged Markdown page, in its language) is listed once."""
    site = both_builds["parallel"]
    locs = ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}loc")
    listed = [
        loc.text.removeprefix(PREVIEW_URL) for loc in locs if loc.text.startswith(PREVIEW_URL)
    ]
    assert len(listed) == len(set(listed))
    staging = site.parent / "staging"
    home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser")
    default = home.html["lang"]  # served at the root
    expected = set()
    for folder in (p for p in staging.iterdir() if p.is_dir()):
        prefix = "" if folder.name == default else f"{folder.name}/"
        for page in folder.rglob("*.md"):
            path = page.relative_to(folder).with_suffix("").as_posix()
            path = path.removesuffix("index").removesuffix("/")
            expected.add(prefix + (f"{path}/" if path else ""))
    assert len(expected) > 100
    assert set(listed) == expected


def test_404_page_is_the_french_one(both_builds) -> None:
    page = (both_builds["parallel"] / "404.html").read_text("utf-8")
    assert BeautifulSoup(page, "html.parser").html["lang"] == "fr"


def _queries() -> list[tuple[str, str]]:
    """(language prefix, query): the first long word of a few titles, and a word from a summary."""
    catalogue, problems = check_catalogue(ROOT / "catalogue")
    assert not problems
    queries = []
    for kind in ("measures", "institutions", "programmes"):
        entry = sorted(catalogue.of(kind), key=lambda e: e.id)[0]
        title = entry.get("title") or entry.get("name")
        for lang, prefix in (("fr", ""), ("de", "/de")):
            words = [w for w in title[lang].split() if len(w) > 4] or [title[lang]]
            queries.append((prefix, words[0].strip(",.()")))
    return queries


@pytest.mark.browser
def test_same_search_results_in_both_languages(both_builds, browser) -> None:
    results: dict[str, list[list[str]]] = {}
    for name, site in both_builds.items():
        httpd, base = serve(site)
        context = browser.new_context()
        page = context.new_page()
        try:
            results[name] = []
            for prefix, query in _queries():
                page.goto(f"{base}{prefix}/recherche/?q={quote(query)}")
                page.wait_for_function(SEARCH_DONE, timeout=15_000)
                results[name].append(
                    page.eval_on_selector_all(
                        "[data-ciivs-search-results] a",
                        "links => links.map(a => new URL(a.href).pathname)",
                    )
                )
        finally:
            context.close()
            httpd.shutdown()
    assert all(results["sequential"]), "every query finds something"
    assert results["parallel"] == results["sequential"]


def test_a_warning_in_one_language_stops_the_parallel_build(tmp_path: Path) -> None:
    docs = shutil.copytree(ROOT / "docs", tmp_path / "docs")
    page = docs / "de" / "a-propos.md"
    page.write_text(page.read_text("utf-8") + "\n\n[Weg](gibt-es-nicht.md)\n", encoding="utf-8")
    options = Options(
        docs=docs, site=tmp_path / "site", staging=tmp_path / "staging", search=False, manifest=None
    )
    with pytest.raises(BuildFailed) as failed:
        build_site(options)
    assert any("WARNING" in l and "gibt-es-nicht.md" in l for l in failed.value.lines)
    assert not options.site.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["docs", "staging"]


def test_extras_written_beside_mkdocs_are_moved_into_its_folders(tmp_path: Path) -> None:
    """`move_into`: what the extras wrote while MkDocs built joins MkDocs' folders; a file at the
    same place is replaced (as the extras, written after MkDocs, used to replace it)."""
    site, extras = tmp_path / "site", tmp_path / "extras"
    for path, text in {
        site / "donnees" / "index.html": "page",
        site / "de" / "index.html": "Seite",
        site / "sitemap.xml": "old",
        extras / "donnees" / "mesures" / "a.fr.json": "{}",
        extras / "de" / "admin" / "index.html": "Editor",
        extras / "sitemap.xml": "new",
        extras / "go" / "mesures" / "a" / "index.html": "go",
    }.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")

    move_into(extras, site)

    found = {p.relative_to(site).as_posix(): p.read_text("utf-8") for p in site.rglob("*.*")}
    assert found == {
        "donnees/index.html": "page",
        "donnees/mesures/a.fr.json": "{}",
        "de/index.html": "Seite",
        "de/admin/index.html": "Editor",
        "sitemap.xml": "new",
        "go/mesures/a/index.html": "go",
    }
    assert not extras.exists()
