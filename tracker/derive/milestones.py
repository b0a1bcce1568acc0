"""Silence milestones: the days a platform's wait crossed 20, 60, ... working days with no step.

They are derived, never typed by hand, so a correction to an event moves them with it.
"""

from __future__ import annotations

import datetime as _dt
from dataclasses import dataclass
from datetime import date

from tracker.derive.calendars import Calendars, nth_working_day
from tracker.derive.clocks import Clock, clock
from tracker.model.dataset import Platform, Regulator
from tracker.model.vocabulary import NO_COUNTED_STEP, REPORT


@dataclass(frozen=True)
class Milestone:
    """A derived event: the day a running clock reached `n` working days with no counted step.

    A counted step is "an investigation or enforcement step" (`vocabulary.COUNTED_STEP`).
    """

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
        """Said with "by <regulator>" after it wherever the regulator is not already named."""
        return self.title_for(self.n)

    @staticmethod
    def title_for(n: int) -> str:
        """The title of the milestone at `n` working days, for outputs that hold only the number."""
        return f"{n} working days since the first report, and {NO_COUNTED_STEP}"

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
    the_clock: Clock, regulator: Regulator, today: date, platform: Platform, calendars: Calendars
) -> tuple[Milestone, ...]:
    started = the_clock.started
    if started is None:
        return ()
    known = _report_known(platform, regulator.id, started)
    found: list[Milestone] = []
    for n in regulator.silence_milestones_working_days:
        day = nth_working_day(started, n, regulator, calendars)
        if day > today:
            continue
        if the_clock.stopped is not None and the_clock.stopped <= day:
            continue
        found.append(Milestone(the_clock.platform_id, regulator.id, n, day, known if known > day else None))
    return tuple(sorted(found, key=lambda m: (m.date, m.n)))


def milestones(
    platform: Platform, regulator: Regulator, today: date, calendars: Calendars
) -> tuple[Milestone, ...]:
    """Silence milestones already reached by `platform`'s clock at `regulator`, oldest first."""
    the_clock = clock(platform, regulator, today, calendars)
    return _milestones_from(the_clock, regulator, today, platform, calendars)


