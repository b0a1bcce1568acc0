"""Feeds for journalists (ids and dates: tracker/feeds/items.py): site-wide, per platform and per
regulator, in Atom, RSS 2.0 and JSON Feed 1.1, the `upcoming.ics` calendar and the `/subscribe/` page
that lists them all.

Items are ordered once (`item_index.ItemIndex`) and shared out: a platform's feed is its own events and
milestones; a regulator's feed is its own events, every platform event naming it and the milestones of
its clocks; the site-wide feed has everything plus the articles. Each feed keeps its newest items only,
and an item's content is made only for the feeds that carry it.
"""

from __future__ import annotations

import functools
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from tracker.derive.sitedata import SiteData
from tracker.feeds.atom_rss import atom_bytes, rss_bytes
from tracker.feeds.ics import upcoming_calendar
from tracker.feeds.item_html import plain
from tracker.feeds.item_index import ItemIndex, ItemRef, upcoming_events
from tracker.feeds.items import (
    FORMATS,
    PUBLISHED_NOTE,
    Feed,
    FeedItem,
    FeedSettings,
    feed_settings,
    noon,
)
from tracker.feeds.jsonfeed import json_feed_bytes
from tracker.model.dataset import Event, Platform, Regulator
from tracker.writing import WriterDefaults

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tracker.writing import Output

__all__ = ["CALENDAR_PATH", "FeedSet", "FeedsWriter", "build_feeds", "render_files"]

CALENDAR_PATH = "feeds/upcoming.ics"


@dataclass(frozen=True)
class FeedSet:
    """Every feed of the site, in the order the subscribe page lists them."""

    site: Feed
    platforms: tuple[tuple[Platform, Feed], ...]
    regulators: tuple[tuple[Regulator, Feed], ...]
    upcoming: tuple[tuple[str, Event], ...]
    calendar_url: str

    def all(self) -> list[Feed]:
        return [self.site, *(f for _, f in self.platforms), *(f for _, f in self.regulators)]


def _newest(items: Sequence[FeedItem], fallback: datetime) -> datetime:
    return max((item.updated for item in items), default=fallback)


def _feed(
    settings: FeedSettings,
    items: Sequence[FeedItem],
    fallback: datetime,
    *,
    path: str,
    label: str,
    description: str,
    home: str,
) -> Feed:
    chosen = tuple(items[: settings.max_items])
    return Feed(
        path=path,
        id=settings.tag(path),
        title=f"{settings.site_name}: {label}",
        label=label,
        description=f"{description} {PUBLISHED_NOTE}",
        home_url=settings.url(home),
        site_url=settings.base_url,
        items=chosen,
        # An empty feed takes the site-wide date: still from the data, never from the clock.
        updated=_newest(chosen, fallback),
    )


SITE_FEED_DESCRIPTION = (
    "Every dated development in the tracker's records of platforms reported to online-safety "
    "regulators, each silence milestone a waiting clock reaches, and the site's articles."
)


def _site_feed(settings: FeedSettings, items: Sequence[FeedItem], today: date) -> Feed:
    return _feed(
        settings,
        items,
        noon(today),
        path="feeds/all",
        label="all updates",
        description=SITE_FEED_DESCRIPTION,
        home="",
    )


# What a platform's and a regulator's feed hold, by the folder their pages and feeds live in.
_OWNER_DESCRIPTIONS = {
    "platforms": "Every dated development in the record of {name}, and each silence milestone its waiting "
    "clock reaches.",
    "regulators": "Developments about {name}, every platform event that names it, and each silence "
    "milestone of a report waiting for it.",
}


def _owner_feed(
    settings: FeedSettings,
    folder: str,
    owner_id: str,
    items: Sequence[FeedItem],
    fallback: datetime,
    name: str,
) -> Feed:
    """The feed of one platform (`folder` "platforms") or one regulator ("regulators")."""
    return _feed(
        settings,
        items,
        fallback,
        path=f"feeds/{folder}/{owner_id}",
        label=name,
        description=_OWNER_DESCRIPTIONS[folder].format(name=name),
        home=f"{folder}/{owner_id}/",
    )


def _by_owner(refs: Sequence[ItemRef]) -> tuple[dict[str, list[ItemRef]], dict[str, list[ItemRef]]]:
    """Items by platform and by regulator, in one pass that keeps the newest-first order."""
    platforms: dict[str, list[ItemRef]] = defaultdict(list)
    regulators: dict[str, list[ItemRef]] = defaultdict(list)
    for ref in refs:
        if ref.platform_id is not None:
            platforms[ref.platform_id].append(ref)
        for regulator_id in sorted(ref.regulator_ids):
            regulators[regulator_id].append(ref)
    return platforms, regulators


