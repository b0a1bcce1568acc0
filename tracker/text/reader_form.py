"""One canonical "what a reader sees" form of any text, for every check of flagged and hashed hosts.

A person reading `forum-a.*example*.invalid`, `forum-a&#46;example&#46;invalid`, `forum-a(dot)example(dot)
invalid` or `forum-а.example.invalid` (Cyrillic а) reads one host name, whatever characters were typed.
The checks must read the same: each text is reduced once, here, to what a reader takes from it, and the
host matcher runs on that reduction. The steps, in order:

* Markdown's inline markup is dropped (`*`, `_`, `~`, backticks, `[`/`]`, a link's `(destination)`,
  backslash escapes, HTML tags), so emphasis or a code span cannot split a host. This is done on the
  text as typed, not on rendered HTML, so every character of the form knows where it came from in the
  source (a problem keeps its line:col, defanging changes the characters typed). It reads more than a
  renderer shows, never less: over-reading only makes a host match that was there anyway.
* Entities are decoded (`&#46;`, `&period;`, `&#x430;`).
* Each character: default-ignorable and format characters removed (zero-width space and joiners,
  variation selectors, the soft hyphen, bidirectional controls, U+2060..U+206F, tags); NFKC (full-width
  and compatibility forms); case folding; the TR39 confusables prototype where it is ASCII
  (`confusables_ascii.py`, a generated subset of Unicode's confusables.txt), plus the dot, hyphen and
  at-sign look-alikes confusables.txt leaves out (middle dots, dashes).
* `[.]`, `(.)`, `{.}`, `<.>`, `(dot)`, `[dot]`, `<dot>` and ` dot ` read as dots, and `(at)`, `[at]`,
  `{at}` and `<at>` after a word as at signs (each marked as spelled, so the output scanner can tell a
  defanged host from a live one, and the personal-data check a spoken e-mail address from prose).
* What markup drops that a reader can still reach is kept as a source span (`ReaderForm.dropped`): a
  link's `(destination)` and a tag's inside (`<a href="mailto:...">`); a check that must read those
  too (personal data) reads each one on its own.
* Whitespace collapsed to one space; a second reading joins lines, so a host broken across a line
  reads whole.

Everything is linear in the text: one pass of `_TOKEN` (each alternative is bounded, or stops at a
character it cannot contain) and one step per character.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from tracker.text.confusables_ascii import ENTRIES, UNICODE_VERSION

__all__ = [
    "CONFUSABLES_VERSION",
    "NEEDS_READING",
    "READS_AS",
    "TOKEN",
    "Mention",
    "ReaderForm",
    "dropped_span",
    "reader_forms",
    "reader_text",
    "replace_spans",
]

CONFUSABLES_VERSION = UNICODE_VERSION
_CONFUSABLES: dict[str, str] = {
    chr(int(code, 16)): prototype
    for line in ENTRIES
    for code, _, prototype in (entry.partition("=") for entry in line.split())
}
# Look-alikes a reader takes for `.`, `-` or `@` that confusables.txt maps elsewhere or not at all.
_EXTRA = {
    **{c: "." for c in "\u00b7\u0387\u2022\u2027\u2219\u22c5\u30fb\uff65\u3002\uff61\u2e31\u2e33\u16eb"},
    **{c: "-" for c in "\u2014\u2015\u2e3a\u2e3b\ufe31\ufe32\ufe63\uff0d\u2e17\u30a0\u301c"},
    **{c: "@" for c in "\ufe6b\uff20"},
}
# Default_Ignorable_Code_Point (DerivedCoreProperties.txt) and the soft hyphen: invisible wherever they
# stand, so a reader never sees them between the letters of a host. Category Cf is dropped as well.
_IGNORABLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f"
    "\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0000-\U000e0fff]"
)
# Every look-alike and what it reads as (the tests draw spellings from it).
READS_AS: Mapping[str, str] = MappingProxyType({**_CONFUSABLES, **_EXTRA})
_LINE_BREAKS = frozenset("\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

# A text with none of these reads exactly as typed (printable ASCII, one space at a time, no markup, no
# entity, no spelled dot), so the ordinary matcher on the text itself already sees what a reader sees.
NEEDS_READING = re.compile(r"[^\x21-\x7e ]|[&\\*_`~\[\](){}<]|  |(?i:\sdot\s)")

# The multi-character pieces, tried at each position in this order. Linear: every repetition is bounded
# (`{0,2}`, `{1,8}`, `{0,200}`) or, for a link's destination, stops at a character it cannot contain.
_SPACE = r"[ \t]{0,2}"
_DOT_WORD = r"(?:\.|[Dd][Oo][Tt])"
_AT_WORD = r"[Aa][Tt]"
TOKEN = re.compile(
    rf"(?P<dot>{_SPACE}(?:\[{_SPACE}{_DOT_WORD}{_SPACE}\]|\({_SPACE}{_DOT_WORD}{_SPACE}\)"
    rf"|\{{{_SPACE}{_DOT_WORD}{_SPACE}\}}|<{_SPACE}{_DOT_WORD}{_SPACE}>){_SPACE}"
    rf"|(?<=[^\s])[ \t]{{1,3}}[Dd][Oo][Tt][ \t]{{1,3}}(?=[^\s]))"
    rf"|(?P<at>(?<=[^\s])(?:{_SPACE}(?:\[{_SPACE}{_AT_WORD}{_SPACE}\]|\({_SPACE}{_AT_WORD}{_SPACE}\)"
    rf"|\{{{_SPACE}{_AT_WORD}{_SPACE}\}}|<{_SPACE}{_AT_WORD}{_SPACE}>){_SPACE})(?=[^\s]))"
    r"|(?P<entity>&(?:#[xX][0-9a-fA-F]{1,8};?|#[0-9]{1,10};?|[A-Za-z][A-Za-z0-9]{1,31};))"
    r"|(?P<escape>\\[!-/:-@\[-`{-~])"
    r"|(?P<tag></?[A-Za-z][A-Za-z0-9-]{0,30}(?:[ \t\n/][^<>\n]{0,200})?>)"
    r"|(?P<destination>\]\([^()\s]*\))"
    r"|(?P<markup>[*_~`\[\]])"
)


@dataclass(frozen=True)
class ReaderForm:
    """A reading of a text: `text`, and for each of its characters the span of the source it came from.

    `spelled` holds the positions of dots and at signs that were written as a spelling (`[.]`, `(dot)`,
    ` dot `, `(at)`): a host whose every dot is spelled is already defanged. `dropped` holds the
    source spans of what the reading dropped but a reader can reach: `here` in `[a](here)` and in
    `<a href="here">` (`dropped_span`).
    """

    text: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]
    spelled: frozenset[int]
    dropped: tuple[tuple[int, int], ...] = ()

    def source_span(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source that the reading's `text[start:end]` was read from."""
        return self.starts[start], self.ends[end - 1]


