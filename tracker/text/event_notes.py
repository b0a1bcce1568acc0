"""The notes on an event as a reader sees them: fine, outcome and the event's history in the record.

Pages and feeds both show these notes. They take the words from here, so that a journalist who quotes a
feed item and a lawyer who reads the page see the same sentence about the same event.
"""

from __future__ import annotations

__all__ = ["money"]


def money(amount: int) -> str:
    """Whole pounds with thousands separators, as a fine is reported (the data holds no pence)."""
    return f"£{amount:,}"
