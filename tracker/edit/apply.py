"""Planning an edit of the data file and applying it: validated before, replaced atomically.

A campaigner's file is never left half-edited: the new text is checked as a whole, then written
to a temporary file and renamed over the old one.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from tracker.check.validate import validate_file
from tracker.edit.answers import split_problems
from tracker.edit.requests import Edit, EditError, NewEvent, NewPlatform
from tracker.edit.splice import _check_reads_back, _compose, _get, _place, _plain, _scalar, _splice
from tracker.load.yaml_strict import load_text
from tracker.model.dataset import default_event_id
from tracker.model.problems import Problem


def _original(text: str) -> Any:
    located, problems = load_text(text, "data")
    if problems or not isinstance(located.data, dict):
        raise EditError("the data file has problems: run the validator and fix them first", problems)
    return located.data


def plan_platform(text: str, platform: NewPlatform) -> Edit:
    """Append `platform` at the end of the `platforms:` list."""
    data = _original(text)
    root = _compose(text)
    found = _get(root, "platforms")
    if found is None:
        raise EditError("the data file has no 'platforms:' list")
    key_node, seq = found
    count = len(seq.value) if isinstance(seq, yaml.SequenceNode) else 0
    place = _place(text, key_node, seq, count, separate=count > 0)
    record = platform.record()
    edit = replace(_splice(text, place, record, f"platform '{platform.id}'"), record=("platforms", count))
    expected = {**data, "platforms": [*data["platforms"], _plain(record)]}
    _check_reads_back(edit, expected)
    return edit


def _next_free_id(day: date, event_type: str, taken: set[str]) -> str:
    n = 2
    while f"{default_event_id(day, event_type)}-{n}" in taken:
        n += 1
    return f"{default_event_id(day, event_type)}-{n}"


def plan_event(text: str, platform_id: str, event: NewEvent) -> Edit:
    """Insert `event` into the events of `platform_id`, in date order, after any events of the same day.

    When the platform already has an event of the same date and type, the new one is given its own id
    (`<date>-<type>-2`, ...), as the validator requires, so feed ids never change.
    """
    data = _original(text)
    root = _compose(text)
    found = _get(root, "platforms")
    platforms = found[1] if found is not None else None
    if not isinstance(platforms, yaml.SequenceNode):
        raise EditError("the data file has no 'platforms:' list")
    ids = [_scalar(p, "id") for p in platforms.value]
    if platform_id not in ids:
        from tracker.check.schema_messages import suggest

        hint = suggest(platform_id, [i for i in ids if i]) or "check the id in data/platforms.yaml"
        raise EditError(f"no platform has the id '{platform_id}' ({hint})")
    index = ids.index(platform_id)
    platform_node = platforms.value[index]
    assert isinstance(platform_node, yaml.MappingNode)
    events_found = _get(platform_node, "events")
    if events_found is None:
        raise EditError(f"platform '{platform_id}' has no 'events:' list")
    key_node, seq = events_found
    existing = data["platforms"][index].get("events") or []
    day = event.date.isoformat()
    position = sum(1 for e in existing if isinstance(e, dict) and str(e.get("date")) <= day)
    if event.id is None:
        taken = {str(e.get("id") or f"{e['date']}-{e['type']}") for e in existing if isinstance(e, dict)}
        if default_event_id(event.date, event.type) in taken:
            event = replace(event, id=_next_free_id(event.date, event.type, taken))
    place = _place(text, key_node, seq, position, separate=False)
    record = event.record()
    edit = replace(
        _splice(text, place, record, f"event on '{platform_id}'"),
        record=("platforms", index, "events", position),
    )
    events = [*existing[:position], _plain(record), *existing[position:]]
    platforms_data = list(data["platforms"])
    platforms_data[index] = {**platforms_data[index], "events": events}
    _check_reads_back(edit, {**data, "platforms": platforms_data})
    return edit


# --- applying -----------------------------------------------------------------------------------------


def _read(path: Path) -> str:
    with open(path, encoding="utf-8", newline="") as handle:
        return handle.read()


def apply_edit(path: str | os.PathLike[str], edit: Edit, today: date) -> None:
    """Validate the edited text as a file beside `path`, then swap it into place; refuse otherwise.

    The check runs on a real file with the real validator, so whatever passes here passes in the pull
    request; the swap is a rename, so the data file is never half-written.
    """
    target = Path(path)
    handle, temp_name = tempfile.mkstemp(prefix=f".{target.name}-", suffix=".tmp", dir=target.parent)
    temp = Path(temp_name)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            out.write(edit.after)
        result = validate_file(temp, today, display=os.fspath(path))
        if not result.ok:
            raise refused(edit, result.problems)
        if _read(target) != edit.before:
            raise EditError(f"nothing was changed: {path} changed while the edit was being made; try again")
        os.chmod(temp, os.stat(target).st_mode & 0o7777)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


def refused(edit: Edit, problems: Sequence[Problem]) -> EditError:
    """The error for an edit the validator refuses: the new block's problems told by answer, any other
    at its line in the file as it is (never at a line of the file as it would have been)."""
    answers, others = split_problems(edit, edit.record, problems)
    what = "platform" if len(edit.record) == 2 else "event"
    return EditError(
        f"nothing was changed: the new {edit.what} would not be valid; fix these answers and run the task"
        " again",
        others,
        [a.text(what) for a in answers],
    )


def _checked_original(path: Path, today: date) -> str:
    result = validate_file(path, today)
    if not result.ok:
        raise EditError(
            f"nothing was changed: {path} has problems already; fix them first (invoke validate)",
            result.problems,
        )
    return _read(path)


def add_platform(path: str | os.PathLike[str], platform: NewPlatform, today: date) -> Edit:
    """Append a new platform record to the data file at `path` (see the module docstring)."""
    text = _checked_original(Path(path), today)
    edit = plan_platform(text, platform)
    apply_edit(path, edit, today)
    return edit


def add_event(path: str | os.PathLike[str], platform_id: str, event: NewEvent, today: date) -> Edit:
    """Insert one event into a platform's events in the data file at `path`, in date order."""
    text = _checked_original(Path(path), today)
    edit = plan_event(text, platform_id, event)
    apply_edit(path, edit, today)
    return edit
