"""Feeds for journalists (DESIGN.md section 4): site-wide, per platform and per regulator, in Atom, RSS 2.0
and JSON Feed 1.1, the `upcoming.ics` calendar and the `/subscribe/` page that lists them all.

Items are built once (`feed_items.all_items`) and shared out: a platform's feed is its own events and
milestones; a regulator's feed is its own events, every platform event naming it and the milestones of
its clocks; the site-wide feed has everything plus the articles. Each feed keeps its newest items only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from .feed_content import plain
from .feed_items import (
    PUBLISHED_NOTE,
    Feed,
    FeedItem,
    FeedSettings,
    all_items,
    feed_settings,
    flagged_domains,
    midnight,
    upcoming_events,
)
from .feed_xml import atom_bytes, rss_bytes
from .ics import upcoming_calendar
from .jsonfeed import json_feed_bytes
from .model import Event, Platform, Regulator
from .sitedata import SiteData

if TYPE_CHECKING:
    from .plugin import Output

__all__ = ["CALENDAR_PATH", "FeedSet", "build_feeds", "render_files", "write"]

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


def _by_owner(items: Sequence[FeedItem]) -> tuple[dict[str, list[FeedItem]], dict[str, list[FeedItem]]]:
    """Items by platform and by regulator, in one pass that keeps the newest-first order."""
    platforms: dict[str, list[FeedItem]] = defaultdict(list)
    regulators: dict[str, list[FeedItem]] = defaultdict(list)
    for item in items:
        if item.platform_id is not None:
            platforms[item.platform_id].append(item)
        for regulator_id in sorted(item.regulator_ids):
            regulators[regulator_id].append(item)
    return platforms, regulators


def build_feeds(site: SiteData, settings: FeedSettings, articles: Sequence[Any] = ()) -> FeedSet:
    items = all_items(site, settings, articles)
    flagged = flagged_domains(site.dataset)
    site_feed = _feed(
        settings,
        items,
        midnight(site.today),
        path="feeds/all",
        label="all updates",
        description="Every dated development in the tracker's records of platforms reported to online-safety "
        "regulators, each silence milestone a waiting clock reaches, and the site's articles.",
        home="",
    )
    fallback = site_feed.updated
    by_platform, by_regulator = _by_owner(items)
    platforms = []
    for platform in site.dataset.platforms:
        name = plain(platform.name, flagged)
        feed = _feed(
            settings,
            by_platform.get(platform.id, []),
            fallback,
            path=f"feeds/platforms/{platform.id}",
            label=name,
            description=f"Every dated development in the record of {name}, and each silence milestone its "
            "waiting clock reaches.",
            home=f"platforms/{platform.id}/",
        )
        platforms.append((platform, feed))
    regulators = []
    for regulator in site.dataset.regulators:
        name = plain(regulator.name, flagged)
        feed = _feed(
            settings,
            by_regulator.get(regulator.id, []),
            fallback,
            path=f"feeds/regulators/{regulator.id}",
            label=name,
            description=f"Developments about {name}, every platform event that names it, and each silence "
            "milestone of a report waiting for it.",
            home=f"regulators/{regulator.id}/",
        )
        regulators.append((regulator, feed))
    return FeedSet(
        site=site_feed,
        platforms=tuple(platforms),
        regulators=tuple(regulators),
        upcoming=tuple(upcoming_events(site)),
        calendar_url=settings.url(CALENDAR_PATH),
    )


def render_files(feeds: FeedSet, site: SiteData, settings: FeedSettings) -> dict[str, bytes]:
    """Every feed file by its path under the output folder."""
    files: dict[str, bytes] = {}
    for feed in feeds.all():
        files[feed.save_as("atom.xml")] = atom_bytes(feed, settings)
        files[feed.save_as("rss.xml")] = rss_bytes(feed, settings)
        files[feed.save_as("json")] = json_feed_bytes(feed, settings)
    # The calendar's revision date is the record's: articles do not change it.
    data_days = [item.updated.date() for item in feeds.site.items if item.kind != "article"]
    stamp = max(data_days, default=site.today)
    files[CALENDAR_PATH] = upcoming_calendar(feeds.upcoming, settings, flagged_domains(site.dataset), stamp)
    return files


def write(out: Output) -> None:
    """Write every feed, the calendar and the subscribe page."""
    settings = feed_settings(out.settings)
    feeds = build_feeds(out.site, settings, out.context.get("articles") or ())
    for save_as, data in render_files(feeds, out.site, settings).items():
        out.file(save_as, data)
    out.page(
        "subscribe/index.html",
        "subscribe",
        feeds=feeds,
        calendar_path=CALENDAR_PATH,
        published_note=PUBLISHED_NOTE,
    )
