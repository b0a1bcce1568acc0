"""Every derived fact of one platform in one bundle, and the overview counters across all of them.

Computed once per build, so no page or feed recomputes a status of its own.
"""

from __future__ import annotations

import functools
import statistics
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from tracker.derive.calendars import Calendars, WorkingDays
from tracker.derive.clocks import Clock, _clock_from, _fold
from tracker.derive.memo import Remember, make_anew
from tracker.derive.milestones import Milestone, _milestones_from
from tracker.model.dataset import Dataset, Platform, Regulator
from tracker.model.vocabulary import (
    REPORT,
    SUBSTANTIVE,
)


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


def _facts(
    platform: Platform, regulators: Mapping[str, Regulator], today: date, calendars: Calendars
) -> PlatformFacts:
    clocks: dict[str, Clock] = {}
    statuses: dict[str, str] = {}
    found: list[Milestone] = []
    for regulator_id in platform.regulators:
        regulator = regulators[regulator_id]
        state = _fold(platform.events, regulator_id, today)
        the_clock = _clock_from(state, platform.id, regulator, today, calendars)
        clocks[regulator_id] = the_clock
        statuses[regulator_id] = state.status
        found.extend(_milestones_from(the_clock, regulator, today, platform, calendars))
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


def platform_facts(platform: Platform, dataset: Dataset, today: date, calendars: Calendars) -> PlatformFacts:
    """The derived facts for one platform (see `derive_all` to compute them for every platform)."""
    return _facts(platform, _regulators_by_id(dataset), today, calendars)


def derive_all(
    dataset: Dataset, today: date, calendars: Calendars, remember: Remember = make_anew
) -> dict[str, PlatformFacts]:
    """Facts for every platform, by platform id in file order, in one pass over each platform's events;
    `remember` may keep a platform's facts from a build of the same record, regulators and day."""
    regulators = _regulators_by_id(dataset)
    return {
        p.id: remember("facts", p.id, functools.partial(_facts, p, regulators, today, calendars))
        for p in dataset.platforms
    }


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


def counters(
    dataset: Dataset, today: date, calendars: Calendars, facts: Mapping[str, PlatformFacts] | None = None
) -> Counters:
    """The overview counters. Pass `facts` from `derive_all` to reuse clocks already computed."""
    if facts is None:
        facts = derive_all(dataset, today, calendars)
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
