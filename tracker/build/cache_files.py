"""The files of the build cache: marshal records with a format stamp, sharded stores, a tracking dict.

Kept apart from `tracker.build.cache` (which decides what a build may reuse) because these only say
how things are stored: a record of another format, a torn file or a missing shard reads as nothing, so
a damaged cache can only ever make a build do more work, never use something stale.
"""

from __future__ import annotations

import marshal
import os
import zlib
from collections.abc import Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.build.staging import FileRecord

__all__ = [
    "CACHE_FORMAT",
    "SHARDS",
    "Store",
    "TrackingStore",
    "load_record",
    "raw_records",
    "records",
    "save_record",
]

# Bump when anything stored here changes meaning: older caches are then ignored.
CACHE_FORMAT = "tracker-build-cache-3"  # 3: modules moved into subpackages (pickled class paths)


def records(raw: Mapping[str, tuple[bytes, int, int, int]]) -> dict[str, FileRecord]:
    return {name: FileRecord(*values) for name, values in raw.items()}


def raw_records(records: Mapping[str, FileRecord]) -> dict[str, tuple[bytes, int, int, int]]:
    return {name: (r.sha256, r.size, r.mtime_ns, r.inode) for name, r in records.items()}


def load_record(path: Path) -> Any:
    try:
        # Read whole, then decoded: `marshal.load` on a file reads it a few bytes at a time, 5 x slower
        # on the 3 MB state of a 1000-platform site.
        with open(path, "rb") as handle:
            value = marshal.loads(handle.read())  # noqa: S302 - written only by this tool, in its own cache
    except (OSError, EOFError, ValueError, TypeError):
        return None
    if not isinstance(value, dict) or value.get("format") != CACHE_FORMAT:
        return None
    return value


def save_record(path: Path, value: dict[str, Any]) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with open(temporary, "wb") as handle:
        marshal.dump({**value, "format": CACHE_FORMAT}, handle)
    os.replace(temporary, path)


# The large stores are kept in shards by key, so a rebuild that changes a few entries rewrites few bytes.
SHARDS = 16


def shard(key: str | bytes) -> int:
    return zlib.crc32(key if isinstance(key, bytes) else key.encode("utf-8")) % SHARDS


@dataclass
class Store:
    """A dict saved as `SHARDS` files; `saved` remembers what each file held when it was read."""

    folder: Path
    name: str
    items: dict[Any, Any] = field(default_factory=dict)
    saved: list[dict[Any, Any]] = field(default_factory=list)

    @classmethod
    def load(cls, folder: Path, name: str) -> Store:
        store = cls(folder, name)
        for n in range(SHARDS):
            stored = load_record(folder / f"{name}-{n:02d}")
            part = dict(stored["items"]) if stored else {}
            store.saved.append(part)
            store.items.update(part)
        return store

    def files(self) -> list[str]:
        """The names of its shard files in `folder`."""
        return [f"{self.name}-{n:02d}" for n in range(SHARDS)]

    def save(self, items: Mapping[Any, Any]) -> None:
        """Write the shards whose items changed; the store then holds `items`, as a fresh load would (a
        process that keeps it for its next build compares with what is on disk, not what was read)."""
        parts: list[dict[Any, Any]] = [{} for _ in range(SHARDS)]
        for key, value in items.items():
            parts[shard(key)][key] = value
        for n, part in enumerate(parts):
            if n >= len(self.saved) or part != self.saved[n]:
                save_record(self.folder / f"{self.name}-{n:02d}", {"items": part})
        self.saved = parts
        self.items = dict(items)


class TrackingStore(MutableMapping[bytes, str]):
    """A dict that notes which keys a build used, so only those are saved for the next build."""

    def __init__(self, data: dict[bytes, str]) -> None:
        self.data = data
        self.used: set[bytes] = set()

    def __getitem__(self, key: bytes) -> str:
        value = self.data[key]
        self.used.add(key)
        return value

    def __setitem__(self, key: bytes, value: str) -> None:
        self.data[key] = value
        self.used.add(key)

    def __delitem__(self, key: bytes) -> None:
        del self.data[key]
        self.used.discard(key)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.data)

    def __len__(self) -> int:
        return len(self.data)
