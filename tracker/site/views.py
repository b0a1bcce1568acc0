"""Frozen view objects for the page templates, built once per build from SiteData.

Templates never see raw records: every piece of text from the data file arrives here as escaped markup
with flagged host names defanged (`render_inline`) or as sanitized Markdown (`render_markdown`), and
every link to a source has already passed the same checks the validator applies. A template can then
only ever print what this module decided was safe to print.

Everything is computed in one pass over the dataset with lookups built once, so the cost of a build
grows with the number of events, not with platforms times events.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from types import MappingProxyType

from markupsafe import Markup

from tracker.derive.calendars import Calendars, WorkingDays, holiday_calendar
from tracker.model.dataset import Regulator
from tracker.model.dates import long_date, weekday
from tracker.model.vocabulary import (
    LANES,
    OTHER_LANE,
    PLATFORM,
    PROCEDURAL,
    REGULATOR_LANE,
    REPORT,
    STATUS_SLUGS,
    STATUSES,
    SUBSTANTIVE,
)

LANE_LABELS = LANES
# The lane of each class whose entries always go in one lane; the others follow `vocabulary.lane`.
CLASS_LANES: Mapping[str, str] = MappingProxyType(
    {
        REPORT: REGULATOR_LANE,
        PROCEDURAL: REGULATOR_LANE,
        SUBSTANTIVE: REGULATOR_LANE,
        PLATFORM: OTHER_LANE,
    }
)
# Plain names of the holiday calendars a regulator may use (`holidays` codes); others show the code.
CALENDAR_NAMES: Mapping[str, str] = MappingProxyType(
    {
        "GB-ENG": "England and Wales",
        "GB-WLS": "Wales",
        "GB-SCT": "Scotland",
        "GB-NIR": "Northern Ireland",
        "GB": "United Kingdom (UK-wide days only)",
    }
)
STATUS_ORDER: Mapping[str, int] = MappingProxyType({s: i for i, s in enumerate(STATUSES)})
FEED_FORMATS: tuple[tuple[str, str, str], ...] = (
    ("atom.xml", "application/atom+xml", "Atom"),
    ("rss.xml", "application/rss+xml", "RSS"),
    ("json", "application/feed+json", "JSON Feed"),
)


def _cleaned(html: str) -> Markup:
    """Mark the output of `render_inline`/`render_markdown` (escaped or nh3-cleaned) as safe to print."""
    return Markup(html)  # noqa: S704 - only ever given render.py output, never raw data


def status_class(status: str) -> str:
    """The status as a CSS class suffix: the model's slug in lower case (class names are case-sensitive)."""
    return STATUS_SLUGS[status].lower()


def status_label(status: str) -> str:
    return status[:1].upper() + status[1:]


def calendar_name(code: str) -> str:
    return CALENDAR_NAMES.get(code, code)


# --- small views ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedLink:
    href: str  # from the site root, without a leading slash
    media_type: str
    label: str
    title: str


@dataclass(frozen=True)
class SourceView:
    title: Markup
    url: str | None  # None when the address may not be linked: then only the title is shown
    archived: str | None


@dataclass(frozen=True)
class Excluded:
    day: date
    date_text: str
    weekday: str
    reason: str


_WEEK = timedelta(days=7)


@dataclass(frozen=True)
class HolidayView:
    day: date
    date_text: str
    weekday: str
    name: str
    in_span: bool
    on_weekend: bool


@dataclass(frozen=True)
class MilestoneView:
    n: int
    day: date
    date_text: str
    anchor: str


@dataclass(frozen=True)
class ClockView:
    """One waiting clock, with everything the working page needs to let a reader recount it."""

    regulator_id: str
    regulator_name: Markup
    regulator_url: str
    status: str
    status_label: str
    status_slug: str
    status_rank: int
    started: date | None
    started_text: str | None
    stopped: date | None
    stopped_text: str | None
    end_text: str | None
    running: bool
    overdue: bool
    wait_text: str  # the wait as a fact (`derive.wording.wait_in_words`), never a bare yes or no
    stop_text: str  # the end of the status box's sentence for a stopped clock (`stop_in_words`)
    beyond_window: int | None
    working_days: int | None
    calendar_days: int | None
    window: int
    calendar_code: str
    calendar_name: str
    milestones: tuple[MilestoneView, ...]
    working_url: str | None
    anchor: str
    span: WorkingDays | None
    regulator: Regulator
    calendars: Calendars = field(compare=False, repr=False)  # the build's, for the days listed

    # Only a platform's working page lists the days: worked out when first asked for, not for every
    # clock on the overview and regulator pages.
    @functools.cached_property
    def excluded(self) -> tuple[Excluded, ...]:
        span = self.span
        if span is None:
            return ()
        return tuple(Excluded(e.day, long_date(e.day), weekday(e.day), e.reason) for e in span.excluded)

    @functools.cached_property
    def holidays(self) -> tuple[HolidayView, ...]:
        span = self.span
        if span is None:
            return ()
        years = range(span.start.year, span.end.year + 1)
        calendar = holiday_calendar(self.regulator, years, self.calendars)
        # A holiday on a weekend is shown once, beside the weekday that replaces it ("observed").
        names = sorted(calendar.items())
        replaced_on = {
            (day, name): next(
                (d for d, n in names if n == f"{name} (observed)" and day < d <= day + _WEEK), None
            )
            for day, name in names
            if day.weekday() >= 5
        }
        replacing = {sub: original for original, sub in replaced_on.items() if sub is not None}
        shown = []
        for day, name in names:
            if replaced_on.get((day, name)) is not None:
                continue
            original = replacing.get(day)
            if original is not None and name == f"{original[1]} (observed)":
                name = f"{original[1]}: substitute day for {weekday(original[0])} {long_date(original[0])}"
            shown.append(
                HolidayView(
                    day, long_date(day), weekday(day), name, span.start < day <= span.end, day.weekday() >= 5
                )
            )
        return tuple(shown)

    @property
    def holidays_left_out(self) -> tuple[Excluded, ...]:
        """The bank holidays inside the count: listed first, because a reader checks these by hand."""
        return tuple(e for e in self.excluded if e.reason != e.weekday)

    @property
    def weekends_left_out(self) -> tuple[Excluded, ...]:
        return tuple(e for e in self.excluded if e.reason == e.weekday)

    @property
    def weekend_days(self) -> int:
        return sum(1 for e in self.excluded if e.reason in ("Saturday", "Sunday"))

    @property
    def holiday_days(self) -> int:
        return len(self.excluded) - self.weekend_days


