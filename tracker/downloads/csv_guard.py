"""The spreadsheet formula guard of the CSV download.

A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` as a formula, so a hostile title
could become a live link in a journalist's spreadsheet; such cells get one leading apostrophe.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass



# A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(...)` in a title
# would become a live link, or worse). The CSV gives such a cell one leading apostrophe, which
# spreadsheets show as text.
GUARDED_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def _needs_guard(value: str) -> bool:
    """Starts with a formula character, or with apostrophes and then one (so the guard stays reversible).

    Spreadsheets skip leading spaces, tabs and line breaks before reading a formula, so ` =1+1` and
    `\n@SUM(...)` count too (and any other whitespace, which some of them skip as well).
    """
    stripped = value.lstrip(GUARD)
    if stripped[:1] in GUARDED_STARTS and stripped != "":
        return True
    return stripped.lstrip()[:1] in GUARDED_STARTS and stripped.lstrip() != ""


def guard_cell(value: str) -> str:
    """The CSV form of a cell: one apostrophe in front when a spreadsheet would read it as a formula."""
    return GUARD + value if _needs_guard(value) else value


def unguard_cell(cell: str) -> str:
    """The original value of a CSV cell: the exact inverse of `guard_cell`, as the data dictionary says."""
    return cell[1:] if cell.startswith(GUARD) and _needs_guard(cell[1:]) else cell


GUARD_EXPLANATION = (
    "Spreadsheet programs run a cell that starts with =, +, - or @ (or with a tab or a carriage return)"
    " as a formula, even after spaces or line breaks. So that text from the records can never run as a"
    " formula, a cell that would start with one of those characters, or with apostrophes, spaces or line"
    " breaks followed by one of them, has one apostrophe (') added in front of it. To get the original"
    " value back: when a cell starts with an apostrophe and the rest of it, after any further apostrophes"
    " and then any spaces or line breaks, starts with one of those characters, remove the first"
    " apostrophe. No other cell is changed."
)

