"""What a built site publishes: the URL of every page and open-data file."""

from __future__ import annotations

from pathlib import Path

from ciivs.catalogue.urls import ADMIN, DATA


def published_urls(site: Path) -> list[str]:
    """Every page URL of a built site ('/', '/mesures/x/', '/de/...'), redirect pages included,
    and every open-data file ('/donnees/hsds-services.fr.json'): partners' programs read those.
    The form editor (/admin/) is a tool, not a promise to readers."""
    urls = []
    for index in site.rglob("index.html"):
        rel = index.parent.relative_to(site).as_posix()
        # Not pages for readers: the search's and theme's files, the editors' form editor.
        if rel.split("/")[0] in ("pagefind", "assets", ADMIN):
            continue
        urls.append("/" if rel == "." else f"/{rel}/")
    data = site / DATA
    if data.is_dir():
        urls += [
            f"/{DATA}/{f.relative_to(data).as_posix()}"
            for f in data.rglob("*")
            if f.is_file() and f.suffix != ".html"
        ]
    return sorted(urls)
