"""How entries are named: the one place that decides an entry's name in a language.

`title_of` is the name (its `title`, else its `name` or `term`, else its id); `display_name` adds the
abbreviation. Lists, pages, exports, the report and the change summary all call these.
"""

from __future__ import annotations

import re

from ciivs.catalogue.languages import Language
from ciivs.catalogue.model import Entry


class _Same(dict[str, str]):
    """A text that is the same in every language (a person's name, an id)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def __missing__(self, lang: str) -> str:
        return self.text


def localized(text: dict[str, str] | str, language: Language) -> tuple[str, str]:
    """The text in `language`, or else in its fallback language: (text, code of its language)."""
    if isinstance(text, str):
        return text, language.code
    if language.code in text or language.fallback is None:
        return text[language.code], language.code
    return text[language.fallback], language.fallback


# The fields that name an entry, by kind: the first one its schema has.
NAME_KEYS = ("title", "name", "term")


def title_of(entry: Entry) -> dict[str, str]:
    """The language map that names an entry."""
    for key in NAME_KEYS:
        if key in entry.data:
            value = entry[key]
            return value if isinstance(value, dict) else _Same(value)
    return _Same(entry.id)


def name_in(entry: Entry, code: str) -> str:
    """An entry's name in the language `code`, else in the first language it has (editors' tools,
    which also read entries whose translation is missing)."""
    names = title_of(entry)
    if isinstance(names, _Same):
        return names.text
    return str(names.get(code) or next(iter(names.values()), entry.id))


def with_abbreviation(name: str, abbreviation: str | None) -> str:
    """'Office de l'asile (OASI)'; the name alone when it already holds the abbreviation
    ('Programme PIC 3 (2024-2027)' never becomes '… (PIC 3)')."""
    if not abbreviation or re.search(rf"(?<!\w){re.escape(abbreviation)}(?!\w)", name):
        return name
    return f"{name} ({abbreviation})"


def display_name(entry: Entry, language: Language | str) -> str:
    """How lists, links and headings name an entry: its name and, if it has one, its abbreviation."""

    def text(value: dict[str, str]) -> str:
        return value[language] if isinstance(language, str) else localized(value, language)[0]

    abbreviation = entry.get("abbreviation")
    code = language if isinstance(language, str) else language.code
    return with_abbreviation(
        text(title_of(entry)),
        # Institutions may have no German abbreviation: German then writes the name alone.
        text(abbreviation) if isinstance(abbreviation, dict) and code in abbreviation else None,
    )


def website_of(entry: Entry, lang: str) -> str | None:
    """An institution's website in one language: `website` is one address or one per language."""
    website = entry.get("website")
    return website[lang] if isinstance(website, dict) else website
