"""Waiting clocks: one pass over a platform's events, and the working days each regulator has taken.

The clock is the figure the site exists to show, so it is computed in one place from the events
alone, with `today` passed in.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tracker.derive.calendars import (
    OFFLINE_OUTCOMES,
    PLATFORM_RESPONSE,
    Calendars,
    WorkingDays,
    count_working_days,
)
from tracker.model.dataset import Event, Platform, Regulator
from tracker.model.vocabulary import (
    CLOSED,
    CLOSING_TYPES,
    ENFORCEMENT,
    ENFORCEMENT_TYPES,
    INITIAL_STEPS,
    INVESTIGATING,
    NO_RESPONSE,
    NOT_REPORTED,
    OFFLINE,
    PLATFORM,
    PROCEDURAL,
    REPORT,
    SUBSTANTIVE,
)


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
        if self.latest_response is not None and self.latest_response.outcome in OFFLINE_OUTCOMES:
            return OFFLINE
        if self.enforcement:
            return ENFORCEMENT
        if self.latest_substantive is not None and self.latest_substantive.type in CLOSING_TYPES:
            return CLOSED
        if self.any_substantive:
            return INVESTIGATING
        if self.any_procedural:
            return INITIAL_STEPS
        if self.first_report is not None:
            return NO_RESPONSE
        return NOT_REPORTED


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
    """How long one regulator has left one platform's report without an investigation or enforcement step.

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


def _clock_from(
    state: _Fold, platform_id: str, regulator: Regulator, today: date, calendars: Calendars
) -> Clock:
    started = state.first_report
    if started is None:
        return Clock(platform_id, regulator.id, None, None, None, None, False, False)
    stopped = state.first_substantive
    if stopped is not None and stopped < started:
        # A step taken before anyone reported is still a step: the report waited no time at all.
        stopped = started
    end = stopped if stopped is not None else today
    span = count_working_days(started, end, regulator, calendars)
    running = stopped is None
    overdue = running and span.working_days > regulator.response_window_working_days
    return Clock(platform_id, regulator.id, started, stopped, end, span, running, overdue)


def clock(platform: Platform, regulator: Regulator, today: date, calendars: Calendars) -> Clock:
    """The waiting clock for `platform` at `regulator`, as of `today`."""
    return _clock_from(_fold(platform.events, regulator.id, today), platform.id, regulator, today, calendars)


