"""Add a platform or one event to the hand-written data file without disturbing anything else in it.

The comments in `data/platforms.yaml` are the campaign's memory (why a record is not named, which sources
are fictional), and reviewers read pull requests as diffs. So an edit never re-serialises the file: the new
block is rendered with ruamel.yaml in the file's own indentation and spliced in as text, and every byte
outside it stays as it was. Events go in date order (the file lists them oldest first), after any events
of the same day. Before the file is replaced (atomically), the result must read back as the old data plus
exactly the new record, and the validator must find no problem in it; otherwise nothing is written and the
located problems are returned.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import FoldedScalarString

from .load import load_text
from .model import ROLES, Regulator, Source, default_event_id
from .problems import Problem
from .safety import domain_sha256, is_bare_hostname
from .validate import validate_file

__all__ = [
    "Edit",
    "EditError",
    "NewEvent",
    "NewPlatform",
    "add_event",
    "add_platform",
    "apply_edit",
    "plan_event",
    "plan_platform",
    "report_title",
]

# Lists written on one line, as the data file writes them (`harms: [ncii, csam]`).
FLOW_LISTS = frozenset({"harms", "regulators", "domains", "domain_sha256"})
# Long Markdown text is written as a folded block (`summary: >-`), wrapped to this width.
FOLDED_FIELDS = frozenset({"summary", "body"})
LINE_WIDTH = 100


class EditError(Exception):
    """The edit was refused. `problems` are located in the file as it would have been after the edit."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)


@dataclass(frozen=True)
class NewEvent:
    date: dt.date
    type: str
    by: str
    title: str
    regulator: str | None = None
    id: str | None = None
    body: str | None = None
    sources: tuple[Source, ...] = ()
    outcome: str | None = None
    amount_gbp: int | None = None
    daily_rate_gbp: int | None = None
    recorded: dt.date | None = None

    def record(self) -> dict[str, Any]:
        """The event as it is written in the file, in the file's usual key order."""
        values: dict[str, Any] = {
            "id": self.id,
            "date": self.date,
            "type": self.type,
            "regulator": self.regulator,
            "by": self.by,
            "title": self.title,
            "body": self.body,
            "amount_gbp": self.amount_gbp,
            "daily_rate_gbp": self.daily_rate_gbp,
            "outcome": self.outcome,
            "sources": [_source(s) for s in self.sources] or None,
            "recorded": self.recorded,
        }
        return {k: v for k, v in values.items() if v is not None}


def _source(source: Source) -> dict[str, Any]:
    values = {"title": source.title, "url": source.url, "archived": source.archived}
    return {k: v for k, v in values.items() if v is not None}


@dataclass(frozen=True)
class NewPlatform:
    """A new platform with its first event (usually the report).

    Naming needs evidence: the platform is `named: true` only with a `naming_source`. Without one it is
    `named: false`, and any domains given are written only as `domain_sha256` hashes, so a domain is never
    published by accident while the naming question is open.
    """

    id: str
    name: str
    harms: tuple[str, ...]
    summary: str
    regulators: tuple[str, ...]
    first_event: NewEvent
    naming_source: str | None = None
    domains: tuple[str, ...] = field(default_factory=tuple)

    @property
    def named(self) -> bool:
        return self.naming_source is not None

    def record(self) -> dict[str, Any]:
        values: dict[str, Any] = {"id": self.id, "name": self.name, "named": self.named}
        if self.named:
            values["naming_source"] = self.naming_source
            if self.domains:
                values["domains"] = list(self.domains)
        elif self.domains:
            values["domain_sha256"] = [_hash(d) for d in self.domains]
        values.update(
            harms=list(self.harms),
            summary=self.summary,
            regulators=list(self.regulators),
            events=[self.first_event.record()],
        )
        return values


def _hash(domain: str) -> str:
    if not is_bare_hostname(domain):
        raise EditError(
            f"'{domain}' is not a bare domain name: write the host name only, e.g. example.com,"
            " without https:// or a path"
        )
    return domain_sha256(domain)


