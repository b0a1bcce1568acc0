"""The court chronology: one platform's (or one regulator's) past events and derived milestones as
numbered rows, oldest first, with numbered source documents and the working behind every figure.

The page, `chronology.csv` and `chronology.docx` are all made from this one builder, so the three can
never disagree about a row's number, date or wording. Everything here is plain text with every
flagged domain already defanged: each format escapes it its own way, none needs to know the safety
rules. A row's number is its position as of the build date (a late-added event renumbers the rows
after it), which is why each row also carries the event's permanent id.
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from tracker.derive.calendars import holiday_calendar
from tracker.derive.clocks import Clock
from tracker.derive.milestones import Milestone
from tracker.derive.sitedata import SiteData
from tracker.derive.wording import plural
from tracker.model.dataset import Event, Platform, Source
from tracker.model.dates import long_date
from tracker.model.vocabulary import COUNTED_STEP, EVENT_TYPES, NO_COUNTED_STEP, ROLES, SCHEDULED
from tracker.text.urls import url_problem

__all__ = [
    "Chronology",
    "ChronologyRow",
    "ChronologySource",
    "ClockWorking",
    "PlatformShare",
    "RegulatorParts",
    "chronology_path",
    "page_address",
    "platform_chronology",
    "platform_share",
    "regulator_chronology",
    "regulator_parts",
]

_ABSOLUTE = re.compile(r"^https?://", re.IGNORECASE)
RECORDED = "recorded"
DERIVED = "derived"


@dataclass(frozen=True)
class ChronologySource:
    """A document relied on. `url` and `archived` are None when no output may print them as a link."""

    number: int
    title: str
    url: str | None
    archived: str | None


@dataclass(frozen=True)
class ChronologyRow:
    number: int
    id: str  # permanent: "<owner id>/<event id>", never renumbered
    day: date
    date_text: str
    kind: str  # RECORDED or DERIVED
    platform: str  # the platform's name, or the regulator's for a regulator's own event
    type_label: str
    what: str  # the recorded title, or the derived milestone in the tracker's words
    who: str
    regulator: str  # "" when the event concerns no regulator
    sources: tuple[int, ...]  # numbers in `Chronology.sources`


@dataclass(frozen=True)
class ClockWorking:
    """The appendix for one waiting clock: enough to recount its working days by hand."""

    platform: str
    regulator: str
    calendar: str
    started_text: str
    end_text: str
    running: bool
    working_days: int
    calendar_days: int
    weekend_days: int
    holidays: tuple[tuple[str, str], ...]  # (date, name) of each holiday excluded from the span
    window: int
    milestones: tuple[tuple[int, str], ...]  # (n, date) of each milestone reached

    @property
    def counted_text(self) -> str:
        """The count written out once, for the page and the Word file alike: a lawyer who files one and
        a reader who checks the other must find the same words, the defined term among them."""
        end = (
            f"the date of these figures: {NO_COUNTED_STEP} is recorded"
            if self.running
            else f"the first {COUNTED_STEP.removeprefix('an ')} recorded"
        )
        return (
            f"From {self.started_text} (first report) to {self.end_text} ({end}):"
            f" {plural(self.calendar_days, 'calendar day')}, less {plural(self.weekend_days, 'weekend day')}"
            f" and {plural(len(self.holidays), 'public holiday')} ({self.calendar}),"
            f" is {plural(self.working_days, 'working day')}."
            f" Response window used by this tracker: {plural(self.window, 'working day')}."
        )


@dataclass(frozen=True)
class Chronology:
    kind: str  # "platform" or "regulator"
    owner_id: str
    title: str
    as_of: date
    as_of_text: str
    rows: tuple[ChronologyRow, ...]
    sources: tuple[ChronologySource, ...]
    working: tuple[ClockWorking, ...]

    @property
    def page_path(self) -> str:
        return chronology_path(self.kind, self.owner_id)


def chronology_path(kind: str, owner_id: str) -> str:
    """The folder of a chronology's page and files, known before the chronology is made (to key them)."""
    return f"{kind}s/{owner_id}/chronology/"


def page_address(site_url: str, feed_site_url: str, path: str) -> str:
    """The published address of a chronology: a printout must say where it came from even when printed
    from a development build (whose SITEURL is empty, so the feeds' absolute address is used)."""
    base = site_url if _ABSOLUTE.match(site_url) else feed_site_url
    return f"{base.rstrip('/')}/{path}" if base else f"/{path}"


# What a row cites, as printed: (title, address, archived copy), numbered when the rows are.
_Cited = tuple[str, str | None, str | None]
# (day, order of its owner, position within its owner, the row numbered 0, what it cites): sorted by the
# first three, then numbered.
_Item = tuple[date, int, int, ChronologyRow, tuple[_Cited, ...]]


