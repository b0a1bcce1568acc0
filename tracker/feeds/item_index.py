"""The order of every feed item, worked out once, and the items of articles and of the calendar.

Items are ordered once per build (`ItemIndex`) and shared out by reference, so the site-wide, regulator
and platform feeds never disagree about which items are the newest, and an item is made only when a
feed that shows it is written.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple

from tracker.derive.clocks import Clock
from tracker.derive.memo import Remember, make_anew
from tracker.derive.milestones import Milestone
from tracker.derive.sitedata import SiteData
from tracker.derive.statuses import as_at_each_event
from tracker.feeds.item_html import (
    ARTICLE_EXTRA_TAGS,
    clean_html,
    plain,
)
from tracker.feeds.items import Category, FeedItem, FeedSettings, ItemBuilder, in_feed, noon, updated_day
from tracker.model.dataset import Event, Platform
from tracker.model.dates import LONDON
from tracker.model.vocabulary import SCHEDULED
from tracker.text.flagged import FlaggedDomains

__all__ = ["ItemIndex", "ItemRef", "all_items", "article_items", "upcoming_events"]


class ItemRef(NamedTuple):
    """An item before its content is made: enough to order it and to know which feeds carry it.

    `owner` is the index of the platform (or, for a regulator's own event, the regulator) in the data;
    `source` the event, milestone or (for articles) the finished item. (A named tuple: a site has tens of
    thousands, made on every build.)
    """

    sort_key: tuple[date, date, int]
    updated: date
    kind: str  # "regulator-event", "event", "milestone" or "article"
    owner: int
    position: int  # index of the event in its owner's events
    source: Event | Milestone | FeedItem
    platform_id: str | None
    regulator_ids: frozenset[str]


class ItemIndex:
    """Every item of the site, ordered and assigned to feeds without making its content.

    A feed's content is made (`items`) only for the items it carries, and a build that keeps most
    platform feeds from the previous build makes the content of only the newest items.
    """

    def __init__(
        self,
        site: SiteData,
        settings: FeedSettings,
        articles: Sequence[Any] = (),
        remember: Remember = make_anew,
    ) -> None:
        """`remember` keeps each platform's items (before they are numbered) from a build of the same
        record (tracker/derive/memo.py)."""
        self.builder = ItemBuilder(site, settings)
        self.site = site
        self._as_at: dict[int, dict[str, tuple[tuple[str, Clock], ...]]] = {}
        self._made: dict[int, FeedItem] = {}
        refs: list[ItemRef] = []
        today = site.today
        sequence = 0
        for r_index, regulator in enumerate(site.dataset.regulators):
            for position, event in enumerate(regulator.events):
                if in_feed(event, today):
                    sequence += 1
                    key = (event.published, event.date, sequence)
                    ids = frozenset({regulator.id})
                    day = updated_day(event)
                    refs.append(ItemRef(key, day, "regulator-event", r_index, position, event, None, ids))
        for p_index, platform in enumerate(site.dataset.platforms):
            own = remember("feed-items", platform.id, functools.partial(_platform_items, site, platform))
            for published, day, updated, kind, position, source, ids in own:
                sequence += 1
                key = (published, day, sequence)
                refs.append(ItemRef(key, updated, kind, p_index, position, source, platform.id, ids))
        for item in article_items(articles, settings, site.flagged):
            updated = item.updated.date()
            refs.append(ItemRef(item.sort_key, updated, "article", -1, -1, item, None, frozenset()))
        self.refs = sorted(refs, key=lambda ref: ref.sort_key, reverse=True)

    def item(self, ref: ItemRef, *, keep: bool = False) -> FeedItem:
        """The item itself; `keep` remembers it (items carried by several feeds are made once)."""
        sequence = ref.sort_key[2]
        made = self._made.get(sequence) if ref.kind != "article" else None
        if made is not None:
            return made
        source = ref.source
        if isinstance(source, FeedItem):
            return source
        if ref.kind == "regulator-event":
            assert isinstance(source, Event)
            item = self.builder.regulator_event(self.site.dataset.regulators[ref.owner], source, sequence)
        elif ref.kind == "event":
            platform = self.site.dataset.platforms[ref.owner]
            item = self.builder.platform_event(platform, ref.position, sequence, self._as_at_for(ref.owner))
        else:
            assert isinstance(source, Milestone)
            item = self.builder.milestone(self.site.dataset.platforms[ref.owner], source, sequence)
        if keep:
            self._made[sequence] = item
        return item

    def items(self, refs: Iterable[ItemRef], *, keep: bool = False) -> list[FeedItem]:
        return [self.item(ref, keep=keep) for ref in refs]

    def _as_at_for(self, index: int) -> dict[str, tuple[tuple[str, Clock], ...]]:
        found = self._as_at.get(index)
        if found is None:
            platform = self.site.dataset.platforms[index]
            regulators = self.site.regulators_by_id
            calendars = self.site.calendars
            found = {
                rid: as_at_each_event(platform, regulators[rid], calendars) for rid in platform.regulators
            }
            self._as_at = {index: found}  # one platform at a time: its items are made together
        return found


# An item of a platform before it is numbered: (published, date, updated, kind, position, source, ids).
_Unnumbered = tuple[date, date, date, str, int, Event | Milestone, frozenset[str]]


def _platform_items(site: SiteData, platform: Platform) -> tuple[_Unnumbered, ...]:
    """A platform's events in its feeds (in file order), then its milestones."""
    today = site.today
    found: list[_Unnumbered] = []
    for position, event in enumerate(platform.events):
        if in_feed(event, today):
            ids = frozenset({event.regulator}) if event.regulator else frozenset()
            found.append((event.published, event.date, updated_day(event), "event", position, event, ids))
    for milestone in site.facts[platform.id].milestones:
        ids = frozenset({milestone.regulator_id})
        found.append((milestone.date, milestone.date, milestone.date, "milestone", -1, milestone, ids))
    return tuple(found)


def _london_day(value: Any) -> date:
    """The calendar day of a Pelican date (aware or naive) in London."""
    if isinstance(value, datetime):
        return value.astimezone(LONDON).date() if value.tzinfo else value.date()
    if isinstance(value, date):
        return value
    raise TypeError(f"not a date: {value!r}")


def article_items(articles: Sequence[Any], settings: FeedSettings, flagged: FlaggedDomains) -> list[FeedItem]:
    """Pelican articles (`.title .url .slug .date .content`, optional `.modified`) as site-wide items."""
    items = []
    ordered = sorted(articles, key=lambda a: (_london_day(a.date), str(a.slug)))
    for sequence, article in enumerate(ordered, start=1):
        published = _london_day(article.date)
        modified = getattr(article, "modified", None)
        updated = max(_london_day(modified), published) if modified is not None else published
        url = settings.url(str(article.url).lstrip("/"))
        items.append(
            FeedItem(
                id=settings.tag(f"articles/{article.slug}"),
                title=plain(str(article.title), flagged),
                url=url,
                published=noon(published),
                updated=noon(updated),
                content_html=clean_html(
                    str(article.content), flagged, extra_tags=ARTICLE_EXTRA_TAGS, base_url=url
                ),
                categories=(Category("article", "Article"),),
                kind="article",
                # Articles sort after data items of the same day: a day's news is read before its analysis.
                sort_key=(published, published, -sequence),
            )
        )
    return items


def all_items(site: SiteData, settings: FeedSettings, articles: Sequence[Any] = ()) -> list[FeedItem]:
    """Every item of every feed, newest first (ties: the day it happened, then file order, later first)."""
    index = ItemIndex(site, settings, articles)
    return index.items(index.refs)


def upcoming_events(site: SiteData) -> list[tuple[str, Event]]:
    """Scheduled events from today on, soonest first, with their owner's display name."""
    owners: list[tuple[str, Sequence[Event]]] = [(r.name, r.events) for r in site.dataset.regulators]
    owners += [(p.name, p.events) for p in site.dataset.platforms]
    found = [
        (name, e) for name, events in owners for e in events if e.type == SCHEDULED and e.date >= site.today
    ]
    return sorted(found, key=lambda pair: (pair[1].date, pair[1].owner_kind, pair[1].owner, pair[1].id))
