"""The privacy lint: text that could identify a survivor (e-mail addresses, phone numbers, postcodes,
handles).

UK law gives victims of intimate-image offences lifelong anonymity, so the validator refuses such
text wherever it appears, at the line and column of the text itself.
"""

from __future__ import annotations

import bisect
import html
import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import unquote

EMAIL = "e-mail address"
PHONE = "phone number"
POSTCODE = "postcode"
HANDLE = "handle"


@dataclass(frozen=True)
class Finding:
    """Something in free text that may identify a person. Offsets are into the text given (0-based,
    end exclusive), so the validator can turn them into line and column."""

    start: int
    end: int
    kind: str
    text: str


_URL_IN_TEXT = re.compile(r"(?i)(?:\b(?:https?|ftp)://|\bwww\.)[^\s<>\"]*")
_DOMAIN = r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}"
# Every pattern needs one of these in the original text: most titles have none, and skip the work.
_MAY_HOLD = re.compile(r"(?i)[\d@&/\uff20\ufe6b]|dot|at ?[\)\]\}>]")
_FEDI_HANDLE = re.compile(rf"(?<![\w@])@[A-Za-z0-9_](?:[\w.-]*[A-Za-z0-9_])?@{_DOMAIN}")
_EMAIL = re.compile(rf"(?<![\w.+\-])[\w.+\-]*[\w+\-]@{_DOMAIN}")
_HANDLE = re.compile(r"(?<![\w@./])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?(?![\w@])")
# A run of digits and single separators that starts like a phone number (`+`, `0` or `(0`);
# `_phone_span` then decides by counting digits.
# Each separator starts with a different character, so the pattern cannot backtrack exponentially.
_PHONE_SEP = r"(?:\)[ \u00a0.\-]?\(?|[ \u00a0.\-]\(?|\()(?=[0-9])"
_PHONE_CANDIDATE = re.compile(
    rf"(?<![\w+.,/\-])(?:\+(?=[0-9])|\( ?(?=0)|(?=0))(?:[0-9]|{_PHONE_SEP})*[0-9](?!\w)"
)
_NANP = re.compile(
    r"(?<![\w+.,/\-])(?:\([0-9]{3}\) ?[0-9]{3}[ .\-][0-9]{4}|[0-9]{3}([.\-])[0-9]{3}\1[0-9]{4})(?!\w)"
)
# UK postcodes in any case. Outward code: first letter not Q, V or X, second not I, J or Z; inward
# letters never C, I, K, M, O or V. In lower or mixed case an inward code that reads as an ordinal
# (`b3 3rd`, `m1 1st`) is prose, not a postcode.
_POSTCODE = re.compile(
    r"(?i)(?<![A-Za-z0-9])(?:[A-PR-UWYZ](?:[0-9][A-Z0-9]?|[A-HK-Y][0-9][A-Z0-9]?)|GIR) ?"
    r"[0-9][ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)
_ORDINAL = re.compile(r"(?i)[0-9](?:st|nd|rd|th)\Z")
# Spelled-out e-mail addresses. A bracketed at (`(at)`, `[at]`) may be followed by dots or spelled
# dots; a bare word ` at ` only with spelled dots, since `the notice at ofcom.org.uk` is prose.
# Linear: every label is a run of word characters closed by a separator that starts with a character
# no label holds (space, bracket or `.`), so each position is read a bounded number of times.
_OPEN, _CLOSE = r"[\(\[\{<]", r"[\)\]\}>]"
_SPELLED_DOT = rf"(?: ?{_OPEN} ?(?:dot|\.) ?{_CLOSE} ?| dot )"
_LABEL = r"[^\W_][\w-]*"
_SPELLED_EMAIL = re.compile(
    rf"(?i)(?<![\w.+\-])[\w.+\-]*[\w+\-]"
    rf"(?:(?: ?{_OPEN} ?at ?{_CLOSE} ?|@)(?:{_LABEL}(?:{_SPELLED_DOT}|\.))+"
    rf"| at (?:{_LABEL}{_SPELLED_DOT})+)[^\W\d_]{{2,}}(?!\w)"
)
# Reddit-style handles, bare or as a path (`u/name`, `/u/name`, `/user/name`).
_U_HANDLE = re.compile(r"(?<![\w/.])/?(?:u|user)/[A-Za-z0-9_-]{3,20}(?![\w/])")
# Inside addresses: a path segment or query value that is a phone number or an e-mail address.
_URL_PART = re.compile(r"[^/?&=#;]+")
_URL_PHONE = re.compile(r"\A(?:\+|00|0(?=[1-9]))[0-9 .\-()]{7,20}\Z")
# What a reader cannot tell from a space, a hyphen, an at sign or a dot.
_SPACES = re.compile(r"\s+")
_DASHES = str.maketrans(
    {c: "-" for c in "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d"}
    | {c: "." for c in "\u2024\u2027\u00b7\u0701\u0702\u2e31\u30fb\uff61\u3002"}
)
# Not the Latin alpha (U+0251) or circled a as "@": TR39 reads them as the letter a, and a host name
# spelled with one (the flagged-host check's business) read as an e-mail address.
# Default-ignorable characters outside category Cf (which is removed whole): combining grapheme joiner,
# Hangul fillers, Khmer inherent vowels, Mongolian variation selectors, variation selectors.
_IGNORABLE = re.compile(
    "[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef]"
)
_CHUNK = 2000  # reader forms are made per line or per piece this long, so offsets map back cheaply


def _phone_span(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The longest prefix of a candidate, ending between digit groups, that has a phone number's length.

    Digit counts: UK national (`0` then 1-9) 10-11 digits; `00` or `+` international 8-15 digits after
    the prefix (a `(0)` trunk digit not counted). Years, dates, sums of money and section numbers never
    start with `+` or `0`, or have too few digits.
    """
    chunk = text[start:end]
    digits = [i for i, c in enumerate(chunk) if c in "0123456789"]
    if not digits:
        return None
    first = chunk[digits[0] :]
    trunk = 1 if "(0)" in chunk else 0
    if chunk.startswith("+"):
        low, high, skip = 8, 15 + trunk, 0
    elif first.startswith("00"):
        low, high, skip = 8, 15, 2
    elif first.startswith("0"):
        low, high, skip = 10, 11, 0
    else:
        return None
    best: int | None = None
    for n, i in enumerate(digits):
        group_ends = n + 1 == len(digits) or digits[n + 1] != i + 1
        if group_ends and low <= n + 1 - skip <= high:
            best = i + 1
    if best is None:
        return None
    span_start = start
    if chunk.startswith("(") and ")" not in chunk[:best]:
        span_start += 1
        while span_start < start + best and text[span_start].isspace():
            span_start += 1
    return span_start, start + best


def _reader_form(text: str) -> str:
    """What a reader sees of `text`: entities decoded, NFKC (fullwidth and small forms, including `＠`
    and `﹫`, become ASCII), format and default-ignorable characters and soft hyphens removed, dash, dot
    and at-sign look-alikes mapped, whitespace collapsed. The one place to swap for the project's shared
    reader form."""
    if "&" in text:
        text = html.unescape(text)
    if not text.isascii():  # ASCII has no look-alikes, no format characters and nothing NFKC changes
        text = unicodedata.normalize("NFKC", text)
        text = "".join(c for c in text if unicodedata.category(c) != "Cf" and not _IGNORABLE.match(c))
        text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return _SPACES.sub(" ", text).strip()


def _chunks(text: str) -> list[tuple[int, str]]:
    """(offset, piece) of each line, long lines cut at a space, so each piece's reader form is made alone."""
    pieces = []
    offset = 0
    for line in text.split("\n"):
        start = 0
        while len(line) - start > _CHUNK:
            cut = line.rfind(" ", start + 1, start + _CHUNK)
            cut = cut if cut > start else line.find(" ", start + _CHUNK)
            if cut < 0:
                break
            pieces.append((offset + start, line[start:cut]))
            start = cut
        pieces.append((offset + start, line[start:]))
        offset += len(line) + 1
    return pieces


@dataclass(frozen=True)
class _Reader:
    """The reader form of a text with, for each piece, where it starts in both."""

    text: str
    starts: tuple[int, ...]  # in `text`
    pieces: tuple[tuple[int, str, str], ...]  # (offset in the original, original piece, its reader form)

    def original(self, offset: int, end: bool) -> int:
        """The offset in the original text of reader offset `offset` (an end offset when `end`)."""
        index = max(0, bisect.bisect_right(self.starts, offset - (1 if end else 0)) - 1)
        origin, piece, form = self.pieces[index]
        k = min(max(offset - self.starts[index], 0), len(form))
        if piece == form:
            return origin + k
        if len(piece) > 10 * _CHUNK:
            return origin + (len(piece) if end else 0)
        low, high = 0, len(piece)  # the shortest prefix whose reader form reaches past k
        while low < high:
            middle = (low + high) // 2
            if len(_reader_form(piece[:middle])) >= k + (0 if end else 1):
                high = middle
            else:
                low = middle + 1
        return origin + (low if end else max(low - 1, 0))


def _reader(text: str) -> _Reader:
    parts: list[str] = []
    starts: list[int] = []
    pieces: list[tuple[int, str, str]] = []
    length = 0
    for origin, piece in _chunks(text):
        form = _reader_form(piece)
        if not form:
            continue
        if parts:
            parts.append(" ")
            length += 1
        starts.append(length)
        pieces.append((origin, piece, form))
        parts.append(form)
        length += len(form)
    return _Reader("".join(parts), tuple(starts), tuple(pieces))


def _in_addresses(text: str, addresses: list[tuple[int, int]]) -> list[tuple[int, int, str]]:
    """Phone numbers and e-mail addresses written inside web addresses (a path segment, a query value),
    after percent-decoding; each found at the address's own span, which is all a reader can be shown."""
    found = []
    for start, end in addresses:
        decoded = text[start:end]
        for _ in range(3):
            decoded = unquote(decoded)
        for m in _URL_PART.finditer(decoded):
            part = m.group().strip()
            if _URL_PHONE.match(part) and _phone_span(part, 0, len(part)) == (0, len(part)):
                found.append((start, end, PHONE))
                break
            if "@" in part and _EMAIL.search(part) and not part.startswith("@"):
                found.append((start, end, EMAIL))
                break
    return found


def find_personal_data(text: str) -> list[Finding]:
    """Personal data as a reader sees it, whatever the spelling, at its offsets in `text`.

    The patterns run over the reader form (entities, look-alikes and invisible characters undone), and
    each finding is mapped back to the characters that show it, so `Finding.text` is a slice of `text`.
    """
    if _MAY_HOLD.search(text) is None:
        return []
    reader = _reader(text)
    spans = []
    for start, end, kind in _detect(reader.text):
        first = _entity_start(text, reader.original(start, False))
        last = _entity_end(text, reader.original(end, True))
        if last <= first:
            last = first + 1
        spans.append((first, min(last, len(text)), kind))
    findings: list[Finding] = []
    for first, last, kind in sorted(spans):
        if findings and first < findings[-1].end:
            continue
        findings.append(Finding(first, last, kind, text[first:last]))
    return findings


_ENTITY_BEFORE = re.compile(r"&#?[0-9A-Za-z]{1,8};?$")


def _entity_start(text: str, offset: int) -> int:
    """`offset`, or the start of the entity it falls inside: a prefix ending mid-entity (`&#4`) reads
    longer than the whole entity (`0`), so the mapping can land a few characters into `&#48;`."""
    found = _ENTITY_BEFORE.search(text, max(0, offset - 10), offset + 1)
    if found is None or text.find(";", found.start(), found.start() + 12) < offset:
        return offset
    return found.start()


_ENTITY = re.compile(r"&#?[0-9A-Za-z]{1,8};")


def _entity_end(text: str, offset: int) -> int:
    """`offset`, or the end of the entity it falls inside (the same slip as `_entity_start`'s)."""
    amp = text.rfind("&", max(0, offset - 10), offset)
    found = _ENTITY.match(text, amp) if amp >= 0 else None
    return found.end() if found is not None and found.end() > offset else offset


def _detect(text: str) -> list[tuple[int, int, str]]:
    """E-mail addresses, phone numbers, UK postcodes and handles in free text, in order of position.

    A survivor has lifelong anonymity (Sexual Offences (Amendment) Act 1992), so anything that could
    reach or locate a person must be caught before it is published; it is a lint, so the wording of
    legal text (years, section numbers, sums, dates, case numbers) must not trip it. Addresses
    (`https://...`, `www....`) are not free text and are skipped.
    """
    # Spans already accounted for, kept sorted and disjoint so each check is a binary search.
    claimed: list[tuple[int, int]] = [m.span() for m in _URL_IN_TEXT.finditer(text)]
    findings: list[tuple[int, int, str]] = _in_addresses(text, claimed)

    def free(start: int, end: int) -> bool:
        index = bisect.bisect_left(claimed, (start, end))
        if index > 0 and claimed[index - 1][1] > start:
            return False
        return index == len(claimed) or claimed[index][0] >= end

    def add(start: int, end: int, kind: str) -> None:
        bisect.insort(claimed, (start, end))
        findings.append((start, end, kind))

    for pattern, kind in (
        (_FEDI_HANDLE, HANDLE),
        (_SPELLED_EMAIL, EMAIL),
        (_EMAIL, EMAIL),
        (_HANDLE, HANDLE),
        (_U_HANDLE, HANDLE),
    ):
        for m in pattern.finditer(text):
            if free(*m.span()):
                add(m.start(), m.end(), kind)
    for m in _PHONE_CANDIDATE.finditer(text):
        span = _phone_span(text, m.start(), m.end())
        if span is not None and free(*span):
            add(span[0], span[1], PHONE)
    for m in _NANP.finditer(text):
        if free(*m.span()):
            add(m.start(), m.end(), PHONE)
    for m in _POSTCODE.finditer(text):
        shouting = m.group().isupper() or m.group().upper() == "GIR0AA"
        if free(*m.span()) and (shouting or not _ORDINAL.search(m.group())):
            add(m.start(), m.end(), POSTCODE)
    findings.sort()
    return findings
