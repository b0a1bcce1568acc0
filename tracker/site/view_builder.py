"""Building the views of a whole site from SiteData, once per build.

Every page, row and entry is made here from the derived facts, so no template computes anything.
"""

from __future__ import annotations

import operator
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import replace
from datetime import date

from markupsafe import Markup

from tracker.derive.calendars import WorkingDays, holiday_calendar
from tracker.derive.clocks import Clock
from tracker.derive.milestones import Milestone
from tracker.derive.sitedata import SiteData
from tracker.model.dataset import Event, Platform, Regulator, Source
from tracker.model.dates import long_date, weekday
from tracker.model.vocabulary import (
    EVENT_TYPES,
    HARMS,
    OUTCOMES,
    ROLES,
    SCHEDULED,
)
from tracker.site.views import (
    CLASS_LANES,
    FEED_FORMATS,
    LANE_LABELS,
    REGULATOR_LANE,
    STATUS_ORDER,
    CalendarView,
    ClockView,
    EntryView,
    FeedLink,
    HolidayView,
    MilestoneView,
    PlatformRow,
    PlatformView,
    RegulatorRecord,
    RegulatorView,
    SourceView,
    Views,
    _cleaned,
    calendar_name,
    status_class,
    status_label,
)
from tracker.text.flagged import defang
from tracker.text.markdown_html import render_inline
from tracker.text.urls import url_problem

# --- building ---------------------------------------------------------------------------------------


def feed_links(kind: str, owner_id: str, title: str) -> tuple[FeedLink, ...]:
    return tuple(
        FeedLink(f"feeds/{kind}/{owner_id}.{ext}", media, label, f"{title} ({label})")
        for ext, media, label in FEED_FORMATS
    )


SITE_FEEDS: tuple[FeedLink, ...] = tuple(
    FeedLink(f"feeds/all.{ext}", media, label, f"Every update ({label})")
    for ext, media, label in FEED_FORMATS
)


def _money(amount: int) -> str:
    return f"£{amount:,}"


