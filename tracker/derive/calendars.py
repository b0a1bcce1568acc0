"""Derived facts: waiting clocks, statuses, silence milestones and overview counters (DESIGN.md section 3).

Nothing here is typed by hand in the data file: every figure is recomputed from the events at each build,
so a correction to one event can never leave a stale count behind. Every function is pure and takes
`today` as an argument, because two builds of the same data with the same `--today` must be identical.

Events dated after `today` (only `scheduled` ones may be, but the rule is general) are ignored by every rule.
"""

from __future__ import annotations

import contextlib
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date

from tracker.model.dataset import Regulator

__all__ = [
    "OFFLINE_OUTCOMES",
    "PLATFORM_RESPONSE",
    "Excluded",
    "WorkingDays",
    "count_working_days",
    "holiday_calendar",
    "nth_working_day",
]

PLATFORM_RESPONSE = "platform-response"
OFFLINE_OUTCOMES = frozenset({"offline", "geo-blocked"})
_WEEKEND = {5: "Saturday", 6: "Sunday"}


# --- working days -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Excluded:
    """A day inside a span that was not counted, kept so every figure can show its working."""

    day: date
    reason: str


@dataclass(frozen=True)
class WorkingDays:
    """A counted span. `excluded` lists every day after `start` up to `end` that did not count.

    Days are counted as Alaveteli counts them (the start day is day zero), because campaigners and
    journalists already read FOI deadlines that way.
    """

    start: date
    end: date
    working_days: int
    calendar_days: int
    excluded: tuple[Excluded, ...]


@dataclass(frozen=True)
class _Year:
    """One calendar year pre-split into counted and excluded days, so spans are counted with bisect."""

    holidays: Mapping[date, str]
    working: tuple[int, ...]  # ordinals of counted days, ascending
    excluded_ordinals: tuple[int, ...]  # ordinals of excluded days, ascending
    excluded: tuple[Excluded, ...]  # aligned with excluded_ordinals


# A year of one calendar's holidays as `holidays` lists them: (country, subdivision, year) -> {day: name}.
HolidayTables = dict[tuple[str, "str | None", int], dict[date, str]]

# Tables an incremental build brings from its cache (tracker/build.py), made by the same code and the
# same version of `holidays` in an earlier build: loading the package's calendars (every country's at
# once) costs more than a small rebuild's whole share of the work. `holiday_tables` lists the tables
# this process's calendars hold, for the cache to keep.
_KEPT: HolidayTables = {}


@contextlib.contextmanager
def kept_holiday_tables(tables: HolidayTables) -> Iterator[None]:
    """Use `tables` (see `_KEPT`) instead of asking `holidays` for those years, while the block runs."""
    _KEPT.update(tables)
    try:
        yield
    finally:
        _KEPT.clear()


def holiday_tables() -> HolidayTables:
    """Every year's table the calendars of this process hold (made here or kept from the cache)."""
    return {
        (calendar.country, calendar.subdiv, year): dict(table.holidays)
        for calendar in _CALENDARS.values()
        for year, table in calendar._years.items()
    }


def _country_holidays(country: str, subdiv: str | None, years: Iterable[int]) -> Mapping[date, str]:
    import holidays  # only when a table is not kept (see _KEPT)

    return holidays.country_holidays(country, subdiv=subdiv, years=years)


def calendar_exists(country: str, subdiv: str | None) -> bool:
    """Whether `holidays` has the calendar (NotImplementedError is its answer for one it lacks)."""
    if any(c == country and s == subdiv for c, s, _ in _KEPT):
        return True
    try:
        _country_holidays(country, subdiv, ())
    except NotImplementedError:
        return False
    return True


