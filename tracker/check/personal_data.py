"""The privacy lint: text that could identify a survivor (e-mail addresses, phone numbers, postcodes,
handles).

UK law gives victims of intimate-image offences lifelong anonymity, so the validator refuses such
text wherever it appears, at the line and column of the text itself.
"""

from __future__ import annotations

import bisect
import html
import re
from dataclasses import dataclass
from urllib.parse import unquote

from tracker.text.reader_form import ReaderForm, reader_forms
from tracker.text.reader_quick import quick_reading

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
_MAY_HOLD = re.compile(r"(?i)[\d@&/\uff20\ufe6b]|dot|at[ \t]{0,2}[\)\]\}>]|[\(\[\{<][ \t]{0,2}\.")
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
# Spelled-out e-mail addresses. The reader's form reads `(at)`, `[at]`, `{at}` and `<at>` as `@` (then
# `_EMAIL` finds the address) and `[dot]`, `(.)`, ` dot ` as spelled dots. A bare word ` at ` counts only
# with a spelled dot after it (`_spoken_email` checks), since `the notice at ofcom.org.uk` is prose;
# ` dot ` is still a word where its spaces were no-break or entities, and counts as spelled.
# Linear: every label is a run of word characters closed by a separator that starts with a character
# no label holds (`.` or space), and a match starts only where a run of address characters starts.
_LABEL = r"[^\W_][\w-]*"
_SPOKEN_EMAIL = re.compile(
    rf"(?<![\w.+\-])[\w.+\-]*[\w+\-] [Aa][Tt] (?:{_LABEL}(?:\.| [Dd][Oo][Tt] ))+[^\W\d_]{{2,}}(?!\w)"
)
# Reddit-style handles, bare or as a path (`u/name`, `/u/name`, `/user/name`).
# At least three characters as typed: the form drops `_` as emphasis, so `u/A0_` reads `u/a0`, and
# `_u_handle` counts the name's characters in the source.
_U_HANDLE = re.compile(r"(?<![\w/.])/?(?:u|user)/[A-Za-z0-9_-]{1,20}(?![\w/])")
_U_NAME = re.compile(r"/([A-Za-z0-9_-]*)\Z")
# Inside addresses: a path segment or query value that is a phone number or an e-mail address.
_URL_PART = re.compile(r"[^/?&=#;]+")
_URL_PHONE = re.compile(r"\A(?:\+|00|0(?=[1-9]))[0-9 .\-()]{7,20}\Z")
# Letters typed for digits (`O7700 9OO123`, `0770O 900l23`): read as digits only inside a word that is
# otherwise digits, with at least two of them, so `IO`, `O2`, `Ofcom` and `Level 1` stay words. Linear:
# a run starts only after a character that is not a letter or digit, so each run is read once.
_DIGIT_LIKE = re.compile(r"[0-9][oOiIl]|[oOiIl][0-9]")
_DIGIT_RUN = re.compile(r"(?<![^\W_])[0-9oOiIl]+(?![^\W_])")
_AS_DIGITS = str.maketrans("oOiIl", "00111")


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


@dataclass(frozen=True)
class _Reading:
    """What the patterns read: the reader's form of `source`, or `source` itself when it reads as typed
    (`form` is None), so a span found in `text` maps back to the characters that show it.

    A `rough` reading is the form's text alone (reader_quick.py), for a first look: it takes every dot
    for spelled and every postcode for capitals, so it finds at least what the full form finds.
    """

    text: str
    source: str
    form: ReaderForm | None
    rough: bool = False

    def span(self, start: int, end: int) -> tuple[int, int]:
        return (start, end) if self.form is None else self.form.source_span(start, end)

    def typed(self, start: int, end: int) -> str:
        """The source of `text[start:end]` as a reader sees its letters (entities decoded, case kept)."""
        first, last = self.span(start, end)
        return html.unescape(self.source[first:last])

    def spelled(self, index: int) -> bool:
        return self.rough or (self.form is not None and index in self.form.spelled)

    def shouting(self, start: int, end: int) -> bool:
        """Whether `text[start:end]` was typed in capitals (the form itself is in lower case)."""
        return self.rough or self.typed(start, end).isupper()


def find_personal_data(text: str, *, first_look: bool = True) -> list[Finding]:
    """Personal data as a reader sees it, whatever the spelling, at its offsets in `text`.

    The patterns run over the shared reader's form (tracker/text/reader_form.py: entities, look-alikes,
    invisible characters and markup undone), the form the host checks read too, and each finding is
    mapped back through the form's own spans, so `Finding.text` is a slice of `text`. The link
    destinations and tag attributes the form drops are read on their own: an address is still read.
    `first_look=False` makes the form of every text, skipping the quick first look: what the quick path
    must equal (tested).
    """
    if _MAY_HOLD.search(text) is None:
        return []
    findings: list[Finding] = []
    for first, last, kind in sorted(_spans(text, first_look)):
        if findings and first < findings[-1].end:
            continue
        findings.append(Finding(first, last, kind, text[first:last]))
    return findings


