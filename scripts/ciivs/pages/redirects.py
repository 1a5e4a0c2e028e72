"""Redirect pages: `/fr/...` mirrors, the old ids of renamed entries, moved finder answers."""

from __future__ import annotations

import html
from pathlib import Path

from ciivs import paths
from ciivs.catalogue.kinds import kind as declared_kind
from ciivs.catalogue.labels import labels_of
from ciivs.catalogue.model import Catalogue
from ciivs.catalogue.urls import EMBED, FAVICON, GO, read_manifest
from ciivs.pages.finder import SECTION as FINDER
from ciivs.pages.finder import successor
from ciivs.pages.published import published_urls


def redirect_page(target: str, lang: str, root: str = "", title: str = "") -> str:
    """A tiny page that sends browsers and crawlers to `target` (a relative URL).

    `root` leads from the page to the site root. The page names the site's icon: without one,
    browsers ask for /favicon.ico, which the site does not have (a 404 in the console).
    """
    href = html.escape(target)
    icon = html.escape(root + FAVICON)
    return (
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        f'<meta name="robots" content="noindex"><link rel="icon" href="{icon}">'
        f'<link rel="canonical" href="{href}"><meta http-equiv="refresh" content="0; url={href}">'
        f'</head><body><p><a href="{href}">{href}</a></p></body></html>'
    )


def write_redirects(site: Path, catalogue: Catalogue) -> int:
    """`/fr/...` mirrors of every default-language page, old ids of renamed entries, and the
    finder's promised answers that moved.

    Returns the number of redirect pages written.
    """
    languages = catalogue.languages
    default = languages[0]
    titles = {lang.code: labels_of(catalogue.root, lang)["redirect_title"] for lang in languages}
    written = _write_finder_redirects(site, catalogue, titles)
    # Mirrors of MkDocs' pages and the finder's redirects; not of the pages written after this
    # (permalinks, embeds), which a preview's site still holds from its last build.
    skipped = tuple(f"/{prefix}/" for prefix in (*(lang.code for lang in languages), GO, EMBED))
    for url in [u for u in published_urls(site) if u.endswith("/") and not u.startswith(skipped)]:
        depth = url.count("/")  # one more level than the page: the /fr/ prefix
        _write_redirect(
            site / default.code / url.strip("/"),
            "../" * depth + url.strip("/") + ("/" if url != "/" else ""),
            default.code,
            "../" * depth,
            titles[default.code],
        )
        written += 1
    for entry in catalogue.all():
        section = declared_kind(entry.kind).section
        for old in entry.get("former_ids", []):
            # The default language's old URL, then its /fr/ mirror and each language's.
            for prefix, lang in [("", default), *[(f"{lang.code}/", lang) for lang in languages]]:
                target_prefix = lang.prefix if prefix else ""
                depth = prefix.count("/") + 2
                _write_redirect(
                    site / prefix / section / old,
                    "../" * depth + f"{target_prefix}{section}/{entry.id}/",
                    lang.code,
                    "../" * depth,
                    titles[lang.code],
                )
                written += 1
    return written


def _write_finder_redirects(site: Path, catalogue: Catalogue, titles: dict[str, str]) -> int:
    """A redirect for each promised finder URL (published-urls.txt) that this build lacks."""
    limits = catalogue.search.age_limits
    if not limits:
        return 0
    groups = [e.id for e in catalogue.of("target-groups")]
    regions = [e.id for e in catalogue.of("regions")]
    renamed = {
        old: e.id
        for kind in ("target-groups", "regions")
        for e in catalogue.of(kind)
        for old in e.get("former_ids", [])
    }
    by_prefix = {lang.prefix: lang for lang in catalogue.languages}
    written = 0
    for url in read_manifest(catalogue.root / paths.MANIFEST):
        rel = url.strip("/")
        prefix = next((p for p in by_prefix if p and rel.startswith(p)), "")
        path = rel[len(prefix) :] + "/"
        if not path.startswith(f"{FINDER}/") or (site / rel / "index.html").exists():
            continue
        target = successor(path, groups, regions, limits, renamed)
        depth = rel.count("/") + 1
        lang = by_prefix[prefix]
        _write_redirect(
            site / rel, "../" * depth + prefix + target, lang.code, "../" * depth, titles[lang.code]
        )
        written += 1
    return written


def _write_redirect(folder: Path, target: str, lang: str, root: str, title: str) -> None:
    index = folder / "index.html"
    if index.exists():
        return
    folder.mkdir(parents=True, exist_ok=True)
    index.write_text(redirect_page(target, lang, root, title), encoding="utf-8")
