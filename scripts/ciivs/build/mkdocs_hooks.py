"""MkDocs hooks: keep `mkdocs serve` in step with the catalogue.

# Hooks
`on_config` fills in what comes from the catalogue (languages, site names, theme labels, the
kinds in the menu; see mkdocs_config.py) before static-i18n reads it. `on_pre_build` checks and renders the catalogue into the staging folder (MkDocs reads the
staged pages). `on_post_build` adds redirects, open data and the search index once both
languages are built. When `python -m ciivs site` drives the build, it has done all of this
itself (CIIVS_PRERENDERED=1) and the hooks step aside.

`on_env` lets the theme's menu be made once per folder (`mkdocs_nav.py`). `on_post_page` writes
the security policy into each page as MkDocs writes it, when the build asks for it.
`on_serve` makes the preview's rebuilds try the short way first (`ciivs.build.preview`): `on_nav` and
`on_env` keep what each language was built with, so that a saved entry rebuilds its pages only.
"""

from __future__ import annotations

import logging
import os
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc

from ciivs import environ
from ciivs.build import mkdocs_nav, mkdocs_words
from ciivs.build.mkdocs_config import configure
from ciivs.build.pipeline import (
    BuildFailed,
    Options,
    stage_check,
    stage_extras,
    stage_render,
    stage_search,
)
from ciivs.build.policy import PageMarks
from ciivs.build.preview import LanguageSite, Preview, preview_for
from ciivs.build.render_stage import Rendered
from ciivs.build.serving import show_problems
from ciivs.build.watcher import watch_changes
from ciivs.catalogue.model import Catalogue
from ciivs.pages.jinja import compiled_templates_in
from ciivs.pages.staging import PRERENDERED, write_pages

_catalogue = None
# The open-data files and hand-off cards the render stage made for `_catalogue`.
_rendered: Rendered | None = None
_problems: list[str] = []  # the catalogue's problems while the preview shows them
_marks: PageMarks | None = None  # the pages written with the security policy (`on_post_page`)
log = logging.getLogger("mkdocs.plugins.ciivs")


def _catalogue_folder() -> str:
    # `make serve CATALOGUE=folder` and `python -m ciivs site --catalogue` set it.
    return environ.value(environ.CATALOGUE, "catalogue")


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
    return os.environ.get(environ.PRERENDERED) == "1"


def _i18n_busy(config: MkDocsConfig) -> bool:
    """True while static-i18n builds the other languages inside the first build."""
    plugin = config.plugins.get("i18n")
    return bool(getattr(plugin, "building", False))


def _i18n(config: MkDocsConfig) -> Any:
    return config.plugins["i18n"]  # static-i18n, which ships no types


def _preview(config: MkDocsConfig) -> Preview:
    catalogue = _catalogue_folder()
    watched = [Path(p) for p in config.watch]
    if config.config_file_path:
        watched.append(Path(config.config_file_path))
    return preview_for(Path(catalogue).resolve(), catalogue, Path(config.docs_dir), watched)


def on_pre_build(config: MkDocsConfig) -> None:
    global _catalogue, _rendered
    if _driven_by_build() or _i18n_busy(config):
        return
    preview = _preview(config)
    preview.wait()
    preview.full_build()
    options = Options(
        catalogue=preview.catalogue_dir, staging=preview.staging, display=preview.display
    )
    try:
        _catalogue = stage_check(options, preview.reuse)
        _rendered = stage_render(_catalogue, options)
        _problems.clear()
    except BuildFailed as failed:
        # The preview never hangs: the build goes on (with the pages staged before, or docs/
        # alone), and on_post_build replaces every page with the list of problems.
        _catalogue = _rendered = None
        _problems[:] = failed.lines
        if not any(options.staging.glob("*/index.md")):
            write_pages([], options.docs, options.staging)
        log.error("the catalogue has problems:\n" + "\n".join(failed.lines))


@event_priority(-200)
def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    """Keep the navigation of the language being built (after static-i18n's own `on_nav`)."""
    if not _driven_by_build():
        lang = _i18n(config).current_language
        _preview(config).sites[lang] = LanguageSite(lang, config, files, nav)
    return nav


@event_priority(-200)
def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    # The navigation is made once per folder for the pages outside the menu (mkdocs_nav.py);
    # the bench's plain MkDocs makes it for every page, as Material does.
    mkdocs_nav.install(env, keep_navigation=not _plain())
    # The theme's words, looked up once per word (mkdocs_words.py); the plain run asks each time.
    mkdocs_words.install(env, keep_words=not _plain())
    # The theme's templates, compiled once and kept in the build's cache folder (0.15 s of CPU
    # a language). Jinja compares each with its source before using it.
    cache = os.environ.get(environ.CACHE_DIR)
    if cache and env.bytecode_cache is None:
        env.bytecode_cache = compiled_templates_in(Path(cache) / "mkdocs-jinja")
    if not _driven_by_build():
        site = _preview(config).sites.get(_i18n(config).current_language)
        if site is not None:
            site.env = env
    return env


@event_priority(-1000)  # last: the page as MkDocs writes it
def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    """When the build asks for it, the page with its security policy (`build/policy.py`): the
    policy stage then need not read and write it again."""
    global _marks
    folder = os.environ.get(environ.POLICY_MARKS)
    if not folder or _plain():
        return output
    if _marks is None:
        prefixes = tuple(lang["prefix"] for lang in config.extra["ciivs"]["languages"])
        cache = os.environ.get(environ.CACHE_DIR)
        # One file per language process (the sequential build's one process keeps all in one).
        kept = Path(cache) / "policy" / str(config.theme["language"]) if cache else None
        _marks = PageMarks(Path(folder), prefixes, kept)
    return _marks.mark(page.file.dest_uri, output)


