"""Mistakes YAML hides, found in the source text itself, each at its own line and column.

A parser reads some campaigners' mistakes as something else without a word: ` #` after a plain value
starts a comment (the rest of the title is dropped), curly quotes are kept as part of the text, a tab or
a no-break space in the indentation moves a field into another record or breaks the file with parser
jargon somewhere else. Merge-conflict markers left by a forge's editor read as text or as a syntax error
lines away. These checks look at the lines as typed, so the message names the character the campaigner
can see (or cannot see) at the place it is.
"""

from __future__ import annotations

import re
import unicodedata

from tracker.model.problems import Problem

# Spaces that look like an ordinary space in an editor but are not one to YAML.
UNUSUAL_SPACES = (
    "\u00a0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f"
    "\u3000\u2060\ufeff"
)
_SPACE_NAMES = {
    "\t": "a tab",
    "\u00a0": "a no-break space (U+00A0)",
    "\u202f": "a narrow no-break space (U+202F)",
    "\u200b": "a zero-width space (U+200B)",
    "\u2060": "a word joiner (U+2060)",
    "\ufeff": "a zero-width no-break space (U+FEFF)",
}
# A cheap test over the whole file: a file without any of these needs no line-by-line look.
SUSPECT = re.compile(
    rf"^(?:<<<<<<<|=======|>>>>>>>)|\t|[{UNUSUAL_SPACES}]|[\u201c\u2018\u201e\u00ab]|^[ ]*-[^\s-]|\S[ \t]+#",
    re.MULTILINE,
)
_MARKER = re.compile(r"(<<<<<<<|=======|>>>>>>>)(?: |$)")
_INDENT = re.compile(rf"[ \t{UNUSUAL_SPACES}]*")
_KEY = re.compile(rf"[ ]*(?:-[ ]+)?([A-Za-z_][\w-]*):(?=[\t{UNUSUAL_SPACES}])")
_DASH_KEY = re.compile(r"([ ]*)-([A-Za-z_][\w-]*):(?:\s|$)")
_CURLY = re.compile(r"[ ]*(?:-[ ]+)?(?:([A-Za-z_][\w-]*):[ ]+)?([\u201c\u2018\u201e\u00ab])(.*)$")
_CLOSING = "\u201d\u2019\u201c\u00bb"
KEY_AT_START = re.compile(r"[ ]*(?:-[ ]+)?([A-Za-z_][\w-]*):")


def space_name(char: str) -> str:
    """A space character in words a campaigner can search for in their editor."""
    known = _SPACE_NAMES.get(char)
    return known or f"an unusual space ({unicodedata.name(char, 'unnamed').lower()}, U+{ord(char):04X})"


def line_problems(lines: list[str], filename: str) -> list[Problem]:
    """Every line-level mistake in the file, one problem per line at most, in line order."""
    problems: list[Problem] = []
    for number, line in enumerate(lines, start=1):
        # A byte-order mark opening the file is how some editors mark UTF-8: YAML skips it, so may we.
        problem = _line_problem(line.removeprefix("\ufeff") if number == 1 else line, number, filename)
        if problem is not None:
            problems.append(problem)
    return problems


def _line_problem(line: str, number: int, filename: str) -> Problem | None:
    marker = _MARKER.match(line)
    if marker:
        return Problem(
            filename,
            number,
            1,
            f"a merge-conflict marker ('{marker.group(1)}') was left in the file",
            "keep the lines you want between '<<<<<<<' and '>>>>>>>', then delete the three marker lines"
            " ('<<<<<<<', '=======', '>>>>>>>')",
        )
    stripped = line.strip(f" \t{UNUSUAL_SPACES}")
    if not stripped:
        return None
    indent = _INDENT.match(line)
    assert indent is not None
    odd = next((i for i, c in enumerate(indent.group()) if c != " "), None)
    if odd is not None:
        return Problem(
            filename,
            number,
            odd + 1,
            f"{space_name(line[odd])} is in the indentation",
            "indent with ordinary spaces only: delete the indentation of this line and type spaces, as"
            " many as the lines around it have",
        )
    key = _KEY.match(line)
    if key:
        return Problem(
            filename,
            number,
            key.end() + 1,
            f"{space_name(line[key.end()])} follows the colon after '{key.group(1)}'",
            "delete the character after the colon and type one ordinary space",
        )
    dash = _DASH_KEY.match(line)
    if dash:
        return Problem(
            filename,
            number,
            len(dash.group(1)) + 2,
            f"there is no space between '-' and '{dash.group(2)}'",
            f"write '- {dash.group(2)}:' with a space after the dash, so it starts a new entry",
        )
    return _curly_problem(line, number, filename)


