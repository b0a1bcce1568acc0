"""Derived facts: waiting clocks, statuses, silence milestones and overview counters (DESIGN.md section 3).

Nothing here is typed by hand in the data file: every figure is recomputed from the events at each build,
so a correction to one event can never leave a stale count behind. Every function is pure and takes
`today` as an argument, because two builds of the same data with the same `--today` must be identical.

Events dated after `today` (only `scheduled` ones may be, but the rule is general) are ignored by every rule.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import itertools
import statistics
from bisect import bisect_right
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from .model import (
    ACKNOWLEDGED,
    CLOSED,
    CLOSING_TYPES,
    ENFORCEMENT,
    ENFORCEMENT_TYPES,
    INVESTIGATING,
    NO_RESPONSE,
    NOT_REPORTED,
    OFFLINE,
    PLATFORM,
    PROCEDURAL,
    REPORT,
    SUBSTANTIVE,
    Dataset,
    Event,
    Platform,
    Regulator,
)

__all__ = [
    "OFFLINE_OUTCOMES",
    "PLATFORM_RESPONSE",
    "Clock",
    "Counters",
    "Excluded",
    "Milestone",
    "PlatformFacts",
    "WorkingDays",
    "as_at_each_event",
    "clock",
    "count_working_days",
    "counters",
    "derive_all",
    "headline_status",
    "holiday_calendar",
    "milestones",
    "nth_working_day",
    "platform_facts",
    "status",
    "status_after",
    "statuses_after",
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


# --- one pass over a platform's events ----------------------------------------------------------------


class _Fold:
    """What the rules need to know about one (platform, regulator), gathered in a single pass.

    Folding event by event in file order is what makes `statuses_after` linear: the status after each
    event is read off the state as it stands at that point.
    """

    __slots__ = (
        "any_procedural",
        "any_substantive",
        "enforcement",
        "first_report",
        "first_substantive",
        "latest_response",
        "latest_substantive",
        "regulator_id",
        "today",
    )

    def __init__(self, regulator_id: str, today: date) -> None:
        self.regulator_id = regulator_id
        self.today = today
        self.first_report: date | None = None
        self.first_substantive: date | None = None
        self.latest_response: Event | None = None
        self.latest_substantive: Event | None = None
        self.enforcement = False
        self.any_substantive = False
        self.any_procedural = False

    def add(self, event: Event) -> None:
        if event.date > self.today:
            return
        cls = event.cls
        if cls == PLATFORM:
            # The platform's own conduct is one fact for every regulator, whatever `regulator` says.
            if event.type == PLATFORM_RESPONSE and _is_latest(event, self.latest_response):
                self.latest_response = event
            return
        if event.regulator != self.regulator_id:
            return
        if cls == REPORT:
            if self.first_report is None or event.date < self.first_report:
                self.first_report = event.date
        elif cls == SUBSTANTIVE:
            self.any_substantive = True
            if self.first_substantive is None or event.date < self.first_substantive:
                self.first_substantive = event.date
            if _is_latest(event, self.latest_substantive):
                self.latest_substantive = event
            if event.type in ENFORCEMENT_TYPES:
                self.enforcement = True
        elif cls == PROCEDURAL:
            self.any_procedural = True

    @property
    def status(self) -> str:
        if self.first_report is None:
            return NOT_REPORTED
        if self.latest_response is not None and self.latest_response.outcome in OFFLINE_OUTCOMES:
            return OFFLINE
        if self.enforcement:
            return ENFORCEMENT
        if self.latest_substantive is not None and self.latest_substantive.type in CLOSING_TYPES:
            return CLOSED
        if self.any_substantive:
            return INVESTIGATING
        if self.any_procedural:
            return ACKNOWLEDGED
        return NO_RESPONSE


def _is_latest(event: Event, current: Event | None) -> bool:
    """Latest = greatest date, and among equal dates the later in file order (events arrive in file order)."""
    return current is None or event.date >= current.date


def _fold(events: Iterable[Event], regulator_id: str, today: date) -> _Fold:
    state = _Fold(regulator_id, today)
    for event in events:
        state.add(event)
    return state


# --- clocks -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Clock:
    """How long one regulator has left one platform's report without a substantive step.

    `started` is None when nothing was reported to this regulator: then there is no clock, and
    `stopped`, `end` and `span` are None too.
    """

    platform_id: str
    regulator_id: str
    started: date | None
    stopped: date | None
    end: date | None
    span: WorkingDays | None
    running: bool
    overdue: bool


def _clock_from(state: _Fold, platform_id: str, regulator: Regulator, today: date) -> Clock:
    started = state.first_report
    if started is None:
        return Clock(platform_id, regulator.id, None, None, None, None, False, False)
    stopped = state.first_substantive
    if stopped is not None and stopped < started:
        # A step taken before anyone reported is still a step: the report waited no time at all.
        stopped = started
    end = stopped if stopped is not None else today
    span = count_working_days(started, end, regulator)
    running = stopped is None
    overdue = running and span.working_days > regulator.response_window_working_days
    return Clock(platform_id, regulator.id, started, stopped, end, span, running, overdue)


def clock(platform: Platform, regulator: Regulator, today: date) -> Clock:
    """The waiting clock for `platform` at `regulator`, as of `today`."""
    return _clock_from(_fold(platform.events, regulator.id, today), platform.id, regulator, today)


# --- statuses -----------------------------------------------------------------------------------------


def status(platform: Platform, regulator: Regulator, today: date) -> str:
    """The status of `platform` at `regulator`: one of the model's status constants, first rule wins."""
    return _fold(platform.events, regulator.id, today).status


