"""Views of the working-day counts: each waiting clock, and the holiday calendars the methodology lists.

Both show the days a reader needs to recount a wait by hand, so both are made from the same calendars.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from tracker.derive.calendars import WorkingDays, holiday_calendar
from tracker.derive.clocks import Clock
from tracker.derive.milestones import Milestone
from tracker.derive.wording import beyond_window, sentence, stop_in_words, wait_in_words
from tracker.model.dataset import Platform, Regulator
from tracker.model.dates import long_date, weekday
from tracker.site.view_context import ViewContext
from tracker.site.views import (
    STATUS_ORDER,
    CalendarView,
    ClockView,
    HolidayView,
    MilestoneView,
    calendar_name,
    status_class,
    status_label,
)


def clock_view(
    ctx: ViewContext, platform: Platform, the_clock: Clock, status: str, milestones: Sequence[Milestone]
) -> ClockView:
    regulator = ctx.regulators[the_clock.regulator_id]
    span: WorkingDays | None = the_clock.span
    url = f"platforms/{platform.id}/"
    anchor = f"clock-{regulator.id}"
    return ClockView(
        regulator_id=regulator.id,
        regulator_name=ctx.text(regulator.name),
        regulator_url=f"regulators/{regulator.id}/",
        status=status,
        status_label=status_label(status),
        status_slug=status_class(status),
        status_rank=STATUS_ORDER[status],
        started=the_clock.started,
        started_text=long_date(the_clock.started) if the_clock.started else None,
        stopped=the_clock.stopped,
        stopped_text=long_date(the_clock.stopped) if the_clock.stopped else None,
        end_text=long_date(the_clock.end) if the_clock.end else None,
        running=the_clock.running,
        overdue=the_clock.overdue,
        wait_text=sentence(wait_in_words(the_clock, regulator)),
        stop_text=stop_in_words(the_clock, regulator),
        beyond_window=beyond_window(the_clock, regulator),
        working_days=span.working_days if span else None,
        calendar_days=span.calendar_days if span else None,
        window=regulator.response_window_working_days,
        calendar_code=regulator.holidays,
        calendar_name=calendar_name(regulator.holidays),
        milestones=tuple(
            MilestoneView(m.n, m.date, long_date(m.date), f"milestone-{regulator.id}-{m.n}")
            for m in milestones
            if m.regulator_id == regulator.id
        ),
        working_url=f"{url}working/#{anchor}" if span is not None else None,
        anchor=anchor,
        span=span,
        regulator=regulator,
        calendars=ctx.site.calendars,
    )


def calendar_views(ctx: ViewContext) -> tuple[CalendarView, ...]:
    """Each holiday calendar in use, with its days for every year the data spans, up to next year."""
    dataset = ctx.site.dataset
    years_seen = [e.date.year for p in dataset.platforms for e in p.events]
    years_seen += [e.date.year for r in dataset.regulators for e in r.events]
    first = min([*years_seen, ctx.today.year])
    years = tuple(range(first, ctx.today.year + 2))
    by_code: dict[str, list[Regulator]] = defaultdict(list)
    for regulator in dataset.regulators:
        by_code[regulator.holidays].append(regulator)
    found: list[CalendarView] = []
    for code, regulators in by_code.items():
        days = holiday_calendar(regulators[0], years, ctx.site.calendars)
        found.append(
            CalendarView(
                code=code,
                name=calendar_name(code),
                regulators=tuple(ctx.text(r.name) for r in regulators),
                years=years,
                holidays=tuple(
                    HolidayView(d, long_date(d), weekday(d), n, False, d.weekday() >= 5)
                    for d, n in sorted(days.items())
                ),
            )
        )
    return tuple(found)
