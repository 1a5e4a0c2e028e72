"""Is an entry's information still current? Derived from its dates, never written by hand.

Information is as old as its last confirmation with the responsible body (`last_reviewed`, with
`confirmed_by`) or, without one, as its newest source (the bulletin article's `published`). It is
due for a new confirmation `review_interval_months` after that (default below); a planned end
(`valid_to`) in the past makes it uncertain too. "Today" comes from `CIIVS_TODAY` (YYYY-MM-DD) when
set, so that tests and reports can fix it; for the site's pages, from the build's date otherwise.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from ciivs import environ
from ciivs.catalogue.history import source_date_epoch
from ciivs.catalogue.model import Catalogue, Entry

# Catalogue-wide review interval; an entry may set its own `review_interval_months`.
REVIEW_INTERVAL_MONTHS = 12
TODAY_VARIABLE = environ.TODAY


@dataclass(frozen=True)
class Currency:
    """How current an entry's information is, on a given day."""

    as_of: str | None  # the partial date the information dates from ("2023", "2026-11-30")
    confirmed: bool  # as_of is a confirmation with the responsible body, not a publication
    review_due: dt.date | None
    overdue: bool  # no confirmation within the review interval
    ended: bool  # the planned end (valid_to) has passed, with no confirmation since

    @property
    def current(self) -> bool:
        return not (self.overdue or self.ended)


def build_day(root: Path) -> dt.date:
    """The day a built site's pages apply the rules on: $CIIVS_TODAY if set, else the day of
    the build's date (`source_date_epoch`: $SOURCE_DATE_EPOCH or the last commit), so that two
    builds of one commit are the same, whatever day they run."""
    if os.environ.get(TODAY_VARIABLE, "").strip():
        return today()
    return dt.datetime.fromtimestamp(source_date_epoch(root), dt.UTC).date()


def today() -> dt.date:
    """The day the editors' report applies the rules on: $CIIVS_TODAY if set (YYYY-MM-DD), else
    the calendar's."""
    fixed = os.environ.get(TODAY_VARIABLE, "").strip()
    if not fixed:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(fixed)
    except ValueError:
        raise ValueError(f"{TODAY_VARIABLE}={fixed!r} is not a date like 2026-12-02") from None


def currency_of(entry: Entry, catalogue: Catalogue, on: dt.date) -> Currency:
    """The currency of one entry on day `on`."""
    reviewed = entry.get("last_reviewed")
    as_of = reviewed or _newest_source_date(entry, catalogue)
    due = None
    if as_of:
        months = entry.get("review_interval_months", REVIEW_INTERVAL_MONTHS)
        due = _add_months(period_end(as_of), months)
    # A planned end that has passed leaves the entry uncertain, unless the body confirmed it
    # after that end (it runs on, and valid_to was not updated).
    end = period_end(entry["valid_to"]) if entry.get("valid_to") else None
    ended = end is not None and end < on and not (reviewed and period_end(reviewed) > end)
    return Currency(
        as_of=as_of,
        confirmed=bool(reviewed),
        review_due=due,
        overdue=due is None or due < on,
        ended=ended,
    )


def currencies(catalogue: Catalogue, on: dt.date, kinds: tuple[str, ...]) -> dict[str, Currency]:
    """The currency of every entry of `kinds`, keyed 'kind/id'."""
    return {
        f"{kind}/{e.id}": currency_of(e, catalogue, on)
        for kind in kinds
        for e in catalogue.of(kind)
    }


def period_end(text: str) -> dt.date:
    """The last day a partial date covers: '2023' -> 31.12.2023, '2026-07' -> 31.7.2026."""
    parts = [int(p) for p in text.split("-")]
    if len(parts) == 3:
        return dt.date(*parts)
    if len(parts) == 2:
        return _add_months(dt.date(parts[0], parts[1], 1), 1) - dt.timedelta(days=1)
    return dt.date(parts[0], 12, 31)


def _newest_source_date(entry: Entry, catalogue: Catalogue) -> str | None:
    dates = [
        article["published"]
        for ref in entry.get("sources", [])
        if (article := catalogue.get("articles", ref)) and article.get("published")
    ]
    return max(dates, key=period_end) if dates else None


def _add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it is shorter."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    for candidate in range(day.day, 27, -1):
        try:
            return dt.date(year, month + 1, candidate)
        except ValueError:
            continue
    return dt.date(year, month + 1, min(day.day, 28))
