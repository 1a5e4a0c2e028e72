"""Dates, periods, ages and statuses as readers say them, in the words of a language's labels.

Pure functions of the labels: the pages, the finder, the open-data files and the tests call them
alike, so a page and a data file say the same.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from ciivs.catalogue.labels import Labels


def date(labels: Labels, text: str) -> str:
    """A partial ISO date as people write it: 2023, août 2023 / August 2023, 1.8.2023."""
    parts = text.split("-")
    if len(parts) == 1:
        return parts[0]
    month = labels["months"].split()[int(parts[1]) - 1]
    if len(parts) == 2:
        return labels.fmt("date_month", month=month, year=parts[0])
    day = int(parts[2])
    shown = labels["first_day"] if day == 1 else str(day)
    return labels.fmt("date_day", day=shown, month=month, year=parts[0])


def period(labels: Labels, start: str | None, end: str | None) -> str:
    """'depuis le 1er août 2023', 'd'avril 2024 à 2027', 'seit 2023', '2024 bis 2027'."""

    def part(key: str, value: str) -> str:
        suffix = "_day" if value.count("-") == 2 else ""
        return labels.fmt(key + suffix, date=date(labels, value))

    if start and end:
        text = f"{part('period_from', start)} {part('period_to', end)}"
    elif start:
        text = part("since", start)
    elif end:
        text = part("until", end)
    else:
        return ""
    return elide(labels, text).strip()


def elide(labels: Labels, text: str) -> str:
    """'de août' -> 'd'août': the labels say which word loses its vowel, if any."""
    word = labels["elide_word"]
    if not word:
        return text
    return re.sub(
        rf"\b{re.escape(word)} (?=[aeiouyàâéèêîôû])",
        labels["elided"],
        text,
        flags=re.IGNORECASE,
    )


def ages(labels: Labels, data: Mapping[str, Any]) -> str:
    """A measure's age range: 'de 15 à 25 ans', 'dès 50 ans', 'jusqu'à 25 ans'."""
    if "minimum_age" in data and "maximum_age" in data:
        return labels.fmt("age_from_to", min=data["minimum_age"], max=data["maximum_age"])
    if "minimum_age" in data:
        return labels.fmt("age_from", min=data["minimum_age"])
    return labels.fmt("age_to", max=data["maximum_age"])


def age_band(labels: Labels, low: int, high: int | None) -> str:
    """A finder answer's age band: 'moins de 25 ans', '25 à 49 ans', '50 ans et plus'."""
    if low == 0 and high is not None:
        return labels.fmt("finder_age_under", limit=high + 1)
    if high is None:
        return labels.fmt("finder_age_over", min=low)
    return labels.fmt("finder_age_between", min=low, max=high)