@dataclass(frozen=True)
class PlatformShare:
    """One platform's part of a regulator's chronology before the rows are numbered: its rows (day,
    position within the platform, the row numbered 0, what it cites) and its clock's working.

    A regulator's chronology shows every platform reported to it, yet an edit changes one platform's
    share: a warm rebuild (the preview) keeps the others' shares and only numbers the rows again.
    """

    rows: tuple[tuple[date, int, ChronologyRow, tuple[_Cited, ...]], ...]
    working: tuple[ClockWorking, ...]

    @functools.cached_property
    def digest(self) -> str:
        """A digest of everything the share holds, for keys: made once, as a kept share is kept."""
        return hashlib.sha256(repr(self).encode("utf-8")).hexdigest()


class _Builder:
    """Numbers the sources in the order rows first cite them; one source cited twice keeps one number."""

    def __init__(self, site: SiteData) -> None:
        self.site = site
        self.sources: list[ChronologySource] = []
        self.numbers: dict[tuple[str, str | None], int] = {}

    def text(self, value: str) -> str:
        return self.site.flagged.defang_in(value) if self.site.flagged else value

    def link(self, url: str | None, exempt: Collection[str]) -> str | None:
        if not url or url_problem(url) is not None or self.site.flagged.match(url, exempt) is not None:
            return None
        return url

    def cited(self, s: Source, exempt: Collection[str]) -> _Cited:
        return self.text(s.title), self.link(s.url, exempt), self.link(s.archived, exempt)

    def number(self, cited: _Cited) -> int:
        """One document cited twice (with and without its archived copy) keeps one number."""
        title, url, archived = cited
        number = self.numbers.get((title, url))
        if number is None:
            number = self.numbers[(title, url)] = len(self.sources) + 1
            self.sources.append(ChronologySource(number, title, url, archived))
        elif archived and not self.sources[number - 1].archived:
            self.sources[number - 1] = ChronologySource(number, title, url, archived)
        return number

    def event_row(self, event: Event, platform: Platform | None) -> tuple[ChronologyRow, tuple[_Cited, ...]]:
        exempt: tuple[str, ...] = ()
        if platform is not None and platform.link_policy == "allow-own-domain":
            exempt = platform.domains + platform.domain_sha256
        label = EVENT_TYPES[event.type].label
        if event.cls == SCHEDULED:
            label = "Scheduled (date passed)"
        regulator = self.site.regulators_by_id.get(event.regulator) if event.regulator else None
        owner = platform.name if platform is not None else self.site.regulators_by_id[event.owner].name
        row = ChronologyRow(
            number=0,
            id=f"{event.owner}/{event.id}",
            day=event.date,
            date_text=long_date(event.date),
            kind=RECORDED,
            platform=self.text(owner),
            type_label=label,
            what=self.text(event.title),
            who=ROLES.get(event.by, event.by),
            regulator=self.text(regulator.name) if regulator else "",
            sources=(),
        )
        return row, tuple(self.cited(s, exempt) for s in event.sources)

    def milestone_row(self, m: Milestone, platform: Platform) -> ChronologyRow:
        regulator = self.site.regulators_by_id[m.regulator_id]
        started = self.site.facts[platform.id].clocks[m.regulator_id].started
        name = self.text(regulator.name)
        what = (
            f"{m.n} working days after the first report to {name} on {long_date(started) if started else '?'}"
            f", {NO_COUNTED_STEP} by {name} is recorded in this tracker."
        )
        return ChronologyRow(
            number=0,
            id=f"{platform.id}/{m.id}",
            day=m.date,
            date_text=long_date(m.date),
            kind=DERIVED,
            platform=self.text(platform.name),
            type_label="Silence milestone (derived)",
            what=what,
            who="Worked out by this tracker",
            regulator=name,
            sources=(),
        )


def _platform_items(
    site: SiteData, builder: _Builder, platform: Platform, order: int, regulator_id: str | None
) -> list[_Item]:
    """Past events and milestones; with `regulator_id`, only what concerns that regulator (and the
    platform's own conduct, which is one fact for every regulator)."""
    items: list[_Item] = []
    for i, e in enumerate(platform.events):
        if e.date > site.today or (regulator_id and e.regulator not in (None, regulator_id)):
            continue
        items.append((e.date, order, i, *builder.event_row(e, platform)))
    for m in site.facts[platform.id].milestones:
        if regulator_id is None or m.regulator_id == regulator_id:
            items.append((m.date, order, len(platform.events) + m.n, builder.milestone_row(m, platform), ()))
    return items