@functools.lru_cache(maxsize=1 << 14)
def _fold(char: str) -> str:
    """What one character reads as: "" for an invisible one, " " or "\\n" for a space or line break."""
    if char in _LINE_BREAKS:
        return "\n"
    if char.isspace():
        return " "
    if _IGNORABLE.match(char) or unicodedata.category(char) == "Cf":
        return ""
    if char.isascii():
        return char.lower()
    # Confusables before case folding, as TR39's skeleton does: `Η` (Greek capital eta) looks like `H`,
    # its lower case `η` like `n`.
    normal = unicodedata.normalize("NFKC", char)
    return "".join(_EXTRA.get(c) or _CONFUSABLES.get(c) or c.casefold() for c in normal)


class _Reader:
    """Accumulates one reading; whitespace is held back so that a run of it becomes one character."""

    def __init__(self, join_lines: bool) -> None:
        self.join_lines = join_lines
        self.out: list[str] = []
        self.length = 0
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.spelled: set[int] = set()
        self.space: tuple[int, int, bool] | None = None  # (start, end, has a line break)
        self.dropped: list[tuple[int, int]] = []

    def emit(self, text: str, start: int, end: int, *, spelled: bool = False) -> None:
        for char in text:
            if char in " \n":
                if self.space is None:
                    self.space = (start, end, char == "\n")
                else:
                    self.space = (self.space[0], end, self.space[2] or char == "\n")
                continue
            self._flush_space()
            if spelled:
                self.spelled.add(self.length)
            self.out.append(char)
            self.length += 1
            self.starts.append(start)
            self.ends.append(end)

    def emit_run(self, run: str, start: int) -> None:
        """A run of printable ASCII other than space, each character its own source: read as lower case."""
        self._flush_space()
        self.out.append(run.lower())
        self.length += len(run)
        self.starts.extend(range(start, start + len(run)))
        self.ends.extend(range(start + 1, start + len(run) + 1))

    def _flush_space(self) -> None:
        if self.space is not None:
            start, end, line_break = self.space
            self.space = None
            if not (self.join_lines and line_break):
                self.out.append(" ")
                self.length += 1
                self.starts.append(start)
                self.ends.append(end)

    def result(self) -> ReaderForm:
        self._flush_space()
        return ReaderForm(
            "".join(self.out),
            tuple(self.starts),
            tuple(self.ends),
            frozenset(self.spelled),
            tuple(self.dropped),
        )