def report_title(regulator: Regulator, by: str) -> str:
    """A plain default title for a first report, e.g. "Reported to Ofcom by a campaign group"."""
    role = ROLES.get(by, by).split(" (")[0]
    return f"Reported to {regulator.name} by {role[:1].lower()}{role[1:]}"


@dataclass(frozen=True)
class Edit:
    """A planned edit: `after` is `before` with `block` inserted at `offset` (and, only when the list was
    written empty as `[]`, that `[]` removed from the line above the block)."""

    before: str
    after: str
    offset: int
    block: str
    what: str

    @property
    def first_line(self) -> int:
        """1-based line of the block's first non-blank line in `after`."""
        leading = len(self.block) - len(self.block.lstrip("\r\n"))
        return self.after.count("\n", 0, self.offset + leading) + 1

    @property
    def last_line(self) -> int:
        return self.after.count("\n", 0, self.offset + len(self.block.rstrip("\r\n"))) + 1


# --- where things are in the text ---------------------------------------------------------------------


def _compose(text: str) -> yaml.MappingNode:
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        raise EditError(f"the data file cannot be read as YAML: {error}") from error
    if not isinstance(root, yaml.MappingNode):
        raise EditError("the data file must be a mapping with 'regulators:' and 'platforms:'")
    return root


def _get(node: yaml.MappingNode, key: str) -> tuple[yaml.Node, yaml.Node] | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
            return key_node, value_node
    return None


def _scalar(node: yaml.Node, key: str) -> str | None:
    if not isinstance(node, yaml.MappingNode):
        return None
    found = _get(node, key)
    if found is None or not isinstance(found[1], yaml.ScalarNode):
        return None
    return str(found[1].value)


def _content_end(node: yaml.Node) -> int:
    """Index just after the last character of `node`'s own text (comments after it excluded)."""
    if isinstance(node, yaml.MappingNode) and node.value and not node.flow_style:
        return _content_end(node.value[-1][1])
    if isinstance(node, yaml.SequenceNode) and node.value and not node.flow_style:
        return _content_end(node.value[-1])
    return int(node.end_mark.index)


def _after_line(text: str, index: int) -> int:
    """The start of the line after the one holding the last non-blank character before `index`."""
    while index > 0 and text[index - 1] in " \t\r\n":
        index -= 1
    newline = text.find("\n", index)
    return len(text) if newline < 0 else newline + 1


def _newline(text: str) -> str:
    return "\r\n" if "\r\n" in text else "\n"


@dataclass(frozen=True)
class _Place:
    offset: int  # where the block goes (a line start, or the end of the text)
    dash: int  # column of the item's "-"
    key: int  # column of the item's keys
    separate: bool  # a blank line before the block, as between the existing items
    remove: tuple[int, int] | None = None  # span of an empty flow list `[]` to remove


def _place(text: str, key_node: yaml.Node, seq: yaml.Node, index: int, *, separate: bool) -> _Place:
    """Where a new item goes so that it becomes item `index` of the sequence `seq`."""
    if not isinstance(seq, yaml.SequenceNode):
        raise EditError(f"'{key_node.value}' on line {key_node.start_mark.line + 1} is not a list")
    if seq.flow_style:
        if seq.value:
            raise EditError(
                f"write the '{key_node.value}' list on line {seq.start_mark.line + 1} one item per line"
                " (each starting with '- ') before adding to it"
            )
        start, end = seq.start_mark.index, seq.end_mark.index
        while start > 0 and text[start - 1] in " \t":
            start -= 1
        dash = key_node.start_mark.column + 2
        return _Place(_after_line(text, end), dash, dash + 2, False, (start, end))
    first = seq.value[0]
    dash = seq.start_mark.column
    key = first.start_mark.column if first.start_mark.line == seq.start_mark.line else dash + 2
    if key <= dash:
        key = dash + 2
    if index == 0:
        offset = _after_line(text, key_node.end_mark.index)
    else:
        offset = _after_line(text, _content_end(seq.value[index - 1]))
    return _Place(offset, dash, key, separate)


