""" "Did you mean …?": the nearest allowed word for a misspelt id, field, value or folder.

Editors type `SAS` for `sas`, `sass` for `sas`, `terminé` for `ended` and `mesures/` for
`measures/`; each hint names what they most likely meant, as a message to put in a problem.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable, Mapping
from functools import cache
from typing import Any

from ciivs.catalogue.kinds import REGISTRY
from ciivs.catalogue.labels import load_labels
from ciivs.catalogue.messages import Msg, msg

# A list of valid ids is shown only when it is short enough to read in one line.
LIST_AT_MOST = 12


def plain(text: str) -> str:
    """Lower case without accents: `Terminé` and `termine` are the same word to an editor."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).strip()


def slug(text: str) -> str:
    """The id an editor probably meant: `SAS` -> `sas`, `Jeunes en formation` -> `jeunes-en-formation`."""
    return re.sub(r"[^a-z0-9]+", "-", plain(text)).strip("-")


def nearest(word: str, candidates: Mapping[str, str] | Iterable[str], count: int = 3) -> list[str]:
    """The candidates closest to `word`; a mapping gives other spellings (value -> allowed word)."""
    spellings = candidates if isinstance(candidates, Mapping) else {c: c for c in candidates}
    by_plain: dict[str, list[str]] = {}
    for spelling, target in spellings.items():
        by_plain.setdefault(plain(spelling), []).append(target)
    key = plain(word)
    if key in by_plain:
        return list(dict.fromkeys(by_plain[key]))[:count]
    close = difflib.get_close_matches(key, list(by_plain), n=count * 2, cutoff=0.75)
    found = [target for spelling in close for target in by_plain[spelling]]
    return list(dict.fromkeys(found))[:count]


def did_you_mean(words: list[str]) -> Msg | str:
    """The hint for a list of guesses, or nothing."""
    if not words:
        return ""
    return msg("did_you_mean", words=", ".join(f"'{w}'" for w in words))


def field_hint(name: str, known: Iterable[str]) -> Msg | str:
    """`titel` -> did you mean 'title'? Otherwise the list of allowed fields."""
    known = sorted(known)
    guesses = nearest(name, known)
    return did_you_mean(guesses) or msg("allowed_fields", fields=", ".join(known))


def id_hint(value: str) -> Msg | str:
    """A reference not written as an id: `SAS` -> did you mean 'sas'?"""
    guess = slug(value)
    return did_you_mean([guess]) if guess and guess != value else ""


def reference_hint(ref: str, ids: Iterable[str], renamed: Mapping[str, str]) -> Msg | str:
    """An unknown id: the id it was renamed to, the nearest ids, or the short list of valid ids."""
    if ref in renamed:
        return msg("renamed_to", new=renamed[ref])
    ids = sorted(ids)
    guesses = nearest(ref, ids)
    if guesses:
        return did_you_mean(guesses)
    if 0 < len(ids) <= LIST_AT_MOST:
        return msg("valid_ids", ids=", ".join(ids))
    return ""


def value_hint(at: tuple[Any, ...], written: str, allowed: list[str]) -> Msg | str:
    """An enum value: `SAS`, `Aktiv` or `terminé` -> the allowed value they stand for."""
    field = next((str(p) for p in reversed(at) if isinstance(p, str)), "")
    owners: dict[str, set[str]] = {}
    for value in allowed:
        for word in _value_words(field, value):
            owners.setdefault(plain(word), set()).add(value)
    # A word shared by two values' labels ("Programme fédéral", "Programme cantonal") says nothing.
    spellings = {word: values.pop() for word, values in owners.items() if len(values) == 1}
    spellings.update({value: value for value in allowed})
    return did_you_mean(nearest(written, spellings))


@cache
def _labels() -> dict[str, dict[str, str]]:
    """The site's words for each value (`status_ended: {fr: Terminé, de: Beendet}`)."""
    try:
        labels = load_labels()
    except Exception:  # the hint is a help, never a reason to stop the check
        return {}
    return labels if isinstance(labels, dict) else {}


def _value_words(field: str, value: str) -> list[str]:
    """What a French or German editor may write for a value: the site's label and its words."""
    label = _labels().get(f"{field}_{value}", {})
    words = []
    for text in label.values() if isinstance(label, dict) else ():
        if isinstance(text, str) and "{" not in text:
            words += [text, *(w for w in re.split(r"[\s'’]+", text) if len(w) > 3)]
    return words


def folder_words(kinds: Iterable[str]) -> dict[str, str]:
    """Words an editor may use for each kind's folder: its URL section and its name on the site."""
    declared = {k.name: k for k in REGISTRY}
    words: dict[str, str] = {}
    for name in kinds:
        words[name] = name
        kind = declared.get(name)
        if kind is None:
            continue
        words.setdefault(kind.section, name)
        label = _labels().get(kind.title, {})
        for text in label.values() if isinstance(label, dict) else ():
            if isinstance(text, str):
                words.setdefault(slug(text), name)
                for word in text.split():
                    if len(word) > 3:
                        words.setdefault(slug(word), name)
    return words
