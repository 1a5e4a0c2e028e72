"""The theme's navigation, made once per folder for the pages it does not list.

Material makes its navigation (`partials/nav.html`) again for every page: a quarter of MkDocs'
time at 1,000 measures, for the same HTML on a thousand measure pages. What it makes depends on
the menu, the language (one per MkDocs process) and the page: which item is active (none, for a
page the menu does not list) and where the page is (links are relative to it). Pages in one
folder get the same relative links to every menu item, unless an item lies inside the page's own
folder. `overrides/partials/nav.html` asks `kept` for the HTML and, when there is none, makes it
with Material's template and gives it to `keep`.
"""

from __future__ import annotations

from pathlib import Path

import jinja2
import material
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

# Material's own templates, under a prefix: the override includes "material/partials/nav.html".
PREFIX = "material"
_MATERIAL = Path(material.__file__).resolve().parent / "templates"


def install(env: jinja2.Environment, keep_navigation: bool = True) -> None:
    """Let `env`'s templates reach Material's own templates and the kept navigation
    (`keep_navigation=False`: every page makes it, as Material does)."""
    assert env.loader is not None
    if "ciivs_nav_keep" not in env.globals:  # once per environment
        env.loader = jinja2.ChoiceLoader(
            [env.loader, jinja2.PrefixLoader({PREFIX: jinja2.FileSystemLoader(str(_MATERIAL))})]
        )
    env.globals["ciivs_nav_kept"] = kept if keep_navigation else lambda nav, page: None
    env.globals["ciivs_nav_keep"] = keep


def kept(nav: Navigation, page: Page | None) -> str | None:
    """The navigation made for another page of `page`'s folder, if it can serve this one."""
    key = _key(nav, page)
    return None if key is None else _made(nav).get(key)


def keep(nav: Navigation, page: Page | None, html: str) -> str:
    """`html`, kept for the other pages of `page`'s folder when it can serve them."""
    key = _key(nav, page)
    if key is not None:
        _made(nav)[key] = html
    return html


def _made(nav: Navigation) -> dict[str, str]:
    # Kept with the menu it was made from: a new build makes a new menu, and starts afresh.
    made: dict[str, str] = nav.__dict__.setdefault("_ciivs_made", {})
    return made


def _key(nav: Navigation, page: Page | None) -> str | None:
    """The page's folder, or None when the navigation must be made for this page alone: it is
    in the menu (an item is active), or a menu item lies in or under its own folder."""
    if not isinstance(page, Page) or page.url is None or not page.url.endswith("/"):
        return None
    # A page in the menu is one of these addresses: its own starts with itself.
    listed: list[str] = nav.__dict__.setdefault("_ciivs_listed", [p.url for p in nav.pages])
    if any(url.startswith(page.url) for url in listed):
        return None
    return page.url[: page.url.rstrip("/").rfind("/") + 1]
