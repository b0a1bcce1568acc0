"""Digests of views (what an incremental build compares) and the timeline's pagination.

A page is kept from the previous build only when the digest of everything it shows is unchanged.
"""

from __future__ import annotations

import copyreg
import dataclasses
import hashlib
import io
import pickle
from collections.abc import Mapping, Sequence
from typing import Any

from tracker.derive.calendars import WorkingDays
from tracker.model.dates import month_year
from tracker.site.views import ClockView, EntryView, TimelinePage

_CLOCK_FIELDS = tuple(f.name for f in dataclasses.fields(ClockView) if f.compare)


def _clock_state(clock: ClockView) -> tuple[Any, ...]:
    # Every field that is part of the clock's value, and nothing the lazy properties cached. Not the
    # build's calendars (`compare=False`): their memo of days counted so far differs from build to build,
    # which made every page with a clock on it (the overview, the regulators' pages) look changed after
    # any edit; the days they give follow from the code and the holiday tables, both in every key.
    return (ClockView, tuple(getattr(clock, name) for name in _CLOCK_FIELDS))


def _span_state(span: WorkingDays) -> tuple[Any, ...]:
    # The days left out follow from the ends and the regulator's calendar (part of the clock's state).
    return (WorkingDays, (span.start, span.end, span.working_days, span.calendar_days))


def view_digest(values: Mapping[str, Any]) -> str:
    """A digest of everything a template is given, or "" when the values cannot be digested.

    Equal digests mean equal values (the views are frozen dataclasses of text, numbers, dates and
    tuples): a page made from them can be kept from the previous build. Views are written out whole
    (pickled), except a clock's cached lists of days and a span's days, which follow from fields that
    are written.
    """
    buffer = io.BytesIO()
    pickler = pickle.Pickler(buffer, protocol=5)
    pickler.dispatch_table = {**copyreg.dispatch_table, ClockView: _clock_state, WorkingDays: _span_state}
    try:
        pickler.dump(sorted(values.items()))
    except (pickle.PicklingError, TypeError, AttributeError):
        return ""
    return hashlib.sha256(buffer.getvalue()).hexdigest()


# --- pagination -------------------------------------------------------------------------------------


def paginate(
    entries: Sequence[EntryView], per_page: int, base: str = "timeline/"
) -> tuple[TimelinePage, ...]:
    """Pages of `per_page` entries at `timeline/`, `timeline/page/2/`, ... grouped by month."""
    total = len(entries)
    count = page_count(total, per_page)
    return tuple(
        timeline_page(
            number, count, entries[(number - 1) * per_page : number * per_page], per_page, total, base
        )
        for number in range(1, count + 1)
    )


def page_count(total: int, per_page: int) -> int:
    return max(1, -(-total // per_page))


def timeline_page(
    number: int, count: int, chunk: Sequence[EntryView], per_page: int, total: int, base: str = "timeline/"
) -> TimelinePage:
    """Page `number` of `count`, holding `chunk` (its share of `total` entries), grouped by month."""

    def url(n: int) -> str:
        return TimelinePage.page_url(n, base)

    months: list[tuple[str, list[EntryView]]] = []
    for entry in chunk:
        label = month_year(entry.day)
        if not months or months[-1][0] != label:
            months.append((label, []))
        months[-1][1].append(entry)
    return TimelinePage(
        number=number,
        count=count,
        url=url(number),
        save_as=f"{url(number)}index.html",
        months=tuple((label, tuple(items)) for label, items in months),
        previous_url=url(number - 1) if number > 1 else None,
        next_url=url(number + 1) if number < count else None,
        first=(number - 1) * per_page + 1 if chunk else 0,
        last=(number - 1) * per_page + len(chunk),
        total=total,
        numbers=page_numbers(number, count),
    )


def page_numbers(current: int, count: int) -> tuple[int | None, ...]:
    """Which page links a pager shows, GOV.UK style: `1 … 4 [5] 6 … 40`; None is a gap.

    Listing every page would put hundreds of links on each page of a large record.
    """
    wanted = sorted({1, count, current - 1, current, current + 1} & set(range(1, count + 1)))
    shown: list[int | None] = []
    previous = 0
    for n in wanted:
        if previous and n - previous > 1:
            shown.append(None)
        shown.append(n)
        previous = n
    return tuple(shown)