def _spans(text: str, first_look: bool) -> list[tuple[int, int, str]]:
    """Spans of `text` holding personal data. The form with its map back is made only when the form's
    text alone (the quick reading, the same text) holds something: most texts hold nothing."""
    quick = quick_reading(text)
    if not quick.texts:  # read as typed
        return _detect(_Reading(text, text, None))
    found: list[tuple[int, int, str]] = []
    if not first_look or _detect(_Reading(quick.texts[0], text, None, rough=True)):
        form = reader_forms(text)[0]
        reading = _Reading(form.text, text, form)
        found = [(*reading.span(start, end), kind) for start, end, kind in _detect(reading)]
    for start, end in quick.dropped:
        if _MAY_HOLD.search(text, start, end) is not None:
            inner = _spans(text[start:end], first_look)
            found += [(first + start, last + start, kind) for first, last, kind in inner]
    return found


def _spoken_email(reading: _Reading, match: re.Match[str]) -> bool:
    """A bare ` at ` address with a dot spelled after the `at` (` dot `, `[.]`), not prose that has none
    (`the notice at ofcom.org.uk`); `jane at example dot co.uk` is one however its last dot is typed."""
    at = match.start() + match.group().index(" ")
    if " dot " in reading.text[at : match.end()]:
        return True
    return any(reading.spelled(i) for i in range(at, match.end()) if reading.text[i] == ".")


def _u_handle(reading: _Reading, match: re.Match[str]) -> bool:
    """A `u/` handle whose name has at least three characters as typed, underscores the form dropped
    included (`u/A0_`); names are three to twenty characters long."""
    if reading.rough or reading.form is None:
        return reading.rough or len(match.group()) - match.group().rindex("/") > 3
    start, end = reading.span(*match.span())
    while end < len(reading.source) and reading.source[end] == "_":
        end += 1
    name = _U_NAME.search(reading.source, start, end)
    return name is not None and len(name.group(1)) >= 3


def _always(reading: _Reading, match: re.Match[str]) -> bool:
    return True


_CONFIRM = {_SPOKEN_EMAIL: _spoken_email, _U_HANDLE: _u_handle}


def _as_digits(text: str) -> str | None:
    """`text` with the letters of each otherwise-digit word read as digits (same length), or None."""
    if _DIGIT_LIKE.search(text) is None:
        return None
    out = list(text)
    changed = False
    for m in _DIGIT_RUN.finditer(text):
        run = m.group()
        digits = run.translate(_AS_DIGITS)
        if digits != run and sum(c.isdigit() for c in run) >= 2:
            out[m.start() : m.end()] = digits
            changed = True
    return "".join(out) if changed else None


def _detect(reading: _Reading) -> list[tuple[int, int, str]]:
    """E-mail addresses, phone numbers, UK postcodes and handles in free text, in order of position.

    A survivor has lifelong anonymity (Sexual Offences (Amendment) Act 1992), so anything that could
    reach or locate a person must be caught before it is published; it is a lint, so the wording of
    legal text (years, section numbers, sums, dates, case numbers) must not trip it. Addresses
    (`https://...`, `www....`) are not free text and are skipped.
    """
    text = reading.text
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
        (_SPOKEN_EMAIL, EMAIL),
        (_EMAIL, EMAIL),
        (_HANDLE, HANDLE),
        (_U_HANDLE, HANDLE),
    ):
        for m in pattern.finditer(text):
            if free(*m.span()) and _CONFIRM.get(pattern, _always)(reading, m):
                add(m.start(), m.end(), kind)
    # Phone numbers with letters for digits first, so `O7700 900123` is found whole.
    for digits in (_as_digits(text), text):
        for m in _PHONE_CANDIDATE.finditer(digits or ""):
            span = _phone_span(digits or "", m.start(), m.end())
            if span is not None and free(*span):
                add(span[0], span[1], PHONE)
    for m in _NANP.finditer(text):
        if free(*m.span()):
            add(m.start(), m.end(), PHONE)
    for m in _POSTCODE.finditer(text):
        # Capitals mean a postcode even where it reads as an ordinal (`B3 3RD`): the letters as typed.
        shouting = reading.shouting(*m.span()) or m.group().upper() == "GIR0AA"
        if free(*m.span()) and (shouting or not _ORDINAL.search(m.group())):
            add(m.start(), m.end(), POSTCODE)
    findings.sort()
    return findings
