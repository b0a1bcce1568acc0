"""The privacy lint: text that could identify a survivor (e-mail addresses, phone numbers, postcodes,
handles).

UK law gives victims of intimate-image offences lifelong anonymity, so the validator refuses such
text wherever it appears, at the line and column of the text itself.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

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
_ASCII_DIGIT = re.compile(r"[0-9]")
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
# UK postcodes in capitals (lower case would catch ordinary words such as `b3 3rd`). Outward code:
# first letter not Q, V or X, second not I, J or Z; inward letters never C, I, K, M, O or V.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-PR-UWYZ](?:[0-9][A-Z0-9]?|[A-HK-Y][0-9][A-Z0-9]?)|GIR) ?"
    r"[0-9][ABD-HJLNP-UW-Z]{2}(?![A-Za-z0-9])"
)


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


def find_personal_data(text: str) -> list[Finding]:
    """E-mail addresses, phone numbers, UK postcodes and @handles in free text, in order of position.

    A survivor has lifelong anonymity (Sexual Offences (Amendment) Act 1992), so anything that could
    reach or locate a person must be caught before it is published; it is a lint, so the wording of
    legal text (years, section numbers, sums, dates, case numbers) must not trip it. Addresses
    (`https://...`, `www....`) are not free text and are skipped.
    """
    if "@" not in text and _ASCII_DIGIT.search(text) is None:
        return []  # every pattern below needs an `@` or a digit: most titles have neither
    # Spans already accounted for, kept sorted and disjoint so each check is a binary search.
    claimed: list[tuple[int, int]] = [m.span() for m in _URL_IN_TEXT.finditer(text)]
    if claimed and "@" not in text and _ASCII_DIGIT.search(_URL_IN_TEXT.sub(" ", text)) is None:
        return []  # the only digits are in addresses, and a finding never overlaps an address
    findings: list[Finding] = []

    def free(start: int, end: int) -> bool:
        index = bisect.bisect_left(claimed, (start, end))
        if index > 0 and claimed[index - 1][1] > start:
            return False
        return index == len(claimed) or claimed[index][0] >= end

    def add(start: int, end: int, kind: str) -> None:
        bisect.insort(claimed, (start, end))
        findings.append(Finding(start, end, kind, text[start:end]))

    for pattern, kind in ((_FEDI_HANDLE, HANDLE), (_EMAIL, EMAIL), (_HANDLE, HANDLE)):
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
        if free(*m.span()):
            add(m.start(), m.end(), POSTCODE)
    findings.sort(key=lambda f: (f.start, f.end))
    return findings
