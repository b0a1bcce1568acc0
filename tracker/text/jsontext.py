"""`json.dumps(value, ensure_ascii=False, indent=2)`, the same text, several times faster.

With `indent` set, the standard library encodes in pure Python, one generator per container; the open
data file and thousands of JSON feeds make that one of the slowest steps of a build. This writer covers
the values those files hold (dicts with text keys, lists, tuples, text, whole numbers, floats, booleans
and None) and hands anything else to `json.dumps`, so its output is always exactly the library's.
"""

from __future__ import annotations

import json
from typing import Any

__all__ = ["dumps"]

_STRING = json.encoder.encode_basestring  # the C encoder when available; what ensure_ascii=False uses
_FLOAT = json.JSONEncoder().iterencode  # for float formatting (repr, NaN, Infinity) exactly as json


class _Other(Exception):
    """A value this writer does not handle; json.dumps writes the whole document instead."""


def _float(value: float) -> str:
    return "".join(_FLOAT(value))


_NEWLINES: list[str] = ["\n" + "  " * level for level in range(64)]
# Encoded keys, followed by the key separator: the same few field names recur thousands of times.
_KEYS: dict[str, str] = {}


def _key(key: str) -> str:
    encoded = _KEYS.get(key)
    if encoded is None:
        encoded = _STRING(key) + ": "
        if len(_KEYS) < 4096:
            _KEYS[key] = encoded
    return encoded


def _write(value: Any, level: int, out: list[str]) -> None:
    kind = type(value)
    if kind is str:
        out.append(_STRING(value))
    elif kind is dict:
        if not value:
            out.append("{}")
            return
        inner = _NEWLINES[level + 1] if level < 63 else "\n" + "  " * (level + 1)
        separator = "{" + inner
        after = "," + inner
        append = out.append
        for key, item in value.items():
            if type(key) is not str:
                raise _Other
            append(separator)
            append(_key(key))
            kind = type(item)
            if kind is str:
                append(_STRING(item))
            elif item is None:
                append("null")
            elif kind is int:
                append(int.__repr__(item))
            else:
                _write(item, level + 1, out)
            separator = after
        out.append(_NEWLINES[level] + "}" if level < 64 else "\n" + "  " * level + "}")
    elif kind is list or kind is tuple:
        if not value:
            out.append("[]")
            return
        inner = _NEWLINES[level + 1] if level < 63 else "\n" + "  " * (level + 1)
        separator = "[" + inner
        after = "," + inner
        for item in value:
            out.append(separator)
            _write(item, level + 1, out)
            separator = after
        out.append(_NEWLINES[level] + "]" if level < 64 else "\n" + "  " * level + "]")
    elif value is None:
        out.append("null")
    elif value is True:
        out.append("true")
    elif value is False:
        out.append("false")
    elif kind is int:
        out.append(int.__repr__(value))
    elif kind is float:
        out.append(_float(value))
    else:
        raise _Other


def dumps(value: Any, level: int = 0) -> str:
    """`json.dumps(value, ensure_ascii=False, indent=2)`; `level` indents it as if nested that deep
    (lines after the first start with 2 x `level` more spaces), for pieces of a larger document."""
    out: list[str] = []
    try:
        _write(value, level, out)
    except (_Other, RecursionError):
        text = json.dumps(value, ensure_ascii=False, indent=2)
        return text.replace("\n", "\n" + "  " * level) if level else text
    return "".join(out)