def build_feeds(site: SiteData, settings: FeedSettings, articles: Sequence[Any] = ()) -> FeedSet:
    index = ItemIndex(site, settings, articles)
    limit = settings.max_items
    site_feed = _site_feed(settings, index.items(index.refs[:limit], keep=True), site.today)
    fallback = site_feed.updated
    by_platform, by_regulator = _by_owner(index.refs)

    def owners(folder: str, owners: Sequence[Any], refs: dict[str, list[ItemRef]]) -> tuple[Any, ...]:
        return tuple(
            (
                owner,
                _owner_feed(
                    settings,
                    folder,
                    owner.id,
                    index.items(refs.get(owner.id, [])[:limit], keep=True),
                    fallback,
                    plain(owner.name, site.flagged),
                ),
            )
            for owner in owners
        )

    platforms = owners("platforms", site.dataset.platforms, by_platform)
    regulators = owners("regulators", site.dataset.regulators, by_regulator)
    return FeedSet(
        site=site_feed,
        platforms=platforms,
        regulators=regulators,
        upcoming=tuple(upcoming_events(site)),
        calendar_url=settings.url(CALENDAR_PATH),
    )


class _Texts:
    """Each item's text in each format, written once however many feeds of a build carry it."""

    def __init__(self) -> None:
        self.atom: dict[str, str] = {}
        self.rss: dict[str, str] = {}
        self.json: dict[str, str] = {}

    def files(self, feed: Feed, settings: FeedSettings) -> dict[str, bytes]:
        return {
            feed.save_as("atom.xml"): atom_bytes(feed, settings, self.atom),
            feed.save_as("rss.xml"): rss_bytes(feed, settings, self.rss),
            feed.save_as("json"): json_feed_bytes(feed, settings, self.json),
        }


def _calendar_stamp(site: SiteData, site_feed: Feed) -> date:
    # The calendar's revision date is the record's: articles do not change it.
    data_days = [item.updated.date() for item in site_feed.items if item.kind != "article"]
    return max(data_days, default=site.today)


def _calendar(site: SiteData, settings: FeedSettings, site_feed: Feed) -> bytes:
    return upcoming_calendar(upcoming_events(site), settings, site.flagged, _calendar_stamp(site, site_feed))


def render_files(feeds: FeedSet, site: SiteData, settings: FeedSettings) -> dict[str, bytes]:
    """Every feed file by its path under the output folder."""
    texts = _Texts()
    files: dict[str, bytes] = {}
    for feed in feeds.all():
        files.update(texts.files(feed, settings))
    files[CALENDAR_PATH] = _calendar(site, settings, feeds.site)
    return files


