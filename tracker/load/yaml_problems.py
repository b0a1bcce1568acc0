"""What a campaigner is told when the text cannot be read as YAML at all, and where.

The parser's own errors name a mark in libyaml's terms (0-based, bytes or characters, sometimes past the
end of the file); these turn each into a message and a position an editor or a pull-request annotation
can show.
"""

from __future__ import annotations

import re

import yaml

from tracker.load.syntax_words import explain
from tracker.model.problems import Problem

# Text decoded leniently (or built in code) can hold these; no YAML parser accepts them.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")
# The line breaks YAML counts (libyaml: LF, CR, CR LF, NEL, LS, PS).
YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


def _clamp(text: str, line: int, column: int) -> tuple[int, int]:
    """A 1-based position moved inside the text.

    libyaml reports errors at the end of a file without a final newline on the line after the last one,
    which neither an editor nor a pull-request annotation can point at: use the end of the last line.
    """
    lines = YAML_BREAK.split(text)
    if line > len(lines):
        return len(lines), len(lines[-1]) + 1
    return line, min(column, len(lines[line - 1]) + 1)


def surrogate_problem(text: str, filename: str) -> Problem | None:
    """Where `text` holds a lone surrogate, which no YAML parser accepts; None if it holds none."""
    surrogate = LONE_SURROGATE.search(text)
    if surrogate is None:
        return None
    before = text[: surrogate.start()]
    line = before.count("\n") + 1
    return Problem(
        filename,
        line,
        surrogate.start() - (before.rfind("\n") + 1) + 1,
        f"the text contains an unpaired surrogate (U+{ord(surrogate.group()):04X})",
        "save the file as UTF-8 text",
    )


def syntax_problem(text: str, filename: str, error: yaml.MarkedYAMLError) -> Problem:
    """The mistake in plain words where it is (`syntax_words`), else the parser's words where it stopped."""
    explained = explain(YAML_BREAK.split(text), error, filename)
    if explained is not None:
        return explained
    mark = error.problem_mark or error.context_mark
    line, column = _clamp(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
    what = str(error.problem or "unexpected text")
    if error.context and error.context_mark:
        start = _clamp(text, error.context_mark.line + 1, 1)[0]
        what += f" ({error.context} that starts on line {start})"
    return Problem(
        filename,
        line,
        column,
        f"the file is not valid YAML: {what}",
        "check the indentation here and just above, and put text that contains ': ' or"
        " ' #' in quotes",
    )


def character_problem(text: str, filename: str, error: yaml.reader.ReaderError, libyaml: bool) -> Problem:
    """`libyaml`: the parser that refused the character was libyaml, which counts UTF-8 bytes where the
    pure-Python reader counts characters."""
    offset = error.position
    if libyaml:
        offset = len(text.encode("utf-8")[:offset].decode("utf-8", errors="ignore"))
    before = text[:offset]
    breaks = YAML_BREAK.findall(before)
    line_start = YAML_BREAK.split(before)[-1]
    return Problem(
        filename,
        len(breaks) + 1,
        len(line_start) + 1,
        f"the file contains a character that is not allowed here (U+{error.character:04X})",
        "delete it; if you cannot see it, retype this part of the line",
    )


def unreadable_problem(text: str, filename: str, error: yaml.YAMLError) -> Problem:
    mark = getattr(error, "problem_mark", None) or getattr(error, "mark", None)
    line, column = _clamp(text, mark.line + 1, mark.column + 1) if mark else (1, 1)
    return Problem(
        filename, line, column, f"the file cannot be read as YAML: {error}", "save it as UTF-8 text"
    )


def without_echoes(found: list[Problem], syntax: Problem) -> list[Problem]:
    """`[syntax]`, or nothing when a mistake already found on its line or just above explains it.

    A tab, a stray space, a dash without a space or a merge-conflict marker usually breaks the parse a
    line or two further on; the campaigner needs the one message that names the cause.
    """
    if any(syntax.line - 3 <= p.line <= syntax.line for p in found):
        return []
    return [syntax]