def headline_status(platform: Platform, dataset: Dataset, today: date) -> str:
    """The status shown on the overview: that of the platform's primary regulator."""
    return status(platform, dataset.regulator(platform.primary_regulator), today)


def _position(events: Sequence[Event], event: Event) -> int:
    for i, candidate in enumerate(events):
        if candidate is event:
            return i
    for i, candidate in enumerate(events):
        if candidate == event:
            return i
    raise ValueError(f"event {event.id!r} is not one of the events of platform {event.owner!r}")


def status_after(platform: Platform, regulator: Regulator, event: Event, today: date) -> str:
    """The status as it stood just after `event`, so exports and feeds can say what each event changed.

    An event dated after `today` changes nothing, like every other rule.
    """
    index = _position(platform.events, event)
    return _fold(platform.events[: index + 1], regulator.id, today).status


def statuses_after(platform: Platform, regulator: Regulator, today: date) -> tuple[str, ...]:
    """`status_after` for every event of the platform, aligned with `platform.events`, in one pass."""
    state = _Fold(regulator.id, today)
    result: list[str] = []
    for event in platform.events:
        state.add(event)
        result.append(state.status)
    return tuple(result)


def as_at_each_event(platform: Platform, regulator: Regulator) -> tuple[tuple[str, Clock], ...]:
    """(status, clock) just after each event, counted to that event's own day, aligned with the events.

    What `status` and `clock` give for the events up to and including each one with `today` set to its
    date, in one pass: events are in date order (the validator enforces it), so every event before one is
    on or before its day. Records built by hand in another order are folded event by event instead.
    """
    events = platform.events
    if any(later.date < earlier.date for earlier, later in itertools.pairwise(events)):
        return tuple(
            (
                _fold(events[: i + 1], regulator.id, e.date).status,
                _clock_from(_fold(events[: i + 1], regulator.id, e.date), platform.id, regulator, e.date),
            )
            for i, e in enumerate(events)
        )
    state = _Fold(regulator.id, _dt.date.max)
    found: list[tuple[str, Clock]] = []
    for event in events:
        state.add(event)
        found.append((state.status, _clock_from(state, platform.id, regulator, event.date)))
    return tuple(found)


# --- silence milestones -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Milestone:
    """A derived event: the day a running clock reached `n` working days without a substantive step."""

    owner: str
    regulator_id: str
    n: int
    date: date
    known: _dt.date | None = None  # when the report that started the clock was added to the record

    @property
    def id(self) -> str:
        return f"silence-{self.regulator_id}-{self.n}"

    @property
    def title(self) -> str:
        return f"{self.n} working days without substantive action"

    @property
    def published(self) -> _dt.date:  # `date` here would name the field above
        """A milestone is news on the day it is reached, or, when the report that started the clock was
        recorded later (late-added history), on that day: otherwise it would be buried in the past."""
        return max(self.date, self.known) if self.known else self.date


def _report_known(platform: Platform, regulator_id: str, started: date) -> date:
    """The day the clock-starting report became part of the record (its `recorded` date)."""
    return min(
        (
            e.published
            for e in platform.events
            if e.cls == REPORT and e.regulator == regulator_id and e.date == started
        ),
        default=started,
    )


def _milestones_from(
    the_clock: Clock, regulator: Regulator, today: date, platform: Platform
) -> tuple[Milestone, ...]:
    started = the_clock.started
    if started is None:
        return ()
    known = _report_known(platform, regulator.id, started)
    found: list[Milestone] = []
    for n in regulator.silence_milestones_working_days:
        day = nth_working_day(started, n, regulator)
        if day > today:
            continue
        if the_clock.stopped is not None and the_clock.stopped <= day:
            continue
        found.append(Milestone(the_clock.platform_id, regulator.id, n, day, known if known > day else None))
    return tuple(sorted(found, key=lambda m: (m.date, m.n)))


