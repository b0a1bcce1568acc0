"""The HTML inside a feed item: what a journalist reads in a feed reader without opening the site.

Feed readers show item HTML with their own rules, so every item goes through `clean_html` last: the same
allowlist as the pages, links only to addresses the validator would accept, no link to a flagged domain
and every flagged host in the text defanged. Text from the data file is escaped here or rendered with
`render_markdown`; nothing else becomes markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable
from datetime import date
from typing import Literal
from urllib.parse import urljoin

import nh3

from tracker.derive.clocks import Clock
from tracker.derive.milestones import Milestone
from tracker.derive.wording import sentence, wait_in_words
from tracker.model.dataset import Event, Platform, Regulator, Source
from tracker.model.dates import long_date
from tracker.model.vocabulary import COUNTED_STEP, EVENT_TYPES, NO_COUNTED_STEP, ROLES
from tracker.text.event_notes import history_notes, reported_notes
from tracker.text.flagged import FlaggedDomains, defang
from tracker.text.markdown_html import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    ANCHOR_HREF,
    CONTROL_CHARACTERS,
    LINK_REL,
    URL_SCHEMES,
    render_markdown,
)
from tracker.text.urls import url_problem

__all__ = [
    "ARTICLE_EXTRA_TAGS",
    "clean_html",
    "event_html",
    "milestone_html",
    "plain",
    "status_html",
]

# Editorial articles from content/ may use headings; data text never produces them.
ARTICLE_EXTRA_TAGS: frozenset[str] = frozenset({"h2", "h3", "h4", "h5", "h6"})
_Relative = Literal["deny"] | tuple[Literal["rewrite_with_base"], str]
_HAS_SCHEME = re.compile(r"^\s*[a-zA-Z][a-zA-Z0-9+.-]*:")


def plain(text: str, flagged: FlaggedDomains | None) -> str:
    """A one-line text (title, name) for a feed: whitespace collapsed, flagged hosts defanged.

    Not HTML-escaped: feedgen and json escape for their own formats. Control characters are dropped
    because XML cannot carry them at all.
    """
    line = " ".join(CONTROL_CHARACTERS.sub("", text).split())
    return flagged.defang_in(line) if flagged else line


def _days(n: int, unit: str = "working day") -> str:
    return f"{n} {unit}" if n == 1 else f"{n} {unit}s"


def _link_filter(
    flagged: FlaggedDomains | None, base_url: str | None
) -> Callable[[str, str, str], str | None]:
    """nh3 calls this with each link as written; a relative one is checked as it will resolve."""

    def keep(element: str, attribute: str, value: str) -> str | None:
        if element != "a" or attribute != "href":
            return value
        target = value
        if not _HAS_SCHEME.match(value):
            if base_url is None:
                return value  # nh3 drops relative links when there is no base
            target = urljoin(base_url, value)
        if url_problem(target) is not None:
            return None
        if flagged is not None and flagged.match(target) is not None:
            return None
        return value

    return keep


# Cleaners by (flagged set, extra tags, base address). Keyed on the flagged set's identity: comparing two
# sets of thousands of domains on every item would cost more than the cleaning itself.
_CLEANERS: dict[tuple[int, frozenset[str], str | None, bool], tuple[FlaggedDomains | None, nh3.Cleaner]] = {}
_MAX_CLEANERS = 64


def item_cleaner(
    flagged: FlaggedDomains | None, extra_tags: frozenset[str], base_url: str | None, *, filtered: bool = True
) -> nh3.Cleaner:
    """`filtered=False` leaves out the link filter: for markup whose links were all checked already."""
    key = (id(flagged), extra_tags, base_url, filtered)
    cached = _CLEANERS.get(key)
    if cached is not None and cached[0] is flagged:
        return cached[1]
    relative: _Relative = ("rewrite_with_base", base_url) if base_url is not None else "deny"
    cleaner = nh3.Cleaner(
        tags=set(ALLOWED_TAGS) | extra_tags,
        clean_content_tags={"script", "style"},
        attributes={tag: set(attrs) for tag, attrs in ALLOWED_ATTRIBUTES.items()},
        attribute_filter=_link_filter(flagged, base_url) if filtered else None,
        strip_comments=True,
        link_rel=LINK_REL,
        url_schemes=set(URL_SCHEMES),
        url_relative=relative,
    )
    if len(_CLEANERS) >= _MAX_CLEANERS:
        _CLEANERS.clear()
    _CLEANERS[key] = (flagged, cleaner)  # holding `flagged` keeps its id from being reused
    return cleaner


# Every way a link can start (`<a` then a space, `/` or `>`, any case), and the one way the markup made
# here and by nh3 writes one: `<a href="...">`, the address escaped, first.
_ANCHOR_START = re.compile(r"<a[\s/>]", re.IGNORECASE)


def links_checked(markup: str, flagged: FlaggedDomains | None, base_url: str | None) -> bool:
    """Whether every link in `markup` is one the link filter keeps as it is, so the filter (a Python call
    per attribute, most of the cost of cleaning an item) can be left out with the same result. Anything
    written another way answers False, and the filter runs."""
    hrefs = ANCHOR_HREF.findall(markup)
    if len(hrefs) != len(_ANCHOR_START.findall(markup)):
        return False
    keep = _link_filter(flagged, base_url)
    return all(keep("a", "href", value) is not None for value in map(html.unescape, hrefs))


def clean_html(
    markup: str,
    flagged: FlaggedDomains | None,
    *,
    extra_tags: Iterable[str] = (),
    base_url: str | None = None,
    defanged: bool = False,
) -> str:
    """Sanitise item HTML: allowlisted tags only, safe links with rel, flagged hosts defanged and unlinked.

    `base_url` resolves relative links (Pelican articles use them); without it they are dropped, because
    a feed reader would resolve them against the feed's own address. `defanged`: every text in `markup`
    was defanged as it was put in (the items made here from data), so the pass over the whole is spared.
    """
    filtered = not links_checked(markup, flagged, base_url)
    cleaner = item_cleaner(flagged, frozenset(extra_tags), base_url, filtered=filtered)
    cleaned: str = cleaner.clean(markup)
    if flagged and not defanged:
        # Links to flagged hosts are gone; what is left of them is text, defanged so no reader relinks it.
        text = flagged.defang_in(cleaned)
        if text != cleaned:
            cleaned = cleaner.clean(text)  # so the output is always nh3's own
    return cleaned


def _sources_html(sources: Iterable[Source], flagged: FlaggedDomains | None) -> str:
    rows = []
    for source in sources:
        title = html.escape(plain(source.title, flagged))
        row = f'<a href="{html.escape(source.url)}">{title}</a>'
        if source.archived:
            row += f' (<a href="{html.escape(source.archived)}">archived copy</a>)'
        rows.append(f"<li>{row}</li>")
    if not rows:
        return ""
    return "<p>Sources:</p><ul>" + "".join(rows) + "</ul>"


def _domains_html(platform: Platform) -> str:
    """Named platforms' domains, defanged; an unnamed platform shows none at all."""
    if not platform.named or not platform.domains:
        return ""
    shown = ", ".join(html.escape(defang(d)) for d in platform.domains)
    label = "Domain" if len(platform.domains) == 1 else "Domains"
    return f"<p>{label} (written so that it is not a link): {shown}</p>"


