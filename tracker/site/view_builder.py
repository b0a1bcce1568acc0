"""Building the views of a whole site from SiteData, once per build.

Every page, row and entry is made from the derived facts (by `platform_views`, `entry_views`,
`regulator_views` and `clock_views`), so no template computes anything. This module only decides what
is made when: everything at once (`build_views`), or summaries first and entries when a page asks
(`SiteViews`, what the page writers use).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from functools import partial

from tracker.derive.memo import Remember, make_anew
from tracker.derive.milestones import Milestone
from tracker.derive.sitedata import SiteData
from tracker.model.dataset import Event, Platform
from tracker.site.clock_views import calendar_views
from tracker.site.entry_views import (
    FIRST_THREE,
    entry_sources,
    event_entry,
    platform_entries,
    platform_entry,
)
from tracker.site.platform_views import platform_summary
from tracker.site.regulator_views import records_by_regulator, regulator_view
from tracker.site.view_context import ViewContext
from tracker.site.views import EntryView, PlatformView, Views

__all__ = ["SiteViews", "TimelineSource", "build_views"]

# One entry of the site-wide timeline before it is made: (owner's position, platforms first, then
# regulators; the event or milestone).
TimelineSource = tuple[int, Event | Milestone]
# Future events of platforms, by the regulator they concern, for the regulator pages.
Upcoming = defaultdict[str, list[EntryView]]


def _note_upcoming(
    upcoming: Upcoming, ctx: ViewContext, platform: Platform, make: Callable[[Event], EntryView]
) -> None:
    for event in platform.events:
        if event.date > ctx.today and event.regulator:
            upcoming[event.regulator].append(make(event))


def _full_platform(ctx: ViewContext, platform: Platform, upcoming: Upcoming) -> PlatformView:
    """The platform with its entries; its upcoming events reuse those entries rather than make new ones."""
    summary = platform_summary(ctx, platform)
    sources = entry_sources(ctx.site, platform)
    entries = tuple(platform_entry(ctx, platform, summary, source) for source in sources)
    made = {id(source): entry for source, entry in zip(sources, entries, strict=True)}
    _note_upcoming(upcoming, ctx, platform, lambda event: made[id(event)])
    return replace(summary, entries=entries)


def build_views(site: SiteData) -> Views:
    """Every view of the site, in one pass: each event and summary is rendered exactly once."""
    ctx = ViewContext(site)
    upcoming: Upcoming = defaultdict(list)
    platforms = tuple(_full_platform(ctx, p, upcoming) for p in site.dataset.platforms)
    records = records_by_regulator(platforms)
    regulators = tuple(
        regulator_view(ctx, r, records.get(r.id, []), upcoming.get(r.id, [])) for r in site.dataset.regulators
    )
    # Newest first; among equal dates, owners in file order (platforms, then regulators), then each
    # owner's own newest-first order.
    owners = [p.entries for p in platforms] + [r.entries for r in regulators]
    keyed = [
        (entry.day, owner, pos, entry)
        for owner, entries in enumerate(owners)
        for pos, entry in enumerate(entries)
    ]
    keyed.sort(key=lambda t: (-t[0].toordinal(), t[1], t[2]))
    return Views(
        platforms=platforms,
        regulators=regulators,
        timeline=tuple(t[3] for t in keyed),
        calendars=calendar_views(ctx),
    )


def _dated_sources(site: SiteData, platform: Platform) -> tuple[tuple[int, Event | Milestone], ...]:
    """A platform's entries in its own timeline order, each with the key the site-wide order sorts on."""
    return tuple((-source.date.toordinal(), source) for source in entry_sources(site, platform))


class SiteViews:
    """What the page writers need, making each platform's timeline entries only when asked.

    Summaries (rows, clocks) of every platform are made up front, because the overview, the platform
    list and the regulator pages show every platform; entries are made for a platform page that is
    rendered, and (without bodies or sources, which it does not show) for the site-wide timeline pages
    that are rendered. A build that keeps most pages from the previous build makes few of either.
    `remember` keeps a platform's summary and its timeline order from a build of the same record
    (tracker/derive/memo.py).
    """

    def __init__(self, site: SiteData, remember: Remember = make_anew) -> None:
        ctx = self.ctx = ViewContext(site)
        self.site = site
        self.remember = remember
        platforms = site.dataset.platforms
        self.platforms = tuple(
            remember("summary", p.id, partial(platform_summary, ctx, p)) for p in platforms
        )
        upcoming: Upcoming = defaultdict(list)
        for platform, summary in zip(platforms, self.platforms, strict=True):
            _note_upcoming(upcoming, ctx, platform, partial(platform_entry, ctx, platform, summary))
        records = records_by_regulator(self.platforms)
        self.regulators = tuple(
            regulator_view(ctx, r, records.get(r.id, []), upcoming.get(r.id, []))
            for r in site.dataset.regulators
        )
        self.calendars = calendar_views(ctx)

    def platform(self, index: int) -> PlatformView:
        """The full view of the platform at `index`, entries included."""
        platform = self.site.dataset.platforms[index]
        summary = self.platforms[index]
        return replace(summary, entries=platform_entries(self.ctx, platform, summary))

    def timeline_sources(self) -> list[TimelineSource]:
        """Every entry of every owner in the site-wide timeline's order (see `build_views`)."""
        keyed: list[tuple[int, int, int, TimelineSource]] = []
        for owner, platform in enumerate(self.site.dataset.platforms):
            make = partial(_dated_sources, self.site, platform)
            dated = self.remember("timeline-sources", platform.id, make)
            keyed += [(day, owner, position, (owner, source)) for position, (day, source) in enumerate(dated)]
        first = len(self.site.dataset.platforms)
        for offset, regulator in enumerate(self.site.dataset.regulators):
            own = sorted(enumerate(regulator.events), key=lambda t: (t[1].date, t[0]), reverse=True)
            for position, (_, event) in enumerate(own):
                keyed.append((-event.date.toordinal(), first + offset, position, (first + offset, event)))
        keyed.sort(key=FIRST_THREE)
        return [t[3] for t in keyed]

    def timeline_entry(self, source: TimelineSource) -> EntryView:
        """A site-wide timeline entry (no body, notes or sources: the timeline does not show them)."""
        owner, item = source
        platforms = self.site.dataset.platforms
        if owner < len(platforms):
            return platform_entry(self.ctx, platforms[owner], self.platforms[owner], item, light=True)
        regulator = self.regulators[owner - len(platforms)]
        assert isinstance(item, Event)
        return event_entry(self.ctx, item, regulator.name, regulator.url, (), light=True)
