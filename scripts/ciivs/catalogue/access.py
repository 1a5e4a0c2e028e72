"""How to get into a measure, read once: the next-step box, the measure page, the hand-off sheet,
HSDS, CPSV-AP, schema.org and the CSV all ask here.

A measure says its steps in order (`steps`), whom to contact first (`first_contact`, else its
responsible institution), the documents (`documents`) and what happens next (`what_next`). The
contact details shown are those the sources give: the measure's own `contact`, else the first
contact's; when neither has any, those of the nearest institution it belongs to (`via`), and the
pages say so. Nothing is ever made up: without any detail, the contact is named alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ciivs.catalogue.model import Catalogue, Entry

# Contact details an institution entry may hold, in the order pages show them.
_CHANNELS = ("phone", "email", "website", "address")


@dataclass(frozen=True)
class FirstContact:
    """Whom to contact first and how: the institution, and the details of `source` (the measure
    itself, the institution, or the institution it belongs to, `via`), None when the sources
    give no detail at all."""

    institution: Entry
    source: Entry | None
    phone: str | None = None
    email: str | None = None
    website: str | dict[str, str] | None = None
    address: dict[str, str] | None = None

    @property
    def via(self) -> Entry | None:
        """The institution whose details stand in for the first contact's, if any."""
        if self.source is None or self.source.kind != "institutions":
            return None
        return None if self.source.id == self.institution.id else self.source

    @property
    def reachable(self) -> bool:
        """The sources give at least one way to reach it."""
        return any((self.phone, self.email, self.website, self.address))

    def url(self, lang: str) -> str | None:
        """The web address in one language."""
        if isinstance(self.website, dict):
            return self.website[lang]
        return self.website


def first_contact_of(measure: Entry, catalogue: Catalogue) -> FirstContact:
    """Whom a reader contacts first for `measure`, with the contact details the sources give."""
    institution = catalogue.entry(
        "institutions", measure.get("first_contact") or measure["responsible"]
    )
    own = measure.get("contact") or {}
    if own:
        return FirstContact(
            institution,
            measure,
            phone=own.get("phone"),
            email=own.get("email"),
            website=own.get("url"),
        )
    holder: Entry | None = institution
    while holder is not None and not any(holder.get(c) for c in _CHANNELS):
        parent = holder.get("parent")
        holder = catalogue.get("institutions", parent) if parent else None
    if holder is None:
        return FirstContact(institution, None)
    return FirstContact(
        institution,
        holder,
        phone=holder.get("phone"),
        email=holder.get("email"),
        website=holder.get("website"),
        address=holder.get("address"),
    )


def steps_of(measure: Entry) -> list[dict[str, str]]:
    """The steps to get in, in order (none when the entry does not give them)."""
    return list(measure.get("steps", []))


def document_items(measure: Entry) -> list[dict[str, str]]:
    """The documents the source names (often none: then only the note speaks)."""
    return list((measure.get("documents") or {}).get("items", []))


def document_note(measure: Entry) -> dict[str, str] | None:
    """What the source says about documents, or that it names none and whom to ask."""
    note: Any = (measure.get("documents") or {}).get("note")
    return note
