"""What MkDocs takes from the catalogue: the languages, the words of the theme and the menu.

`mkdocs.yml` holds what does not change with the catalogue. The languages of static-i18n
(`catalogue/languages.yml`), the site name and description per language (labels), the labels the
theme overrides show (`config.extra.ciivs`) and the kinds' list pages in the menu (kinds.py) are
filled in here, before static-i18n reads them, so that each is written once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs_static_i18n.config import I18nPluginLanguage

from ciivs.catalogue.feedback import load_feedback
from ciivs.catalogue.kinds import REGISTRY, SECTIONS
from ciivs.catalogue.labels import labels_of
from ciivs.catalogue.languages import Language, load_languages
from ciivs.catalogue.urls import SEARCH
from ciivs.editors.guide import repository_url
from ciivs.pages.context import SHEET_MAX

# The page after which the kinds' list pages come in the menu (the home page).
NAV_AFTER = "index.md"


def configure(config: MkDocsConfig, root: Path) -> None:
    """Fill the MkDocs configuration in from the catalogue at `root`."""
    languages = load_languages(root)
    labels = {lang.code: labels_of(root, lang) for lang in languages}
    default = labels[languages[0].code]
    config.site_name = default["site_name"]
    config.site_description = default["site_description"]
    config.copyright = default["copyright"]
    config.extra["ciivs"] = {
        "languages": [{"code": lang.code, "prefix": lang.prefix} for lang in languages],
        "labels": {code: texts.as_dict() for code, texts in labels.items()},
        "feedback": feedback_links(root, [lang.code for lang in languages], repository_url()),
        # The hand-off sheet's limit, and the URL folder of measure pages its buttons recognise.
        "sheet_max": SHEET_MAX,
        "measures_section": SECTIONS["measures"],
        # The search page leaves out the theme's bundle (overrides/main.html, block scripts).
        "search_section": SEARCH,
    }
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        i18n.config.languages = [_i18n_language(lang, labels[lang.code]) for lang in languages]
    config.nav = _nav(config.nav or [])


def feedback_links(root: Path, langs: list[str], repo: str | None) -> dict[str, Any]:
    """What "Report an error on this page" needs: the address (catalogue/feedback.yml), and per
    language the issue form's address to which the page adds its own parameters (none when the
    repository's address is unknown, as in a local build without CIIVS_REPO_URL)."""
    feedback, _problems = load_feedback(root, str(root))
    forms = {}
    for lang in langs:
        form = feedback.issue_forms.get(lang) or feedback.issue_forms.get(langs[0])
        if repo and form:
            forms[lang] = f"{repo}/issues/new?template={form}"
    return {"email": feedback.email or "", "forms": forms}


def _i18n_language(language: Language, labels: Any) -> I18nPluginLanguage:
    """One static-i18n language: its folder, its name in the switch, its site name."""
    options = I18nPluginLanguage()
    options.load_dict(
        {
            "locale": language.code,
            "name": language.name,
            "default": language.default,
            "build": True,
            "site_name": labels["site_name"],
            "site_description": labels["site_description"],
            "copyright": labels["copyright"],
        }
    )
    failed, _warnings = options.validate()
    if failed:
        raise ValueError(f"languages.yml: language '{language.code}': {failed}")
    return options


def _nav(nav: list[Any]) -> list[Any]:
    """The menu of mkdocs.yml with each kind's list page after the home page, in registry order."""
    kinds = [f"{kind.section}/index.md" for kind in REGISTRY]
    rest = [item for item in nav if item not in kinds]
    at = rest.index(NAV_AFTER) + 1 if NAV_AFTER in rest else 0
    return rest[:at] + kinds + rest[at:]
