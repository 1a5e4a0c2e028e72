"""Stages after MkDocs: redirect pages, open data, the URL promise, and the swap into site/."""

from __future__ import annotations

import html
import os
import shutil
from pathlib import Path

from ciivs.catalogue.kinds import kind as declared_kind
from ciivs.catalogue.labels import labels_of
from ciivs.catalogue.languages import SITE_LANGUAGES
from ciivs.catalogue.model import Catalogue
from ciivs.catalogue.rules import MANIFEST
from ciivs.opendata.files import DATA_DIR
from ciivs.pages.finder import SECTION as FINDER
from ciivs.pages.finder import successor


def published_urls(site: Path) -> list[str]:
    """Every page URL of a built site ('/', '/mesures/x/', '/de/...'), redirect pages included,
    and every open-data file ('/donnees/hsds-services.fr.json'): partners' programs read those."""
    urls = []
    for index in site.rglob("index.html"):
        rel = index.parent.relative_to(site).as_posix()
        if rel.split("/")[0] in ("pagefind", "assets"):
            continue
        urls.append("/" if rel == "." else f"/{rel}/")
    data = site / DATA_DIR
    if data.is_dir():
        urls += [
            f"/{DATA_DIR}/{f.name}" for f in data.iterdir() if f.is_file() and f.suffix != ".html"
        ]
    return sorted(urls)


FAVICON = "assets/ciivs/favicon.svg"  # theme.favicon in mkdocs.yml


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
    prefixed = tuple(f"/{lang.code}/" for lang in languages)
    for url in [u for u in published_urls(site) if u.endswith("/") and not u.startswith(prefixed)]:
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
    for url in _read_manifest(catalogue.root / MANIFEST):
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


# The default language's pages are mirrored under its code (/fr/...); mirrors follow the pages.
_MIRROR = f"/{SITE_LANGUAGES[0].code}/"


def check_url_promise(site: Path, manifest: Path) -> tuple[list[str], list[str]]:
    """URLs in the manifest that the site lost (an error), and new URLs not yet in it (a note)."""
    built = {u for u in published_urls(site) if not u.startswith(_MIRROR)}
    promised = set(_read_manifest(manifest))
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
