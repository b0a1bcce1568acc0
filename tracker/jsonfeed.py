"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): small enough to write without a library."""

from __future__ import annotations

import json
from typing import Any

from .feed_items import Feed, FeedSettings

__all__ = ["VERSION", "json_feed", "json_feed_bytes"]

VERSION = "https://jsonfeed.org/version/1.1"


def json_feed(feed: Feed, settings: FeedSettings) -> dict[str, Any]:
    document: dict[str, Any] = {
        "version": VERSION,
        "title": feed.title,
        "home_page_url": feed.home_url,
        "feed_url": feed.url("json"),
        "description": feed.description,
        "language": settings.language,
        "authors": [{"name": settings.site_name, "url": settings.base_url + "/"}],
    }
    document["items"] = [
        {
            "id": item.id,
            "url": item.url,
            "title": item.title,
            "content_html": item.content_html,
            "date_published": item.published.isoformat(),
            "date_modified": item.updated.isoformat(),
            "tags": [category.label for category in item.categories],
        }
        for item in feed.items
    ]
    return document


def json_feed_bytes(feed: Feed, settings: FeedSettings) -> bytes:
    """Stable key order and indentation, so unchanged data gives identical bytes."""
    text = json.dumps(json_feed(feed, settings), ensure_ascii=False, indent=2)
    return (text + "\n").encode("utf-8")
