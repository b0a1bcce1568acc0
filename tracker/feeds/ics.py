"""`feeds/upcoming.ics`: scheduled hearings and deadlines, one all-day event each.

A scheduled event stays out of the feeds until its day (nothing is published before it happens); until
then a calendar is where a journalist plans for it. UIDs are the feed item ids, so the same development
keeps one identity across calendar and feed. DTSTAMP comes from the data, never the clock, so the file
is reproducible.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, timedelta

from tracker.feeds.item_html import plain
from tracker.feeds.items import FeedSettings, event_anchor, noon
from tracker.model.dataset import Event
from tracker.text.flagged import FlaggedDomains

__all__ = ["PRODID", "upcoming_calendar"]

PRODID = "-//Regulator Inaction Tracker//Upcoming dates//EN"
# The line and paragraph separators are line breaks to some calendar clients but not to the iCalendar
# escaping (which only knows LF): written as escaped line breaks, they can never start a property line.
_SEPARATORS = str.maketrans({"\u2028": "\n", "\u2029": "\n\n", "\u0085": "\n"})


def _description(event: Event, flagged: FlaggedDomains) -> str:
    lines = []
    if event.body.strip():
        # Markdown source as plain text: calendar clients show text, and some link bare addresses.
        lines.append(flagged.defang_in(event.body.strip()) if flagged else event.body.strip())
    for source in event.sources:
        lines.append(f"Source: {plain(source.title, flagged)} {source.url}")
    return "\n\n".join(lines)


def upcoming_calendar(
    upcoming: Sequence[tuple[str, Event]],
    settings: FeedSettings,
    flagged: FlaggedDomains,
    stamp: date,
) -> bytes:
    """`upcoming` is (owner name, event) pairs, soonest first; `stamp` is the data's latest date."""
    from icalendar import Calendar
    from icalendar import Event as CalendarEvent

    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", f"{settings.site_name}: upcoming dates")
    calendar.add("x-wr-timezone", "Europe/London")
    for owner_name, event in upcoming:
        item = CalendarEvent()
        item.add("uid", settings.tag(f"{event.owner_kind}/{event.owner}/{event.id}"))
        changed = max(event.updated or stamp, stamp)
        item.add("dtstamp", noon(changed).astimezone(UTC))
        item.add("dtstart", event.date)
        item.add("dtend", event.date + timedelta(days=1))
        item.add("summary", plain(f"{owner_name}: {event.title}", flagged).translate(_SEPARATORS))
        description = _description(event, flagged).translate(_SEPARATORS)
        if description:
            item.add("description", description)
        item.add("url", settings.url(event_anchor(event)))
        item.add("transp", "TRANSPARENT")
        calendar.add_component(item)
    data: bytes = calendar.to_ical()
    return data
