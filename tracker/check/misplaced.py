"""A block pasted at the wrong indentation, named once instead of through a dozen unrelated messages.

An event copied from a template and pasted two or four spaces too far left still reads as YAML: it
becomes a platform of its own, with a `date` and no `id`. The schema would then report every platform
field as missing and every event field as unknown, none of which says what happened.
"""

from __future__ import annotations

from typing import Any

from tracker.load.located import Located
from tracker.model.problems import Problem


def _event_indent(located: Located, platforms: list[Any]) -> int:
    """How far this file indents the '-' of an event (6 in the template), from its first event."""
    for index, platform in enumerate(platforms):
        if isinstance(platform, dict) and "id" in platform and platform.get("events"):
            return located.where(("platforms", index, "events", 0))[1] - 3
    return 6


def misplaced_blocks(located: Located, filename: str) -> tuple[list[Problem], list[range]]:
    """One problem per event that stands where a platform should, and the lines each one covers (so
    the caller can drop the messages those lines would otherwise get)."""
    data = located.data
    platforms = data.get("platforms") if isinstance(data, dict) else None
    if not isinstance(platforms, list):
        return [], []
    problems: list[Problem] = []
    covered: list[range] = []
    for index, item in enumerate(platforms):
        if not (isinstance(item, dict) and "date" in item and "id" not in item):
            continue
        line, column = located.where(("platforms", index))
        end = located.where(("platforms", index + 1))[0] if index + 1 < len(platforms) else 10**9
        events = _event_indent(located, platforms)
        problems.append(
            Problem(
                filename,
                line,
                column - 2,
                f"this block is indented {column - 3} spaces; events are indented {events}",
                f"it reads as an event: move it under the 'events:' of its platform and indent the"
                f" whole block {events - (column - 3)} spaces more, so its '-' has {events} spaces before it",
            )
        )
        covered.append(range(line, max(end, line + 1)))
    return problems, covered
