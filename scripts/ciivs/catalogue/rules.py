"""Rules across entries: references, parents, dates, safe texts. One rule per function."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from ciivs import paths
from ciivs.catalogue import suggest
from ciivs.catalogue.easyread import EASY_RULES
from ciivs.catalogue.identity import new_uuid
from ciivs.catalogue.kinds import REGISTRY, references
from ciivs.catalogue.kinds import kind as declared_kind
from ciivs.catalogue.messages import Msg, msg
from ciivs.catalogue.model import DATE_FIELDS, Catalogue, Entry
from ciivs.catalogue.placeholders import find_placeholder
from ciivs.catalogue.problems import Problem, problem
from ciivs.formats.markdown import SAFE_LINK

# Which kind each reference field points to, over all kinds (derived from kinds.py).
REFERENCES: dict[str, str] = {name: target for _kind, name, target in references()}
# The URL promise of the catalogue (`make urls` writes it; see build/promise.py).
MANIFEST = paths.MANIFEST
_ENTRY_URL = re.compile(
    r"^/(?P<prefix>[a-z]{2}/)?(?P<section>[a-z0-9-]+)/(?P<id>[a-z0-9]+(?:-[a-z0-9]+)*)/$"
)
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
        if rule not in TEXT_RULES:
            problems += rule(catalogue)
    return problems + _text_problems(catalogue)


def _text_problems(catalogue: Catalogue) -> list[Problem]:
    """What the rules on each entry's own texts find, over the entries not checked before.

    The text rules read every text of every entry: they share one walk over the texts (at 1,000
    measures each walk took 0.5 s), and each entry keeps what they found (`Entry.text_problems`).
    A preview after a save reads the unchanged files' entries again as the same objects, and a
    build gets them from the build's cache with what was found (`check_catalogue`): only the
    saved entries' texts are checked again.
    """
    global _WALKED
    fresh = [entry for entry in catalogue.all() if entry.text_problems is None]
    _WALKED = (catalogue, [(e, at, text) for e in fresh for at, text in _walk(e.data, ())])
    try:
        found = [p for rule in TEXT_RULES for p in rule(catalogue)]
    finally:
        _WALKED = None
    by_file: dict[str, list[Problem]] = {}
    for p in found:
        by_file.setdefault(p.path, []).append(p)
    for entry in fresh:
        entry.text_problems = by_file.get(entry.path, [])
    return [p for entry in catalogue.all() for p in entry.text_problems or ()]


_WALKED: tuple[Catalogue, list[tuple[Entry, tuple[str, ...], str]]] | None = None


def references_exist(catalogue: Catalogue) -> list[Problem]:
    """Every id a field names exists in the kind it points to; an old id names its new one."""
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
                            "unknown_reference",
                            field=name,
                            kind=target,
                            id=ref,
                            hint=_reference_hint(catalogue, target, ref),
                        )
                    )
        for i, typed in _as_list(entry.get("about")):
            kind, _, ref = typed.partition("/")
            if catalogue.get(kind, ref) is None and (kind, ref) not in catalogue.broken:
                problems.append(
                    problem(
                        entry.path,
                        entry.line("about", i),
                        "UNKNOWN_REFERENCE",
                        "unknown_about",
                        ref=typed,
                        hint=_reference_hint(catalogue, kind, ref, prefix=f"{kind}/"),
                    )
                )
    return problems


def _reference_hint(catalogue: Catalogue, kind: str, ref: str, prefix: str = "") -> Msg | str:
    """The new id of a renamed entry, the nearest ids, or the short list of valid ids."""
    renamed = {
        f"{prefix}{old}": f"{prefix}{entry.id}"
        for entry in catalogue.of(kind)
        for _, old in _as_list(entry.get("former_ids"))
    }
    ids = [f"{prefix}{i}" for i in catalogue.entries[kind]]
    return suggest.reference_hint(f"{prefix}{ref}", ids, renamed)


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
                        "parent_cycle",
                        chain=chain,
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
                            "bad_date_calendar",
                            field=name,
                            value=entry[name],
                        )
                    )
        start, end = parsed.get("valid_from"), parsed.get("valid_to")
        if start and end and _span_end(entry["valid_to"], end) < start:
            problems.append(
                problem(
                    entry.path,
                    entry.line("valid_to"),
                    "DATE_ORDER",
                    "date_order",
                    end=entry["valid_to"],
                    start=entry["valid_from"],
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
            "age_order",
            minimum=e["minimum_age"],
            maximum=e["maximum_age"],
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
                    "unsafe_markdown",
                    field=_where(at),
                )
            )
        for match in _MD_LINK.finditer(text):
            target = match.group(1) or match.group(2) or ""
            if target and not SAFE_LINK.match(target):
                problems.append(
                    problem(
                        entry.path,
                        entry.line(*at),
                        "BAD_LINK",
                        "bad_link_markdown",
                        field=_where(at),
                        target=target[:60],
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
                    "unsafe_text",
                    field=_where(at),
                    tag=tag,
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
            "unsafe_character",
            field=_where(at),
            char=f"U+{ord(match.group()):04X}",
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
            "text_too_long",
            field=_where(at),
            length=len(text),
            limit=SHORT_TEXTS[at[0]],
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
        text = entry.get(label) or {}
        if "fr" in text and "de" in text and text["de"] != text["fr"]:
            problems.append(
                problem(
                    entry.path,
                    entry.line(label, "de"),
                    "NAME_TO_CONFIRM",
                    "name_to_confirm_keep",
                    field=label,
                )
            )
        if "gloss" not in entry.data:
            problems.append(
                problem(
                    entry.path,
                    entry.line("german_name"),
                    "NAME_TO_CONFIRM",
                    "name_to_confirm_gloss",
                )
            )
    return problems


def former_ids_are_free(catalogue: Catalogue) -> list[Problem]:
    """A former id (kept as a redirect) is not in use and is claimed once."""
    problems = []
    for kind in catalogue.entries:
        claimed: dict[str, str] = {}
        for entry in catalogue.of(kind):
            for i, old in _as_list(entry.get("former_ids")):
                if catalogue.get(kind, old) is not None or old in claimed:
                    owner = claimed.get(old) or msg("the_entry", ref=f"{kind}/{old}")
                    problems.append(
                        problem(
                            entry.path,
                            entry.line("former_ids", i),
                            "REDIRECT_CONFLICT",
                            "redirect_conflict",
                            id=old,
                            owner=owner,
                        )
                    )
                claimed[old] = entry.id
    return problems


def uuids_are_unique(catalogue: Catalogue) -> list[Problem]:
    """No two entries, of any kind, share a uuid (a copied file keeps the original's)."""
    holders: dict[str, list[Entry]] = {}
    for entry in catalogue.all():
        if isinstance(entry.get("uuid"), str):  # an entry with problems may have lost it
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
                    "duplicate_uuid",
                    value=value,
                    others=others,
                    uuid=new_uuid(),
                )
            )
    return problems


