"""What every rule reads (the file, today, the flagged domains, the regulator ids) and how a rule points a
problem at its line and column.

Each check reads the loaded values defensively (the schema may already have reported a wrong type), so a
campaigner sees every problem in one run instead of fixing them one at a time.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.check.calendars import KnownCalendars
from tracker.load.located import Located, Path_
from tracker.model.problems import Problem
from tracker.text.flagged import FlaggedDomains


@dataclass
class Context:
    located: Located
    filename: str
    lines: list[str]
    today: date
    flagged: FlaggedDomains
    regulator_ids: frozenset[str]
    known_calendars: KnownCalendars = frozenset()  # see tracker/check/calendars.py

    def at(self, path: Path_, message: str, hint: str, *, key: bool = False) -> Problem:
        line, column = self.located.where(path, key=key)
        return Problem(self.filename, line, column, message, hint)

    def at_text(self, path: Path_, needle: str, message: str, hint: str) -> Problem:
        """Point inside a text value at `needle`, found in the file from the value's first line on.

        Exact for plain, quoted and literal block text; for text folded across lines it falls back to the
        value's own position.
        """
        line, column = self.located.where(path)
        for offset, text in enumerate(self.lines[line - 1 : line + 400]):
            start = column - 1 if offset == 0 else 0
            found = text.find(needle, start)
            if found >= 0:
                return Problem(self.filename, line + offset, found + 1, message, hint)
        return Problem(self.filename, line, column, message, hint)


def _list(value: Any) -> list[Any]:
    """`value` if it is a list, else nothing: the schema reports a wrong kind; rules must not crash."""
    return value if isinstance(value, list) else []


def _mappings(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def _unknown_regulator(ctx: Context, path: Path_, reference: str) -> Problem:
    from tracker.check.schema_messages import suggest

    known = ", ".join(sorted(ctx.regulator_ids)) or "none yet"
    hint = suggest(reference, ctx.regulator_ids) or f"known regulators: {known}"
    return ctx.at(path, f"no regulator has the id '{reference}'", hint)
