"""The URL promise: every URL the site has published keeps working (catalogue/published-urls.txt)."""

from __future__ import annotations

from pathlib import Path

from ciivs.catalogue.languages import SITE_LANGUAGES
from ciivs.catalogue.urls import read_manifest
from ciivs.pages.published import published_urls

# The default language's pages are mirrored under its code (/fr/...); mirrors follow the pages.
_MIRROR = f"/{SITE_LANGUAGES[0].code}/"


def check_url_promise(site: Path, manifest: Path) -> tuple[list[str], list[str]]:
    """URLs in the manifest that the site lost (an error), and new URLs not yet in it (a note)."""
    built = {u for u in published_urls(site) if not u.startswith(_MIRROR)}
    promised = set(read_manifest(manifest))
    return sorted(promised - built), sorted(built - promised)


def write_manifest(site: Path, manifest: Path) -> int:
    """Record every published URL (without the /fr/ mirrors) as the new promise."""
    urls = [u for u in published_urls(site) if not u.startswith(_MIRROR)]
    header = (
        "# Every URL this site has published. A URL listed here must keep working:\n"
        "# when an id is renamed, list the old id in `former_ids` of the entry.\n"
        "# Update with `make urls` after adding entries.\n"
    )
    manifest.write_text(header + "\n".join(urls) + "\n", encoding="utf-8")
    return len(urls)
