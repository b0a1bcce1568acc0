"""Feed items: one per dated event, derived silence milestone and editorial article.

An item's id is a `tag:` URI built only from `FEED_ID_AUTHORITY`, the owner id and the event id, so
editing a title or body, or moving the site to another address, never makes a reader show it again as
new. Dates are whole days, published at 00:00 Europe/London; nothing here reads the clock.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from tracker.derive.calendars import Calendars
from tracker.derive.clocks import Clock, clock
from tracker.derive.milestones import Milestone
from tracker.derive.sitedata import SiteData
from tracker.derive.statuses import status
from tracker.feeds.item_html import (
    event_html,
    milestone_html,
    plain,
    status_html,
)
from tracker.model.dataset import Event, Platform, Regulator
from tracker.model.dates import LONDON, long_date
from tracker.model.vocabulary import EVENT_TYPES, HARMS, SCHEDULED
from tracker.settings import TrackerSettings
from tracker.text.flagged import FlaggedDomains

__all__ = [
    "FORMATS",
    "PUBLISHED_NOTE",
    "SCHEDULED_PASSED_PREFIX",
    "Category",
    "Feed",
    "FeedItem",
    "FeedSettings",
    "ItemBuilder",
    "event_anchor",
    "feed_settings",
    "in_feed",
    "noon",
    "status_as_at",
    "updated_day",
]

# Said in every feed's description and on the subscribe page.
PUBLISHED_NOTE = (
    "Dates are whole days: each item is published at 12:00 (noon) London time on the day it was "
    "added to the record. An entry added later than its own date has that date at the start of its title."
)
# A scheduled hearing or deadline whose day has come: an ordinary entry, saying so (CONTRIBUTING.md,
# `scheduled`).
# "Reached" rather than "passed": the item is published at the start of that very day.
SCHEDULED_PASSED_PREFIX = "Scheduled date reached: "
_ABSOLUTE = re.compile(r"^https?://[^/]", re.IGNORECASE)


@dataclass(frozen=True)
class FeedSettings:
    """What feeds need from the Pelican settings.

    `base_url` is absolute even in development builds (whose SITEURL is empty), because a feed reader
    cannot resolve a relative link: it falls back to `FEED_SITE_URL`.
    """

    authority: str
    base_url: str
    site_name: str
    max_items: int = 100
    rights: str = ""
    language: str = "en-GB"

    def tag(self, path: str) -> str:
        return f"tag:{self.authority}:{path}"

    def url(self, path: str) -> str:
        return f"{self.base_url}/{path}"


def feed_settings(settings: TrackerSettings) -> FeedSettings:
    """What feeds need, checked: an item id without an authority, or a relative link, breaks readers."""
    site_url = settings.site_url
    base = site_url if _ABSOLUTE.match(site_url) else settings.feed_site_url
    if not _ABSOLUTE.match(base):
        raise ValueError("FEED_SITE_URL must be an absolute http(s) address when SITEURL is not")
    authority = settings.feed_id_authority
    if not authority:
        raise ValueError("FEED_ID_AUTHORITY must be set: it is part of every feed item's id")
    licence = settings.data_licence
    return FeedSettings(
        authority=authority,
        base_url=base.rstrip("/"),
        site_name=settings.site_name,
        max_items=settings.feed_max_items,
        rights=f"Data licence: {licence}" if licence else "",
        language=settings.language,
    )


def noon(day: date) -> datetime:
    """A whole day as a feed timestamp: 12:00 in Europe/London (feed formats need a time and a zone).

    Midday, because a reader that shows times in another zone would put midnight on the day before
    (00:00 BST is 23:00 UTC); noon is the same day from UTC-11 to UTC+11.
    """
    return datetime(day.year, day.month, day.day, 12, tzinfo=LONDON)


@dataclass(frozen=True)
class Category:
    term: str
    label: str


@dataclass(frozen=True)
class FeedItem:
    """One entry, in every format. `platform_id` and `regulator_ids` say which feeds carry it."""

    id: str
    title: str
    url: str
    published: datetime
    updated: datetime
    content_html: str
    categories: tuple[Category, ...] = ()
    platform_id: str | None = None
    regulator_ids: frozenset[str] = field(default_factory=frozenset)
    kind: str = "event"  # "event", "milestone" or "article"
    # Newest first is the reverse of this: published day, then the day it happened, then file order.
    sort_key: tuple[date, date, int] = (date.min, date.min, 0)


# The three formats of every feed: file extension and media type.
FORMATS: Mapping[str, str] = {
    "atom.xml": "application/atom+xml",
    "rss.xml": "application/rss+xml",
    "json": "application/feed+json",
}


@dataclass(frozen=True)
class Feed:
    """One feed, written as `<path>.atom.xml`, `<path>.rss.xml` and `<path>.json` under the output folder.

    `updated` is the newest item's, never the build time, so an unchanged record gives identical files.
    `site_url` is the absolute site address the feed's own URLs are built on.
    """

    path: str
    id: str
    title: str
    label: str
    description: str
    home_url: str
    site_url: str
    items: tuple[FeedItem, ...]
    updated: datetime

    def save_as(self, extension: str) -> str:
        return f"{self.path}.{extension}"

    def url(self, extension: str) -> str:
        return f"{self.site_url}/{self.save_as(extension)}"


def event_anchor(event: Event) -> str:
    """Where the event is on its page; the pages give every timeline entry this anchor."""
    return f"{event.owner_kind}/{event.owner}/#event-{event.id}"


def in_feed(event: Event, today: date) -> bool:
    """Future scheduled events wait in the calendar; nothing is published before its day."""
    return event.date <= today and event.published <= today


def dated(title: str, day: date, published: date) -> str:
    """A late-recorded item's title starts with its own date: a reader sees it on the day it was added,
    and must not take that day for the day it happened ("3 November 2025: ...")."""
    return f"{long_date(day)}: {title}" if published != day else title


def _title(owner_name: str, event: Event, flagged: FlaggedDomains) -> str:
    prefix = SCHEDULED_PASSED_PREFIX if event.type == SCHEDULED else ""
    return plain(dated(f"{owner_name}: {prefix}{event.title}", event.date, event.published), flagged)


def updated_day(event: Event) -> date:
    return max(event.updated or event.published, event.published)


def _categories(event_type: str, harms: Iterable[str] = ()) -> tuple[Category, ...]:
    found = [Category(event_type, EVENT_TYPES[event_type].label)]
    found += [Category(h, HARMS.get(h, h)) for h in harms]
    return tuple(found)


def status_as_at(
    platform: Platform, index: int, regulator: Regulator, calendars: Calendars
) -> tuple[str, Clock]:
    """Status and clock just after the event at `index`, counted to that event's own day."""
    event = platform.events[index]
    before = replace(platform, events=platform.events[: index + 1])
    return status(before, regulator, event.date), clock(before, regulator, event.date, calendars)


