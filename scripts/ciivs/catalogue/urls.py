"""The site's public address: required for a production build, a placeholder for a local preview.

Canonical links, the sitemap, feeds, permalinks and the open-data files carry absolute URLs, so a
production build without `CIIVS_SITE_URL` would ship `http://localhost:8000/` to partners.
`CIIVS_PREVIEW=1` (set by `make serve` and the tests) asks for a local preview instead.
"""

from __future__ import annotations

from pathlib import Path

from ciivs import environ
from ciivs.catalogue.languages import SITE_LANGUAGES

PREVIEW_URL = "http://localhost:8000/"

# The site's URL sections that are not a kind's (kinds.py holds those). Part of the published URL
# scheme, the same in every language: never change one.
DATA = "donnees"  # open-data files and their page
FINDER = "trouver"  # "What is for me?", one page per answer
SEARCH = "recherche"
EMBED = "embed"  # the embeddable measure list
GO = "go"  # permalinks by uuid
SHEET = "fiche"  # the hand-off sheet: /fiche/?m=<id>&m=<id>
SHEET_CARDS = f"{SHEET}/cartes"  # its measure cards, pieces of HTML that are not pages
FAVICON = "assets/ciivs/favicon.svg"  # theme.favicon in mkdocs.yml
ADMIN = "admin"  # the form editor for editors (not a page for citizens; not in the URL promise)
MISSING = (
    "CIIVS_SITE_URL is not set: a production build needs the public address of the site, "
    "e.g. CIIVS_SITE_URL=https://catalogue.cii-valais.ch/ make site; for a local preview build "
    "set CIIVS_PREVIEW=1 (make site PREVIEW=1)"
)


class MissingSiteUrl(Exception):
    """A production build was asked for without the public address."""


def is_preview() -> bool:
    return environ.flag(environ.PREVIEW)


def public_url() -> str:
    """The site's address with a final slash; the preview placeholder only when asked for."""
    url = environ.value(environ.SITE_URL).strip()
    if url:
        return url.rstrip("/") + "/"
    if is_preview():
        return PREVIEW_URL
    raise MissingSiteUrl(MISSING)


def page_url(base: str, lang: str, path: str) -> str:
    """Absolute address of a page path ('mesures/x/') in one language; French is at the root."""
    return base + ("" if lang == SITE_LANGUAGES[0].code else f"{lang}/") + path


def read_manifest(manifest: Path) -> list[str]:
    """The URLs a site has promised (catalogue/published-urls.txt); none when it does not exist."""
    if not manifest.exists():
        return []
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]