class _Builder:
    """Holds the lookups shared by every view, so each record is rendered exactly once."""

    def __init__(self, site: SiteData) -> None:
        self.site = site
        self.today = site.today
        self.flagged = site.flagged
        self.markdown = site.texts.markdown
        self.regulators = site.regulators_by_id
        self._texts: dict[str, Markup] = {}
        # Future scheduled events of platforms, by the regulator they concern, for the regulator pages.
        self.upcoming: dict[str, list[EntryView]] = defaultdict(list)

    def text(self, value: str) -> Markup:
        cached = self._texts.get(value)
        if cached is None:
            cached = self._texts[value] = _cleaned(render_inline(value, flagged=self.flagged))
        return cached

    def link(self, url: str | None, exempt: Collection[str] = ()) -> str | None:
        """The address if a page may link it (the validator's own rules, again); else None."""
        if not url or url_problem(url) is not None or self.flagged.match(url, exempt) is not None:
            return None
        return url

    # -- events --

    def sources(self, sources: Iterable[Source], exempt: Collection[str]) -> tuple[SourceView, ...]:
        return tuple(
            SourceView(self.text(s.title), self.link(s.url, exempt), self.link(s.archived, exempt))
            for s in sources
        )

    def notes(self, event: Event) -> tuple[str, ...]:
        found: list[str] = []
        if event.amount_gbp is not None:
            fine = f"Fine reported: {_money(event.amount_gbp)}"
            if event.daily_rate_gbp is not None:
                fine += f", plus {_money(event.daily_rate_gbp)} a day"
            found.append(fine + ".")
        if event.outcome is not None:
            found.append(f"Outcome: {OUTCOMES.get(event.outcome, event.outcome)}")
        if event.recorded is not None and event.recorded != event.date:
            found.append(f"Added to this record on {long_date(event.recorded)}.")
        if event.updated is not None:
            found.append(f"Corrected on {long_date(event.updated)}.")
        if event.verified is not None:
            found.append(f"Sources last checked on {long_date(event.verified)}.")
        return tuple(found)

    def event(
        self,
        event: Event,
        owner_name: Markup,
        owner_url: str,
        exempt: Collection[str],
        *,
        light: bool = False,
    ) -> EntryView:
        """The entry for an event. `light` leaves out the body, notes and sources, which only the owner's
        own page shows (the site-wide timeline lists entries without them)."""
        kind = EVENT_TYPES[event.type]
        upcoming = event.date > self.today
        label = kind.label
        if event.cls == SCHEDULED:
            label = "Upcoming" if upcoming else "Scheduled (date passed)"
        regulator = self.regulators.get(event.regulator) if event.regulator else None
        lane = CLASS_LANES[event.cls]
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
            regulator_name=self.text(regulator.name) if regulator else None,
            regulator_url=f"regulators/{regulator.id}/" if regulator else None,
            title=self.text(event.title),
            body=_cleaned(self.markdown(event.body)) if event.body.strip() and not light else Markup(""),
            sources=self.sources(event.sources, exempt) if not light else (),
            notes=self.notes(event) if not light else (),
            working_url=None,
        )

    def milestone(self, m: Milestone, clock: ClockView, owner_name: Markup, owner_url: str) -> EntryView:
        regulator = self.regulators[m.regulator_id]
        name = self.text(regulator.name)
        started = clock.started_text or ""
        body = Markup(
            "<p>{} working days after the first report to {} on {}, no formal step by {} is recorded "
            "here. This entry is worked out by the tracker from the recorded dates.</p>"
        ).format(m.n, name, started, name)
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
            title=Markup("No substantive action for {} working days").format(m.n),
            body=body,
            sources=(),
            notes=(),
            working_url=f"{owner_url}working/#milestone-{m.regulator_id}-{m.n}",
        )

    # -- clocks --

    def clock(
        self, platform: Platform, the_clock: Clock, status: str, milestones: Sequence[Milestone]
    ) -> ClockView:
        regulator = self.regulators[the_clock.regulator_id]
        span: WorkingDays | None = the_clock.span
        url = f"platforms/{platform.id}/"
        anchor = f"clock-{regulator.id}"
        return ClockView(
            regulator_id=regulator.id,
            regulator_name=self.text(regulator.name),
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
            calendars=self.site.calendars,
        )

    # -- platforms --

    def summary(self, platform: Platform) -> PlatformView:
        """Everything about a platform except its timeline entries (`entries`), which only its own page
        needs: the overview and regulator pages need only this."""
        facts = self.site.facts[platform.id]
        name = self.text(platform.name)
        url = f"platforms/{platform.id}/"
        clocks = tuple(
            self.clock(platform, c, facts.statuses[rid], facts.milestones) for rid, c in facts.clocks.items()
        )
        primary = clocks[0]
        primary_regulator = self.regulators[platform.primary_regulator]
        row = PlatformRow(
            id=platform.id,
            name=name,
            url=url,
            harms=tuple(HARMS.get(h, h) for h in platform.harms),
            status=facts.headline_status,
            status_label=status_label(facts.headline_status),
            status_slug=status_class(facts.headline_status),
            status_rank=STATUS_ORDER[facts.headline_status],
            overdue=primary.overdue,
            first_reported=facts.first_reported,
            first_reported_text=long_date(facts.first_reported) if facts.first_reported else None,
            days_waiting=primary.working_days,
            running=primary.running,
            working_url=primary.working_url,
            regulator_name=self.text(primary_regulator.name),
        )
        summary_text = " ".join(platform.summary.split())
        return PlatformView(
            row=row,
            named=platform.named,
            domains=tuple(defang(d) for d in platform.domains) if platform.named else (),
            naming_source=self.link(platform.naming_source) if platform.named else None,
            harm_names=row.harms,
            summary=_cleaned(self.markdown(platform.summary)),
            clocks=clocks,
            entries=(),
            feeds=feed_links("platforms", platform.id, f"Updates on {self.flagged.defang_in(platform.name)}"),
            description=self.flagged.defang_in(summary_text.replace("**", "")),
        )

    def entry_sources(self, platform: Platform) -> list[Event | Milestone]:
        """The events and silence milestones of a platform in its timeline order (newest first), without
        rendering anything: the site-wide timeline is ordered before any entry is made."""
        keyed: list[tuple[date, int, int, Event | Milestone]] = [
            (e.date, 0, i, e) for i, e in enumerate(platform.events)
        ]
        keyed += [(m.date, 1, m.n, m) for m in self.site.facts[platform.id].milestones]
        keyed.sort(key=_FIRST_THREE, reverse=True)
        return [t[3] for t in keyed]

    def entry(
        self, platform: Platform, summary: PlatformView, source: Event | Milestone, *, light: bool = False
    ) -> EntryView:
        if isinstance(source, Event):
            exempt = (
                platform.domains + platform.domain_sha256
                if platform.link_policy == "allow-own-domain"
                else ()
            )
            return self.event(source, summary.row.name, summary.url, exempt, light=light)
        clock = next(c for c in summary.clocks if c.regulator_id == source.regulator_id)
        return self.milestone(source, clock, summary.row.name, summary.url)

    def entries(self, platform: Platform, summary: PlatformView) -> tuple[EntryView, ...]:
        return tuple(self.entry(platform, summary, source) for source in self.entry_sources(platform))

    def platform(self, platform: Platform) -> PlatformView:
        summary = self.summary(platform)
        sources = self.entry_sources(platform)
        entries = tuple(self.entry(platform, summary, source) for source in sources)
        made = {id(source): entry for source, entry in zip(sources, entries, strict=True)}
        self._note_upcoming(platform, lambda event: made[id(event)])
        return replace(summary, entries=entries)

    def upcoming_entries(self, platform: Platform, summary: PlatformView) -> None:
        """Note the platform's future events for its regulators' pages, as `platform` does."""
        self._note_upcoming(platform, lambda event: self.entry(platform, summary, event))

    def _note_upcoming(self, platform: Platform, make: Callable[[Event], EntryView]) -> None:
        for event in platform.events:
            if event.date > self.today and event.regulator:
                self.upcoming[event.regulator].append(make(event))

    # -- regulators --

    def regulator(
        self,
        regulator: Regulator,
        records: Sequence[RegulatorRecord],
        upcoming_elsewhere: Sequence[EntryView],
    ) -> RegulatorView:
        name = self.text(regulator.name)
        url = f"regulators/{regulator.id}/"
        own = [(e.date, i, self.event(e, name, url, ())) for i, e in enumerate(regulator.events)]
        own.sort(key=lambda t: (t[0], t[1]), reverse=True)
        entries = tuple(t[2] for t in own)
        upcoming = sorted(
            [e for e in entries if e.upcoming] + list(upcoming_elsewhere), key=lambda e: (e.day, e.owner_id)
        )
        return RegulatorView(
            id=regulator.id,
            name=name,
            url=url,
            website=self.link(regulator.url),
            jurisdiction=self.text(regulator.jurisdiction),
            law=self.text(regulator.law),
            window=regulator.response_window_working_days,
            milestones=regulator.silence_milestones_working_days,
            calendar_code=regulator.holidays,
            calendar_name=calendar_name(regulator.holidays),
            records=tuple(records),
            entries=entries,
            upcoming=tuple(upcoming),
            feeds=feed_links(
                "regulators", regulator.id, f"Updates on {self.flagged.defang_in(regulator.name)}"
            ),
        )

    # -- methodology --

    def calendars(self) -> tuple[CalendarView, ...]:
        """Each holiday calendar in use, with its days for every year the data spans, up to next year."""
        dataset = self.site.dataset
        years_seen = [e.date.year for p in dataset.platforms for e in p.events]
        years_seen += [e.date.year for r in dataset.regulators for e in r.events]
        first = min([*years_seen, self.today.year])
        years = tuple(range(first, self.today.year + 2))
        by_code: dict[str, list[Regulator]] = defaultdict(list)
        for regulator in dataset.regulators:
            by_code[regulator.holidays].append(regulator)
        found: list[CalendarView] = []
        for code, regulators in by_code.items():
            days = holiday_calendar(regulators[0], years, self.site.calendars)
            found.append(
                CalendarView(
                    code=code,
                    name=calendar_name(code),
                    regulators=tuple(self.text(r.name) for r in regulators),
                    years=years,
                    holidays=tuple(
                        HolidayView(d, long_date(d), weekday(d), n, False, d.weekday() >= 5)
                        for d, n in sorted(days.items())
                    ),
                )
            )
        return tuple(found)


