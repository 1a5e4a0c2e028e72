"""Atom feeds (RFC 4287) of new and changed measures, one per language, and sitemap dates.

An entry's `updated` is when its content last changed (`changes.py`), never the build date, so
a feed reader shows a measure again only when it really changed. Ids are `urn:uuid:` of the
entries' permanent uuids: a renamed measure is not a new one.
"""

from __future__ import annotations

import datetime as dt
import gzip
import re
from collections.abc import Mapping
from pathlib import Path
from xml.etree import ElementTree as ET

from ciivs.catalogue.history import change_dates
from ciivs.catalogue.kinds import url_of
from ciivs.catalogue.model import Catalogue
from ciivs.catalogue.status import Said
from ciivs.catalogue.urls import DATA, page_url
from ciivs.formats.plaintext import plain_text

ATOM = "http://www.w3.org/2005/Atom"
FEED_NAME = "mesures.{lang}.atom"


def atom_feed(
    catalogue: Catalogue,
    lang: str,
    base: str,
    changed: dict[tuple[str, str], dt.datetime],
    words: dict[str, str],
    said: Mapping[str, Said],
) -> bytes:
    """The feed of one language; `words` holds its title, the site name and the licence note;
    `said`, each measure's reader status (its code is the category, its words the label)."""
    ET.register_namespace("", ATOM)
    measures = sorted(
        catalogue.of("measures"), key=lambda m: (changed[("measures", m.id)], m.id), reverse=True
    )
    self_url = f"{base}{DATA}/{FEED_NAME.format(lang=lang)}"
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": lang})
    _text(feed, "id", self_url)
    _text(feed, "title", words["title"])
    _text(
        feed, "updated", _stamp(max((changed[("measures", m.id)] for m in measures), default=None))
    )
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="self", type="application/atom+xml", href=self_url)
    list_url = page_url(base, lang, url_of("measures"))
    ET.SubElement(feed, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=list_url)
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", words["author"])
    _text(feed, "rights", words["rights"])
    for measure in measures:
        entry = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(entry, "id", f"urn:uuid:{measure['uuid']}")
        _text(entry, "title", measure["title"][lang])
        _text(entry, "updated", _stamp(changed[("measures", measure.id)]))
        url = page_url(base, lang, url_of("measures", measure.id))
        ET.SubElement(entry, f"{{{ATOM}}}link", rel="alternate", type="text/html", href=url)
        _text(entry, "summary", measure["summary"][lang])
        content = _text(entry, "content", plain_text(measure["description"][lang]))
        content.set("type", "text")
        status = said[measure.id]
        ET.SubElement(
            entry, f"{{{ATOM}}}category", term=status.status.code, label=status.words[lang]
        )
    ET.indent(feed)
    return ET.tostring(feed, encoding="utf-8", xml_declaration=True) + b"\n"


def date_sitemap(site: Path, catalogue: Catalogue, base: str) -> None:
    """Rewrite the built sitemap (and its .gz) with the entries' change dates as lastmod."""
    sitemap = site / "sitemap.xml"
    if not sitemap.exists():
        return
    text = sitemap_with_dates(
        sitemap.read_text(encoding="utf-8"), base, catalogue, change_dates(catalogue)
    )
    sitemap.write_text(text, encoding="utf-8")
    with gzip.GzipFile(site / "sitemap.xml.gz", mode="wb", mtime=0) as packed:
        packed.write(text.encode("utf-8"))


def sitemap_with_dates(
    sitemap: str, base: str, catalogue: Catalogue, changed: dict[tuple[str, str], dt.datetime]
) -> str:
    """The sitemap with each entry page's <lastmod> set to the day its entry last changed, and
    each list page's to the latest change of its kind."""
    dates: dict[str, str] = {}
    for (kind, entry_id), when in changed.items():
        day = when.date().isoformat()
        for lang in [language.code for language in catalogue.languages]:
            dates[page_url(base, lang, url_of(kind, entry_id))] = day
            listed = page_url(base, lang, url_of(kind))
            dates[listed] = max(dates.get(listed, day), day)

    def replace(match: re.Match[str]) -> str:
        day = dates.get(match["loc"])
        return match[0] if day is None else f"{match['head']}<lastmod>{day}</lastmod>"

    return re.sub(
        r"(?P<head><loc>(?P<loc>[^<]+)</loc>\s*)<lastmod>[^<]*</lastmod>", replace, sitemap
    )


def _text(parent: ET.Element, name: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}")
    element.text = text
    return element


def _stamp(when: dt.datetime | None) -> str:
    when = when or dt.datetime(2000, 1, 1, tzinfo=dt.UTC)
    return when.astimezone(dt.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
