"""Language-neutral permalinks: /go/<section>/<id>/ for every entry, old ids included.

A bilingual partner prints or mails one address; the page sends each reader to the entry in the
first of their browser's languages the site has (go.js), and offers every language as a plain
link, so it works without JavaScript too.
"""

from __future__ import annotations

import html
from pathlib import Path

from ciivs.catalogue.kinds import url_of
from ciivs.catalogue.labels import labels_of
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.naming import display_name
from ciivs.catalogue.urls import FAVICON, GO

SCRIPT = "assets/ciivs/go.js"
STYLE = "assets/ciivs/go.css"


def permalink_path(entry: Entry) -> str:
    """The permalink's path from the site root: 'go/mesures/formavenir/'."""
    return f"{GO}/{url_of(entry.kind, entry.id)}"


def write_permalinks(site: Path, catalogue: Catalogue) -> int:
    """One chooser page per entry id (and per former id); returns how many were written."""
    languages = catalogue.languages
    words = {lang.code: labels_of(catalogue.root, lang) for lang in languages}
    written = 0
    for entry in catalogue.all():
        for entry_id in (entry.id, *entry.get("former_ids", [])):
            folder = site / GO / url_of(entry.kind, entry_id)
            root = "../" * (folder.relative_to(site).as_posix().count("/") + 1)
            links = [
                (
                    lang.code,
                    root + lang.prefix + url_of(entry.kind, entry.id),
                    display_name(entry, lang),
                    words[lang.code]["go_read"] + words[lang.code]["colon"],
                )
                for lang in languages
            ]
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "index.html").write_text(
                chooser_page(links, root, words[languages[0].code]["site_name"]),
                encoding="utf-8",
            )
            written += 1
    return written


def chooser_page(links: list[tuple[str, str, str, str]], root: str, site_name: str) -> str:
    """The page: every language version as a link, each in its own language.

    `links` holds (language code, relative address, entry name, "Read in …:") per language.
    """
    default = links[0][0]
    items = "".join(
        f'<li lang="{code}"><a href="{html.escape(href)}" hreflang="{code}">'
        f"{html.escape(read)} {html.escape(name)}</a></li>"
        for code, href, name, read in links
    )
    return (
        f'<!doctype html><html lang="{default}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width,initial-scale=1">'
        f"<title>{html.escape(links[0][2])} – {html.escape(site_name)}</title>"
        '<meta name="robots" content="noindex">'
        f'<link rel="canonical" href="{html.escape(links[0][1])}">'
        f'<link rel="icon" href="{html.escape(root + FAVICON)}">'
        f'<script src="{html.escape(root + SCRIPT)}" defer></script>'
        f'<link rel="stylesheet" href="{html.escape(root + STYLE)}">'
        f"</head><body><main><h1>{html.escape(links[0][2])}</h1>"
        f"<ul data-ciivs-go>{items}</ul></main></body></html>"
    )