def _working(
    site: SiteData, builder: _Builder, platform: Platform, clocks: Iterable[Clock]
) -> list[ClockWorking]:
    found: list[ClockWorking] = []
    for c in clocks:
        span = c.span
        if span is None or c.started is None or c.end is None:
            continue
        regulator = site.regulators_by_id[c.regulator_id]
        calendar = holiday_calendar(regulator, range(span.start.year, span.end.year + 1), site.calendars)
        weekend = sum(1 for e in span.excluded if e.reason in ("Saturday", "Sunday"))
        found.append(
            ClockWorking(
                platform=builder.text(platform.name),
                regulator=builder.text(regulator.name),
                calendar=regulator.holidays,
                started_text=long_date(c.started),
                end_text=long_date(c.end),
                running=c.running,
                working_days=span.working_days,
                calendar_days=span.calendar_days,
                weekend_days=weekend,
                holidays=tuple(
                    (long_date(e.day), calendar.get(e.day, e.reason))
                    for e in span.excluded
                    if e.reason not in ("Saturday", "Sunday")
                ),
                window=regulator.response_window_working_days,
                milestones=tuple(
                    (m.n, long_date(m.date))
                    for m in site.facts[platform.id].milestones
                    if m.regulator_id == c.regulator_id
                ),
            )
        )
    return found


def _numbered(row: ChronologyRow, number: int, sources: tuple[int, ...]) -> ChronologyRow:
    """`replace(row, number=..., sources=...)` without the frozen class's field-by-field `__init__`: a
    regulator's chronology numbers tens of thousands of rows on every build."""
    numbered = object.__new__(ChronologyRow)
    numbered.__dict__.update(row.__dict__, number=number, sources=sources)
    return numbered


def _assemble(
    site: SiteData,
    kind: str,
    owner_id: str,
    title: str,
    items: Sequence[_Item],
    working: Sequence[ClockWorking],
    builder: _Builder,
) -> Chronology:
    rows = [
        _numbered(row, number, tuple(builder.number(c) for c in cited))
        for number, (_day, _order, _i, row, cited) in enumerate(sorted(items, key=lambda t: t[:3]), 1)
    ]
    return Chronology(
        kind=kind,
        owner_id=owner_id,
        title=title,
        as_of=site.today,
        as_of_text=long_date(site.today),
        rows=tuple(rows),
        sources=tuple(builder.sources),
        working=tuple(working),
    )


def platform_chronology(site: SiteData, platform_id: str) -> Chronology:
    """Every past event of the platform and every milestone it reached, toward any regulator."""
    platform = site.platforms_by_id[platform_id]
    builder = _Builder(site)
    items = _platform_items(site, builder, platform, 0, None)
    working = _working(site, builder, platform, site.facts[platform.id].clocks.values())
    title = f"Chronology: {builder.text(platform.name)}"
    return _assemble(site, "platform", platform_id, title, items, working, builder)


def platform_share(site: SiteData, platform: Platform, regulator_id: str) -> PlatformShare:
    """What `platform` adds to the regulator's chronology (it must have a clock toward it)."""
    builder = _Builder(site)
    items = _platform_items(site, builder, platform, 0, regulator_id)
    working = _working(site, builder, platform, (site.facts[platform.id].clocks[regulator_id],))
    return PlatformShare(tuple((day, i, row, cited) for day, _, i, row, cited in items), tuple(working))


@dataclass(frozen=True)
class RegulatorParts:
    """What a regulator's chronology is assembled from: its own events' rows, then each platform
    reported to it (by its place in the file) with its share. The chronology is a function of these
    (and of what `Output.key` covers), so a digest of them tells whether it changed without making it."""

    own: tuple[_Item, ...]
    shares: tuple[tuple[int, PlatformShare], ...]


def regulator_parts(
    site: SiteData, regulator_id: str, share_of: Callable[[Platform], PlatformShare] | None = None
) -> RegulatorParts:
    """`share_of` may hand back a platform's share kept from an earlier build (`platform_share`
    makes it)."""
    builder = _Builder(site)
    regulator = site.regulators_by_id[regulator_id]
    own = tuple(
        (e.date, -1, i, *builder.event_row(e, None))
        for i, e in enumerate(regulator.events)
        if e.date <= site.today
    )
    shares = tuple(
        (order, share_of(p) if share_of is not None else platform_share(site, p, regulator_id))
        for order, p in enumerate(site.dataset.platforms)
        if regulator_id in site.facts[p.id].clocks
    )
    return RegulatorParts(own, shares)


def regulator_chronology(
    site: SiteData, regulator_id: str, parts: RegulatorParts | None = None
) -> Chronology:
    """The regulator's own events and, for every platform reported to it, what concerns it, in one
    table: a platform it opened a case on without a report is in it too, with no clock."""
    parts = parts or regulator_parts(site, regulator_id)
    regulator = site.regulators_by_id[regulator_id]
    builder = _Builder(site)
    items: list[_Item] = list(parts.own)
    working: list[ClockWorking] = []
    for order, share in parts.shares:
        items += [(day, order, i, row, cited) for day, i, row, cited in share.rows]
        working += share.working
    title = f"Chronology: {builder.text(regulator.name)} and the platforms in this tracker"
    return _assemble(site, "regulator", regulator_id, title, items, working, builder)
