"""A YAML syntax error in a campaigner's words, at the line of the mistake rather than where the parser
noticed it.

libyaml names what it expected ("could not find expected ':'", "did not find expected '-' indicator") and
often where it gave up, which for a missing colon is the next field and for a stray quote is the end of
the line. The classes below are the mistakes people make editing the data file by hand; each is recognised
from the error and the line it points back to, and anything else keeps the parser's own words.
"""

from __future__ import annotations

import re
from typing import Any

from tracker.model.problems import Problem

_FIELD = re.compile(r"([ ]*)(?:-[ ]+)?([A-Za-z_][\w-]*)(:?)")
_NO_SPACE = re.compile(r"[ ]*(?:-[ ]+)?([A-Za-z_][\w-]*):(?=[^\s])")
_QUOTED = re.compile(r"[ ]*(?:-[ ]+)?(?:([A-Za-z_][\w-]*):[ ]+)?([\"'])")
_ITEM = re.compile(r"([ ]*)-(?: |$)")


def indent_of(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _content(line: str) -> bool:
    stripped = line.strip()
    return bool(stripped) and not stripped.startswith("#")


def _key_indent(line: str) -> int:
    """Where a line's field name starts: after the dash for a list item."""
    item = _ITEM.match(line)
    return indent_of(line) + 2 if item and line.strip() != "-" else indent_of(line)


def _enclosing(lines: list[str], index: int) -> list[str]:
    """The lines that enclose line `index` (or would be its siblings), innermost first."""
    found: list[str] = []
    level: int | None = None
    for line in reversed(lines[:index]):
        if not _content(line):
            continue
        if level is None or indent_of(line) < level:
            found.append(line)
            level = indent_of(line)
            if level == 0:
                break
    return found


def _list_name(lines: list[str], index: int, indent: int) -> str:
    """The field whose list holds items at `indent` ('events', 'sources'...), looking up from `index`."""
    for line in reversed(lines[:index]):
        if _content(line) and indent_of(line) < indent and line.rstrip().endswith(":"):
            match = _FIELD.match(line)
            return match.group(2) if match else "the items"
    return "the items"


def explain(lines: list[str], error: Any, filename: str) -> Problem | None:
    """The error in plain words at the mistake, or None when it is not one of the known classes."""
    problem = str(error.problem or "")
    mark = error.problem_mark
    context = error.context_mark
    if "could not find expected ':'" in problem and context is not None and context.line < len(lines):
        return _missing_colon(lines, context.line, filename)
    if mark is None or mark.line >= len(lines):
        return None
    line = lines[mark.line]
    return (
        _item_without_colon(lines, mark.line, problem, filename)
        or _wrong_indent(lines, mark.line, filename)
        or _quote_inside(line, mark.line, mark.column, filename)
        or _colon_in_value(line, mark.line, mark.column, problem, filename)
    )


def _missing_colon(lines: list[str], index: int, filename: str) -> Problem | None:
    line = lines[index]
    no_space = _NO_SPACE.match(line)
    if no_space:
        key = no_space.group(1)
        return Problem(
            filename,
            index + 1,
            no_space.end() + 1,
            f"there is no space after the colon in '{key}:'",
            f"type one space after the colon: '{key}: ...'",
        )
    field = _FIELD.match(line)
    if field is None or not field.group(2):
        return None
    word = field.group(2)
    return Problem(
        filename,
        index + 1,
        field.end(2) + 1,
        f"there is no colon after the field name '{word}'",
        f"write the field name, a colon and a space, then the value: '{word}: ...'",
    )


def _item_without_colon(lines: list[str], index: int, problem: str, filename: str) -> Problem | None:
    """`- date 2026-03-02` (or `- date:2026-03-02`) above `type: reported`: the item's text runs on into
    the next line, and the parser stops at that line's colon, one line after the mistake."""
    if "mapping values are not allowed" not in problem:
        return None
    above = next((i for i in range(index - 1, -1, -1) if _content(lines[i])), None)
    if above is None or not _ITEM.match(lines[above]):
        return None
    if ": " in lines[above] or (":" in lines[above] and not _NO_SPACE.match(lines[above])):
        return None
    if indent_of(lines[index]) != _key_indent(lines[above]):
        return None
    return _missing_colon(lines, above, filename)


def _wrong_indent(lines: list[str], index: int, filename: str) -> Problem | None:
    """A field or a list item at an indentation no line above opens, named with the one it should have."""
    line = lines[index]
    if not _content(line):
        return None
    indent = indent_of(line)
    around = _enclosing(lines, index)
    if not around or around[0].rstrip().endswith(":"):
        return None
    field = _FIELD.match(line)
    key = field.group(2) if field else ""
    if _ITEM.match(line):
        items = [a for a in around if _ITEM.match(a)]
        if not items or indent in (indent_of(a) for a in items):
            return None
        same = [a for a in items if (m := _FIELD.match(a)) is not None and m.group(2) == key]
        target = indent_of((same or sorted(items, key=lambda a: abs(indent_of(a) - indent)))[0])
        name = _list_name(lines, index, target)
        return Problem(
            filename,
            index + 1,
            indent + 1,
            f"this block is indented {indent} spaces; {name} are indented {target}",
            f"move the whole block so its '-' has {target} spaces before it, like the other {name}",
        )
    levels = [_key_indent(a) for a in around]
    if indent in levels:
        return None
    target = _key_indent(around[0])
    return Problem(
        filename,
        index + 1,
        indent + 1,
        f"this line is indented {indent} spaces, but the field above it is indented {target}",
        f"line the field names up: put {target} spaces before '{key or 'it'}', like the field above",
    )


def _quote_inside(line: str, index: int, column: int, filename: str) -> Problem | None:
    quoted = _QUOTED.match(line)
    if quoted is None or column <= quoted.end(2):
        return None
    field = quoted.group(1) or "value"
    if quoted.group(2) == '"':
        return Problem(
            filename,
            index + 1,
            column + 1,
            f"a double quote inside the {field} ends it early",
            "put the whole value in single quotes instead ('Ofcom says \"no\"'), or type \\\" for each"
            " double quote inside it",
        )
    return Problem(
        filename,
        index + 1,
        column + 1,
        f"an apostrophe inside the {field} ends it early",
        "in single quotes, type an apostrophe twice ('Ofcom''s reply'), or put the whole value in"
        " double quotes instead",
    )


def _colon_in_value(line: str, index: int, column: int, problem: str, filename: str) -> Problem | None:
    field = _FIELD.match(line)
    if "mapping values are not allowed" not in problem or field is None or not field.group(3):
        return None
    if column <= field.end(3):
        return None
    key = field.group(2)
    return Problem(
        filename,
        index + 1,
        column + 1,
        f"the {key} contains ': ', which YAML reads as the start of another field",
        f'put the whole {key} in double quotes: {key}: "..."',
    )
