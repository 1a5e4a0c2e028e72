"""The theme's words ("Aller au contenu", "Rechercher"…), looked up once per word and language.

Material's `partials/language.html` is imported again for every page, and its `t` builds the
dictionary of a hundred words of its language at every call (17 calls a page): a tenth of a
language's template time at 1,000 measures. `overrides/partials/language.html` gives the
templates a `t` that asks Material's own template once for each word and keeps the answer,
the same value Material's `t` returns (its words depend only on the theme's language, one per
MkDocs process).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2

from ciivs.build.mkdocs_nav import PREFIX

# Material's own partial, reached through the prefix `mkdocs_nav.install` adds to the loader.
MATERIAL_LANGUAGE = f"{PREFIX}/partials/language.html"


def install(env: jinja2.Environment, keep_words: bool = True) -> None:
    """Give `env`'s templates `ciivs_theme_words(config)`, the `t` of the theme's language
    (`keep_words=False`: Material's own, made for every page as Material does)."""
    env.globals["ciivs_theme_words"] = (
        (lambda config: _kept(env, config)) if keep_words else (lambda config: _own(env, config))
    )


def _own(env: jinja2.Environment, config: Any) -> Callable[[str], Any]:
    module: Any = env.get_template(MATERIAL_LANGUAGE).make_module({"config": config})
    return module.t


def _kept(env: jinja2.Environment, config: Any) -> Callable[[str], Any]:
    language = config.theme["language"]
    # Kept with the environment: a new build (or a preview's rebuild) starts afresh.
    words: dict[str, Callable[[str], Any]] = env.__dict__.setdefault("_ciivs_words", {})
    if language not in words:
        own = _own(env, config)
        found: dict[str, Any] = {}

        def t(key: str) -> Any:
            if key not in found:
                found[key] = own(key)
            return found[key]

        words[language] = t
    return words[language]
