""" "What is for me?" in three questions – age, situation, region – answered by static pages.

Every step is a page with a plain HTML form whose answers are submit buttons, each leading to the
next page (`formaction`): it works without JavaScript and every answer has its own URL, the same
in every language (/trouver/18-25/jeunes-en-formation/valais-central/), so the language switch
keeps the answers and a social worker can send the link.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ciivs.catalogue.model import Catalogue, Entry
from ciivs.catalogue.status import ENDED
from ciivs.catalogue.urls import FINDER

SECTION = FINDER
OTHER_SITUATION = "autre"  # "none of these situations": every measure, whatever its target group
_OPEN_END = "plus"


@dataclass(frozen=True)
class AgeBand:
    """Ages from `low` to `high` (None: no upper end); its slug is part of the URL."""

    low: int
    high: int | None

    @property
    def slug(self) -> str:
        return f"{self.low}-{self.high if self.high is not None else _OPEN_END}"


def age_bands(limits: list[int]) -> list[AgeBand]:
    """[18, 26, 50] -> 0-17, 18-25, 26-49, 50-plus."""
    starts = [0, *limits]
    return [
        AgeBand(low, starts[i + 1] - 1 if i + 1 < len(starts) else None)
        for i, low in enumerate(starts)
    ]


@dataclass(frozen=True)
class Step:
    """One page of the finder: the answers given so far (None: not asked yet)."""

    band: AgeBand | None = None
    situation: str | None = None  # a target-group id or OTHER_SITUATION
    region: str | None = None

    @property
    def path(self) -> str:
        """The page's folder under the language root: 'trouver/18-25/'."""
        parts = [SECTION] + [
            p
            for p in (self.band.slug if self.band else None, self.situation, self.region)
            if p is not None
        ]
        return "/".join(parts) + "/"

    @property
    def question(self) -> str | None:
        """What this page asks, or None for the answer page."""
        if self.band is None:
            return "age"
        if self.situation is None:
            return "situation"
        if self.region is None:
            return "region"
        return None


def steps(groups: list[str], regions: list[str], limits: list[int]) -> Iterator[Step]:
    """Every page of the finder, from the first question to every answer."""
    situations = [*groups, OTHER_SITUATION]
    yield Step()
    for band in age_bands(limits):
        yield Step(band)
        for situation in situations:
            yield Step(band, situation)
            for region in regions:
                yield Step(band, situation, region)


@dataclass(frozen=True)
class Fit:
    """A measure that may suit the reader, and how sure each criterion is.

    Each criterion is True (the catalogue says it fits) or None (the catalogue does not say:
    the reader checks); a measure that the catalogue says does not fit is never a Fit.
    """

    measure: Entry
    age: bool | None
    situation: bool | None  # None: the reader chose "none of these situations"
    region: bool | None
    whole_canton: bool


@dataclass(frozen=True)
class Candidate:
    """A running or planned measure with what the finder asks of it, read once for all the
    answer pages (112 of them at 1,000 measures, each of which read every measure again)."""

    measure: Entry
    minimum_age: int | None
    maximum_age: int | None
    target_groups: list[str]
    regions: list[str] | None
    whole_canton: bool


def candidates(catalogue: Catalogue) -> list[Candidate]:
    """The measures an answer page may show: those running or planned."""
    all_regions = {r.id for r in catalogue.of("regions")}
    found = []
    for measure in catalogue.of("measures"):
        if measure.get("status") in ENDED:
            continue
        regions = measure.get("regions")
        whole = regions is not None and set(regions) >= all_regions
        low, high = measure.get("minimum_age"), measure.get("maximum_age")
        groups = measure.get("target_groups", [])
        found.append(Candidate(measure, low, high, groups, regions, whole))
    return found


def fits(catalogue: Catalogue, step: Step, among: list[Candidate] | None = None) -> list[Fit]:
    """The measures that may suit the answers of an answer page, running or planned (`among`:
    the catalogue's `candidates`, when already read)."""
    assert step.band is not None and step.region is not None
    found = []
    for candidate in candidates(catalogue) if among is None else among:
        age = _age_fits(candidate.minimum_age, candidate.maximum_age, step.band)
        situation = (
            None if step.situation == OTHER_SITUATION else step.situation in candidate.target_groups
        )
        regions = candidate.regions
        region = None if regions is None else step.region in regions
        if age is False or situation is False or region is False:
            continue
        found.append(Fit(candidate.measure, age, situation, region, candidate.whole_canton))
    return found


def _age_fits(low: int | None, high: int | None, band: AgeBand) -> bool | None:
    if low is None and high is None:
        return None
    too_young = band.high is not None and low is not None and band.high < low
    too_old = high is not None and band.low > high
    return not (too_young or too_old)


def successor(
    path: str, groups: list[str], regions: list[str], limits: list[int], renamed: dict[str, str]
) -> str:
    """Where a finder page that is no longer built now lives ('trouver/18-25/x/y/' -> ...).

    Finder URLs are promised like every other (partners send them). When editors rename a target
    group or a region (`former_ids`), its answers follow it; when they change `age_limits`, an old
    age band leads to the band that holds its lowest age; an answer that no longer exists leads
    back to the question that asked it.
    """
    parts = path.strip("/").split("/")[1:]
    bands = age_bands(limits)
    low = parts[0].split("-")[0] if parts else ""
    age = int(low) if low.isdigit() else None
    band = next(
        (
            b
            for b in bands
            if age is not None and b.low <= age and (b.high is None or age <= b.high)
        ),
        None,
    )
    if band is None:
        return Step().path
    situation = _current(parts[1] if len(parts) > 1 else None, [*groups, OTHER_SITUATION], renamed)
    if situation is None:
        return Step(band).path
    region = _current(parts[2] if len(parts) > 2 else None, regions, renamed)
    return Step(band, situation, region).path


def _current(answer: str | None, known: list[str], renamed: dict[str, str]) -> str | None:
    if answer in known:
        return answer
    return renamed.get(answer) if answer is not None else None
