"""Build ONE language of the site with MkDocs, in its own process, exactly as static-i18n would.

    python -m ciivs.build.mkdocs_language de mkdocs.yml     (CIIVS_DOCS_DIR and CIIVS_SITE_DIR set)

static-i18n builds the default language, then, from its `on_post_build`, every other language
one after the other in the same process. Here the plugin is put in the state it has at the start
of that language's build (its current language set, its loop switched off), so the pages come
out byte for byte as in the sequential build, each language in a process of its own.
static-i18n's own `build_only_locale` was not used: it makes the language the only (default) one,
so its pages lose the language switch and link the theme's files under `/de/assets/`.

What a one-language build cannot know is left to `ciivs.build.parallel`, which merges the outputs: the
sitemap lists the pages of every language (each build writes the part of its own language) and
404.html is the default language's.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import Abort

from ciivs import environ
from ciivs.build.mkdocs_config import configure


def build_language(lang: str, config_file: str) -> None:
    """Build the pages of `lang` (and the theme's files) into the configured site_dir."""
    config = load_config(config_file=config_file, strict=True)
    # What the hook's on_config does before static-i18n reads its languages (see mkdocs_config.py).
    configure(config, Path(environ.value(environ.CATALOGUE, "catalogue")).resolve())
    plugin: Any = config.plugins["i18n"]  # static-i18n, which ships no types
    default = plugin.default_language
    if lang not in plugin.build_languages:
        raise Abort(f"'{lang}' is not a language built by mkdocs.yml ({plugin.build_languages})")
    # `building` is what the plugin sets while it builds the other languages: it then skips its
    # loop. A language other than the default is built under /<lang>/ like in that loop.
    plugin.building = True
    plugin.current_language = None if lang == default else lang
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build(config)
    finally:
        config.plugins.on_shutdown()


def _log_like_mkdocs() -> None:
    """One line per message, 'WARNING -  text', as `mkdocs build` prints them."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)


def main(argv: list[str]) -> int:
    _log_like_mkdocs()
    try:
        build_language(argv[0], argv[1])
    except Abort as stop:
        print(f"ERROR   -  {stop}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
