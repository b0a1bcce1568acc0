"""The reader's form of a text without the map back to the source: the quick first look.

Almost no text holds a flagged host, yet every text a build prints is read for one, several times over
(its page, its feed items, its downloads). Making the reader's form with a source span for every
character (`reader_form._read`) is most of that work; the form's text alone can be made a segment at a
time with `str.translate`. A check reads this text first and makes the full form only when a host word
in it matches, so the answer is the same and the map is made for the few texts that need it.

`reader_texts(text)` must equal the texts of `reader_forms(text)` exactly: a test compares them on
generated texts of every kind the full reader handles.
"""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass

from tracker.text.reader_form import _LINE_BREAKS, NEEDS_READING, TOKEN, _fold, _recent_forms, dropped_span

__all__ = ["QuickReading", "forget_readings", "quick_reading", "reader_texts"]


class _FoldTable(dict[int, str]):
    """`str.translate` table of `_fold`, filled in as characters are first seen."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold(chr(code))
        return folded


_FOLD = _FoldTable()
_SPACES = re.compile(r"[ \n]+")


def _token(match: re.Match[str]) -> str:
    kind = match.lastgroup
    token = match.group()
    if kind == "dot":
        return "."
    if kind == "at":
        return "@"
    if kind == "entity":
        decoded = html.unescape(token)
        return (decoded if decoded != token else token).translate(_FOLD)
    if kind == "escape":
        return token[1].translate(_FOLD)
    return ""


def _folded(text: str, dropped: list[tuple[int, int]]) -> str:
    out: list[str] = []
    pos = 0
    for match in TOKEN.finditer(text):
        out.append(text[pos : match.start()].translate(_FOLD))
        out.append(_token(match))
        pos = match.end()
        kept = dropped_span(match.lastgroup, match.start(), pos)
        if kept is not None:
            dropped.append(kept)
    out.append(text[pos:].translate(_FOLD))
    return "".join(out)


def _joined(match: re.Match[str]) -> str:
    return "" if "\n" in match.group() else " "


@dataclass(frozen=True)
class QuickReading:
    """The texts of `reader_forms(text)` and the source spans of what they dropped that a reader can
    reach (`ReaderForm.dropped`), without the map of every character."""

    texts: tuple[str, ...]
    dropped: tuple[tuple[int, int], ...]


def reader_texts(text: str) -> tuple[str, ...]:
    """The texts of `reader_form.reader_forms(text)`, in the same order: () when the text reads exactly
    as typed."""
    return quick_reading(text).texts


@functools.lru_cache(maxsize=64)
def quick_reading(text: str) -> QuickReading:
    """The quick reading of `text`, kept for the next check of the same text (the hashed-host,
    flagged-host and personal-data checks read each field in turn)."""
    if not NEEDS_READING.search(text):
        return QuickReading((), ())
    dropped: list[tuple[int, int]] = []
    folded = _folded(text, dropped)
    first = _SPACES.sub(" ", folded)
    if not any(c in _LINE_BREAKS for c in text):
        return QuickReading((first,), tuple(dropped))
    return QuickReading((first, _SPACES.sub(_joined, folded)), tuple(dropped))


def forget_readings() -> None:
    """Drop the kept readings, quick and full (for a measurement that must read each text afresh)."""
    quick_reading.cache_clear()
    _recent_forms.cache_clear()
