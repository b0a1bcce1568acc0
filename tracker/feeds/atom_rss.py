"""Atom and RSS 2.0 from data alone, byte for byte what feedgen writes, without building an XML tree.

feedgen fills several fields from the clock and its own version unless told otherwise (feed `updated`
and RSS `lastBuildDate`, entry `updated`, the generator): every one is set from the data or to a fixed
string, so two builds of the same record are byte-identical.

A site has thousands of feeds, and building each through feedgen's objects and lxml costs more than the
rest of the feed work together. So the files are written here as text, in exactly the layout feedgen and
lxml produce (element order, indentation, escaping, the quirks included: an entry's link carries only
its `href`); `feedgen_atom_bytes` and `feedgen_rss_bytes` are the reference, used when any text holds a
character XML cannot carry (so the build fails exactly as it would with feedgen) and by the tests that
compare the two on every feed of the demo site and on generated items.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, MutableMapping
from datetime import datetime
from typing import TYPE_CHECKING

from tracker.feeds.items import FORMATS, Feed, FeedItem, FeedSettings

if TYPE_CHECKING:  # feedgen is needed only for the rare feed the text writer hands over
    from feedgen.feed import FeedGenerator

__all__ = ["GENERATOR", "atom_bytes", "feedgen_atom_bytes", "feedgen_rss_bytes", "rss_bytes"]

# Fixed: a library version here would change every feed file on each dependency upgrade.
GENERATOR = "Regulator Inaction Tracker"
RSS_DOCS = "http://www.rssboard.org/rss-specification"
XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8'?>\n"

# Characters lxml refuses in text; any of them sends the feed through feedgen, which raises as before.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_DAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _text(value: str) -> str:
    """Element text as libxml2 escapes it."""
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\r", "&#13;")


def _attr(value: str) -> str:
    """An attribute value as libxml2 escapes it (inside double quotes)."""
    return (
        value.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("\n", "&#10;")
        .replace("\r", "&#13;")
        .replace("\t", "&#9;")
    )


def _rfc822(moment: datetime) -> str:
    """feedgen's `formatRFC2822` (strftime in the C locale), without switching the process locale."""
    return f"{_DAYS[moment.weekday()]}, {moment:%d} {_MONTHS[moment.month - 1]} {moment:%Y %H:%M:%S %z}"


def _element(indent: str, name: str, value: str) -> str:
    """`<name>text</name>`, or `<name/>` for empty text as lxml writes an element with no text."""
    if value:
        return f"{indent}<{name}>{_text(value)}</{name}>\n"
    return f"{indent}<{name}/>\n"


def _xml_safe(feed: Feed, settings: FeedSettings, extra: str = "") -> bool:
    texts = [feed.id, feed.title, feed.description, feed.home_url, feed.site_url, extra]
    texts += [settings.site_name, settings.base_url, settings.rights, settings.language]
    for item in feed.items:
        texts += [item.id, item.title, item.url, item.content_html]
        texts += [t for c in item.categories for t in (c.term, c.label)]
    return not any(_NOT_XML.search(text) for text in texts)


def _plain_enough(feed: Feed, settings: FeedSettings) -> bool:
    """The cases the text writer reproduces; anything else (empty required fields) goes to feedgen."""
    return bool(feed.id and feed.title and settings.site_name) and all(
        item.id and item.title and item.content_html and all(c.term and c.label for c in item.categories)
        for item in feed.items
    )


def _atom_entry(item: FeedItem) -> str:
    parts = [
        "  <entry>\n",
        _element("    ", "id", item.id),
        _element("    ", "title", item.title),
        _element("    ", "updated", item.updated.isoformat()),
        f'    <content type="html">{_text(item.content_html)}</content>\n',
        f'    <link href="{_attr(item.url)}"/>\n',
    ]
    parts += [f'    <category term="{_attr(c.term)}" label="{_attr(c.label)}"/>\n' for c in item.categories]
    parts += [_element("    ", "published", item.published.isoformat()), "  </entry>\n"]
    return "".join(parts)


def _rss_item(item: FeedItem) -> str:
    parts = [
        "    <item>\n",
        _element("      ", "title", item.title),
        _element("      ", "link", item.url) if item.url else "",  # feedgen leaves out an empty link
        _element("      ", "description", item.content_html),
        f'      <guid isPermaLink="false">{_text(item.id)}</guid>\n',
    ]
    parts += [_element("      ", "category", c.label) for c in item.categories]
    parts += [_element("      ", "pubDate", _rfc822(item.published)), "    </item>\n"]
    return "".join(parts)


