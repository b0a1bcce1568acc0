"""Atom and RSS 2.0 with feedgen, from data alone.

feedgen fills several fields from the clock and its own version unless told otherwise (feed `updated`
and RSS `lastBuildDate`, entry `updated`, the generator): every one is set here from the data or to a
fixed string, so two builds of the same record are byte-identical.
"""

from __future__ import annotations

import html

from feedgen.feed import FeedGenerator

from .feed_items import FORMATS, Feed, FeedSettings

__all__ = ["GENERATOR", "atom_bytes", "rss_bytes"]

# Fixed: a library version here would change every feed file on each dependency upgrade.
GENERATOR = "Regulator Inaction Tracker"


def _generator(feed: Feed, extension: str, settings: FeedSettings) -> FeedGenerator:
    fg = FeedGenerator()
    fg.id(feed.id)
    fg.title(feed.title)
    fg.subtitle(feed.description)  # Atom text; RSS overrides it in rss_bytes
    fg.author({"name": settings.site_name, "uri": settings.base_url + "/"})
    # feedgen's RSS channel link is the last link added: `self` first, the HTML page last.
    fg.link(href=feed.url(extension), rel="self", type=FORMATS[extension])
    fg.link(href=feed.home_url, rel="alternate", type="text/html")
    fg.language(settings.language)
    if settings.rights:
        fg.rights(settings.rights)
    fg.generator(GENERATOR)
    fg.updated(feed.updated)  # also RSS lastBuildDate
    for item in feed.items:
        fe = fg.add_entry(order="append")  # the default prepends, which would reverse newest-first
        fe.id(item.id)  # Atom id and RSS guid (isPermaLink="false")
        fe.title(item.title)
        fe.link(href=item.url, rel="alternate", type="text/html")
        fe.published(item.published)
        fe.updated(item.updated)
        fe.content(item.content_html, type="html")
        for category in item.categories:
            fe.category(term=category.term, label=category.label)
    return fg


def atom_bytes(feed: Feed, settings: FeedSettings) -> bytes:
    data: bytes = _generator(feed, "atom.xml", settings).atom_str(pretty=True, encoding="UTF-8")
    return data


def rss_bytes(feed: Feed, settings: FeedSettings) -> bytes:
    fg = _generator(feed, "rss.xml", settings)
    # Readers treat an RSS channel description as HTML: escape it once more, as item descriptions are,
    # so a name from the data can never become markup there.
    fg.description(html.escape(feed.description, quote=False))
    data: bytes = fg.rss_str(pretty=True, encoding="UTF-8")
    return data
