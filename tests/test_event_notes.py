"""The notes on an event (fine, outcome, its history in the record) read the same on a page and in a feed.

Both writers take the sentences from `tracker.text.event_notes`; these tests hold them to it, on the
built demo site: the page's notes of an event and its feed item's notes are the same words.
"""

from __future__ import annotations

import html
import json
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from conftest import DEMO_TODAY

from tracker.derive.sitedata import SiteData
from tracker.model.dataset import Event
from tracker.site.view_builder import build_views
from tracker.text.event_notes import (
    CHECKED,
    CORRECTED,
    FINE,
    OUTCOME,
    RECORDED,
    event_notes,
    history_notes,
    money,
    reported_notes,
)

TAG = "tag:regulator-inaction-tracker.example.org,2026:"


class _PageNotes(HTMLParser):
    """The notes list of each timeline entry on a page, by the entry's id (`event-<id>`)."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.notes: dict[str, list[str]] = {}
        self._entry: str | None = None
        self._in_notes = False
        self._note: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        classes = (values.get("class") or "").split()
        if tag == "li" and "timeline__entry" in classes:
            self._entry = values.get("id")
        elif tag == "ul" and "timeline__notes" in classes:
            self._in_notes = True
        elif tag == "li" and self._in_notes:
            self._note = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "li" and self._note is not None:
            assert self._entry is not None
            self.notes.setdefault(self._entry, []).append(" ".join("".join(self._note).split()))
            self._note = None
        elif tag == "ul" and self._in_notes:
            self._in_notes = False

    def handle_data(self, data: str) -> None:
        if self._note is not None:
            self._note.append(data)


class _Paragraphs(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.paragraphs: list[str] = []
        self._open: list[str] | None = None
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self._open = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._open is not None:
            self.paragraphs.append(" ".join("".join(self._open).split()))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


def _events(site_data: SiteData) -> list[Event]:
    events = [e for platform in site_data.dataset.platforms for e in platform.events]
    return events + [e for regulator in site_data.dataset.regulators for e in regulator.events]


def _sample(**changes: object) -> Event:
    base = Event("platforms", "p", "2026-05-18-penalty", date(2026, 5, 18), "penalty", "regulator", "Fined")
    return replace(base, **changes)  # type: ignore[arg-type]


# --- the words --------------------------------------------------------------------------------------


def test_money_is_whole_pounds_with_thousands_separators() -> None:
    assert money(950000) == "£950,000"
    assert money(0) == "£0"
    assert money(18_000_000) == "£18,000,000"


def test_each_note_in_its_unified_words() -> None:
    event = _sample(
        amount_gbp=950000,
        daily_rate_gbp=20000,
        outcome="geo-blocked",
        recorded=date(2026, 6, 1),
        updated=date(2026, 7, 3),
        verified=date(2026, 11, 20),
    )
    assert [(n.kind, n.text) for n in event_notes(event)] == [
        (FINE, "Fine reported: £950,000, plus £20,000 a day."),
        (OUTCOME, "Outcome reported: The platform blocked users in the UK."),
        (RECORDED, "Added to this record on 1 June 2026."),
        (CORRECTED, "Last corrected on 3 July 2026."),
        (CHECKED, "Sources last checked on 20 November 2026."),
    ]
    assert event_notes(event) == reported_notes(event) + history_notes(event)


def test_notes_that_say_nothing_are_left_out() -> None:
    assert event_notes(_sample()) == ()
    # Added on the day it happened: that goes without saying.
    assert event_notes(_sample(recorded=date(2026, 5, 18))) == ()
    assert [n.text for n in event_notes(_sample(amount_gbp=1000))] == ["Fine reported: £1,000."]


# --- pages and feeds say the same -------------------------------------------------------------------


def test_the_page_and_the_feed_item_of_an_event_show_the_same_notes(
    site: Path, demo_site_data: SiteData
) -> None:
    compared: set[str] = set()
    for event in _events(demo_site_data):
        expected = [n.text for n in event_notes(event)]
        if not expected:
            continue
        page = _PageNotes((site / event.owner_kind / event.owner / "index.html").read_text(encoding="utf-8"))
        assert page.notes.get(f"event-{event.id}") == expected, event.id
        if event.date > DEMO_TODAY or event.published > DEMO_TODAY:
            continue  # not in a feed yet
        feed = json.loads((site / "feeds" / event.owner_kind / f"{event.owner}.json").read_text("utf-8"))
        (item,) = [i for i in feed["items"] if i["id"] == f"{TAG}{event.owner_kind}/{event.owner}/{event.id}"]
        paragraphs = _Paragraphs(html.unescape(item["content_html"])).paragraphs
        # What was reported, one paragraph each; the record's history, together in one paragraph.
        for note in reported_notes(event):
            assert note.text in paragraphs, (event.id, note.text)
        history = " ".join(n.text for n in history_notes(event))
        assert not history or history in paragraphs, (event.id, history)
        compared.update(n.kind for n in event_notes(event))
    # The demo data has every kind of note, so none is compared only in the unit test above.
    assert compared == {FINE, OUTCOME, RECORDED, CORRECTED, CHECKED}


def test_the_views_carry_the_notes_of_the_shared_module(demo_site_data: SiteData) -> None:
    views = build_views(demo_site_data)
    by_id = {(e.owner_kind, e.owner_id, e.id): e for p in views.platforms for e in p.entries}
    by_id.update({(e.owner_kind, e.owner_id, e.id): e for r in views.regulators for e in r.entries})
    for event in _events(demo_site_data):
        view = by_id[(event.owner_kind, event.owner, event.id)]
        assert view.notes == tuple(n.text for n in event_notes(event))