class ItemBuilder:
    """Makes the items. Each gets the sequence number of its place in the record (regulators' events,
    then each platform's events and milestones, in file order), which breaks ties in feed order."""

    def __init__(self, site: SiteData, settings: FeedSettings) -> None:
        self.site = site
        self.settings = settings
        self.flagged = site.flagged

    def _event_item(
        self,
        owner: str,
        event: Event,
        title: str,
        content_html: str,
        categories: tuple[Category, ...],
        sequence: int,
        *,
        platform_id: str | None = None,
        regulator_ids: frozenset[str] = frozenset(),
    ) -> FeedItem:
        """The item of a recorded event of `owner` (`platforms/<id>` or `regulators/<id>`)."""
        return FeedItem(
            id=self.settings.tag(f"{owner}/{event.id}"),
            title=title,
            url=self.settings.url(event_anchor(event)),
            published=noon(event.published),
            updated=noon(updated_day(event)),
            content_html=content_html,
            categories=categories,
            platform_id=platform_id,
            regulator_ids=regulator_ids,
            sort_key=(event.published, event.date, sequence),
        )

    def _body(self, event: Event) -> str:
        return self.site.texts.markdown(event.body) if event.body.strip() else ""

    def regulator_event(self, regulator: Regulator, event: Event, sequence: int) -> FeedItem:
        title = _title(regulator.name, event, self.flagged)
        return self._event_item(
            f"regulators/{regulator.id}",
            event,
            title,
            event_html(event, title, self.flagged, body_html=self._body(event)),
            _categories(event.type),
            sequence,
            regulator_ids=frozenset({regulator.id}),
        )

    def platform_event(
        self,
        platform: Platform,
        index: int,
        sequence: int,
        as_at: Mapping[str, Sequence[tuple[str, Clock]]] | None = None,
    ) -> FeedItem:
        """`as_at`: `as_at_each_event` by regulator id, when the caller has it for every event."""
        event = platform.events[index]
        title = _title(platform.name, event, self.flagged)
        name = plain(platform.name, self.flagged)
        statuses = []
        for regulator_id in platform.regulators:
            regulator = self.site.regulators_by_id[regulator_id]
            if as_at:
                status, the_clock = as_at[regulator_id][index]
            else:
                status, the_clock = status_as_at(platform, index, regulator, self.site.calendars)
            statuses.append(status_html(status, the_clock, regulator, name, self.flagged))
        return self._event_item(
            f"platforms/{platform.id}",
            event,
            title,
            event_html(
                event, title, self.flagged, platform=platform, statuses=statuses, body_html=self._body(event)
            ),
            _categories(event.type, platform.harms),
            sequence,
            platform_id=platform.id,
            regulator_ids=frozenset({event.regulator}) if event.regulator else frozenset(),
        )

    def milestone(self, platform: Platform, milestone: Milestone, sequence: int) -> FeedItem:
        regulator = self.site.regulators_by_id[milestone.regulator_id]
        day = milestone.date
        the_clock = clock(platform, regulator, day, self.site.calendars)
        the_status = status(platform, regulator, day)
        # Published on its own day, so its title needs no date (see `dated`).
        title = plain(f"{platform.name}: {milestone.title} by {regulator.name}", self.flagged)
        return FeedItem(
            id=self.settings.tag(f"platforms/{platform.id}/{milestone.id}"),
            title=title,
            url=self.settings.url(f"platforms/{platform.id}/#event-{milestone.id}"),
            published=noon(day),
            updated=noon(day),
            content_html=milestone_html(
                milestone.n,
                day,
                platform,
                regulator,
                the_clock,
                the_status,
                self.flagged,
                self.settings.url("methodology/"),
            ),
            categories=(
                Category("silence-milestone", "Silence milestone"),
                *(Category(h, HARMS.get(h, h)) for h in platform.harms),
            ),
            platform_id=platform.id,
            regulator_ids=frozenset({regulator.id}),
            kind="milestone",
            sort_key=(day, day, sequence),
        )
