"""Data for the measure list's filters and for a measure's schema.org description."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ciivs.catalogue.labels import Labels
from ciivs.catalogue.model import Entry
from ciivs.catalogue.relations import Relations

# How a filter names an entry it offers: (kind, id) -> the name readers see.
NameOf = Callable[[str, str], str]


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    name: str
    label: str
    options: list[Option]


def measure_facet_values(entry: Entry, circles: list[str], status: str) -> dict[str, list[str]]:
    """The values a measure has for each filter; names become data-* attributes."""
    return {
        "groups": list(entry.get("target_groups", [])),
        "institutions": sorted({entry["responsible"], *entry.get("providers", [])}),
        "circles": circles,
        "regions": list(entry.get("regions", [])),
        "status": [f"status-{status}", f"phase-{entry['phase']}"],
    }


def measure_facet_items(rel: Relations) -> list[dict[str, Any]]:
    """Measures in list order, each with its filter values."""
    return [
        {
            "entry": e,
            "facets": measure_facet_values(e, rel.measure_circles[e.id], rel.shown_status(e)),
        }
        for e in rel.ordered("measures")
    ]


def measure_facets(
    items: list[dict[str, Any]], rel: Relations, name_of: NameOf, labels: Labels
) -> list[Facet]:
    """Every filter with the options that occur in the catalogue and how many measures have each."""
    counts: dict[str, Counter[str]] = {}
    for item in items:
        for name, values in item["facets"].items():
            counts.setdefault(name, Counter()).update(values)
    label_of: dict[str, Callable[[str], str]] = {
        "groups": lambda v: name_of("target-groups", v),
        "institutions": lambda v: name_of("institutions", v),
        "circles": lambda v: name_of("circles", v),
        "regions": lambda v: name_of("regions", v),
        "status": lambda v: labels[v.replace("-", "_", 1)],
    }
    order = {"groups": "target-groups", "circles": "circles", "regions": "regions"}
    facets = []
    for name in ("groups", "institutions", "circles", "regions", "status"):
        found = counts.get(name, Counter())
        if name in order:
            values = [e.id for e in rel.ordered(order[name]) if e.id in found]
        else:
            values = sorted(found, key=lambda v: label_of[name](v).lower())
        options = [Option(v, label_of[name](v), found[v]) for v in values]
        facets.append(Facet(name, labels[f"filter_{name}"], options))
    return facets
