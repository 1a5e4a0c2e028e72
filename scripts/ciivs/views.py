"""What the pages need to know about the catalogue: relations, URLs and labels by language."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import yaml

from .catalogue import Catalogue, Entry
from .currency import Currency, currencies, today

LANGS = ("fr", "de")
# URL folder of each kind. Part of the published URL scheme: never change one.
SECTIONS: dict[str, str] = {
    "measures": "mesures",
    "institutions": "institutions",
    "circles": "cercles",
    "values": "valeurs",
    "target-groups": "publics",
    "regions": "regions",
    "programmes": "programmes",
    "articles": "bulletin",
    "initiatives": "projets",
    "people": "personnes",
}
LABELS_FILE = Path(__file__).with_name("templates") / "labels.yml"
MEASURE_ROLES = ("responsible", "providers", "funders", "referrers")
# Kinds whose information can go out of date: they get a currency notice.
CURRENCY_KINDS = ("measures", "programmes", "initiatives")


def load_labels() -> dict[str, dict[str, str]]:
    """Interface labels by key then language."""
    return yaml.safe_load(LABELS_FILE.read_text(encoding="utf-8"))


def url_of(kind: str, entry_id: str | None = None) -> str:
    """The site path of an entry (or of a kind's index), without language prefix: 'mesures/x/'."""
    section = SECTIONS[kind]
    return f"{section}/{entry_id}/" if entry_id else f"{section}/"


def title_of(entry: Entry) -> dict[str, str]:
    """The language map that names an entry."""
    for key in ("title", "name"):
        if key in entry.data:
            value = entry[key]
            return value if isinstance(value, dict) else {"fr": value, "de": value}
    return {"fr": entry.id, "de": entry.id}


def with_abbreviation(name: str, abbreviation: str | None) -> str:
    """'Office de l'asile (OASI)'; the name alone when it already holds the abbreviation
    ('Programme PIC 3 (2024-2027)' never becomes '… (PIC 3)')."""
    if not abbreviation or re.search(rf"(?<!\w){re.escape(abbreviation)}(?!\w)", name):
        return name
    return f"{name} ({abbreviation})"


def display_name(entry: Entry, lang: str) -> str:
    """How lists, links and headings name an entry: its name and, if it has one, its abbreviation."""
    abbreviation = entry.get("abbreviation")
    return with_abbreviation(
        title_of(entry)[lang], abbreviation[lang] if isinstance(abbreviation, dict) else None
    )


def website_of(entry: Entry, lang: str) -> str | None:
    """An institution's website in one language: `website` is one address or one per language."""
    website = entry.get("website")
    return website[lang] if isinstance(website, dict) else website


def _ordered(entries: list[Entry]) -> list[Entry]:
    return sorted(
        entries, key=lambda e: (e.get("order", 0), e.get("rank", 0), title_of(e)["fr"].lower())
    )


@dataclass
class Relations:
    """Reverse links between entries, computed once per build."""

    catalogue: Catalogue
    _by: dict[tuple[str, str, str], list[Entry]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        for measure in self.catalogue.of("measures"):
            for role in (*MEASURE_ROLES, "target_groups", "regions", "programme"):
                for ref in _refs(measure.get(role)):
                    self._by[("measures", role, ref)].append(measure)
        for kind, role in (
            ("programmes", "responsible"),
            ("programmes", "funders"),
            ("initiatives", "responsible"),
            ("initiatives", "participants"),
            ("people", "institution"),
            ("institutions", "parent"),
            ("institutions", "circles"),
            ("articles", "author"),
        ):
            for entry in self.catalogue.of(kind):
                for ref in _refs(entry.get(role)):
                    self._by[(kind, role, ref)].append(entry)
        for article in self.catalogue.of("articles"):
            for typed in article.get("about", []):
                self._by[("articles", "about", typed)].append(article)

    def having(self, kind: str, role: str, ref: str) -> list[Entry]:
        """Entries of `kind` whose field `role` names `ref`, in display order."""
        return _ordered(self._by.get((kind, role, ref), []))

    def circle_of(self, institution: Entry) -> list[str]:
        """Circles the institution itself is a member of (`circles:`), as the bulletin names them."""
        return list(institution.get("circles", []))

    def circles_via(self, institution: Entry) -> tuple[list[str], Entry | None]:
        """Circles of the nearest parent that is a member, and that parent: a unit of a member is
        shown "via" it, never as a member itself (the bulletin names the members)."""
        current = self.catalogue.get("institutions", institution.get("parent", ""))
        seen = {institution.id}
        while current is not None and current.id not in seen:
            if current.get("circles"):
                return list(current["circles"]), current
            seen.add(current.id)
            current = self.catalogue.get("institutions", current.get("parent", ""))
        return [], None

    @cached_property
    def measure_circles(self) -> dict[str, list[str]]:
        """Circles of the member institutions responsible for or running each measure."""
        result = {}
        for measure in self.catalogue.of("measures"):
            ids = [measure["responsible"], *measure.get("providers", [])]
            circles = {
                c
                for i in ids
                if (inst := self.catalogue.get("institutions", i))
                for c in self.circle_of(inst)
            }
            result[measure.id] = sorted(circles)
        return result

    @cached_property
    def currency(self) -> dict[str, Currency]:
        """How current each dated entry is today ('kind/id' -> Currency)."""
        return currencies(self.catalogue, today(), CURRENCY_KINDS)

    def currency_of(self, entry: Entry) -> Currency | None:
        return self.currency.get(f"{entry.kind}/{entry.id}")

    def shown_status(self, entry: Entry) -> str:
        """The status a reader sees: 'unconfirmed' replaces active or planned when the information
        is past its planned end or its review is overdue."""
        currency = self.currency_of(entry)
        status = entry.get("status", "")
        if currency and not currency.current and status not in ("ended", "completed"):
            return "unconfirmed"
        return status

    def ordered(self, kind: str) -> list[Entry]:
        return _ordered(self.catalogue.of(kind))


def _refs(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