@event_priority(-200)
def on_post_build(config: MkDocsConfig) -> None:
    if _marks is not None:
        _marks.save()
    if _driven_by_build() or _i18n_busy(config):
        return
    if _problems:
        show_problems(Path(config.site_dir), _problems, Path(_catalogue_folder()).resolve())
        _preview(config).forget()  # every page shows the problems: the next rebuild is full
        return
    if _catalogue is None:
        return
    _extras_and_search(Path(config.site_dir), _rendered)(_catalogue)
    _preview(config).built(_catalogue)


def _extras_and_search(
    site: Path, rendered: Rendered | None = None, background: bool = False
) -> Callable[[Catalogue], None]:
    """Extras and search (`rendered`: the open-data files and cards the render stage made for the
    catalogue `run` gets; without, they are made again. `background`: after a save, when Pagefind
    gives way to the next one)."""

    def run(catalogue: Catalogue) -> None:
        start = time.perf_counter()
        stage_extras(catalogue, site, rendered=rendered)
        stage_search(site, [language.code for language in catalogue.languages], background)
        # The preview's last step after a save: from here the site is whole again.
        log.info(
            "ciivs: redirects, open data and search index written in %.2f s",
            time.perf_counter() - start,
        )

    return run


# What Markdown makes of the stand-in for a generated page's body (a paragraph of one word).
_STAND_IN = "CIIVSPRERENDEREDBODY"
_STAND_IN_HTML = f"<p>{_STAND_IN}</p>"


class _Generated(Page):
    """A page that may be generated: the stand-in of its body needs no Markdown either.

    MkDocs made a Python-Markdown converter for every page, with all its extensions, to turn
    the stand-in into one paragraph (about 0.5 s of each language's MkDocs at 1,000 measures).
    """

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.markdown != _STAND_IN:
            super().render(config, files)
            return
        # What Page.render makes of the stand-in: one paragraph, no heading, anchor or link.
        self.content = _STAND_IN_HTML
        self.toc = get_toc([])
        self.present_anchor_ids = set()
        self.links_to_anchors = {}


@event_priority(-200)  # after static-i18n (-100): its files are the ones built
def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Every page a `_Generated` one, made as MkDocs makes those of its menu (no title given:
    mkdocs.yml's menu names files only); a plugin may set File.page before the menu is built."""
    if not _plain():
        for file in files.documentation_pages():
            if file.page is None:
                _Generated(None, file, config)
    return files


@event_priority(-300)  # after static-i18n (50), which only rewrites admonition titles
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Hand a generated page's body to MkDocs as it is, not through Markdown.

    The render stage wrote finished HTML; Python-Markdown would parse every tag of it as a raw
    HTML block only to copy it unchanged, which was most of MkDocs' time (measured in
    BENCHMARKS.md). Hand-written pages go through Markdown as usual.
    """
    if page.meta.get(PRERENDERED) and not _plain():
        page.ciivs_body = markdown  # type: ignore[attr-defined]
        return _STAND_IN
    return markdown


@event_priority(300)  # before any other page_content hook sees the stand-in
def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    body = getattr(page, "ciivs_body", None)
    if body is None:
        return html
    del page.ciivs_body  # type: ignore[attr-defined]
    if html.strip() != _STAND_IN_HTML:
        raise RuntimeError(f"{page.file.src_uri}: the stand-in of the page body was changed")
    return body


def _plain() -> bool:
    """`make bench` times MkDocs as it comes, every page through Markdown, for comparison."""
    return os.environ.get(environ.PLAIN_MKDOCS) == "1"


def _reload(server: LiveReloadServer) -> None:
    """Ask the preview server for a rebuild, as a saved file does: it finds nothing new to build
    and reloads the browsers (MkDocs' LiveReloadServer has no public call for this)."""
    with server._rebuild_cond:
        server._want_rebuild = True
        server._rebuild_cond.notify_all()


def on_serve(
    server: LiveReloadServer, config: MkDocsConfig, builder: Callable[[], None]
) -> LiveReloadServer:
    """Rebuild the short way when a saved entry allows it, else as MkDocs does (everything)."""
    preview = _preview(config)
    site = Path(config.site_dir)

    def rebuild() -> None:
        if not preview.update(_extras_and_search(site, background=True), lambda: _reload(server)):
            preview.wait()
            builder()

    server.builder = rebuild
    server.watch(str(preview.catalogue_dir))  # `make serve CATALOGUE=folder`: watch that copy
    # The staging folder is written by the rebuilds themselves (docs/ is watched as the source):
    # watching it too would start a second rebuild after each one.
    server.unwatch(config.docs_dir)
    # A save seen at once, and no polling of every file beside the rebuild (`build/watcher.py`);
    # the `watch:` folders of mkdocs.yml, which MkDocs adds after this hook, too.
    watch_changes(server, [os.path.abspath(item) for item in config.watch])
    return server


def on_post_template(output_content: str, template_name: str, config: MkDocsConfig) -> str:
    """Keep the 404 page of the default language: static-i18n writes one per language to the same
    404.html, so the last language (German) would otherwise frame every missing URL."""
    if template_name == "404.html" and _i18n_busy(config):
        first = Path(config.site_dir) / "404.html"
        if first.exists():
            return first.read_text(encoding="utf-8")
    return output_content
