"""Stages after MkDocs: redirect pages, open data, the URL promise, and the swap into site/."""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

from .catalogue import Catalogue
from .views import LANGS, SECTIONS

DEFAULT_LANG = LANGS[0]


def published_urls(site: Path) -> list[str]:
    """Every page URL of a built site ('/', '/mesures/x/', '/de/...'), redirect pages included."""
    urls = []
    for index in site.rglob("index.html"):
        rel = index.parent.relative_to(site).as_posix()
        if rel.split("/")[0] in ("pagefind", "assets"):
            continue
        urls.append("/" if rel == "." else f"/{rel}/")
    return sorted(urls)


_REDIRECT_TITLES = {"fr": "Redirection", "de": "Weiterleitung"}
FAVICON = "assets/ciivs/favicon.svg"  # theme.favicon in mkdocs.yml


def redirect_page(target: str, lang: str, root: str = "") -> str:
    """A tiny page that sends browsers and crawlers to `target` (a relative URL).

    `root` leads from the page to the site root. The page names the site's icon: without one,
    browsers ask for /favicon.ico, which the site does not have (a 404 in the console).
    """
    href = html.escape(target)
    icon = html.escape(root + FAVICON)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{_REDIRECT_TITLES.get(lang, _REDIRECT_TITLES[DEFAULT_LANG])}</title>"
        f'<meta name="robots" content="noindex"><link rel="icon" href="{icon}">'
        f'<link rel="canonical" href="{href}"><meta http-equiv="refresh" content="0; url={href}">'
        f'</head><body><p><a href="{href}">{href}</a></p></body></html>'
    )


def write_redirects(site: Path, catalogue: Catalogue) -> int:
    """`/fr/...` mirrors of every French page, and old ids of renamed entries. Returns the count."""
    written = 0
    french = [u for u in published_urls(site) if not u.startswith(tuple(f"/{l}/" for l in LANGS))]
    for url in french:
        depth = url.count("/") - 1 + 1  # one more level: the /fr/ prefix
        _write_redirect(
            site / "fr" / url.strip("/"),
            "../" * depth + url.strip("/") + ("/" if url != "/" else ""),
            DEFAULT_LANG,
            "../" * depth,
        )
        written += 1
    for entry in catalogue.all():
        section = SECTIONS[entry.kind]
        for old in entry.get("former_ids", []):
            for prefix in ("", *[f"{l}/" for l in LANGS]):
                lang = prefix.strip("/") or DEFAULT_LANG
                target_prefix = "" if prefix == "fr/" else prefix
                old_dir = site / prefix / section / old
                depth = (prefix.count("/")) + 2
                _write_redirect(
                    old_dir,
                    "../" * depth + f"{target_prefix}{section}/{entry.id}/",
                    lang,
                    "../" * depth,
                )
                written += 1
    return written


def _write_redirect(folder: Path, target: str, lang: str, root: str) -> None:
    index = folder / "index.html"
    if index.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    index.write_text(redirect_page(target, lang, root), encoding="utf-8")


def check_url_promise(site: Path, manifest: Path) -> tuple[list[str], list[str]]:
    """URLs in the manifest that the site lost (an error), and new URLs not yet in it (a note)."""
    built = {u for u in published_urls(site) if not u.startswith("/fr/")}
    promised = set(_read_manifest(manifest))
    return sorted(promised - built), sorted(built - promised)


def write_manifest(site: Path, manifest: Path) -> int:
    """Record every published URL (without the /fr/ mirrors) as the new promise."""
    urls = [
        u for u in published_urls(site) if not u.startswith("/fr/")
    ]  # mirrors follow the French pages
    header = (
        "# Every URL this site has published. A URL listed here must keep working:\n"
        "# when an id is renamed, list the old id in `former_ids` of the entry.\n"
        "# Update with `make urls` after adding entries.\n"
    )
    manifest.write_text(header + "\n".join(urls) + "\n", encoding="utf-8")
    return len(urls)


def _read_manifest(manifest: Path) -> list[str]:
    if not manifest.exists():
        return []
    lines = manifest.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def swap_into_place(built: Path, site: Path) -> None:
    """Replace `site` by `built` with two renames, so no half-built site is ever in place."""
    old = site.with_name(f".{site.name}-old")
    if old.exists():
        shutil.rmtree(old)
    try:
        if site.exists():
            os.replace(site, old)
        os.replace(built, site)
    except BaseException:
        # Interrupted (Ctrl-C, SIGTERM) or failed between the two renames: the old site goes back.
        recover_interrupted_swap(site)
        raise
    if old.exists():
        shutil.rmtree(old)


def recover_interrupted_swap(site: Path) -> None:
    """If a previous run stopped between the two renames, put the old site back."""
    old = site.with_name(f".{site.name}-old")
    if old.exists() and not site.exists():
        os.replace(old, site)
