"""The notes on an event as a reader sees them: what a source reported, and the entry's own history.

Pages and feeds both show these notes, and both take the words from here, so a journalist who quotes a
feed item and a lawyer who reads the page see the same sentence about the same event. Each writer only
formats them (list items on a page, paragraphs in a feed item) and escapes them for its format: `text`
is plain text, never markup.

The wording, where the page and the feeds used to differ:

- "Outcome reported:", not "Outcome:". The tracker records what a cited source says a platform did; it
  has not established it. A bare "Outcome:" reads as the tracker's own finding, and "reported" matches
  the "Fine reported:" beside it.
- "Last corrected on", not "Corrected on". The record keeps one `updated` day, the last material
  correction (the schema's words). An entry corrected twice was not corrected only on that day, so
  "Corrected on" would be wrong for it; "Last corrected on" is exact however many corrections there
  were, and reads like "Sources last checked on".
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.model.dataset import Event
from tracker.model.dates import long_date
from tracker.model.vocabulary import OUTCOMES

__all__ = [
    "CHECKED",
    "CORRECTED",
    "FINE",
    "OUTCOME",
    "RECORDED",
    "Note",
    "event_notes",
    "history_notes",
    "money",
    "reported_notes",
]

# What each note is about: for a test, or a writer that places notes of one kind apart.
FINE = "fine"
OUTCOME = "outcome"
RECORDED = "recorded"
CORRECTED = "corrected"
CHECKED = "checked"


@dataclass(frozen=True)
class Note:
    kind: str
    text: str  # a whole sentence, plain text: each writer escapes it for its own format


def money(amount: int) -> str:
    """Whole pounds with thousands separators, as a fine is reported (the data holds no pence)."""
    return f"£{amount:,}"


def reported_notes(event: Event) -> tuple[Note, ...]:
    """What the event's sources report: the fine and the platform's outcome."""
    found: list[Note] = []
    if event.amount_gbp is not None:
        fine = f"Fine reported: {money(event.amount_gbp)}"
        if event.daily_rate_gbp is not None:
            fine += f", plus {money(event.daily_rate_gbp)} a day"
        found.append(Note(FINE, fine + "."))
    if event.outcome is not None:
        # The outcome labels are whole sentences, full stop included.
        found.append(Note(OUTCOME, f"Outcome reported: {OUTCOMES.get(event.outcome, event.outcome)}"))
    return tuple(found)


def history_notes(event: Event) -> tuple[Note, ...]:
    """The entry's own history in the record. The day it was added is said only when it is not the
    day of the event itself, which goes without saying."""
    found: list[Note] = []
    if event.recorded is not None and event.recorded != event.date:
        found.append(Note(RECORDED, f"Added to this record on {long_date(event.recorded)}."))
    if event.updated is not None:
        found.append(Note(CORRECTED, f"Last corrected on {long_date(event.updated)}."))
    if event.verified is not None:
        found.append(Note(CHECKED, f"Sources last checked on {long_date(event.verified)}."))
    return tuple(found)


def event_notes(event: Event) -> tuple[Note, ...]:
    """Every note, in the order both pages and feeds show them: what was reported, then the history."""
    return reported_notes(event) + history_notes(event)
