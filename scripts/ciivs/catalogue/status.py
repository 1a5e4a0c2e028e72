"""The status a reader is told, computed once for every output: page, search, lists, finder,
printed sheet, JSON-LD, HSDS, CPSV-AP, CSV and Atom.

An editor writes what the source says (`status: active|planned|ended|unknown`); a reader is told
what is known today. Information past its review interval, or past its planned end without a
confirmation, is "to confirm" (`unconfirmed`), with the date it dates from; a measure marked
ended after its planned end is "ended as planned"; `unknown` is always "to confirm".
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from ciivs.catalogue.freshness import Currency, currency_of
from ciivs.catalogue.labels import Labels
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.wording import date

# Statuses that take an entry out of the current offer (measures: ended; initiatives: completed).
ENDED = ("ended", "completed")
# What readers are told: the editor's status, or one of these when today's knowledge differs.
UNCONFIRMED = "unconfirmed"
ENDED_AS_PLANNED = "ended_as_planned"


@dataclass(frozen=True)
class ReaderStatus:
    """What a reader is told of an entry: a code (`status_<code>` is its label), the partial date
    the information dates from, and the planned end when it has passed."""

    code: str
    as_of: str | None
    ended_on: str | None = None

    @property
    def current(self) -> bool:
        """The entry is on offer today as far as the catalogue knows (active or planned)."""
        return self.code in ("active", "planned")

    @property
    def ended(self) -> bool:
        return self.code in (*ENDED, ENDED_AS_PLANNED)

    def words(self, labels: Labels) -> str:
        """The badge: 'En cours', 'Information de 2023 – à confirmer', 'Terminé comme prévu (juillet 2026)'."""
        if self.code == UNCONFIRMED and self.as_of:
            return labels.fmt("badge_unconfirmed", date=date(labels, self.as_of))
        if self.code == ENDED_AS_PLANNED and self.ended_on:
            return labels.fmt("badge_ended_as_planned", date=date(labels, self.ended_on))
        return labels[f"status_{self.code}"]


def reader_status(entry: Entry, freshness: Currency | None) -> ReaderStatus | None:
    """The status a reader sees, from the entry's `status` and how current it is (None for an
    entry of a kind that has no status)."""
    status = entry.get("status")
    if not status:
        return None
    as_of = freshness.as_of if freshness else None
    planned_end = entry.get("valid_to")
    if status in ENDED:
        if status == "ended" and freshness and freshness.ended and planned_end:
            return ReaderStatus(ENDED_AS_PLANNED, as_of, planned_end)
        return ReaderStatus(status, as_of)
    if status == "unknown" or (freshness and not freshness.current):
        return ReaderStatus(
            UNCONFIRMED, as_of, planned_end if freshness and freshness.ended else None
        )
    return ReaderStatus(status, as_of)


def status_today(entry: Entry, catalogue: Catalogue, on: dt.date) -> ReaderStatus | None:
    """`reader_status` on day `on`, for outputs that hold no page context (open data)."""
    return reader_status(entry, currency_of(entry, catalogue, on))


@dataclass(frozen=True)
class Said:
    """An entry's reader status and its words in each language: what every data file carries."""

    status: ReaderStatus
    words: dict[str, str]


def said_today(
    catalogue: Catalogue, kind: str, labels: dict[str, Labels], on: dt.date
) -> dict[str, Said]:
    """The status of every entry of `kind` on day `on`, with its words in each of `labels`' languages."""
    said = {}
    for entry in catalogue.of(kind):
        status = status_today(entry, catalogue, on)
        if status is not None:
            said[entry.id] = Said(status, {code: status.words(l) for code, l in labels.items()})
    return said
