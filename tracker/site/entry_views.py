"""Timeline entries: a recorded event, or a silence milestone the tracker worked out.

A platform page, a regulator page and the site-wide timeline all list entries; they are made here so an
event reads the same wherever it is listed. The site-wide timeline asks for `light` entries: it shows
no body, notes or sources, and leaving them out spares rendering them for every event of the site.
"""

from __future__ import annotations

import operator
from collections.abc import Collection
from datetime import date

from markupsafe import Markup

from tracker.derive.milestones import Milestone
from tracker.derive.sitedata import SiteData
from tracker.model.dataset import Event, Platform
from tracker.model.dates import long_date
from tracker.model.vocabulary import EVENT_TYPES, NO_COUNTED_STEP, REGULATOR_LANE, ROLES, SCHEDULED
from tracker.model.vocabulary import lane as event_lane
from tracker.site.view_context import ViewContext
from tracker.site.views import (
    LANE_LABELS,
    ClockView,
    EntryView,
    PlatformView,
    _cleaned,
)
from tracker.text.event_notes import event_notes

FIRST_THREE = operator.itemgetter(0, 1, 2)


def event_entry(
    ctx: ViewContext,
    event: Event,
    owner_name: Markup,
    owner_url: str,
    exempt: Collection[str],
    *,
    light: bool = False,
) -> EntryView:
    """`exempt`: the owner's own domains, which its sources may link when its link policy allows."""
    kind = EVENT_TYPES[event.type]
    upcoming = event.date > ctx.today
    label = kind.label
    if event.cls == SCHEDULED:
        label = "Upcoming" if upcoming else "Scheduled (date passed)"
    regulator = ctx.regulators.get(event.regulator) if event.regulator else None
    lane = event_lane(event.cls, event.regulator, event.by)
    return EntryView(
        kind="event",
        id=event.id,
        anchor=f"event-{event.id}",
        owner_kind=event.owner_kind,
        owner_id=event.owner,
        owner_name=owner_name,
        owner_url=owner_url,
        day=event.date,
        date_text=long_date(event.date),
        upcoming=upcoming,
        type=event.type,
        type_label=label,
        cls=event.cls,
        lane=lane,
        lane_label=LANE_LABELS[lane],
        who=ROLES.get(event.by, event.by),
        regulator_name=ctx.text(regulator.name) if regulator else None,
        regulator_url=f"regulators/{regulator.id}/" if regulator else None,
        title=ctx.text(event.title),
        body=_cleaned(ctx.markdown(event.body)) if event.body.strip() and not light else Markup(""),
        sources=ctx.sources(event.sources, exempt) if not light else (),
        notes=tuple(note.text for note in event_notes(event)) if not light else (),
        working_url=None,
    )


def milestone_entry(
    ctx: ViewContext, m: Milestone, clock: ClockView, owner_name: Markup, owner_url: str
) -> EntryView:
    """Says in its body that the tracker worked it out, so nobody mistakes it for a recorded event."""
    regulator = ctx.regulators[m.regulator_id]
    name = ctx.text(regulator.name)
    started = clock.started_text or ""
    body = Markup(
        "<p>{} working days after the first report to {} on {}, {} by {} is recorded "
        "here. This entry is worked out by the tracker from the recorded dates.</p>"
    ).format(m.n, name, started, NO_COUNTED_STEP, name)
    return EntryView(
        kind="milestone",
        id=m.id,
        anchor=f"event-{m.id}",
        owner_kind="platforms",
        owner_id=m.owner,
        owner_name=owner_name,
        owner_url=owner_url,
        day=m.date,
        date_text=long_date(m.date),
        upcoming=False,
        type="silence-milestone",
        type_label="Silence milestone",
        cls="milestone",
        lane=REGULATOR_LANE,
        lane_label=LANE_LABELS[REGULATOR_LANE],
        who="Worked out by this tracker",
        regulator_name=name,
        regulator_url=f"regulators/{regulator.id}/",
        title=Markup("{} by {}").format(m.title, name),
        body=body,
        sources=(),
        notes=(),
        working_url=f"{owner_url}working/#milestone-{m.regulator_id}-{m.n}",
    )


def entry_sources(site: SiteData, platform: Platform) -> list[Event | Milestone]:
    """The events and silence milestones of a platform in its timeline order (newest first), without
    rendering anything: the site-wide timeline is ordered before any entry is made."""
    keyed: list[tuple[date, int, int, Event | Milestone]] = [
        (e.date, 0, i, e) for i, e in enumerate(platform.events)
    ]
    keyed += [(m.date, 1, m.n, m) for m in site.facts[platform.id].milestones]
    keyed.sort(key=FIRST_THREE, reverse=True)
    return [t[3] for t in keyed]


def platform_entry(
    ctx: ViewContext,
    platform: Platform,
    summary: PlatformView,
    source: Event | Milestone,
    *,
    light: bool = False,
) -> EntryView:
    """A platform's sources may link its own domains only when its link policy says so."""
    if isinstance(source, Event):
        exempt = (
            platform.domains + platform.domain_sha256 if platform.link_policy == "allow-own-domain" else ()
        )
        return event_entry(ctx, source, summary.row.name, summary.url, exempt, light=light)
    clock = next(c for c in summary.clocks if c.regulator_id == source.regulator_id)
    return milestone_entry(ctx, source, clock, summary.row.name, summary.url)


def platform_entries(ctx: ViewContext, platform: Platform, summary: PlatformView) -> tuple[EntryView, ...]:
    return tuple(platform_entry(ctx, platform, summary, s) for s in entry_sources(ctx.site, platform))
