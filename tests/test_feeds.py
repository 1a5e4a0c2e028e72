"""Feeds of new and changed measures, the dates behind them, and the links every page's head
gives to crawlers and feed readers."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest
from bs4 import BeautifulSoup

from ciivs.catalogue.check import check_catalogue
from ciivs.catalogue.history import change_dates
from ciivs.catalogue.urls import PREVIEW_URL
from conftest import CATALOGUE, LANGS, VALID
from sitekit import built_site  # noqa: F401

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture(scope="module")
def catalogue():
    found, problems = check_catalogue(CATALOGUE)
    assert problems == []
    return found


@pytest.mark.parametrize("lang", LANGS)
def test_feed_parses_and_lists_every_measure_by_its_last_change(built_site, catalogue, lang):
    raw = (built_site / "donnees" / f"mesures.{lang}.atom").read_bytes()
    feed = feedparser.parse(raw)

    assert feed.bozo == 0, feed.get("bozo_exception")
    assert feed.version == "atom10"
    changed = change_dates(catalogue)
    expected = {
        f"urn:uuid:{m['uuid']}": changed[("measures", m.id)] for m in catalogue.of("measures")
    }
    got = {e.id: dt.datetime(*e.updated_parsed[:6], tzinfo=dt.UTC) for e in feed.entries}
    assert got == expected
    stamps = [got[e.id] for e in feed.entries]
    assert stamps == sorted(stamps, reverse=True), "newest change first"
    titles = {e.id: e.title for e in feed.entries}
    for measure in catalogue.of("measures"):
        assert titles[f"urn:uuid:{measure['uuid']}"] == measure["title"][lang]
    assert dt.datetime(*feed.feed.updated_parsed[:6], tzinfo=dt.UTC) == max(expected.values())


@pytest.mark.parametrize("lang", LANGS)
def test_feed_has_the_elements_rfc_4287_requires(built_site, lang):
    root = ET.parse(built_site / "donnees" / f"mesures.{lang}.atom").getroot()
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert root.find(f"{ATOM}{name}") is not None, f"feed without {name}"
    assert root.find(f"{ATOM}author/{ATOM}name").text
    assert root.find(f"{ATOM}link[@rel='self']") is not None  # "SHOULD" in RFC 4287
    entries = root.findall(f"{ATOM}entry")
    assert entries
    for entry in entries:
        for name in ("id", "title", "updated"):
            assert entry.find(f"{ATOM}{name}").text, f"entry without {name}"
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        # An entry without content must link to it; ours have both.
        assert link is not None and entry.find(f"{ATOM}content") is not None
        page = link.get("href").removeprefix(PREVIEW_URL)
        assert (built_site / page / "index.html").is_file(), page


def test_sitemap_lastmod_is_the_entry_change_date(built_site, catalogue):
    urls = ET.parse(built_site / "sitemap.xml").getroot().iter(f"{SITEMAP}url")
    lastmod = {url.findtext(f"{SITEMAP}loc"): url.findtext(f"{SITEMAP}lastmod") for url in urls}
    for (kind, entry_id), when in change_dates(catalogue).items():
        if kind != "measures":
            continue
        assert lastmod[f"{PREVIEW_URL}mesures/{entry_id}/"] == when.date().isoformat()
        assert lastmod[f"{PREVIEW_URL}de/mesures/{entry_id}/"] == when.date().isoformat()


def _git(folder: Path, *args: str, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "t",
        "GIT_AUTHOR_EMAIL": "t@example.org",
        "GIT_COMMITTER_NAME": "t",
        "GIT_COMMITTER_EMAIL": "t@example.org",
    }
    subprocess.run(["git", "-C", str(folder), *args], env=env, check=True, capture_output=True)


def test_change_dates_come_from_the_last_content_commit(tmp_path: Path) -> None:
    repo = tmp_path / "repo"
    shutil.copytree(VALID, repo / "catalogue")
    _git(repo, "init", "-q", when="2026-01-01T10:00:00+00:00")
    _git(repo, "add", "-A", when="2026-01-05T10:00:00+00:00")
    _git(repo, "commit", "-qm", "first", when="2026-01-05T10:00:00+00:00")
    measure = repo / "catalogue" / "measures" / "formavenir.yml"
    measure.write_text(
        measure.read_text(encoding="utf-8").replace("FormAvenir", "FormAvenir+"), encoding="utf-8"
    )
    _git(repo, "commit", "-qam", "content", when="2026-02-10T09:30:00+00:00")
    sas = repo / "catalogue" / "institutions" / "sas.yml"
    sas.write_text(sas.read_text(encoding="utf-8") + "# reformatted\n", encoding="utf-8")
    _git(repo, "commit", "-qam", "mechanical", when="2026-03-01T08:00:00+00:00")
    mechanical = subprocess.run(
        ["git", "-C", str(repo), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()
    (repo / ".git-blame-ignore-revs").write_text(f"# formatting\n{mechanical}\n", encoding="utf-8")

    catalogue, problems = check_catalogue(repo / "catalogue")
    assert problems == []
    dates = change_dates(catalogue)

    assert dates[("measures", "formavenir")] == dt.datetime(2026, 2, 10, 9, 30, tzinfo=dt.UTC)
    assert dates[("institutions", "sas")] == dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)
    assert dates[("institutions", "dssc")] == dt.datetime(2026, 1, 5, 10, 0, tzinfo=dt.UTC)


class _Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.lang = ""

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = values.get("lang", "")
        if tag == "link":
            self.links.append(values)


def _pages(site: Path) -> list[Path]:
    return [
        p
        for p in site.rglob("index.html")
        # /fr/ mirrors and /go/ permalinks are redirects or choosers, not pages with content;
        # /embed/ lists are fragments for partners' iframes, without the site's head and chrome.
        # admin/ is the editors' form editor, not a page for readers.
        if p.relative_to(site).parts[0] not in ("fr", "go", "assets", "pagefind", "admin")
        and "embed" not in p.relative_to(site).parts[:2]
        and 'http-equiv="refresh"' not in p.read_text(encoding="utf-8")
    ]


def test_every_page_head_names_its_language_versions_and_the_feed(built_site) -> None:
    pages = _pages(built_site)
    assert len(pages) > 50
    for page in pages:
        head = _Head()
        head.feed(page.read_text(encoding="utf-8"))
        alternates = [l for l in head.links if "alternate" in l.get("rel", "").split()]
        langs = {l["hreflang"]: l["href"] for l in alternates if "type" not in l}
        assert set(langs) == {*LANGS, "x-default"}, page
        own = page.parent.relative_to(built_site).as_posix()
        assert langs[head.lang] == PREVIEW_URL + ("" if own == "." else own + "/"), page
        for href in langs.values():
            target = built_site / href.removeprefix(PREVIEW_URL) / "index.html"
            assert target.is_file(), (page, href)
        [feed] = [l for l in alternates if l.get("type") == "application/atom+xml"]
        assert feed["href"] == f"{PREVIEW_URL}donnees/mesures.{head.lang}.atom"
        assert (built_site / "donnees" / f"mesures.{head.lang}.atom").is_file()


@pytest.mark.parametrize("lang", LANGS)
def test_measure_list_links_to_its_feed(built_site, lang) -> None:
    page = built_site / ("" if lang == "fr" else "de") / "mesures" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    href = soup.find("a", type="application/atom+xml", href=True)["href"]
    assert (page.parent / href).resolve() == (
        built_site / "donnees" / f"mesures.{lang}.atom"
    ).resolve()
