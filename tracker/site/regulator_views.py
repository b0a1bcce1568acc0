"""A regulator's view: its own events, every platform's clock with it, and what is coming up.

What is coming up includes platforms' scheduled events that concern the regulator (a hearing about a
platform it is investigating), so a regulator's page is the one place a reader sees its next dates.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from tracker.model.dataset import Regulator
from tracker.site.entry_views import event_entry
from tracker.site.view_context import ViewContext, feed_links
from tracker.site.views import EntryView, PlatformView, RegulatorRecord, RegulatorView, calendar_name


def records_by_regulator(platforms: Iterable[PlatformView]) -> dict[str, list[RegulatorRecord]]:
    """Each platform's clock with each regulator, by regulator id, platforms in file order."""
    records: dict[str, list[RegulatorRecord]] = defaultdict(list)
    for view in platforms:
        for clock in view.clocks:
            records[clock.regulator_id].append(RegulatorRecord(view.row, clock))
    return records


def regulator_view(
    ctx: ViewContext,
    regulator: Regulator,
    records: Sequence[RegulatorRecord],
    upcoming_elsewhere: Sequence[EntryView],
) -> RegulatorView:
    """`upcoming_elsewhere`: platforms' future events about this regulator, as entries the caller made:
    only it knows whether those platforms' entries exist already and can be shared."""
    name = ctx.text(regulator.name)
    url = f"regulators/{regulator.id}/"
    own = [(e.date, i, event_entry(ctx, e, name, url, ())) for i, e in enumerate(regulator.events)]
    own.sort(key=lambda t: (t[0], t[1]), reverse=True)
    entries = tuple(t[2] for t in own)
    upcoming = sorted(
        [e for e in entries if e.upcoming] + list(upcoming_elsewhere), key=lambda e: (e.day, e.owner_id)
    )
    return RegulatorView(
        id=regulator.id,
        name=name,
        url=url,
        website=ctx.link(regulator.url),
        jurisdiction=ctx.text(regulator.jurisdiction),
        law=ctx.text(regulator.law),
        window=regulator.response_window_working_days,
        milestones=regulator.silence_milestones_working_days,
        calendar_code=regulator.holidays,
        calendar_name=calendar_name(regulator.holidays),
        records=tuple(records),
        entries=entries,
        upcoming=tuple(upcoming),
        feeds=feed_links("regulators", regulator.id, f"Updates on {ctx.flagged.defang_in(regulator.name)}"),
    )