class _Calendar:
    """Per-year tables for one holiday calendar, built once on first use and shared by every platform."""

    def __init__(self, country: str, subdiv: str | None) -> None:
        self.country = country
        self.subdiv = subdiv
        self._years: dict[int, _Year] = {}
        if not any(c == country and s == subdiv for c, s, _ in _KEPT):
            self._source(())  # fail early on a calendar `holidays` does not know

    def _source(self, years: Iterable[int]) -> Mapping[date, str]:
        try:
            return _country_holidays(self.country, self.subdiv, years)
        except NotImplementedError as exc:
            raise ValueError(
                f"no holiday calendar for country {self.country!r}, subdivision {self.subdiv!r}: {exc}"
            ) from exc

    def _named(self, year: int) -> dict[date, str]:
        key = (self.country, self.subdiv, year)
        named = _KEPT.get(key)
        if named is None:
            # Neighbouring years are populated too: a substitute day can be listed under the year of the
            # holiday it replaces rather than the year it falls in (e.g. 31 December for 1 January).
            source = self._source(range(max(year - 1, date.min.year), min(year + 1, date.max.year) + 1))
            named = {d: str(n) for d, n in sorted(source.items()) if d.year == year}
        return named

    def year(self, year: int) -> _Year:
        cached = self._years.get(year)
        if cached is not None:
            return cached
        named = self._named(year)
        working: list[int] = []
        excluded_ordinals: list[int] = []
        excluded: list[Excluded] = []
        first = date(year, 1, 1).toordinal()
        for ordinal in range(first, date(year, 12, 31).toordinal() + 1):
            day = date.fromordinal(ordinal)
            # A holiday on a weekend is shown as the weekend day: it costs no working day, and the
            # substitute day (e.g. "Boxing Day (observed)") is the one that does.
            reason = _WEEKEND.get(day.weekday()) or named.get(day)
            if reason is None:
                working.append(ordinal)
            else:
                excluded_ordinals.append(ordinal)
                excluded.append(Excluded(day, reason))
        table = _Year(named, tuple(working), tuple(excluded_ordinals), tuple(excluded))
        self._years[year] = table
        return table


# The calendars of this process, by (country, subdivision): a handful at most.
_CALENDARS: dict[tuple[str, str | None], _Calendar] = {}


def _calendar(country: str, subdiv: str | None) -> _Calendar:
    calendar = _CALENDARS.get((country, subdiv))
    if calendar is None:
        calendar = _CALENDARS[(country, subdiv)] = _Calendar(country, subdiv)
    return calendar


def _calendar_for(regulator: Regulator) -> _Calendar:
    return _calendar(regulator.country, regulator.subdivision)


def holiday_calendar(regulator: Regulator, years: Iterable[int]) -> dict[date, str]:
    """The regulator's public holidays in `years`, by name, for the methodology page and the working shown.

    Backed by the same cached tables as the counts, so what is listed is exactly what was excluded.
    """
    calendar = _calendar_for(regulator)
    result: dict[date, str] = {}
    for year in sorted(set(years)):
        result.update(calendar.year(year).holidays)
    return result


def count_working_days(start: date, end: date, regulator: Regulator) -> WorkingDays:
    """Working and calendar days from `start` (day zero) to `end` inclusive, with the days left out.

    Cost is a few bisects per year spanned plus the size of the excluded list, so thousands of
    platforms waiting hundreds of days stay cheap.
    """
    if end <= start:
        return WorkingDays(start, end, 0, 0, ())
    calendar = _calendar_for(regulator)
    low, high = start.toordinal(), end.toordinal()
    count = 0
    excluded: list[Excluded] = []
    for year in range(start.year, end.year + 1):
        table = calendar.year(year)
        count += bisect_right(table.working, high) - bisect_right(table.working, low)
        i = bisect_right(table.excluded_ordinals, low)
        j = bisect_right(table.excluded_ordinals, high)
        excluded.extend(table.excluded[i:j])
    return WorkingDays(start, end, count, high - low, tuple(excluded))


def nth_working_day(start: date, n: int, regulator: Regulator) -> date:
    """The day a clock started on `start` reaches `n` working days (day zero is `start` itself)."""
    if n <= 0:
        return start
    calendar = _calendar_for(regulator)
    low = start.toordinal()
    year = start.year
    remaining = n
    while True:
        table = calendar.year(year)
        i = bisect_right(table.working, low)
        available = len(table.working) - i
        if remaining <= available:
            return date.fromordinal(table.working[i + remaining - 1])
        remaining -= available
        year += 1


