"""The checker's messages in English (for developers), French and German (for editors).

The texts live in `catalogue/messages/<lang>.yml`, one template per message key, e.g.
`unknown_field: "field '{field}' is not known here"`. Codes never change with the language;
only the words after them do. A message missing in French or German, or a template that does not
fit its values, falls back to English: a gap in a translation never stops the check.

>>> msg("unknown_field", field="titel", hint=msg("did_you_mean", words="'title'")).text("de")
"Das Feld 'titel' ist hier unbekannt; meinten Sie 'title'?"
"""

from __future__ import annotations

import os
import string
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

import yaml

from ciivs import paths

MESSAGES_DIR = paths.MESSAGES
LANGUAGES = ("en", "fr", "de")
DEFAULT = "en"
# Read in this order, as gettext does; LANGUAGE may list several languages ("de:fr").
LOCALE_VARIABLES = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")

_chosen: str | None = None


def language_from_environment(env: Mapping[str, str] | None = None) -> str:
    """The language the locale variables ask for, if it is one we speak; otherwise English.

    >>> language_from_environment({"LANG": "de_CH.UTF-8"})
    'de'
    """
    env = os.environ if env is None else env
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if not value:
            continue
        for part in value.split(":"):
            code = part.split(".")[0].split("@")[0].split("_")[0].split("-")[0].lower()
            if code in LANGUAGES:
                return code
        if name != "LANGUAGE":
            return DEFAULT  # the first locale that is set decides (C, it_CH: English)
    return DEFAULT


def choose_language(lang: str | None) -> str:
    """Use `lang` (from a command-line option) for every message from now on; None: the locale."""
    global _chosen
    _chosen = lang if lang in LANGUAGES else None
    return current_language()


def current_language() -> str:
    return _chosen or language_from_environment()


@cache
def templates(lang: str) -> dict[str, str]:
    """The message templates of one language; an unreadable file counts as empty."""
    try:
        data = yaml.safe_load((MESSAGES_DIR / f"{lang}.yml").read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return {}
    if not isinstance(data, dict):
        return {}
    return {str(k): v for k, v in data.items() if isinstance(v, str)}


def is_key(text: str) -> bool:
    """True when `text` names a message (a snake_case word) rather than being one."""
    return text.replace("_", "").isalnum() and text.islower() and " " not in text


def fields(template: str) -> set[str]:
    """The names a template fills in, e.g. {'field', 'hint'}."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@dataclass(frozen=True)
class Msg:
    """A message by key with its values; a value may itself be a Msg (a hint inside a message)."""

    key: str
    params: tuple[tuple[str, str | Msg], ...] = ()

    def text(self, lang: str | None = None) -> str:
        """The message in `lang` (default: the chosen language), with its values filled in."""
        return render(self.key, dict(self.params), lang)


def msg(key: str, /, **params: object) -> Msg:
    """A message; values other than messages are kept as text."""
    if not is_key(key) or key not in templates(DEFAULT):
        raise ValueError(f"no message '{key}' in {MESSAGES_DIR / (DEFAULT + '.yml')}")
    return Msg(key, tuple((k, v if isinstance(v, Msg) else str(v)) for k, v in params.items()))


def render(key: str, params: Mapping[str, str | Msg], lang: str | None = None) -> str:
    """The message `key` in `lang`, or in English when that language lacks it or it does not fit."""
    lang = lang or current_language()
    for candidate in dict.fromkeys((lang, DEFAULT)):
        template = templates(candidate).get(key)
        if template is None:
            continue
        values = {k: v.text(lang) if isinstance(v, Msg) else v for k, v in params.items()}
        try:
            return template.format_map(values)
        except (KeyError, IndexError, ValueError, AttributeError):
            continue  # a translation that names a value the checker does not give
    return " ".join([key, *(f"{k}={v}" for k, v in params.items())])
