"""What a printed measure or institution carries: the site, the page's address and its QR code,
the permalink and the date of the last review. Shown on paper only (site.css, @media print).

The QR code is drawn at build time (segno, SVG inline): nothing is fetched when printing.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import lru_cache

import segno
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


def print_facts(entry: Entry, lang: str, base: str, as_of: str | None) -> PrintFacts:
    """The facts of the printed sheet of one entry page in one language. A sheet carries the
    date of its information, never the day a file changed: a sheet handed on in 2026 must not
    make 2023 information look new."""
    address = page_url(base, lang, url_of(entry.kind, entry.id))
    reviewed = entry.get("last_reviewed")
    return PrintFacts(address, base + permalink_path(entry), qr_svg(address), reviewed, as_of)


@lru_cache(maxsize=4096)
def qr_svg(address: str) -> Markup:
    """The address as a QR code, an inline SVG without XML declaration (safe: made by segno)."""
    out = io.BytesIO()
    # A fixed mask: choosing the best of the eight costs five times as long (pure Python), and
    # any mask scans; level M survives a fold or a stain on paper.
    # A viewBox instead of a fixed size, so that the style sheet's size scales it (a fixed width
    # and height cropped it); a quiet zone of four modules, as the standard asks, for scanners.
    segno.make(address, error="m", mask=0, micro=False).save(
        out,
        kind="svg",
        xmldecl=False,
        svgns=True,
        scale=3,
        border=4,
        title=address,
        nl=False,
        omitsize=True,
        svgclass="ciivs-qr",
    )
    svg = out.getvalue().decode("utf-8")
    return Markup(svg.replace("<svg ", '<svg role="img" aria-hidden="true" ', 1))