def milestones(platform: Platform, regulator: Regulator, today: date) -> tuple[Milestone, ...]:
    """Silence milestones already reached by `platform`'s clock at `regulator`, oldest first."""
    return _milestones_from(clock(platform, regulator, today), regulator, today, platform)


# --- per-platform bundle ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlatformFacts:
    """Everything pages, feeds and exports need about one platform, computed once per build.

    `clocks` and `statuses` are keyed by regulator id in the platform's regulator order (primary first).
    `first_reported` is the earliest report to any regulator; `days_waiting` is the primary clock's span.
    """

    platform_id: str
    clocks: Mapping[str, Clock]
    statuses: Mapping[str, str]
    headline_status: str
    milestones: tuple[Milestone, ...]
    first_reported: date | None
    days_waiting: WorkingDays | None

    @property
    def primary_clock(self) -> Clock:
        return next(iter(self.clocks.values()))


def _facts(platform: Platform, regulators: Mapping[str, Regulator], today: date) -> PlatformFacts:
    clocks: dict[str, Clock] = {}
    statuses: dict[str, str] = {}
    found: list[Milestone] = []
    for regulator_id in platform.regulators:
        regulator = regulators[regulator_id]
        state = _fold(platform.events, regulator_id, today)
        the_clock = _clock_from(state, platform.id, regulator, today)
        clocks[regulator_id] = the_clock
        statuses[regulator_id] = state.status
        found.extend(_milestones_from(the_clock, regulator, today, platform))
    order = {regulator_id: i for i, regulator_id in enumerate(platform.regulators)}
    found.sort(key=lambda m: (m.date, order[m.regulator_id], m.n))
    reports = [e.date for e in platform.events if e.cls == REPORT and e.date <= today]
    primary = clocks[platform.primary_regulator]
    return PlatformFacts(
        platform_id=platform.id,
        clocks=clocks,
        statuses=statuses,
        headline_status=statuses[platform.primary_regulator],
        milestones=tuple(found),
        first_reported=min(reports) if reports else None,
        days_waiting=primary.span,
    )


def _regulators_by_id(dataset: Dataset) -> dict[str, Regulator]:
    return {r.id: r for r in dataset.regulators}


def platform_facts(platform: Platform, dataset: Dataset, today: date) -> PlatformFacts:
    """The derived facts for one platform (see `derive_all` to compute them for every platform)."""
    return _facts(platform, _regulators_by_id(dataset), today)


def derive_all(dataset: Dataset, today: date) -> dict[str, PlatformFacts]:
    """Facts for every platform, by platform id in file order, in one pass over each platform's events."""
    regulators = _regulators_by_id(dataset)
    return {p.id: _facts(p, regulators, today) for p in dataset.platforms}


# --- overview counters --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Counters:
    """The overview's headline figures.

    The waiting figures use each reported platform's primary clock: a stopped clock counts to its stop
    day, a running one to today. They are None when no platform has been reported to its primary
    regulator. The median is an int when whole, else a float ending in .5.
    """

    platforms_tracked: int
    reports_made: int
    no_substantive_action: int
    median_working_days: float | None
    longest_working_days: int | None
    longest_platform: str | None


def counters(dataset: Dataset, today: date, facts: Mapping[str, PlatformFacts] | None = None) -> Counters:
    """The overview counters. Pass `facts` from `derive_all` to reuse clocks already computed."""
    if facts is None:
        facts = derive_all(dataset, today)
    reports_made = 0
    no_substantive = 0
    waits: list[tuple[int, str]] = []
    for platform in dataset.platforms:
        reported = substantive = False
        for event in platform.events:
            if event.date > today:
                continue
            cls = event.cls
            if cls == REPORT:
                reports_made += 1
                reported = True
            elif cls == SUBSTANTIVE:
                substantive = True
        if reported and not substantive:
            no_substantive += 1
        span = facts[platform.id].days_waiting
        if span is not None:
            waits.append((span.working_days, platform.id))
    median: float | None = None
    longest: int | None = None
    longest_id: str | None = None
    if waits:
        middle = statistics.median(w for w, _ in waits)
        median = int(middle) if middle == int(middle) else float(middle)
        longest = max(w for w, _ in waits)
        longest_id = next(pid for w, pid in waits if w == longest)  # ties: first in file order
    return Counters(
        platforms_tracked=len(dataset.platforms),
        reports_made=reports_made,
        no_substantive_action=no_substantive,
        median_working_days=median,
        longest_working_days=longest,
        longest_platform=longest_id,
    )
