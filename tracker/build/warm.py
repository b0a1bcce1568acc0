"""What a process that builds again and again (the live preview) keeps of its last build in memory.

A one-event rebuild of a thousand platforms spent a third of its time reading back what the same process
had just written: the cache's state and stores (unmarshalled), the records of every file of the live site
and of the spare copy (each folder scanned and every file's stat compared). A `Warm` keeps them as the
last build left them, so the next build of the same output folder starts from memory.

Memory is trusted only while the disk is as that build left it, by what can be checked in a few stat
calls: the state file and every store shard still the files it wrote (inode, size, change time), and
the output folder and the spare still the folders it swapped in (inode and change time of each). Files
under those folders are not looked at one by one: while a preview runs, its output folder is its own
(the server only reads it). Anything else, a build in another process included, makes the next build
read and check the disk as a cold `tracker build` does; a failed build forgets everything.

One `Warm` belongs to one caller (`tracker serve` makes one for its session) and is handed to
`build_site`; nothing is kept in module globals, so builds without one behave exactly as before.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tracker.build.cache_files import Store
from tracker.build.staging import FileRecord
from tracker.model.dataset import Platform

__all__ = ["Kept", "Warm", "stamp"]

# (inode, size, change time in ns) of a file or folder; None when it is not there.
Stamp = tuple[int, int, int] | None


def stamp(path: Path) -> Stamp:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


@dataclass
class Kept:
    """One cache folder's state as the last build committed it.

    `live` is every file of the live site and `spare` every file of the spare copy, by their records
    (complete listings: a trusted build neither scans nor stats them); `stamps` what the files and
    folders they stand for looked like right after that build.
    """

    folder: Path
    output: Path
    state: dict[str, Any]
    stores: dict[str, Store]
    live: dict[str, FileRecord]
    spare: dict[str, FileRecord]
    stamps: dict[str, Stamp] = field(default_factory=dict)

    def watched(self) -> dict[str, Path]:
        """Every file and folder whose stamp must be unchanged for this to be trusted."""
        paths = {"state": self.folder / "state", "output": self.output, "spare": self.folder / "spare"}
        for store in self.stores.values():
            for name in store.files():
                paths[name] = self.folder / name
        return paths

    def seal(self) -> None:
        """Note the stamps as they are now, right after the build that made this."""
        self.stamps = {name: stamp(path) for name, path in self.watched().items()}

    def still_true(self, folder: Path, output: Path) -> bool:
        if folder != self.folder or output != self.output or not self.stamps:
            return False
        return all(stamp(path) == self.stamps.get(name) for name, path in self.watched().items())


@dataclass
class Warm:
    """What one long-running caller keeps between its builds (see the module's docstring).

    `platforms` holds the platforms the last load made, by their piece's digest, with the line the piece
    started on (tracker/build/data_pieces.py): taken as they are instead of unpickled again. `memo` holds
    the values the last build made from each platform's record, by the key of their inputs
    (tracker/derive/memo.py). Both are keyed by content, so they stay true whatever the disk does.
    """

    kept: Kept | None = None
    platforms: dict[str, tuple[int, Platform]] = field(default_factory=dict)
    memo: dict[str, Any] = field(default_factory=dict)

    def trusted(self, folder: Path, output: Path) -> Kept | None:
        """The kept state of `folder` when the disk is still as it was left, else None (and forgotten)."""
        kept = self.kept
        if kept is not None and kept.still_true(folder, output):
            return kept
        self.kept = None
        return None

    def forget(self) -> None:
        self.kept = None