class FeedsWriter(WriterDefaults):
    """The feeds of one build (a `tracker.writing.Writer`): `platform(i)` writes a platform's feeds, one
    whole-site step the site-wide and regulator feeds, the calendar and the subscribe page.

    A platform's feed is made from its own record (and, while it has no items, the site-wide date), so
    it is kept from the previous build when that record is unchanged; the site-wide and regulator feeds
    hold the newest items of every record and are made each time.
    """

    def __init__(self, out: Output) -> None:
        site = out.site
        self.settings = settings = feed_settings(out.settings)
        self.index = ItemIndex(site, settings, out.articles, out.remember)
        self.limit = settings.max_items
        self.by_platform, self.by_regulator = _by_owner(self.index.refs)
        # The site-wide feed's date, without making its items: that of its newest-updated item.
        chosen = self.index.refs[: self.limit]
        self.fallback = noon(max((ref.updated for ref in chosen), default=site.today))

    def platform(self, out: Output, index: int) -> None:
        platform = out.site.dataset.platforms[index]
        refs = self.by_platform.get(platform.id, [])[: self.limit]
        key = out.platform_key("feeds", platform.id)
        if key and not refs:
            key = out.key(key, self.fallback.isoformat())  # an empty feed takes the site-wide date
        files = tuple(f"feeds/platforms/{platform.id}.{extension}" for extension in FORMATS)
        if out.reuse(f"feeds:{platform.id}", key, files):
            return
        name = plain(platform.name, out.site.flagged)
        items = self.index.items(refs)
        feed = _owner_feed(self.settings, "platforms", platform.id, items, self.fallback, name)
        for save_as, data in _Texts().files(feed, self.settings).items():
            out.file(save_as, data)

    def whole_site(self, out: Output) -> Sequence[Callable[[], object]]:
        return (functools.partial(self.site_wide, out),)

    def _feed_key(self, out: Output, path: str, refs: Sequence[ItemRef]) -> str:
        """The key of a feed of many owners' newest items: which items, in order, and each owner's record.

        An edit to a platform none of whose items is among a feed's newest leaves that feed's bytes as
        they were, so a warm rebuild keeps it (an item is made from its owner's record, the regulators
        and the articles, which `out.key` covers, and its place: never from the sequence number that
        only breaks ties). Empty (never reused) when an owner's record is unknown."""
        parts = [path, self.fallback.isoformat() if not refs else ""]
        for ref in refs:
            if ref.kind == "article":
                assert isinstance(ref.source, FeedItem)
                owner = ref.source.id
            elif ref.platform_id is None:
                owner = f"regulator {ref.owner}"
            else:
                owner = out.platform_key("feed-item", ref.platform_id)
                if not owner:
                    return ""
            parts.append(f"{ref.kind} {ref.position} {ref.sort_key[0]} {ref.sort_key[1]} {owner}")
        return out.key(*parts)

    def site_wide(self, out: Output) -> None:
        """The feeds of many owners, the calendar and the subscribe page; each kept when its key matches
        (a feed's items are made only when it is written)."""
        site, settings, index = out.site, self.settings, self.index
        texts = _Texts()  # the newest items are in the site-wide feed and their regulators' feeds
        newest = index.refs[: self.limit]
        make_site = functools.partial(_site_feed, settings, today=site.today)
        site_feed = self._many_owners(out, texts, newest, make_site)
        regulators = []
        for regulator in site.dataset.regulators:
            name = plain(regulator.name, site.flagged)
            refs = self.by_regulator.get(regulator.id, [])[: self.limit]
            make = functools.partial(
                _owner_feed, settings, "regulators", regulator.id, fallback=self.fallback, name=name
            )
            feed = self._many_owners(out, texts, refs, make)
            regulators.append((regulator, feed))
        # The calendar is made from the scheduled events (their owners' records) and its date.
        upcoming = upcoming_events(site)
        stamp = max((ref.updated for ref in newest if ref.kind != "article"), default=site.today)
        owners = [
            out.platform_key("calendar", event.owner) if event.owner_kind == "platforms" else "regulator"
            for _, event in upcoming
        ]
        key = out.key("calendar", stamp.isoformat(), *owners) if all(owners) else ""
        if not out.reuse("calendar", key, (CALENDAR_PATH,)):
            out.file(CALENDAR_PATH, upcoming_calendar(upcoming, settings, site.flagged, stamp))
        listing = tuple(
            (
                platform,
                _owner_feed(
                    settings, "platforms", platform.id, (), self.fallback, plain(platform.name, site.flagged)
                ),
            )
            for platform in site.dataset.platforms
        )
        # The page lists every feed by name and counts the upcoming dates; the rest is in `out.key`.
        key = out.key("subscribe", str(len(upcoming)), *(f"{p.id} {feed.label}" for p, feed in listing))
        if out.reuse("subscribe", key, ("subscribe/index.html",)):
            return
        out.page(
            "subscribe/index.html",
            "subscribe",
            feeds=FeedSet(
                site=site_feed,
                platforms=listing,
                regulators=tuple(regulators),
                upcoming=tuple(upcoming),
                calendar_url=settings.url(CALENDAR_PATH),
            ),
            calendar_path=CALENDAR_PATH,
            published_note=PUBLISHED_NOTE,
        )

    def _many_owners(
        self, out: Output, texts: _Texts, refs: Sequence[ItemRef], make: Callable[[list[FeedItem]], Feed]
    ) -> Feed:
        """A feed of several owners' newest items: kept when `_feed_key` matches, else written. Either way
        the feed (without its items when kept) is returned for the subscribe page."""
        path = make([]).path
        files = tuple(f"{path}.{extension}" for extension in FORMATS)
        if out.reuse(f"feeds:{path}", self._feed_key(out, path, refs), files):
            return make([])
        feed = make(self.index.items(refs, keep=True))
        if feed.updated != self.fallback and path == "feeds/all":
            raise AssertionError("the site-wide feed's date was worked out wrongly")
        for save_as, data in texts.files(feed, settings=self.settings).items():
            out.file(save_as, data)
        return feed