# --- rendering the block ------------------------------------------------------------------------------


def _fold_positions(text: str, width: int) -> list[int] | None:
    """Where to wrap a one-line text in a folded block: only at single spaces between words."""
    if "\n" in text or text != text.strip() or len(text) <= width:
        return None
    positions = []
    line_start = 0
    last_space = -1
    for i, char in enumerate(text):
        if char == " " and text[i - 1] != " " and text[i + 1 : i + 2] not in (" ", ""):
            last_space = i
        if i - line_start >= width and last_space > line_start:
            positions.append(last_space)
            line_start = last_space + 1
    return positions or None


def _commented(value: Any, key: str, width: int) -> Any:
    if isinstance(value, dict):
        mapping = CommentedMap()
        for k, v in value.items():
            mapping[k] = _commented(v, k, width - 2)
        return mapping
    if isinstance(value, list):
        seq = CommentedSeq([_commented(v, key, width - 4) for v in value])
        if key in FLOW_LISTS:
            seq.fa.set_flow_style()
        return seq
    if isinstance(value, str) and key in FOLDED_FIELDS:
        positions = _fold_positions(value, max(width, 40))
        if positions:
            folded = FoldedScalarString(value)
            folded.fold_pos = positions
            return folded
    return value


def _dump(record: dict[str, Any], width: int) -> str:
    writer = YAML()
    writer.indent(mapping=2, sequence=4, offset=2)
    writer.width = 4096  # never wrap plain text: only the folded fields are wrapped, on purpose
    buffer = io.StringIO()
    writer.dump(_commented(record, "", width), buffer)
    return buffer.getvalue()


def _render(record: dict[str, Any], place: _Place, newline: str) -> str:
    lines = _dump(record, LINE_WIDTH - place.key).splitlines()
    out = [" " * place.dash + "-" + " " * (place.key - place.dash - 1) + lines[0]]
    out += [" " * place.key + line if line else "" for line in lines[1:]]
    block = newline.join(out) + newline
    return newline + block if place.separate else block


def _plain(value: Any) -> Any:
    """What the tracker's own loader reads back for a value written by `_render`."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _splice(text: str, place: _Place, record: dict[str, Any], what: str) -> Edit:
    newline = _newline(text)
    block = _render(record, place, newline)
    before = text
    offset = place.offset
    if offset == len(text) and text and not text.endswith("\n"):
        block = newline + block
    if place.remove is not None:
        start, end = place.remove
        text = text[:start] + text[end:]
        offset -= end - start
    return Edit(before, text[:offset] + block + text[offset:], offset, block, what)


def _check_reads_back(edit: Edit, expected: Any) -> None:
    """The edited text must read as the old data plus exactly the new record: nothing else may change."""
    located, problems = load_text(edit.after, "edit")
    if problems or located.data != expected:
        raise EditError(
            f"the new {edit.what} could not be written so that it reads back exactly as given"
            " (check for unusual characters in the text)",
            problems,
        )


# --- planning -----------------------------------------------------------------------------------------


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
    edit = _splice(text, place, record, f"platform '{platform.id}'")
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
        from .structure import suggest

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
    edit = _splice(text, place, record, f"event on '{platform_id}'")
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
            raise EditError(
                f"nothing was changed: the file would not be valid with the new {edit.what}, which would"
                f" be on lines {edit.first_line}-{edit.last_line} (line numbers below are as they would be"
                " after the edit)",
                result.problems,
            )
        if _read(target) != edit.before:
            raise EditError(f"nothing was changed: {path} changed while the edit was being made; try again")
        os.chmod(temp, os.stat(target).st_mode & 0o7777)
        os.replace(temp, target)
    finally:
        temp.unlink(missing_ok=True)


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
