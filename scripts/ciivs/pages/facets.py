"""Data for the measure list's filters and for a measure's schema.org description."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ciivs.catalogue.model import Entry
from ciivs.catalogue.naming import display_name, title_of

if TYPE_CHECKING:
    from ciivs.pages.context import PageContext


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


def measure_facet_items(ctx: PageContext) -> list[dict[str, Any]]:
    """Measures in list order, each with its filter values."""
    return [
        {
            "entry": e,
            "facets": measure_facet_values(
                e, ctx.rel.measure_circles[e.id], ctx.rel.shown_status(e)
            ),
        }
        for e in ctx.rel.ordered("measures")
    ]


def measure_facets(ctx: PageContext, items: list[dict[str, Any]]) -> list[Facet]:
    """Every filter with the options that occur in the catalogue and how many measures have each."""
    counts: dict[str, Counter[str]] = {}
    for item in items:
        for name, values in item["facets"].items():
            counts.setdefault(name, Counter()).update(values)
    labels = {
        "groups": lambda v: ctx.t(title_of(ctx.catalogue.entry("target-groups", v))),
        "institutions": lambda v: _institution_label(ctx, v),
        "circles": lambda v: ctx.t(title_of(ctx.catalogue.entry("circles", v))),
        "regions": lambda v: ctx.t(title_of(ctx.catalogue.entry("regions", v))),
        "status": lambda v: ctx.labels[v.replace("-", "_", 1)],
    }
    order = {"groups": "target-groups", "circles": "circles", "regions": "regions"}
    facets = []
    for name in ("groups", "institutions", "circles", "regions", "status"):
        found = counts.get(name, Counter())
        if name in order:
            values = [e.id for e in ctx.rel.ordered(order[name]) if e.id in found]
        else:
            values = sorted(found, key=lambda v: labels[name](v).lower())
        options = [Option(v, labels[name](v), found[v]) for v in values]
        facets.append(Facet(name, ctx.labels[f"filter_{name}"], options))
    return facets


def _institution_label(ctx: PageContext, entry_id: str) -> str:
    return display_name(ctx.catalogue.entry("institutions", entry_id), ctx.language)
