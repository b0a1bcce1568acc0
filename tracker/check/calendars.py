"""Whether a regulator's `holidays` code names a calendar the `holidays` package has.

Checking sits below deriving (docs/architecture.md), so the validator cannot ask the build's calendars
(tracker/derive/calendars.py): it asks the package the same question they would, and gets the same answer.
"""

from __future__ import annotations

# (country, subdivision) pairs known to exist without asking: an incremental build holds their tables,
# made by this same code and version of `holidays` (loading the package costs more than a small rebuild).
KnownCalendars = frozenset[tuple[str, str | None]]


def calendar_exists(country: str, subdiv: str | None, known: KnownCalendars = frozenset()) -> bool:
    """NotImplementedError is how `holidays` answers for a calendar it lacks."""
    if (country, subdiv) in known:
        return True
    import holidays  # only when asked: the package is slow to load

    try:
        holidays.country_holidays(country, subdiv=subdiv, years=())
    except NotImplementedError:
        return False
    return True
