"""A third language by configuration alone: the test catalogue adds Italian (optional, falling
back to French) to French and German, with no change to the code.

The catalogue is tests/fixtures/valid plus tests/fixtures/third-language (languages.yml, Italian
labels, Italian texts for some entries, one Italian hand-written page). The site is built once;
the tests read its pages and its sitemap, and search it in Chromium as a reader would.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup

from ciivs.build.pipeline import Options, build_site
from ciivs.catalogue.kinds import REGISTRY, url_of
from conftest import FIXTURES, ROOT, run_check
from sitekit import browser, serve  # noqa: F401

THIRD = FIXTURES / "third-language"
LANGS = [lang["code"] for lang in yaml.safe_load((THIRD / "languages.yml").read_text("utf-8"))]
PREFIX = {lang: "/" if i == 0 else f"/{lang}/" for i, lang in enumerate(LANGS)}
ITALIAN = yaml.safe_load((THIRD / "labels" / "it.yml").read_text(encoding="utf-8"))
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


def _catalogue(folder: Path) -> Path:
    """The valid test catalogue with the third language laid over it."""
    shutil.copytree(FIXTURES / "valid", folder, ignore=shutil.ignore_patterns("*.txt"))
    shutil.copytree(
        THIRD, folder, dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.txt", "docs")
    )
    for code in LANGS[:2]:
        shutil.copy(ROOT / "catalogue" / "labels" / f"{code}.yml", folder / "labels")
    # Labels added to the site after the Italian file was written: the test names them and
    # writes them in French, so that adding a label elsewhere does not break this test.
    french = yaml.safe_load((folder / "labels" / "fr.yml").read_text(encoding="utf-8"))
    later = {key: text for key, text in french.items() if key not in ITALIAN}
    if later:
        with (folder / "labels" / "it.yml").open("a", encoding="utf-8") as file:
            file.write("# Added since the Italian labels were written:\n")
            file.write(yaml.safe_dump(later, allow_unicode=True, width=10_000))
    return folder


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("third-language")
    docs = work / "docs"
    shutil.copytree(ROOT / "docs", docs)
    shutil.copytree(THIRD / "docs", docs, dirs_exist_ok=True)
    options = Options(
        catalogue=_catalogue(work / "catalogue"),
        docs=docs,
        staging=work / "staging",
        site=work / "site",
        manifest=None,
        display="catalogue",
    )
    build_site(options)
    return options.site


def _pages(site: Path, lang: str) -> set[str]:
    """Paths of the pages of one language, without its prefix: 'mesures/formavenir/'."""
    others = tuple(f"{code}/" for code in LANGS)
    found = set()
    for index in site.rglob("index.html"):
        rel = index.parent.relative_to(site).as_posix()
        rel = "" if rel == "." else rel + "/"
        # Permalinks (go/) are language-neutral: one page at the root offers every language.
        # The form editor (admin/) has one page per interface language under its own folder.
        if rel.startswith(("pagefind/", "assets/", "go/", "admin/")) or _is_redirect(index):
            continue
        if lang == LANGS[0] and not rel.startswith(others):
            found.add(rel)
        elif lang != LANGS[0] and rel.startswith(f"{lang}/"):
            found.add(rel.removeprefix(f"{lang}/"))
    return found


def _is_redirect(index: Path) -> bool:
    return 'http-equiv="refresh"' in index.read_text(encoding="utf-8")[:600]


def _html(site: Path, lang: str, path: str) -> BeautifulSoup:
    file = site / PREFIX[lang].lstrip("/") / path / "index.html"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "html.parser")


def test_every_page_exists_in_the_three_languages(site: Path) -> None:
    pages = {lang: _pages(site, lang) for lang in LANGS}
    assert "mesures/formavenir/" in pages["fr"] and len(pages["fr"]) > 10
    for lang in LANGS[1:]:
        assert pages[lang] == pages["fr"], f"{lang}: {pages[lang] ^ pages['fr']}"


def test_pages_say_their_language(site: Path) -> None:
    for lang in LANGS:
        for path in ("", "mesures/formavenir/", "a-propos/"):
            assert _html(site, lang, path).html["lang"] == lang, (lang, path)


def test_italian_pages_are_in_italian(site: Path) -> None:
    home = _html(site, "it", "").get_text()
    assert ITALIAN["home_situations"] in home
    measure = _html(site, "it", "mesures/formavenir/").get_text()
    assert "apprendisti dai 15 ai 25 anni" in measure
    assert "1º agosto 2023" in measure  # the Italian date format, from the labels


def _switch(page: BeautifulSoup) -> dict[str, str]:
    """The language switch: hreflang -> link."""
    return {a["hreflang"]: a["href"] for a in page.select("a.md-select__link[href][hreflang]")}


@pytest.mark.parametrize("path", ["", "mesures/formavenir/", "publics/jeunes-en-formation/"])
def test_language_switch_offers_three_and_lands_on_the_same_page(site: Path, path: str) -> None:
    for lang in LANGS:
        page_url = f"http://example.org{PREFIX[lang]}{path}"
        links = _switch(_html(site, lang, path))
        assert sorted(links) == sorted(LANGS)
        for target, href in links.items():
            assert urlsplit(urljoin(page_url, href)).path == f"{PREFIX[target]}{path}"


def test_sitemap_lists_every_language_as_alternate(site: Path) -> None:
    entries = ET.parse(site / "sitemap.xml").getroot().iter(f"{SITEMAP}url")
    measure = [
        e for e in entries if e.findtext(f"{SITEMAP}loc").endswith("/it/mesures/formavenir/")
    ]
    assert len(measure) == 1
    alternates = {
        link.get("hreflang"): link.get("href") for link in measure[0].iter(f"{XHTML}link")
    }
    assert sorted(alternates) == sorted(LANGS)
    for lang, href in alternates.items():
        assert urlsplit(href).path == f"{PREFIX[lang]}mesures/formavenir/"


def test_one_pagefind_index_per_language(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert sorted(entry["languages"]) == sorted(LANGS)


def test_missing_italian_text_is_shown_in_french_marked_and_noted(site: Path) -> None:
    summary_fr = yaml.safe_load(
        (THIRD / "target-groups" / "jeunes-en-formation.yml").read_text(encoding="utf-8")
    )["summary"]["fr"]
    page = _html(site, "it", "publics/jeunes-en-formation/")
    assert ITALIAN["fallback_note"] in page.get_text()
    marked = page.find(class_="ciivs-lead").find("span", lang="fr")
    assert marked and marked.get_text() == summary_fr
    # A text the entry has in Italian is shown as it is, unmarked.
    lead = _html(site, "it", "mesures/formavenir/").find("p", class_="ciivs-lead")
    assert "apprendisti dai 15 ai 25 anni" in lead.get_text() and not lead.find(lang=True)


def test_missing_hand_written_page_is_the_french_one_marked_and_noted(site: Path) -> None:
    title = _html(site, "fr", "accessibilite/").h1.get_text().strip()
    page = _html(site, "it", "accessibilite/")
    assert ITALIAN["fallback_note"] in page.get_text()
    block = page.find("div", lang="fr")
    assert block and title in block.get_text()
    # The Italian page the catalogue has is shown as it is.
    assert ITALIAN["fallback_note"] not in _html(site, "it", "a-propos/").get_text()


@pytest.fixture(scope="module")
def third_server(site: Path):
    httpd, base = serve(site)
    yield base
    httpd.shutdown()


@pytest.mark.parametrize("query", ["FormAvenir", "apprendisti"])
def test_search_in_italian_returns_italian_pages_only(
    browser, third_server: str, query: str
) -> None:
    context = browser.new_context()
    page = context.new_page()
    try:
        page.goto(f"{third_server}/it/recherche/?q={query}", wait_until="load")
        links = page.locator("[data-ciivs-search-results] a")
        links.first.wait_for(timeout=15_000)
        hrefs = [
            urlsplit(urljoin(page.url, h)).path
            for h in links.evaluate_all("a => a.map(x => x.getAttribute('href'))")
        ]
    finally:
        context.close()
    assert "/it/mesures/formavenir/" in hrefs
    assert all(h.startswith("/it/") for h in hrefs), hrefs


def test_the_editors_report_compares_the_third_language_with_the_default(tmp_path: Path) -> None:
    """An Italian text left as the French one is named on its Italian line, as a German would be."""
    root = _catalogue(tmp_path / "catalogue")
    measure = root / "measures" / "formavenir.yml"
    summary = yaml.safe_load(measure.read_text(encoding="utf-8"))["summary"]
    lines = measure.read_text(encoding="utf-8").splitlines(keepends=True)
    line = lines.index(f"  it: {summary['it']}\n")
    lines[line] = f"  it: {summary['fr']}\n"
    measure.write_text("".join(lines), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT / "scripts")}
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "ciivs",
            "report",
            str(root),
            "--today",
            "2026-12-02",
            "--no-history",
        ],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    expected = f"formavenir.yml:{line + 1}: SAME_IN_BOTH_LANGUAGES summary is the same in French and Italian"
    assert any(expected in found for found in result.stdout.splitlines()), result.stdout


def test_a_required_third_language_makes_missing_texts_errors(tmp_path: Path) -> None:
    root = _catalogue(tmp_path / "catalogue")
    languages = root / "languages.yml"
    languages.write_text(
        languages.read_text(encoding="utf-8").replace(
            "required: false\n  fallback: fr", "required: true"
        ),
        encoding="utf-8",
    )
    result = run_check(root)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    # The target group has an Italian name but no Italian summary: that line is named.
    summary_line = next(
        i
        for i, line in enumerate(
            (root / "target-groups" / "jeunes-en-formation.yml").read_text("utf-8").splitlines(), 1
        )
        if line.startswith("summary:")
    )
    assert re.search(
        rf"target-groups/jeunes-en-formation\.yml:{summary_line}: MISSING_TRANSLATION summary has no Italian text \(it\)",
        output,
    ), output


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("kind", [k.name for k in REGISTRY])
def test_every_kind_in_every_language(site: Path, kind: str, lang: str) -> None:
    """The registry's every kind, its list and (where the fixture has entries) its first entry,
    in each of the fixture's languages: the page says its language, has a title, and its switch
    offers every language."""
    folder = site / url_of(kind)
    entries = sorted(
        p.name for p in folder.iterdir() if p.is_dir() and not _is_redirect(p / "index.html")
    )
    for path in [url_of(kind), *(url_of(kind, e) for e in entries[:1])]:
        page = _html(site, lang, path)
        assert page.html["lang"] == lang, (lang, path)
        assert page.title and page.title.get_text(strip=True), (lang, path)
        assert sorted(_switch(page)) == sorted(LANGS), (lang, path)


@pytest.mark.parametrize("lang", LANGS)
def test_search_and_embed_in_every_language(site: Path, lang: str) -> None:
    for path in ("recherche/", "embed/mesures/"):
        page = _html(site, lang, path)
        assert page.html["lang"] == lang, (lang, path)