def published_entries_remain(catalogue: Catalogue) -> list[Problem]:
    """Every entry page of `published-urls.txt` still has its entry, or an entry that lists its id
    in `former_ids`. Reported at the entry that most likely replaced it (a new, unpublished entry
    of the same kind), where the editor adds `former_ids`; else at the URL's line."""
    pages = _published_entry_pages(catalogue.root / MANIFEST)
    problems = []
    for (kind, old), (url, line) in pages.items():
        renamed = {o for e in catalogue.of(kind) for _, o in _as_list(e.get("former_ids"))}
        if catalogue.get(kind, old) or (kind, old) in catalogue.broken or old in renamed:
            continue
        heir = _likely_heir(old, [e for e in catalogue.of(kind) if (kind, e.id) not in pages])
        if heir is not None:
            at = (heir.path, heir.line("id"), "url_lost")
        else:
            at = (f"{catalogue.display}/{MANIFEST}", line, "url_lost_nowhere")
        problems.append(problem(at[0], at[1], "URL_REMOVED", at[2], url=url, id=old))
    return problems


def _published_entry_pages(manifest: Path) -> dict[tuple[str, str], tuple[str, int]]:
    """(kind, id) of every entry page in the manifest, with its first URL and line there."""
    if not manifest.is_file():
        return {}
    kinds = {k.section: k.name for k in REGISTRY}
    pages: dict[tuple[str, str], tuple[str, int]] = {}
    for number, line in enumerate(manifest.read_text(encoding="utf-8").splitlines(), 1):
        match = _ENTRY_URL.match(line.strip())
        if match and match["section"] in kinds:
            key = (kinds[match["section"]], match["id"])
            # Name the page in the catalogue's first language (no prefix) when it is listed.
            if key not in pages or not match["prefix"]:
                pages[key] = (line.strip(), number)
    return pages


def _likely_heir(old: str, newcomers: list[Entry]) -> Entry | None:
    """The new entry an old id was most likely renamed to: the only one, or the closest id."""
    if len(newcomers) == 1:
        return newcomers[0]
    scored = [(difflib.SequenceMatcher(None, old, e.id).ratio(), e.id, e) for e in newcomers]
    best = max(scored, default=None, key=lambda s: s[:2])
    return best[2] if best is not None and best[0] >= 0.5 else None


def no_placeholders(catalogue: Catalogue) -> list[Problem]:
    """No value is still a placeholder from a template (`…`, `TODO`, `https://…`)."""
    return [
        problem(
            entry.path,
            entry.line(*at),
            "PLACEHOLDER",
            "placeholder",
            field=_where(at),
            value=found,
        )
        for entry, at, text in _texts(catalogue)
        for found in [find_placeholder(text)]
        if found is not None
    ]


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
    no_placeholders,
    published_entries_remain,
    *EASY_RULES,
)
# The rules that look at one entry's own texts and nothing else (see `_text_problems`).
TEXT_RULES = (
    markdown_is_safe,
    plain_texts_hold_no_markup,
    texts_have_no_invisible_controls,
    short_texts_are_short,
    no_placeholders,
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
    if _WALKED is not None and _WALKED[0] is catalogue:
        return iter(_WALKED[1])
    return _walk_texts(catalogue)


def _walk_texts(catalogue: Catalogue) -> Iterator[tuple[Entry, tuple[str, ...], str]]:
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
