"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): small enough to write without a library."""

from __future__ import annotations

from collections.abc import MutableMapping
from typing import Any

from tracker.feeds.items import Feed, FeedItem, FeedSettings
from tracker.text import jsontext

__all__ = ["VERSION", "json_feed", "json_feed_bytes"]

VERSION = "https://jsonfeed.org/version/1.1"


def _item(item: FeedItem) -> dict[str, Any]:
    return {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "content_html": item.content_html,
        "date_published": item.published.isoformat(),
        "date_modified": item.updated.isoformat(),
        "tags": [category.label for category in item.categories],
    }


def _head(feed: Feed, settings: FeedSettings) -> dict[str, Any]:
    return {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.url("json"),
        "description": feed.description,
        "language": settings.language,
        "authors": [{"name": settings.site_name, "url": settings.base_url + "/"}],
    }


def json_feed(feed: Feed, settings: FeedSettings) -> dict[str, Any]:
    document = _head(feed, settings)
    document["items"] = [_item(item) for item in feed.items]
    return document


def json_feed_bytes(
    feed: Feed, settings: FeedSettings, items: MutableMapping[str, str] | None = None
) -> bytes:
    """Stable key order and indentation, so unchanged data gives identical bytes.

    The text is `json.dumps(json_feed(...), ensure_ascii=False, indent=2)` plus a newline; `items`
    remembers each item's text by its id across the feeds of one build.
    """
    head = jsontext.dumps({**_head(feed, settings), "items": []})
    if not feed.items:
        return (head + "\n").encode("utf-8")
    pieces = []
    for item in feed.items:
        key = item.id
        text = items.get(key) if items is not None else None
        if text is None:
            text = jsontext.dumps(_item(item), level=2)
            if items is not None:
                items[key] = text
        pieces.append(text)
    assert head.endswith('"items": []\n}')
    body = head[: -len("[]\n}")] + "[\n    " + ",\n    ".join(pieces) + "\n  ]\n}\n"
    return body.encode("utf-8")
