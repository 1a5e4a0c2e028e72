"""What a printed measure or institution carries: the site, the page's address and its QR code,
the permalink and the date of the last review. Shown on paper only (site.css, @media print).

The QR code is drawn at build time (`qrcodes`, SVG inline): nothing is fetched when printing.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup

from ciivs.catalogue.kinds import url_of
from ciivs.catalogue.model import Entry
from ciivs.catalogue.urls import page_url
from ciivs.pages.permalinks import permalink_path


@dataclass(frozen=True)
class PrintFacts:
    address: str
    permalink: str
    qr: Markup
    reviewed: str | None  # the last confirmation, when the entry records one
    as_of: str | None  # else: the date the information dates from (its newest source)


def print_facts(
    entry: Entry, lang: str, base: str, as_of: str | None, qr: Callable[[str], Markup]
) -> PrintFacts:
    """The facts of the printed sheet of one entry page in one language (`qr` draws an address).
    A sheet carries the date of its information, never the day a file changed: a sheet handed on
    in 2026 must not make 2023 information look new."""
    address = page_url(base, lang, url_of(entry.kind, entry.id))
    reviewed = entry.get("last_reviewed")
    return PrintFacts(address, base + permalink_path(entry), qr(address), reviewed, as_of)
