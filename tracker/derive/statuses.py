"""Statuses: what stage each regulator has reached with a platform, in precedence order.

Pages, feeds and downloads all read the status from here, so no two outputs can disagree.
"""

from __future__ import annotations

import datetime as _dt
import itertools
from collections.abc import Sequence
from datetime import date

from tracker.derive.calendars import Calendars
from tracker.derive.clocks import Clock, _clock_from, _Fold, _fold
from tracker.model.dataset import Dataset, Event, Platform, Regulator


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


def as_at_each_event(
    platform: Platform, regulator: Regulator, calendars: Calendars
) -> tuple[tuple[str, Clock], ...]:
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
                _clock_from(
                    _fold(events[: i + 1], regulator.id, e.date), platform.id, regulator, e.date, calendars
                ),
            )
            for i, e in enumerate(events)
        )
    state = _Fold(regulator.id, _dt.date.max)
    found: list[tuple[str, Clock]] = []
    for event in events:
        state.add(event)
        found.append((state.status, _clock_from(state, platform.id, regulator, event.date, calendars)))
    return tuple(found)


