"""Rules across entries: references, parents, dates, safe texts. One rule per function."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from typing import Any

from .catalogue import DATE_FIELDS, Catalogue, Entry
from .identity import new_uuid
from .kinds import kind as declared_kind
from .kinds import references
from .problems import Problem, problem

# Which kind each reference field points to, over all kinds (derived from kinds.py).
REFERENCES: dict[str, str] = {name: target for _kind, name, target in references()}
MARKDOWN_FIELDS = ("description", "role", "conditions", "eligibility", "application_process")
SHORT_TEXTS = {
    "name": 160,
    "title": 160,
    "abbreviation": 30,
    "situation": 160,
    "summary": 320,
    "gloss": 320,
}
_HTML = re.compile(r"<\s*[a-zA-Z!/?]")
_MD_LINK = re.compile(r"\]\(\s*<?([^)\s>]*)|^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_SAFE_SCHEME = re.compile(r"^(https?://|mailto:|tel:)", re.IGNORECASE)
# Direction overrides and marks, zero-width spaces, line/paragraph separators, and control characters
# written as YAML escapes ("\u0007"): they disguise a text or break the line-based tools that read it.
_INVISIBLE = re.compile(
    "[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c\ufeff\u200b\u2060\u180e\u2028\u2029"
    "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufff9-\ufffb]"
)


def check_rules(catalogue: Catalogue) -> list[Problem]:
    """Run every rule over the catalogue and collect their problems."""
    problems: list[Problem] = []
    for rule in RULES:
        problems += rule(catalogue)
    return problems


def references_exist(catalogue: Catalogue) -> list[Problem]:
    """Every id a field names exists in the kind it points to."""
    problems = []
    for entry in catalogue.all():
        for name, target in declared_kind(entry.kind).references.items():
            value = entry.get(name)
            for i, ref in _as_list(value):
                if catalogue.get(target, ref) is None and (target, ref) not in catalogue.broken:
                    at = (name, i) if isinstance(value, list) else (name,)
                    problems.append(
                        problem(
                            entry.path,
                            entry.line(*at),
                            "UNKNOWN_REFERENCE",
                            f"{name}: there is no {target} entry with id '{ref}' (catalogue/{target}/{ref}.yml)",
                        )
                    )
        for i, typed in enumerate(entry.get("about", [])):
            kind, ref = typed.split("/", 1)
            if catalogue.get(kind, ref) is None and (kind, ref) not in catalogue.broken:
                problems.append(
                    problem(
                        entry.path,
                        entry.line("about", i),
                        "UNKNOWN_REFERENCE",
                        f"about: '{typed}' does not exist",
                    )
                )
    return problems


def parents_have_no_cycle(catalogue: Catalogue) -> list[Problem]:
    """Following `parent` from any institution ends at a top-level one."""
    problems = []
    for entry in catalogue.of("institutions"):
        seen = [entry.id]
        current: Entry | None = entry
        while current is not None and current.get("parent"):
            parent_id = current["parent"]
            if parent_id in seen:
                chain = " -> ".join([*seen, parent_id])
                problems.append(
                    problem(
                        entry.path,
                        entry.line("parent"),
                        "PARENT_CYCLE",
                        f"parents form a loop: {chain}",
                    )
                )
                break
            seen.append(parent_id)
            current = catalogue.get("institutions", parent_id)
    return problems


def dates_are_valid_and_ordered(catalogue: Catalogue) -> list[Problem]:
    """Dates exist in the calendar and `valid_to` is not before `valid_from`."""
    problems = []
    for entry in catalogue.all():
        parsed = {}
        for name in DATE_FIELDS:
            if name in entry.data:
                parsed[name] = _parse_date(entry[name])
                if parsed[name] is None:
                    problems.append(
                        problem(
                            entry.path,
                            entry.line(name),
                            "BAD_DATE",
                            f"{name}: '{entry[name]}' is not a date in the calendar",
                        )
                    )
        start, end = parsed.get("valid_from"), parsed.get("valid_to")
        if start and end and _span_end(entry["valid_to"], end) < start:
            problems.append(
                problem(
                    entry.path,
                    entry.line("valid_to"),
                    "DATE_ORDER",
                    f"valid_to ({entry['valid_to']}) is before valid_from ({entry['valid_from']})",
                )
            )
    return problems


def ages_are_ordered(catalogue: Catalogue) -> list[Problem]:
    """A minimum age is not above the maximum age."""
    return [
        problem(
            e.path,
            e.line("maximum_age"),
            "AGE_ORDER",
            f"minimum_age ({e['minimum_age']}) is higher than maximum_age ({e['maximum_age']})",
        )
        for e in catalogue.of("measures")
        if "minimum_age" in e.data
        and "maximum_age" in e.data
        and e["minimum_age"] > e["maximum_age"]
    ]


def markdown_is_safe(catalogue: Catalogue) -> list[Problem]:
    """Markdown texts hold no raw HTML and link only to allowed schemes."""
    problems = []
    for entry, at, text in _texts(catalogue):
        if at[0] not in MARKDOWN_FIELDS:
            continue
        if _HTML.search(text):
            problems.append(
                problem(
                    entry.path,
                    entry.line(*at),
                    "UNSAFE_MARKDOWN",
                    f"{_where(at)} contains raw HTML ('<'); write Markdown only, or '&lt;' for a sign",
                )
            )
        for match in _MD_LINK.finditer(text):
            target = match.group(1) or match.group(2) or ""
            if target and not _SAFE_SCHEME.match(target):
                problems.append(
                    problem(
                        entry.path,
                        entry.line(*at),
                        "BAD_LINK",
                        f"{_where(at)} links to '{target[:60]}'; only https:, http:, mailto: and tel: links are allowed",
                    )
                )
    return problems


def plain_texts_hold_no_markup(catalogue: Catalogue) -> list[Problem]:
    """Titles, names, summaries and labels are shown as written: markup there is a mistake or an attack."""
    problems = []
    for entry, at, text in _texts(catalogue):
        if at[0] in MARKDOWN_FIELDS:
            continue
        match = _HTML.search(text)
        if match:
            tag = text[match.start() : match.start() + 12]
            problems.append(
                problem(
                    entry.path,
                    entry.line(*at),
                    "UNSAFE_TEXT",
                    f"{_where(at)} contains markup ('{tag}'); this text is shown as written: remove the tag, "
                    f"or put a space after '<' for the sign",
                )
            )
    return problems


def texts_have_no_invisible_controls(catalogue: Catalogue) -> list[Problem]:
    """No direction overrides or other invisible controls that can disguise a text."""
    return [
        problem(
            entry.path,
            entry.line(*at),
            "UNSAFE_CHARACTER",
            f"{_where(at)} holds the invisible character U+{ord(match.group()):04X}; remove it",
        )
        for entry, at, text in _texts(catalogue)
        for match in [_INVISIBLE.search(text)]
        if match
    ]


def short_texts_are_short(catalogue: Catalogue) -> list[Problem]:
    """Titles, names and summaries fit in lists and search results."""
    return [
        problem(
            entry.path,
            entry.line(*at),
            "TEXT_TOO_LONG",
            f"{_where(at)} has {len(text)} characters; keep it under {SHORT_TEXTS[at[0]]}",
        )
        for entry, at, text in _texts(catalogue)
        if at[0] in SHORT_TEXTS and len(at) == 2 and len(text) > SHORT_TEXTS[at[0]]
    ]


def names_to_confirm_keep_french(catalogue: Catalogue) -> list[Problem]:
    """A German name still to confirm keeps the French name and explains it in German."""
    problems = []
    for entry in catalogue.all():
        if entry.get("german_name") != "to-confirm":
            continue
        label = "name" if "name" in entry.data else "title"
        if entry[label]["de"] != entry[label]["fr"]:
            problems.append(
                problem(
                    entry.path,
                    entry.line(label, "de"),
                    "NAME_TO_CONFIRM",
                    f"{label}.de must repeat the French official name while german_name is to-confirm",
                )
            )
        if "gloss" not in entry.data:
            problems.append(
                problem(
                    entry.path,
                    entry.line("german_name"),
                    "NAME_TO_CONFIRM",
                    "add gloss (fr and de) that explains the French name in German",
                )
            )
    return problems


def former_ids_are_free(catalogue: Catalogue) -> list[Problem]:
    """A former id (kept as a redirect) is not in use and is claimed once."""
    problems = []
    for kind in catalogue.entries:
        claimed: dict[str, str] = {}
        for entry in catalogue.of(kind):
            for i, old in enumerate(entry.get("former_ids", [])):
                if catalogue.get(kind, old) is not None or old in claimed:
                    owner = claimed.get(old, f"the entry {kind}/{old}")
                    problems.append(
                        problem(
                            entry.path,
                            entry.line("former_ids", i),
                            "REDIRECT_CONFLICT",
                            f"former id '{old}' is already taken by {owner}",
                        )
                    )
                claimed[old] = entry.id
    return problems


def uuids_are_unique(catalogue: Catalogue) -> list[Problem]:
    """No two entries, of any kind, share a uuid (a copied file keeps the original's)."""
    holders: dict[str, list[Entry]] = {}
    for entry in catalogue.all():
        holders.setdefault(entry["uuid"], []).append(entry)
    problems = []
    for value, entries in holders.items():
        for entry in entries if len(entries) > 1 else ():
            others = ", ".join(other.path for other in entries if other is not entry)
            problems.append(
                problem(
                    entry.path,
                    entry.line("uuid"),
                    "DUPLICATE_UUID",
                    f"uuid {value} is also the uuid of {others}; keep it in the original entry "
                    f"and give the copy a new one: `uuid: {new_uuid()}`",
                )
            )
    return problems


RULES: tuple[Callable[[Catalogue], list[Problem]], ...] = (
    references_exist,
    parents_have_no_cycle,
    dates_are_valid_and_ordered,
    ages_are_ordered,
    markdown_is_safe,
    plain_texts_hold_no_markup,
    texts_have_no_invisible_controls,
    short_texts_are_short,
    names_to_confirm_keep_french,
    former_ids_are_free,
    uuids_are_unique,
)


def _where(at: tuple[Any, ...]) -> str:
    """A field path as an editor reads it, e.g. key_figures.0.label.fr."""
    return ".".join(str(part) for part in at)


def _as_list(value: Any) -> list[tuple[int, str]]:
    if isinstance(value, str):
        return [(0, value)]
    if isinstance(value, list):
        return [(i, v) for i, v in enumerate(value) if isinstance(v, str)]
    return []


def _texts(catalogue: Catalogue) -> Iterator[tuple[Entry, tuple[str, ...], str]]:
    """Every text of every entry, with its path, e.g. (('description', 'de'), '...')."""
    for entry in catalogue.all():
        yield from ((entry, at, text) for at, text in _walk(entry.data, ()))


def _walk(value: Any, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(value, str):
        yield at, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _walk(item, (*at, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, (*at, i))


def _parse_date(text: str) -> dt.date | None:
    parts = [int(p) for p in text.split("-")] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        return None


def _span_end(text: str, start_of_span: dt.date) -> dt.date:
    """The last day a partial date covers: '2027' runs to 31 December 2027."""
    if len(text) == 4:
        return dt.date(start_of_span.year, 12, 31)
    if len(text) == 7:
        following = dt.date(
            start_of_span.year + start_of_span.month // 12, start_of_span.month % 12 + 1, 1
        )
        return following - dt.timedelta(days=1)
    return start_of_span
