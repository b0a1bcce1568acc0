"""Digests of values as loaded from the data file: a record by what it says, not where it stands.

The validator records them so the incremental build can tell which platforms changed.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any


def combine(*parts: str | bytes) -> str:
    """One hex digest of several parts (each length-prefixed, so no two lists of parts collide)."""
    digest = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


def value_digest(value: Any) -> str:
    """Digest of a value as loaded from the data file (dicts, lists, text, numbers): a record by what it
    says, whatever line of the file it is on. (JSON, not marshal: marshal's bytes depend on which equal
    strings happen to be the same object.)"""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()

