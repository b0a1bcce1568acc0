"""One typed answer of `invoke new-platform` or `add-event`, checked with the validator's rule and
message, so a campaigner is told at the prompt, not after the last question with every answer lost.

Each function returns None for a good answer, else the message `tracker validate` would print for the
same value in the file (tests/test_prompts.py compares them).
"""

from __future__ import annotations

from tracker.check.schema_messages import suggest
from tracker.model.dates import parse_date
from tracker.model.vocabulary import DATE_RE, EVENT_TYPES, HARMS, ROLES, SLUG_RE


def date_answer(text: str) -> str | None:
    if not DATE_RE.match(text):
        return f"'{text}' is not a date written YYYY-MM-DD (write the date like 2025-04-02)"
    if parse_date(text) is None:
        return f"'{text}' is not a real calendar date (check the day and month (YYYY-MM-DD))"
    return None


def id_answer(text: str) -> str | None:
    if SLUG_RE.match(text):
        return None
    return (
        f"'{text}' is not a valid id"
        " (use lowercase letters, digits and single hyphens, e.g. example-forum-a)"
    )


def _word(text: str, field: str, words: list[str]) -> str | None:
    if text in words:
        return None
    hint = f"{suggest(text, words)} use one of: {', '.join(words)}".strip()
    return f"'{text}' is not a known {field} value ({hint})"


def harms_answer(text: str) -> str | None:
    """Harms separated by commas: the first unknown one is named."""
    for harm in (h.strip() for h in text.split(",") if h.strip()):
        problem = _word(harm, "harms", list(HARMS))
        if problem is not None:
            return problem
    return None


def role_answer(text: str) -> str | None:
    return _word(text, "by", list(ROLES))


def type_answer(text: str) -> str | None:
    return _word(text, "type", list(EVENT_TYPES))
