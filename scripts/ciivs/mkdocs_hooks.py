"""MkDocs hooks: keep `mkdocs serve` in step with the catalogue.

# Hooks
`on_config` fills in what comes from the catalogue (languages, site names, theme labels, the
kinds in the menu; see siteconfig.py) before static-i18n reads it. `on_pre_build` checks and renders the catalogue into the staging folder (MkDocs reads the
staged pages). `on_post_build` adds redirects, open data and the search index once both
languages are built. When `python -m ciivs site` drives the build, it has done all of this
itself (CIIVS_PRERENDERED=1) and the hooks step aside.
"""

from __future__ import annotations

import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

from ciivs.build import BuildFailed, Options, stage_check, stage_extras, stage_render, stage_search
from ciivs.siteconfig import configure

_catalogue = None


def _catalogue_folder() -> str:
    # `make serve CATALOGUE=folder` and `python -m ciivs site --catalogue` set it.
    return os.environ.get("CIIVS_CATALOGUE", "catalogue")


@event_priority(100)  # before static-i18n (-100), which reads the languages
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    if not _i18n_busy(config):
        configure(config, Path(_catalogue_folder()).resolve())
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
    except BuildFailed as failed:
        raise PluginError("the catalogue has problems:\n" + "\n".join(failed.lines)) from None


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if _driven_by_build() or _i18n_busy(config) or _catalogue is None:
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