def _curly_problem(line: str, number: int, filename: str) -> Problem | None:
    curly = _CURLY.match(line)
    if not curly or not curly.group(3).rstrip() or curly.group(3).rstrip()[-1] not in _CLOSING:
        return None
    field = curly.group(1) or "value"
    return Problem(
        filename,
        number,
        curly.start(2) + 1,
        f"the {field} is wrapped in curly quotes ({curly.group(2)}...{curly.group(3).rstrip()[-1]}),"
        " which YAML keeps as part of the text",
        'type straight quotes instead, "like this"; a word processor or a phone turns them curly',
    )


def comment_problem(
    lines: list[str], line: int, end_line: int, end_column: int, filename: str
) -> Problem | None:
    """A plain value (0-based start and end marks) followed on its last line by ` #`: YAML drops the rest."""
    after = lines[end_line][end_column:] if end_line < len(lines) else ""
    hash_at = re.match(r"[ \t]+#", after)
    if not hash_at:
        return None
    key = KEY_AT_START.match(lines[line]) if line < len(lines) else None
    field = key.group(1) if key else "value"
    return Problem(
        filename,
        end_line + 1,
        end_column + hash_at.end(),
        f"the text after ' #' would be dropped: put the whole {field} in quotes",
        "YAML reads ' #' as the start of a note for editors; write the value in double quotes,"
        ' e.g. title: "Forum #1 fined", or move a note to a line of its own',
    )


# Encodings a file saved by mistake is likely to be in, most likely first; each decodes the bad bytes.
_LIKELY = (("cp1252", "Windows-1252 (\"Western\")"), ("latin-1", "Latin-1 (ISO-8859-1)"))


def encoding_problem(raw: bytes, error: UnicodeDecodeError, filename: str) -> Problem:
    """The first byte that is not UTF-8, at its line and column, with the encoding it most likely is."""
    before = raw[: error.start].decode("utf-8", errors="replace")
    line = before.count("\n") + 1
    column = len(before) - (before.rfind("\n") + 1) + 1
    bad = raw[error.start : error.start + 1]
    likely = "another encoding"
    for codec, name in _LIKELY:
        try:
            shown = bad.decode(codec)
        except UnicodeDecodeError:
            continue
        likely = f"{name}, where this byte is '{shown}'"
        break
    return Problem(
        filename,
        line,
        column,
        f"the file is not UTF-8 text: byte 0x{bad.hex().upper()} here is not UTF-8 (it looks like {likely})",
        "save the file as UTF-8: in your editor choose 'Save with encoding' or 'Save as' and pick UTF-8,"
        " then check this character still reads right",
    )


_TOP_ITEM = re.compile(r"( *)- ")


def platform_block(lines: list[str], index: int) -> tuple[int, int] | None:
    """The 0-based first and last line of the platform (an item of the top-level `platforms:` list)
    holding line `index`, or None when the line is outside every platform. Regulators are not cut out:
    every platform refers to one, so the rest would drown in messages about a missing regulator."""
    top = index
    while top >= 0 and not (lines[top][:1].strip() and not lines[top].startswith("#")):
        top -= 1
    if top < 0 or not lines[top].startswith("platforms:"):
        return None
    first_item = next((m for line in lines[top + 1 :] if (m := _TOP_ITEM.match(line))), None)
    if first_item is None:
        return None
    dash = first_item.group()
    start = index
    while start > top and not lines[start].startswith(dash):
        start -= 1
    if start == top:
        return None
    end = start + 1
    while end < len(lines) and not lines[end].startswith(dash) and not (
        lines[end][:1].strip() and not lines[end].startswith("#")
    ):
        end += 1
    return start, end - 1
