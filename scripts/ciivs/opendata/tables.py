"""Measures and institutions as CSV for spreadsheets: one file per kind and language.

UTF-8 with a byte-order mark (Excel then reads the accents right), comma separated, every
value quoted where needed by Python's csv module, CRLF line ends (RFC 4180).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping
from typing import Any

from ciivs.catalogue.access import document_items, document_note, first_contact_of, steps_of
from ciivs.catalogue.costs import cost_of
from ciivs.catalogue.kinds import url_of
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.naming import display_name, title_of, website_of
from ciivs.catalogue.status import Said
from ciivs.catalogue.urls import page_url
from ciivs.formats.plaintext import plain_text

Column = tuple[str, Callable[[Entry, "_Row"], str]]


class _Row:
    """What a column needs to write one value in one language."""

    def __init__(
        self, catalogue: Catalogue, lang: str, base: str, free: str, said: Mapping[str, Said]
    ) -> None:
        self.catalogue, self.lang, self.base, self.free = catalogue, lang, base, free
        self.said = said

    def names(self, kind: str, ids: Any) -> str:
        ids = [ids] if isinstance(ids, str) else ids or []
        return "; ".join(display_name(self.catalogue.entries[kind][i], self.lang) for i in ids)

    def text(self, value: Any) -> str:
        return (
            # A text may lack a language where none exists (no German abbreviation): empty cell.
            value.get(self.lang, "")
            if isinstance(value, dict)
            else ("" if value is None else str(value))
        )


def _cost(entry: Entry, row: _Row) -> str:
    cost = cost_of(entry)
    if cost is None:
        return ""
    words = cost.words(row.free)
    note = row.text(cost.note) if cost.note else ""
    return " – ".join(part for part in (words, note) if part)


def _documents(entry: Entry, row: _Row) -> str:
    items = "; ".join(row.text(item) for item in document_items(entry))
    note = document_note(entry)
    return " – ".join(part for part in (items, row.text(note) if note else "") if part)


MEASURE_COLUMNS: list[Column] = [
    ("id", lambda e, r: e.id),
    ("uuid", lambda e, r: e["uuid"]),
    ("url", lambda e, r: page_url(r.base, r.lang, url_of("measures", e.id))),
    ("title", lambda e, r: r.text(e["title"])),
    ("summary", lambda e, r: r.text(e["summary"])),
    ("status", lambda e, r: r.said[e.id].status.code),
    ("status_note", lambda e, r: r.said[e.id].words[r.lang]),
    ("information_as_of", lambda e, r: r.said[e.id].status.as_of or ""),
    ("phase", lambda e, r: e.get("phase", "")),
    ("valid_from", lambda e, r: e.get("valid_from", "")),
    ("valid_to", lambda e, r: e.get("valid_to", "")),
    ("target_groups", lambda e, r: r.names("target-groups", e.get("target_groups"))),
    ("minimum_age", lambda e, r: r.text(e.get("minimum_age"))),
    ("maximum_age", lambda e, r: r.text(e.get("maximum_age"))),
    ("regions", lambda e, r: r.names("regions", e.get("regions"))),
    ("responsible", lambda e, r: r.names("institutions", e["responsible"])),
    ("providers", lambda e, r: r.names("institutions", e.get("providers"))),
    ("funders", lambda e, r: r.names("institutions", e.get("funders"))),
    ("referrers", lambda e, r: r.names("institutions", e.get("referrers"))),
    ("programme", lambda e, r: r.names("programmes", e.get("programme"))),
    ("languages", lambda e, r: "; ".join(e.get("languages", []))),
    ("cost", _cost),
    ("contact_email", lambda e, r: (e.get("contact") or {}).get("email", "")),
    ("contact_phone", lambda e, r: (e.get("contact") or {}).get("phone", "")),
    ("contact_url", lambda e, r: (e.get("contact") or {}).get("url", "")),
    ("last_reviewed", lambda e, r: e.get("last_reviewed", "")),
    ("eligibility", lambda e, r: plain_text(r.text(e.get("eligibility")))),
    ("application_process", lambda e, r: plain_text(r.text(e.get("application_process")))),
    ("steps", lambda e, r: "; ".join(r.text(s) for s in steps_of(e))),
    (
        "first_contact",
        lambda e, r: display_name(first_contact_of(e, r.catalogue).institution, r.lang),
    ),
    ("documents", _documents),
    ("what_next", lambda e, r: r.text(e.get("what_next"))),
    ("description", lambda e, r: plain_text(r.text(e["description"]))),
]

INSTITUTION_COLUMNS: list[Column] = [
    ("id", lambda e, r: e.id),
    ("uuid", lambda e, r: e["uuid"]),
    ("url", lambda e, r: page_url(r.base, r.lang, url_of("institutions", e.id))),
    ("name", lambda e, r: r.text(title_of(e))),
    ("abbreviation", lambda e, r: r.text(e.get("abbreviation"))),
    ("kind", lambda e, r: e["kind"]),
    ("parent", lambda e, r: r.names("institutions", e.get("parent"))),
    ("circles", lambda e, r: r.names("circles", e.get("circles"))),
    ("summary", lambda e, r: r.text(e["summary"])),
    ("website", lambda e, r: website_of(e, r.lang) or ""),
    ("phone", lambda e, r: e.get("phone", "")),
    ("email", lambda e, r: e.get("email", "")),
    ("street", lambda e, r: (e.get("address") or {}).get("street", "")),
    ("postcode", lambda e, r: (e.get("address") or {}).get("postcode", "")),
    ("locality", lambda e, r: (e.get("address") or {}).get("locality", "")),
]


def csv_table(
    entries: list[Entry],
    columns: list[Column],
    catalogue: Catalogue,
    lang: str,
    base: str,
    free: str,
    said: Mapping[str, Said],
) -> bytes:
    """The entries as CSV bytes: a BOM, a header row of column names, one row per entry."""
    row = _Row(catalogue, lang, base, free, said)
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([name for name, _ in columns])
    for entry in entries:
        writer.writerow([value(entry, row) for _, value in columns])
    return "\ufeff".encode() + out.getvalue().encode("utf-8")