@dataclass(frozen=True)
class EntryView:
    """One timeline entry: a recorded event or a derived silence milestone."""

    kind: str  # "event" or "milestone"
    id: str
    anchor: str  # `event-<id>`, unique on the owner's page
    owner_kind: str
    owner_id: str
    owner_name: Markup
    owner_url: str
    day: date
    date_text: str
    upcoming: bool
    type: str
    type_label: str
    cls: str
    lane: str
    lane_label: str
    who: str
    regulator_name: Markup | None
    regulator_url: str | None
    title: Markup
    body: Markup
    sources: tuple[SourceView, ...]
    notes: tuple[str, ...]
    working_url: str | None

    @property
    def url(self) -> str:
        return f"{self.owner_url}#{self.anchor}"

    @property
    def timeline_id(self) -> str:
        """Unique across owners (slugs never contain `--`), for the site-wide timeline pages."""
        return f"{self.owner_kind}--{self.owner_id}--{self.id}"


@dataclass(frozen=True)
class PlatformRow:
    """A platform as one row of the overview table, with sort keys for the table script."""

    id: str
    name: Markup
    url: str
    harms: tuple[str, ...]
    status: str
    status_label: str
    status_slug: str
    status_rank: int
    overdue: bool
    wait_text: str
    beyond_window: int | None
    first_reported: date | None
    first_reported_text: str | None
    days_waiting: int | None
    running: bool
    working_url: str | None
    regulator_name: Markup


@dataclass(frozen=True)
class PlatformView:
    row: PlatformRow
    named: bool
    domains: tuple[str, ...]  # defanged; empty when the platform is not named
    naming_source: str | None
    harm_names: tuple[str, ...]
    summary: Markup
    clocks: tuple[ClockView, ...]
    entries: tuple[EntryView, ...]
    feeds: tuple[FeedLink, ...]
    description: str

    @property
    def id(self) -> str:
        return self.row.id

    @property
    def url(self) -> str:
        return self.row.url

    @property
    def working_page_url(self) -> str | None:
        return f"{self.url}working/" if any(c.started is not None for c in self.clocks) else None

    @property
    def primary(self) -> ClockView:
        return self.clocks[0]


@dataclass(frozen=True)
class RegulatorRecord:
    """One platform as seen by one regulator, for the regulator's page."""

    platform: PlatformRow
    clock: ClockView


@dataclass(frozen=True)
class RegulatorView:
    id: str
    name: Markup
    url: str
    website: str | None
    jurisdiction: Markup
    law: Markup
    window: int
    milestones: tuple[int, ...]
    calendar_code: str
    calendar_name: str
    records: tuple[RegulatorRecord, ...]
    entries: tuple[EntryView, ...]
    upcoming: tuple[EntryView, ...]  # future scheduled events about this regulator, its own and platforms'
    feeds: tuple[FeedLink, ...]

    @property
    def reported(self) -> int:
        return sum(1 for r in self.records if r.clock.started is not None)

    @property
    def waiting(self) -> int:
        return sum(1 for r in self.records if r.clock.running)

    @property
    def overdue(self) -> int:
        return sum(1 for r in self.records if r.clock.overdue)


@dataclass(frozen=True)
class TimelinePage:
    number: int
    count: int
    url: str
    save_as: str
    months: tuple[tuple[str, tuple[EntryView, ...]], ...]
    previous_url: str | None
    next_url: str | None
    first: int  # 1-based position of the first entry on this page
    last: int
    total: int
    # Page links to show: first, last and the neighbours of this page; None marks a gap ("…").
    numbers: tuple[int | None, ...] = ()

    @staticmethod
    def page_url(number: int, base: str = "timeline/") -> str:
        return base if number == 1 else f"{base}page/{number}/"


@dataclass(frozen=True)
class CalendarView:
    """A holiday calendar in use, for the methodology page."""

    code: str
    name: str
    regulators: tuple[Markup, ...]
    years: tuple[int, ...]
    holidays: tuple[HolidayView, ...]


@dataclass(frozen=True)
class Views:
    platforms: tuple[PlatformView, ...]
    regulators: tuple[RegulatorView, ...]
    timeline: tuple[EntryView, ...]  # every entry of every owner, newest first
    calendars: tuple[CalendarView, ...]


