"""What a plain (unquoted) scalar means: YAML 1.2's core schema, as editors read it.

Editors check the data file against the published schema after reading it as YAML 1.2; the loader
resolves plain scalars exactly as they do, so the schema has one meaning in the editor and in CI
(docs/decisions.md, tests/test_schema_agreement.py).
"""

from __future__ import annotations

import re
from typing import Any

# The core schema's table (YAML 1.2.2, section 10.3.2).
NULL_RE = re.compile(r"^(?:~|null|Null|NULL|)$")
BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
INT_RE = re.compile(r"^[-+]?[0-9]+$")
OCT_RE = re.compile(r"^0o[0-7]+$")
HEX_RE = re.compile(r"^0x[0-9a-fA-F]+$")
FLOAT_RE = re.compile(r"^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$")
INF_RE = re.compile(r"^[-+]?(?:\.inf|\.Inf|\.INF)$")
NAN_RE = re.compile(r"^(?:\.nan|\.NaN|\.NAN)$")
# Python refuses to read integers of over 4,300 digits (a ValueError, not a message). Every number the
# schema allows has at most 13 digits, so a longer one is read as +-10**30, which the schema then refuses
# at its line ("must be at most ...") without reading it.
MAX_DIGITS = 30


def _whole(digits: str, base: int, negative: bool = False) -> int:
    bound: int = 10**MAX_DIGITS
    if len(digits) > MAX_DIGITS:
        return -bound if negative else bound
    value = int(digits, base)
    return -value if negative else value


def resolve_plain(text: str) -> Any:
    """A plain scalar as YAML 1.2's core schema reads it; everything else stays text.

    YAML 1.1's surprises do not happen: `no`, `off` and `yes` stay text, `1:30` is not 90 and a date is
    not a datetime, so the schema rejects them with a clear message. `0755` is the number 755, as in
    every YAML 1.2 reader (an id or a title like it needs quotes, and the message says so).
    """
    if BOOL_RE.match(text):
        return text.lower() == "true"
    if NULL_RE.match(text):
        return None
    if INT_RE.match(text):
        return _whole(text.lstrip("+-"), 10, text.startswith("-"))
    if OCT_RE.match(text):
        return _whole(text[2:], 8)
    if HEX_RE.match(text):
        return _whole(text[2:], 16)
    if FLOAT_RE.match(text):
        return float(text)
    if INF_RE.match(text):
        return float("-inf") if text.startswith("-") else float("inf")
    if NAN_RE.match(text):
        return float("nan")
    return text
