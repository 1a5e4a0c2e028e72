"""MkDocs hooks: keep `mkdocs serve` in step with the catalogue.

# Hooks
`on_config` fills in what comes from the catalogue (languages, site names, theme labels, the
kinds in the menu; see siteconfig.py) before static-i18n reads it. `on_pre_build` checks and renders the catalogue into the staging folder (MkDocs reads the
staged pages). `on_post_build` adds redirects, open data and the search index once both
languages are built. When `python -m ciivs site` drives the build, it has done all of this
itself (CIIVS_PRERENDERED=1) and the hooks step aside.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from ciivs.build import BuildFailed, Options, stage_check, stage_extras, stage_render, stage_search
from ciivs.serving import show_problems
from ciivs.siteconfig import configure
from ciivs.staging import write_pages

_catalogue = None
_problems: list[str] = []  # the catalogue's problems while the preview shows them
log = logging.getLogger("mkdocs.plugins.ciivs")


def _catalogue_folder() -> str:
    # `make serve CATALOGUE=folder` and `python -m ciivs site --catalogue` set it.
    return os.environ.get("CIIVS_CATALOGUE", "catalogue")


@event_priority(100)  # before static-i18n (-100), which reads the languages
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not _i18n_busy(config):
        configure(config, Path(_catalogue_folder()).resolve())
        # `make serve CATALOGUE=copy` reloads on edits of the copy too.
        folder = str(Path(_catalogue_folder()).resolve())
        if folder not in {str(Path(w).resolve()) for w in config.watch}:
            config.watch.append(folder)
    return config


def _driven_by_build() -> bool:
    return os.environ.get("CIIVS_PRERENDERED") == "1"


def _i18n_busy(config: MkDocsConfig) -> bool:
    """True while static-i18n builds the other languages inside the first build."""
    plugin = config.plugins.get("i18n")
    return bool(getattr(plugin, "building", False))


def on_pre_build(config: MkDocsConfig) -> None:
    global _catalogue
    if _driven_by_build() or _i18n_busy(config):
        return
    catalogue = _catalogue_folder()
    options = Options(
        catalogue=Path(catalogue).resolve(), staging=Path(config.docs_dir), display=catalogue
    )
    try:
        _catalogue = stage_check(options)
        stage_render(_catalogue, options)
        _problems.clear()
    except BuildFailed as failed:
        # The preview never hangs: the build goes on (with the pages staged before, or docs/
        # alone), and on_post_build replaces every page with the list of problems.
        _catalogue = None
        _problems[:] = failed.lines
        if not any(options.staging.glob("*/index.md")):
            write_pages([], options.docs, options.staging)
        log.error("the catalogue has problems:\n" + "\n".join(failed.lines))


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if _driven_by_build() or _i18n_busy(config):
        return
    if _problems:
        show_problems(Path(config.site_dir), _problems, Path(_catalogue_folder()).resolve())
        return
    if _catalogue is None:
        return
    site = Path(config.site_dir)
    stage_extras(_catalogue, site)
    stage_search(site)


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep the 404 page of the default language: static-i18n writes one per language to the same
    404.html, so the last language (German) would otherwise frame every missing URL."""
    if template_name == "404.html" and _i18n_busy(config):
        first = Path(config.site_dir) / "404.html"
        if first.exists():
            return first.read_text(encoding="utf-8")
    return output_content
