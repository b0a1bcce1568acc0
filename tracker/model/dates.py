"""Strict dates and the meaning of "today".

Every rule that depends on time goes through `resolve_today`, so two builds of the same data with the
same `--today` (or `TRACKER_TODAY`) are byte-identical.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from zoneinfo import ZoneInfo

from tracker.model.vocabulary import DATE_RE

LONDON = ZoneInfo("Europe/London")
TODAY_ENV = "TRACKER_TODAY"


def parse_date(text: str) -> date | None:
    """Exactly YYYY-MM-DD and a real calendar date; None otherwise.

    `date.fromisoformat` alone would also accept `20250402` and ISO week dates on Python 3.11.
    """
    if not DATE_RE.match(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def resolve_today(explicit: str | None = None) -> date:
    """`--today`, else `TRACKER_TODAY`, else the current date in Europe/London."""
    for candidate, origin in ((explicit, "--today"), (os.environ.get(TODAY_ENV), TODAY_ENV)):
        if candidate:
            parsed = parse_date(candidate.strip())
            if parsed is None:
                raise ValueError(f"{origin} must be a date written YYYY-MM-DD, got {candidate!r}")
            return parsed
    return datetime.now(LONDON).date()


# English names, never the build machine's locale (strftime follows it): two builds must be identical.
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")


def long_date(day: date) -> str:
    """`2 June 2025`: the form a reader says aloud, never an ambiguous 02/06/2025."""
    return f"{day.day} {month_year(day)}"


def month_year(day: date) -> str:
    return f"{MONTHS[day.month - 1]} {day.year}"


def weekday(day: date) -> str:
    return WEEKDAYS[day.weekday()]