# Printable ASCII but space: most of any text, read as it is (lower case), many characters at a time.
_ASCII_RUN = re.compile(r"[!-~]+")


def _segment(reader: _Reader, text: str, start: int, end: int) -> None:
    pos = start
    for m in _ASCII_RUN.finditer(text, start, end):
        for i in range(pos, m.start()):
            reader.emit(_fold(text[i]), i, i + 1)
        reader.emit_run(m.group(), m.start())
        pos = m.end()
    for i in range(pos, end):
        reader.emit(_fold(text[i]), i, i + 1)


def dropped_span(kind: str | None, start: int, end: int) -> tuple[int, int] | None:
    """The span a token of `kind` at `start:end` drops that a reader can still reach: a link's
    destination (inside `](` and `)`), a tag's name and attributes (inside `<` and `>`)."""
    if kind == "destination" and end - start > 3:
        return start + 2, end - 1
    if kind == "tag":
        return start + 1, end - 1
    return None


def _read(text: str, join_lines: bool) -> ReaderForm:
    reader = _Reader(join_lines)
    pos = 0
    for m in TOKEN.finditer(text):
        _segment(reader, text, pos, m.start())
        start, end = m.span()
        kind = m.lastgroup
        token = m.group()
        if kind == "dot":
            reader.emit(".", start, end, spelled=True)
        elif kind == "at":
            reader.emit("@", start, end, spelled=True)
        kept = dropped_span(kind, start, end)
        if kept is not None:
            reader.dropped.append(kept)
        elif kind == "entity":
            decoded = html.unescape(token)
            for char in decoded if decoded != token else token:
                reader.emit(_fold(char), start, end)
        elif kind == "escape":
            reader.emit(_fold(token[1]), start, end)
        pos = end
    _segment(reader, text, pos, len(text))
    return reader.result()


# Texts up to this long are read once and the reading kept for the next check of the same text (the
# validator runs the hashed-host, flagged-host and personal-data checks on each field in turn); a few
# recent ones are enough, and longer ones are not kept, so the cache stays small.
_CACHED_LENGTH = 20_000


def reader_forms(text: str) -> tuple[ReaderForm, ...]:
    """The readings of `text` every check looks at: spaces collapsed, and (when the text has a line
    break) lines joined as well. Empty when the text reads exactly as typed (`NEEDS_READING`)."""
    if not NEEDS_READING.search(text):
        return ()
    return _recent_forms(text) if len(text) <= _CACHED_LENGTH else _forms(text)


@functools.lru_cache(maxsize=32)
def _recent_forms(text: str) -> tuple[ReaderForm, ...]:
    return _forms(text)


def _forms(text: str) -> tuple[ReaderForm, ...]:
    first = _read(text, join_lines=False)
    if not any(c in _LINE_BREAKS for c in text):
        return (first,)
    return first, _read(text, join_lines=True)


def reader_text(text: str) -> str:
    """The canonical form of `text` as one string: what a reader sees, for any check on free text.

    For the personal-data check and any other rule that must see through the same spelling tricks as
    the host checks (entities, invisible characters, look-alikes, full-width forms, emphasis splits).
    """
    forms = reader_forms(text)
    return forms[0].text if forms else text.lower()


@dataclass(frozen=True)
class Mention:
    """A flagged or hashed host in a text: where (`start`, `end` in the text), which (`found`), whether
    every dot of it is a spelled one (`defanged`: `[.]`, `(dot)`), and whether the ordinary matcher found
    it as typed (`plain`). `form` and `reading_span` locate it in the reader's form it was found in."""

    start: int
    end: int
    found: str
    defanged: bool
    plain: bool
    form: ReaderForm | None = None
    reading_span: tuple[int, int] = (0, 0)

    def dots(self, text: str) -> list[tuple[int, int]]:
        """The spans of `text` (the text it was found in) that read as its dots and are not spelled ones:
        each becomes `[.]` to defang it. A dot typed as an entity, an escape or a look-alike is its span."""
        if self.form is None:
            return [(i, i + 1) for i in range(self.start, self.end) if text[i] in ".\u3002\uff0e\uff61"]
        form = self.form
        return [
            (form.starts[i], form.ends[i])
            for i in range(*self.reading_span)
            if form.text[i] == "." and i not in form.spelled
        ]


def replace_spans(text: str, spans: list[tuple[int, int]], by: str = "[.]") -> str:
    """`text` with each of the (sorted, disjoint) spans replaced by `by`."""
    if not spans:
        return text
    out: list[str] = []
    pos = 0
    for start, end in spans:
        out.append(text[pos:start])
        out.append(by)
        pos = end
    out.append(text[pos:])
    return "".join(out)
