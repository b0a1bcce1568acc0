"""YAML text -> plain Python values, remembering where every value and key stood in the file.

PyYAML's loaders are unsafe for hand-edited public data in three ways: aliases expand (alias bombs),
duplicate keys are silently kept (last wins) and YAML 1.1 resolution turns `no` into False and `0755` into
493. This module reads libyaml's event stream directly (falling back to the pure-Python parser when the C
extension is missing) and builds the values itself: aliases, anchors and tags are refused, duplicate keys
are reported, and plain scalars are resolved as YAML 1.2 editors resolve them (`tracker.load.scalars`).
"""

from __future__ import annotations

import functools
import os
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)

from tracker.load.broken_block import further_mistakes

# DEFAULT_LIMITS and Limits are still imported from here by build/site.py and tests/test_hardening.py.
from tracker.load.located import DEFAULT_LIMITS as DEFAULT_LIMITS
from tracker.load.located import Limits as Limits
from tracker.load.located import Located, Path_
from tracker.load.scalars import resolve_plain
from tracker.load.source_text import (
    SUSPECT,
    comment_problem,
    encoding_problem,
    line_problems,
    platform_block,
)
from tracker.load.yaml_problems import (
    YAML_BREAK,
    character_problem,
    surrogate_problem,
    syntax_problem,
    unreadable_problem,
    without_echoes,
)
from tracker.model.problems import Problem

try:  # libyaml keeps marks too and is much faster
    from yaml._yaml import CParser as _Parser

    HAVE_LIBYAML = True