def build_views(site: SiteData) -> Views:
    """Every view of the site, in one pass: each event and summary is rendered exactly once."""
    builder = _Builder(site)
    platforms = tuple(builder.platform(p) for p in site.dataset.platforms)
    records: dict[str, list[RegulatorRecord]] = defaultdict(list)
    for view in platforms:
        for clock in view.clocks:
            records[clock.regulator_id].append(RegulatorRecord(view.row, clock))
    regulators = tuple(
        builder.regulator(r, records.get(r.id, []), builder.upcoming.get(r.id, []))
        for r in site.dataset.regulators
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
        calendars=builder.calendars(),
    )


_FIRST_THREE = operator.itemgetter(0, 1, 2)

# One entry of the site-wide timeline before it is made: (owner's position, platforms first, then
# regulators; the event or milestone).
TimelineSource = tuple[int, Event | Milestone]


class SiteViews:
    """What the page writers need, making each platform's timeline entries only when asked.

    Summaries (rows, clocks) of every platform are made up front, because the overview, the platform
    list and the regulator pages show every platform; entries are made for a platform page that is
    rendered, and (without bodies or sources, which it does not show) for the site-wide timeline pages
    that are rendered. A build that keeps most pages from the previous build makes few of either.
    """

    def __init__(self, site: SiteData) -> None:
        builder = self.builder = _Builder(site)
        self.site = site
        platforms = site.dataset.platforms
        self.platforms = tuple(builder.summary(p) for p in platforms)
        for platform, summary in zip(platforms, self.platforms, strict=True):
            builder.upcoming_entries(platform, summary)
        records: dict[str, list[RegulatorRecord]] = defaultdict(list)
        for view in self.platforms:
            for clock in view.clocks:
                records[clock.regulator_id].append(RegulatorRecord(view.row, clock))
        self.regulators = tuple(
            builder.regulator(r, records.get(r.id, []), builder.upcoming.get(r.id, []))
            for r in site.dataset.regulators
        )
        self.calendars = builder.calendars()

    def platform(self, index: int) -> PlatformView:
        """The full view of the platform at `index`, entries included."""
        platform = self.site.dataset.platforms[index]
        summary = self.platforms[index]
        return replace(summary, entries=self.builder.entries(platform, summary))

    def timeline_sources(self) -> list[TimelineSource]:
        """Every entry of every owner in the site-wide timeline's order (see `build_views`)."""
        keyed: list[tuple[int, int, int, TimelineSource]] = []
        for owner, platform in enumerate(self.site.dataset.platforms):
            for position, source in enumerate(self.builder.entry_sources(platform)):
                keyed.append((-source.date.toordinal(), owner, position, (owner, source)))
        first = len(self.site.dataset.platforms)
        for offset, regulator in enumerate(self.site.dataset.regulators):
            own = sorted(enumerate(regulator.events), key=lambda t: (t[1].date, t[0]), reverse=True)
            for position, (_, event) in enumerate(own):
                keyed.append((-event.date.toordinal(), first + offset, position, (first + offset, event)))
        keyed.sort(key=_FIRST_THREE)
        return [t[3] for t in keyed]

    def timeline_entry(self, source: TimelineSource) -> EntryView:
        """A site-wide timeline entry (no body, notes or sources: the timeline does not show them)."""
        owner, item = source
        platforms = self.site.dataset.platforms
        if owner < len(platforms):
            return self.builder.entry(platforms[owner], self.platforms[owner], item, light=True)
        regulator = self.regulators[owner - len(platforms)]
        assert isinstance(item, Event)
        return self.builder.event(item, regulator.name, regulator.url, (), light=True)