def atom_bytes(feed: Feed, settings: FeedSettings, entries: MutableMapping[str, str] | None = None) -> bytes:
    """The Atom file. `entries` remembers each item's XML by its id across the feeds of one build (an
    item is in its owner's feed and often in the site-wide and regulator feeds too)."""
    if not (_plain_enough(feed, settings) and _xml_safe(feed, settings)):
        return feedgen_atom_bytes(feed, settings)
    parts = [
        XML_DECLARATION,
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{_attr(settings.language)}">\n'
        if settings.language
        else '<feed xmlns="http://www.w3.org/2005/Atom">\n',
        _element("  ", "id", feed.id),
        _element("  ", "title", feed.title),
        _element("  ", "updated", feed.updated.isoformat()),
        "  <author>\n",
        _element("    ", "name", settings.site_name),
        _element("    ", "uri", settings.base_url + "/"),
        "  </author>\n",
        f'  <link href="{_attr(feed.url("atom.xml"))}" rel="self" type="{FORMATS["atom.xml"]}"/>\n',
        f'  <link href="{_attr(feed.home_url)}" rel="alternate" type="text/html"/>\n',
        _element("  ", "generator", GENERATOR),
    ]
    if settings.rights:
        parts.append(_element("  ", "rights", settings.rights))
    if feed.description:
        parts.append(_element("  ", "subtitle", feed.description))
    parts += _item_texts(feed, _atom_entry, entries)
    parts.append("</feed>\n")
    return "".join(parts).encode("utf-8")


def _item_texts(
    feed: Feed, write: Callable[[FeedItem], str], cache: MutableMapping[str, str] | None
) -> list[str]:
    """Each item's text, taken from `cache` (by item id) when an earlier feed of the build wrote it."""
    texts = []
    for item in feed.items:
        text = cache.get(item.id) if cache is not None else None
        if text is None:
            text = write(item)
            if cache is not None:
                cache[item.id] = text
        texts.append(text)
    return texts


def rss_bytes(feed: Feed, settings: FeedSettings, items: MutableMapping[str, str] | None = None) -> bytes:
    """The RSS file; `items` as `entries` for `atom_bytes`."""
    description = html.escape(feed.description, quote=False)
    if not (_plain_enough(feed, settings) and description and feed.home_url and _xml_safe(feed, settings)):
        return feedgen_rss_bytes(feed, settings)
    parts = [
        XML_DECLARATION,
        '<rss xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' version="2.0">\n',
        "  <channel>\n",
        _element("    ", "title", feed.title),
        _element("    ", "link", feed.home_url),
        _element("    ", "description", description),
        f'    <atom:link href="{_attr(feed.url("rss.xml"))}" rel="self" type="{FORMATS["rss.xml"]}"/>\n',
    ]
    if settings.rights:
        parts.append(_element("    ", "copyright", settings.rights))
    parts += [_element("    ", "docs", RSS_DOCS), _element("    ", "generator", GENERATOR)]
    if settings.language:
        parts.append(_element("    ", "language", settings.language))
    parts.append(_element("    ", "lastBuildDate", _rfc822(feed.updated)))
    parts += _item_texts(feed, _rss_item, items)
    parts.append("  </channel>\n</rss>\n")
    return "".join(parts).encode("utf-8")


# --- the reference: feedgen ------------------------------------------------------------------------


def _generator(feed: Feed, extension: str, settings: FeedSettings) -> FeedGenerator:
    from feedgen.feed import FeedGenerator

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


def feedgen_atom_bytes(feed: Feed, settings: FeedSettings) -> bytes:
    data: bytes = _generator(feed, "atom.xml", settings).atom_str(pretty=True, encoding="UTF-8")
    return data


def feedgen_rss_bytes(feed: Feed, settings: FeedSettings) -> bytes:
    fg = _generator(feed, "rss.xml", settings)
    # Readers treat an RSS channel description as HTML: escape it once more, as item descriptions are,
    # so a name from the data can never become markup there.
    fg.description(html.escape(feed.description, quote=False))
    data: bytes = fg.rss_str(pretty=True, encoding="UTF-8")
    return data
