"""Further syntax mistakes inside one platform's block once its first one is found.

The parser stops at the first mistake, and the block that holds it is left out of the rest of the check
(`yaml_strict._rest_of_file`), so without this a platform with two typos needs two pull-request rounds.
The line that holds a mistake, with the lines under it, is left out (a list item is kept as an empty
item, so its fields still belong to one) and the block is read again: a mistake further on then shows
at its own line, as a different one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import yaml

from tracker.load.syntax_words import explain
from tracker.model.problems import Problem

# Enough for any real block; a block of nothing but mistakes stops here rather than read forever.
MAX_MISTAKES_IN_A_BLOCK = 20



def _syntax_error(text: str, parser_class: Callable[[str], Any]) -> yaml.MarkedYAMLError | None:
    """The first syntax mistake in `text`, or None when it parses (whatever else may be wrong in it)."""
    parser = parser_class(text)
    try:
        while parser.get_event() is not None and not parser.check_event(yaml.StreamEndEvent):
            pass
    except yaml.MarkedYAMLError as error:
        return error
    except yaml.YAMLError:
        return None
    return None


def _indent(line: str) -> int | None:
    """Spaces before the text of the line; None for a blank line or a comment."""
    body = line.lstrip(" ")
    if not body or body.startswith("#"):
        return None
    return len(line) - len(body)


def part_of_block(lines: list[str], block: tuple[int, int], index: int) -> tuple[int, int]:
    """0-based first and last line of the part holding the mistake on line `index`: that line and the
    lines under it (a folded text's continuation, an event's sources), but not its siblings, which may
    hold mistakes of their own."""
    line = lines[index]
    own = _indent(line) or 0
    if line.lstrip(" ").startswith("- "):
        own += len(line.lstrip(" ")) - len(line.lstrip(" ")[1:].lstrip(" "))  # the item's own fields
    bottom = index + 1
    while bottom <= block[1] and (_indent(lines[bottom]) is None or (_indent(lines[bottom]) or 0) > own):
        bottom += 1
    while bottom - 1 > index and _indent(lines[bottom - 1]) is None:
        bottom -= 1  # blank lines and comments before the next sibling are not part of it
    return index, bottom - 1


def _stand_in(line: str) -> str:
    """What the mistaken line becomes: nothing, except that a list item stays an item (`- _: _`), so
    its fields below it still belong to one."""
    body = line.lstrip(" ")
    if not body.startswith("-"):
        return ""
    head = len(body) - len(body[1:].lstrip(" "))
    return " " * (len(line) - len(body)) + "-" + " " * max(head - 1, 1) + "_: _"


def further_mistakes(
    lines: list[str], block: tuple[int, int], first: int, filename: str, parser_class: Callable[[str], Any]
) -> list[Problem]:
    """The other syntax mistakes of `block`, whose first mistake is on the 0-based line `first` (where
    the mistake is, not where the parser noticed it: that is often the next event, which may hold a
    mistake of its own). Only mistakes in the block, outside every line already left out and recognised
    in plain words (`syntax_words.explain`), count."""
    lines = list(lines)
    covered: list[tuple[int, int]] = []
    found: list[Problem] = []
    at = first
    for _ in range(MAX_MISTAKES_IN_A_BLOCK):
        if not block[0] <= at <= block[1]:
            break
        top, bottom = part_of_block(lines, block, at)
        lines[top : bottom + 1] = [_stand_in(lines[top])] + [""] * (bottom - top)
        covered.append((top, bottom))
        # The block read on its own under a `platforms:` line of its own, at its lines in the file: a
        # large file is not read again in full for each mistake.
        view = [""] * (block[0] - 1) + ["platforms:"] + lines[block[0] : block[1] + 1]
        error = _syntax_error("\n".join(view), parser_class)
        if error is None:
            break
        problem = explain(view, error, filename)
        if problem is None:
            break  # the parser's own words, after a line was left out, may only be an echo of it
        at = problem.line - 1
        if not block[0] <= at <= block[1] or any(a <= at <= b for a, b in covered):
            break
        found.append(problem)
    return found
