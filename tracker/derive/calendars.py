"""Working days: the unit every waiting clock and silence milestone is counted in.

Days are counted here and nowhere else, so a page, a feed and a download show one figure, and the days a
working page lists are exactly the days left out. The holiday tables come from the build's `Calendars`,
never from state kept in this module, so a build's figures cannot depend on what ran before it in the
same process. The counting conventions are recorded in docs/decisions.md ("Derived facts").
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from tracker.model.dataset import Regulator

__all__ = [
    "OFFLINE_OUTCOMES",
    "PLATFORM_RESPONSE",
    "Calendars",
    "Excluded",
    "HolidayTables",
    "WorkingDays",
    "count_working_days",
    "holiday_calendar",
    "nth_working_day",
]

PLATFORM_RESPONSE = "platform-response"
OFFLINE_OUTCOMES = frozenset({"offline", "geo-blocked"})
_WEEKEND: Mapping[int, str] = MappingProxyType({5: "Saturday", 6: "Sunday"})


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


def _country_holidays(country: str, subdiv: str | None, years: Iterable[int]) -> Mapping[date, str]:
    import holidays  # only for a table the build does not hold already (see `Calendars`)

    return holidays.country_holidays(country, subdiv=subdiv, years=years)


class _Calendar:
    """Per-year tables for one holiday calendar, built once on first use and shared by every platform."""

    def __init__(self, country: str, subdiv: str | None, kept: Mapping[int, Mapping[date, str]]) -> None:
        self.country = country
        self.subdiv = subdiv
        self._kept = kept
        self._years: dict[int, _Year] = {}
        if not kept:
            self._source(())  # fail early on a calendar `holidays` does not know

    def _source(self, years: Iterable[int]) -> Mapping[date, str]:
        try:
            return _country_holidays(self.country, self.subdiv, years)
        except NotImplementedError as exc:
            raise ValueError(
                f"no holiday calendar for country {self.country!r}, subdivision {self.subdiv!r}: {exc}"
            ) from exc

    def _named(self, year: int) -> Mapping[date, str]:
        named = self._kept.get(year)
        if named is None:
            # Neighbouring years are populated too: a substitute day can be listed under the year of the
            # holiday it replaces rather than the year it falls in (e.g. 31 December for 1 January).
            source = self._source(range(max(year - 1, date.min.year), min(year + 1, date.max.year) + 1))
            named = {d: str(n) for d, n in sorted(source.items()) if d.year == year}
        return named

    def tables(self) -> HolidayTables:
        """The years this calendar was asked for, as the cache keeps them."""
        return {(self.country, self.subdiv, year): dict(t.holidays) for year, t in self._years.items()}

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


class Calendars:
    """The holiday calendars of one build, made by the build and handed to every rule that counts days.

    Held by the build rather than by this module, so what one build made or kept can never leak into
    another run in the same process, and the build decides what to keep. `kept` are tables an
    incremental build brings from its cache (tracker/build/cache.py), made by the same code and the same
    version of `holidays` in an earlier build: loading the package's calendars (every country's at once)
    costs more than a small rebuild's whole share of the work.
    """

    def __init__(self, kept: Mapping[tuple[str, str | None, int], Mapping[date, str]] | None = None) -> None:
        self._kept: dict[tuple[str, str | None], dict[int, Mapping[date, str]]] = {}
        for (country, subdiv, year), table in (kept or {}).items():
            self._kept.setdefault((country, subdiv), {})[year] = table
        # By (country, subdivision): a handful at most.
        self._calendars: dict[tuple[str, str | None], _Calendar] = {}

    def known(self) -> frozenset[tuple[str, str | None]]:
        """Calendars `holidays` is known to have without asking it (it made the kept tables), so the
        validator of an incremental build need not load the package either."""
        return frozenset(self._kept) | frozenset(self._calendars)

    def tables(self) -> HolidayTables:
        """Every year's table this build used (made now or kept), for the cache to keep for the next one.

        Kept years no page asked for are left out, so the cache does not grow with every year ever seen.
        """
        found: HolidayTables = {}
        for calendar in self._calendars.values():
            found.update(calendar.tables())
        return found

    def _of(self, regulator: Regulator) -> _Calendar:
        key = (regulator.country, regulator.subdivision)
        calendar = self._calendars.get(key)
        if calendar is None:
            calendar = self._calendars[key] = _Calendar(*key, self._kept.get(key, {}))
        return calendar


def holiday_calendar(regulator: Regulator, years: Iterable[int], calendars: Calendars) -> dict[date, str]:
    """The regulator's public holidays in `years`, by name, for the methodology page and the working shown.

    Backed by the same cached tables as the counts, so what is listed is exactly what was excluded.
    """
    calendar = calendars._of(regulator)
    result: dict[date, str] = {}
    for year in sorted(set(years)):
        result.update(calendar.year(year).holidays)
    return result


def count_working_days(start: date, end: date, regulator: Regulator, calendars: Calendars) -> WorkingDays:
    """Working and calendar days from `start` (day zero) to `end` inclusive, with the days left out.

    Cost is a few bisects per year spanned plus the size of the excluded list, so thousands of
    platforms waiting hundreds of days stay cheap.
    """
    if end <= start:
        return WorkingDays(start, end, 0, 0, ())
    calendar = calendars._of(regulator)
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


def nth_working_day(start: date, n: int, regulator: Regulator, calendars: Calendars) -> date:
    """The day a clock started on `start` reaches `n` working days (day zero is `start` itself)."""
    if n <= 0:
        return start
    calendar = calendars._of(regulator)
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


