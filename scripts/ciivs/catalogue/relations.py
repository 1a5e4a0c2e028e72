"""Reverse links between entries, and what a reader is told of each entry's status."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from ciivs.catalogue.freshness import Currency, build_day, currencies
from ciivs.catalogue.kinds import DATED, TYPED_REFERENCES, references
from ciivs.catalogue.kinds import kind as declared_kind
from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.naming import title_of
from ciivs.catalogue.status import ReaderStatus, reader_status


def _ordered(entries: list[Entry], default: str) -> list[Entry]:
    """Display order: `order` or `rank`, then the name in the default language."""
    return sorted(
        entries, key=lambda e: (e.get("order", 0), e.get("rank", 0), title_of(e)[default].lower())
    )


@dataclass
class Relations:
    """Reverse links between entries, computed once per build."""

    catalogue: Catalogue
    _by: dict[tuple[str, str, str], list[Entry]] = field(default_factory=lambda: defaultdict(list))

    def __post_init__(self) -> None:
        # Every reference the registry declares, and the typed ones ("kind/id"), read backwards.
        for k, field_name, _target in references():
            for entry in self.catalogue.of(k.name):
                for ref in _referenced_ids(entry.get(field_name)):
                    self._by[(k.name, field_name, ref)].append(entry)
        for field_name, kinds in TYPED_REFERENCES.items():
            for kind_name in kinds:
                for entry in self.catalogue.of(kind_name):
                    for typed in _referenced_ids(entry.get(field_name)):
                        self._by[(kind_name, field_name, typed)].append(entry)

    def having(self, kind: str, role: str, ref: str) -> list[Entry]:
        """Entries of `kind` whose field `role` names `ref`, in display order.

        Raises for a field that `kind` does not declare as a reference (kinds.py): a typo or a
        forgotten declaration must not read as "no such entries".
        """
        if kind not in TYPED_REFERENCES.get(role, ()):
            declared_kind(kind).target(role)
        return _ordered(self._by.get((kind, role, ref), []), self.default)

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
        """How current each dated entry is on the build's day ('kind/id' -> Currency)."""
        return currencies(self.catalogue, build_day(self.catalogue.root), DATED)

    def currency_of(self, entry: Entry) -> Currency | None:
        return self.currency.get(f"{entry.kind}/{entry.id}")

    def status_of(self, entry: Entry) -> ReaderStatus | None:
        """What a reader is told of the entry's status today (catalogue/status.py)."""
        return reader_status(entry, self.currency_of(entry))

    def shown_status(self, entry: Entry) -> str:
        """The code of `status_of` ('' for a kind without status): lists, filters, badges."""
        status = self.status_of(entry)
        return status.code if status else ""

    def whom_to_ask(self, entry: Entry) -> Entry | None:
        """The institution a reader asks to confirm an entry: the responsible one, a person's
        institution, an institution itself, else the network's contact (search/finder.yml)."""
        for field_name in ("responsible", "institution"):
            if isinstance(entry.get(field_name), str):
                return self.catalogue.get("institutions", entry[field_name])
        if entry.kind == "institutions":
            return entry
        contact = self.catalogue.search.network_contact
        return self.catalogue.get("institutions", contact) if contact else None

    def ordered(self, kind: str) -> list[Entry]:
        return _ordered(self.catalogue.of(kind), self.default)

    @cached_property
    def default(self) -> str:
        """The default language's code: names in it decide the order of lists."""
        return self.catalogue.languages[0].code


def _referenced_ids(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return [v for v in value if isinstance(v, str)]
    return []
