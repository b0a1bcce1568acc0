"""Digests of everything a build's output can depend on, for the incremental build's cache keys.

A cached piece of output may be reused only when every input it was made from is unchanged, so these
digests err on the side of including too much: the whole tracker package and theme, the versions of the
libraries that shape the output, every setting, every file of the content folder. Records are digested by
value (every field of the frozen dataclasses, nested), never by position in the data file, so an edit to
one platform leaves the digests of the others alone.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Iterable, Mapping
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from tracker.load.digest import combine

__all__ = [
    "LIBRARIES",
    "code_digest",
    "settings_digest",
    "tree_digest",
]

# Distributions whose version can change a byte of output.
LIBRARIES = (
    "pelican",
    "jinja2",
    "markupsafe",
    "markdown",
    "nh3",
    "feedgen",
    "lxml",
    "icalendar",
    "holidays",
    "python-dateutil",
    "pyyaml",
    "idna",
)
PACKAGE = Path(__file__).resolve().parents[1]
# Settings that say where things are rather than what they are: the same site built elsewhere is the same.
LOCATION_SETTINGS = frozenset({"OUTPUT_PATH", "TRACKER_CACHE_PATH", "TRACKER_DATA", "PATH", "THEME"})



def _stable(value: Any) -> Any:
    """A setting as a repr-able value that is the same from one process to the next."""
    if isinstance(value, Mapping):
        return {str(k): _stable(v) for k, v in sorted(value.items(), key=lambda kv: str(kv[0]))}
    if isinstance(value, list | tuple):
        return [_stable(item) for item in value]
    if isinstance(value, set | frozenset):
        return sorted(repr(_stable(item)) for item in value)
    if isinstance(value, str | int | float | bool) or value is None:
        return value
    if callable(value):
        return f"{getattr(value, '__module__', '?')}.{getattr(value, '__qualname__', type(value).__name__)}"
    if isinstance(value, date):
        return value.isoformat()
    # Objects whose repr names a memory address (Pelican keeps a few in its settings) count by type.
    text = repr(value)
    return type(value).__qualname__ if " at 0x" in text else text


def settings_digest(settings: Mapping[str, Any]) -> str:
    chosen = {k: v for k, v in settings.items() if k.isupper() and k not in LOCATION_SETTINGS}
    return combine(repr(_stable(chosen)))


def tree_digest(root: str | os.PathLike[str] | None) -> str:
    """Every file under `root`: relative path and bytes (nothing when there is no such folder)."""
    parts: list[str | bytes] = []
    if root is not None and os.path.isdir(root):
        for folder, dirs, files in os.walk(root):
            dirs.sort()
            for name in sorted(files):
                path = os.path.join(folder, name)
                parts.append(os.path.relpath(path, root).replace(os.sep, "/"))
                with open(path, "rb") as handle:
                    parts.append(hashlib.sha256(handle.read()).digest())
    return combine(*parts)


def _versions(names: Iterable[str]) -> list[str]:
    found = []
    for name in names:
        try:
            found.append(f"{name}=={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name} missing")
    return found


@functools.cache
def code_digest() -> str:
    """The tracker's own code and the libraries and Python that run it."""
    return combine(tree_digest(PACKAGE), sys.version, *_versions(LIBRARIES))