except ImportError:  # pragma: no cover - depends on the PyYAML build
    HAVE_LIBYAML = False

    class _Parser(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            yaml.reader.Reader.__init__(self, stream)
            yaml.scanner.Scanner.__init__(self)
            yaml.parser.Parser.__init__(self)


class _Stop(Exception):
    """A problem that makes the rest of the file unreadable (syntax, aliases, limits)."""

    def __init__(self, problem: Problem):
        self.problem = problem


class _Builder:
    """The thorough read: it notes where every value and key stands and reports every problem, so it runs
    only when `_QuickBuilder` gives up or a problem needs pointing at."""

    def __init__(self, text: str, filename: str, limits: Limits, lines: list[str] | None = None) -> None:
        self.parser: Any = _Parser(text)
        self.lines = lines  # given when the text may hold a plain value followed by ' #'
        self.filename = filename
        self.limits = limits
        self.values: dict[Path_, tuple[int, int]] = {}
        self.keys: dict[Path_, tuple[int, int]] = {}
        self.plain: set[Path_] = set()
        self.typed: dict[Path_, str] = {}  # plain scalars that were not read as text, as typed
        self.problems: list[Problem] = []

    def _problem(self, mark: Any, message: str, hint: str) -> Problem:
        return Problem(self.filename, mark.line + 1, mark.column + 1, message, hint)

    def build(self) -> Located:
        parser = self.parser
        parser.get_event()  # stream start
        if parser.check_event(StreamEndEvent):
            return Located(None, self.values, self.keys, self.plain, self.typed)
        parser.get_event()  # document start
        data = self._node((), 0)
        parser.get_event()  # document end
        if not parser.check_event(StreamEndEvent):
            event = parser.peek_event()
            raise _Stop(
                self._problem(
                    event.start_mark,
                    "the file holds more than one YAML document",
                    "remove the '---' line: the data file is one document",
                )
            )
        return Located(data, self.values, self.keys, self.plain, self.typed)

    def _check_event(self, event: Any) -> None:
        if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
            raise _Stop(
                self._problem(
                    event.start_mark,
                    "YAML anchors and aliases (&name, *name) are not allowed",
                    "write the value out in full where it is needed",
                )
            )
        tag = getattr(event, "tag", None)
        if tag is not None and not (isinstance(event, ScalarEvent) and tag == "!"):
            raise _Stop(
                self._problem(
                    event.start_mark,
                    f"YAML tags such as '{tag.replace('tag:yaml.org,2002:', '!!')}' are not allowed",
                    "remove the tag; write the value as plain text",
                )
            )

    def _node(self, path: Path_, depth: int) -> Any:
        parser = self.parser
        event = parser.get_event()
        self._check_event(event)
        mark = event.start_mark
        self.values[path] = (mark.line + 1, mark.column + 1)
        if depth > self.limits.max_depth:
            raise _Stop(
                self._problem(
                    mark,
                    f"the data is nested more than {self.limits.max_depth} levels deep",
                    "the data file needs only a few levels: check the indentation",
                )
            )
        if isinstance(event, ScalarEvent):
            return self._scalar(path, event)
        if isinstance(event, SequenceStartEvent):
            items: list[Any] = []
            while not parser.check_event(SequenceEndEvent):
                items.append(self._node((*path, len(items)), depth + 1))
            parser.get_event()
            return items
        if isinstance(event, MappingStartEvent):
            return self._mapping(path, depth)
        raise _Stop(self._problem(mark, "unexpected YAML content", "check the file's structure"))

    def _scalar(self, path: Path_, event: ScalarEvent) -> Any:
        value: str = event.value
        if len(value) > self.limits.max_scalar_chars:
            raise _Stop(
                self._problem(
                    event.start_mark,
                    f"a text value is longer than {self.limits.max_scalar_chars} characters",
                    "shorten it, or link to a document instead",
                )
            )
        if event.implicit[0] and event.tag is None:
            self.plain.add(path)
            start, end = event.start_mark, event.end_mark
            if self.lines is not None and not event.style and start is not None and end is not None:
                cut = comment_problem(self.lines, start.line, end.line, end.column, self.filename)
                if cut is not None:
                    self.problems.append(cut)
            resolved = resolve_plain(value)
            if not isinstance(resolved, str):
                self.typed[path] = value
            return resolved
        return value

    def _mapping(self, path: Path_, depth: int) -> dict[Any, Any]:
        """The mapping whose start event has just been read, up to and including its end event."""
        parser = self.parser
        mapping: dict[Any, Any] = {}
        while not parser.check_event(MappingEndEvent):
            key_event = parser.peek_event()
            key = self._node((*path, "\0key"), depth + 1)
            if not isinstance(key, str):
                # Keys are field names: a number or `true` as a key is a mistake, keep it as text.
                key = "" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
            key_mark = key_event.start_mark
            if key in mapping:
                first = self.keys[(*path, key)]
                self.problems.append(
                    self._problem(
                        key_mark,
                        f"duplicate key '{key}' (first given on line {first[0]})",
                        "keep one of them: YAML would silently use only the last",
                    )
                )
                self._node((*path, "\0dup"), depth + 1)
                continue
            self.keys[(*path, key)] = (key_mark.line + 1, key_mark.column + 1)
            mapping[key] = self._node((*path, key), depth + 1)
        parser.get_event()
        self.values.pop((*path, "\0key"), None)
        self.values.pop((*path, "\0dup"), None)
        self.plain.discard((*path, "\0key"))
        self.plain.discard((*path, "\0dup"))
        self.typed.pop((*path, "\0key"), None)
        self.typed.pop((*path, "\0dup"), None)
        return mapping


class _Unusual(Exception):
    """Something the quick read does not handle (a problem, or a rare construct): read again in full."""


_SCALAR = ScalarEvent
_MAPPING_START = MappingStartEvent
_SEQUENCE_START = SequenceStartEvent


class _QuickBuilder:
    """Builds the values of an unremarkable file noting only where its mappings (records) start.

    Anything out of the ordinary (an alias, anchor or tag, a duplicate or complex key, a limit reached,
    a second document, a syntax error) raises `_Unusual`, and `_Builder` reads the file again to report
    it exactly where it is: the two agree on every value by construction, since both resolve scalars and
    keys the same way, and only `_Builder` ever produces a problem.
    """

    def __init__(self, text: str, limits: Limits) -> None:
        self.parser: Any = _Parser(text)
        self.limits = limits
        self.records: dict[Path_, tuple[int, int]] = {}

    def build(self) -> Any:
        parser = self.parser
        parser.get_event()  # stream start
        if parser.check_event(StreamEndEvent):
            raise _Unusual
        parser.get_event()  # document start
        data = self._node((), 0, parser.get_event())
        parser.get_event()  # document end
        if not parser.check_event(StreamEndEvent):
            raise _Unusual
        return data

    def _node(self, path: Path_, depth: int, event: Any) -> Any:
        kind = type(event)
        if depth > self.limits.max_depth or event.anchor is not None:
            raise _Unusual
        if kind is _SCALAR:
            tag = event.tag
            value: str = event.value
            if len(value) > self.limits.max_scalar_chars:
                raise _Unusual
            if tag is None:
                return resolve_plain(value) if event.implicit[0] else value
            if tag != "!":
                raise _Unusual
            return value
        if event.tag is not None:
            raise _Unusual
        get_event = self.parser.get_event
        if kind is _MAPPING_START:
            mark = event.start_mark
            self.records[path] = (mark.line + 1, mark.column + 1)
            mapping: dict[Any, Any] = {}
            deeper = depth + 1
            while True:
                key_event = get_event()
                key_kind = type(key_event)
                if key_kind is not _SCALAR:
                    if key_kind is MappingEndEvent:
                        return mapping
                    raise _Unusual
                key = self._node(path, deeper, key_event)
                if not isinstance(key, str):
                    key = "" if key is None else str(key).lower() if isinstance(key, bool) else str(key)
                if key in mapping:
                    raise _Unusual
                mapping[key] = self._node((*path, key), deeper, get_event())
        if kind is _SEQUENCE_START:
            items: list[Any] = []
            deeper = depth + 1
            while True:
                item_event = get_event()
                if type(item_event) is SequenceEndEvent:
                    return items
                items.append(self._node((*path, len(items)), deeper, item_event))
        raise _Unusual


def _quick_load(text: str, limits: Limits) -> Located | None:
    builder = _QuickBuilder(text, limits)
    try:
        data = builder.build()
    except (_Unusual, yaml.YAMLError, RecursionError):
        return None
    return Located.deferred(data, builder.records, functools.partial(_read_in_full, text, limits))


def _read_in_full(text: str, limits: Limits) -> Located:
    return _Builder(text, "", limits).build()


def load_text(text: str, filename: str, limits: Limits = DEFAULT_LIMITS) -> tuple[Located, list[Problem]]:
    """Parse one YAML document. Problems come back located; a fatal one ends the parse early.

    A file that might hold a mistake YAML hides (`source_text.SUSPECT`) is read in full, line by line as
    well, so those mistakes are reported with the rest; when it does not parse, a syntax error that one
    of them explains is not reported a second time.
    """
    surrogate = surrogate_problem(text, filename)
    if surrogate is not None:
        return Located(None), [surrogate]
    suspect = SUSPECT.search(text) is not None
    if not suspect:
        quick = _quick_load(text, limits)
        if quick is not None:
            return quick, []
    lines = YAML_BREAK.split(text) if suspect else None
    source = line_problems(lines, filename) if lines is not None else []
    builder = _Builder(text, filename, limits, lines)
    try:
        located = builder.build()
    except _Stop as stop:
        return Located(None), [*source, *builder.problems, stop.problem]
    except yaml.MarkedYAMLError as error:
        syntax = without_echoes(source, syntax_problem(text, filename, error))
        return _rest_of_file(text, filename, limits, error, [*source, *builder.problems, *syntax], source)
    except yaml.reader.ReaderError as error:  # a character YAML does not allow (controls, U+FFFE)
        return Located(None), [*builder.problems, character_problem(text, filename, error, HAVE_LIBYAML)]
    except yaml.YAMLError as error:  # anything else the parser refuses
        return Located(None), [unreadable_problem(text, filename, error)]
    return located, [*source, *builder.problems]


MAX_BROKEN_BLOCKS = 50


def _rest_of_file(
    text: str,
    filename: str,
    limits: Limits,
    error: yaml.MarkedYAMLError,
    found: list[Problem],
    source: list[Problem],
) -> tuple[Located, list[Problem]]:
    """The file read with each platform's block that does not parse left out, so a syntax error in one
    platform does not hide the problems of the others (a pull request then needs one round, not one
    per mistake). The blocks are blanked, not removed, so every other value keeps its line and column.
    """
    lines = YAML_BREAK.split(text)
    problems = list(found)
    for _ in range(MAX_BROKEN_BLOCKS):
        mark = error.problem_mark or error.context_mark
        block = platform_block(lines, min(mark.line, len(lines) - 1)) if mark is not None else None
        if block is None or mark is None:
            break
        first = syntax_problem("\n".join(lines), filename, error).line - 1
        for more in further_mistakes(lines, block, first, filename, _Parser):
            problems += [p for p in without_echoes(source, more) if p not in problems]
        lines[block[0] : block[1] + 1] = [""] * (block[1] + 1 - block[0])
        blanked = "\n".join(lines)
        builder = _Builder(blanked, filename, limits)
        try:
            located = builder.build()
        except yaml.MarkedYAMLError as again:
            error = again
            problems += without_echoes(problems, syntax_problem(blanked, filename, again))
            continue
        except yaml.YAMLError:
            break
        except _Stop as stop:
            return Located(None), [*problems, stop.problem]
        if isinstance(located.data, dict) and located.data.get("platforms") is None:
            located.data["platforms"] = []  # every platform was left out: that is not a new mistake
        return located, [*problems, *(p for p in builder.problems if p not in problems)]
    return Located(None), problems


def read_text(
    path: str | os.PathLike[str], display: str | None = None, limits: Limits = DEFAULT_LIMITS
) -> tuple[str | None, list[Problem]]:
    """The file's text, with the size limit checked before a byte is read."""
    name = display or os.fspath(path)
    try:
        size = os.stat(path).st_size
    except OSError as error:
        return None, [Problem(name, 1, 1, f"cannot read the file: {error.strerror}", "check the path")]
    if size > limits.max_bytes:
        return None, [
            Problem(
                name,
                1,
                1,
                f"the file is {size} bytes, over the limit of {limits.max_bytes} bytes",
                "split the data or raise the limit in the settings",
            )
        ]
    with open(path, "rb") as handle:
        raw = handle.read()
    try:
        # As open() in text mode would: CR LF and CR become LF, so positions match what editors show.
        return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n"), []
    except UnicodeDecodeError as error:
        return None, [encoding_problem(raw, error, name)]