def status_html(
    status: str, the_clock: Clock, regulator: Regulator, platform_name: str, flagged: FlaggedDomains | None
) -> str:
    """The status and waiting time at one regulator, as they stood on the clock's day. `platform_name`
    is defanged already (`plain`)."""
    who = html.escape(plain(regulator.name, flagged))
    text = f"Status with {who}: <strong>{html.escape(status)}</strong>."
    span = the_clock.span
    facts = sentence(wait_in_words(the_clock, regulator))
    if the_clock.started is None or span is None:
        return f"<p>{text} {html.escape(facts)}.</p>"
    started = long_date(the_clock.started)
    if the_clock.running:
        text += (
            f" Waiting: <strong>{_days(span.working_days)}</strong> since the first report on {started}"
            f" ({_days(span.calendar_days, 'calendar day')}), and {NO_COUNTED_STEP} by {who} is recorded."
        )
    elif the_clock.stopped is not None:
        text += (
            f" {who} took {COUNTED_STEP} on {long_date(the_clock.stopped)},"
            f" {_days(span.working_days)} after the first report on {started}."
        )
    return f"<p>{text} {html.escape(facts)}.</p>"


def _meta_html(event: Event) -> str:
    kind = EVENT_TYPES[event.type].label
    who = ROLES.get(event.by, event.by)
    parts = [f"<p>{long_date(event.date)} · {html.escape(kind)} · {html.escape(who)}</p>"]
    parts += [f"<p>{html.escape(note.text)}</p>" for note in reported_notes(event)]
    return "".join(parts)


def _history_html(event: Event) -> str:
    """One paragraph: a feed reader shows the notes on the record's history as one quiet line."""
    notes = history_notes(event)
    return f"<p>{' '.join(html.escape(note.text) for note in notes)}</p>" if notes else ""


def event_html(
    event: Event,
    title: str,
    flagged: FlaggedDomains | None,
    *,
    platform: Platform | None = None,
    statuses: Iterable[str] = (),
    body_html: str | None = None,
) -> str:
    """An event: title, date, type and who, body, what it changed (for platforms), sources.

    `body_html` is the body already rendered with `render_markdown` against `flagged` (the build renders
    each text once, for pages and feeds alike)."""
    if body_html is None:
        body_html = render_markdown(event.body, flagged=flagged) if event.body.strip() else ""
    parts = [
        f"<p><strong>{html.escape(title)}</strong></p>",
        _meta_html(event),
        body_html,
        *statuses,
        _domains_html(platform) if platform is not None else "",
        _sources_html(event.sources, flagged),
        _history_html(event),
    ]
    return clean_html("".join(parts), flagged, defanged=True)


def milestone_html(
    n: int,
    day: date,
    platform: Platform,
    regulator: Regulator,
    the_clock: Clock,
    status: str,
    flagged: FlaggedDomains | None,
    methodology_url: str,
) -> str:
    """A derived silence milestone, saying plainly that the tracker worked it out from the record."""
    name = html.escape(plain(platform.name, flagged))
    who = html.escape(plain(regulator.name, flagged))
    started = long_date(the_clock.started) if the_clock.started else "an unknown date"
    parts = [
        f"<p><strong>{html.escape(Milestone.title_for(n))} by {who}</strong></p>",
        f"<p>{name} was first reported to {who} on {started}. On {long_date(day)}, {_days(n)} later,"
        f" {NO_COUNTED_STEP} by {who} is recorded here.</p>",
        status_html(status, the_clock, regulator, plain(platform.name, flagged), flagged),
        _domains_html(platform),
        "<p>This entry is worked out by the tracker from the dated record; nobody typed it. Working days"
        " leave out weekends and public holidays:"
        f' <a href="{html.escape(methodology_url)}">how the days are counted</a>.</p>',
    ]
    return clean_html("".join(parts), flagged, defanged=True)
