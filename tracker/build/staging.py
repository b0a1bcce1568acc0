"""Where a build's files go: the staging folder, each file recorded as it is written.

Every file's SHA-256, size, change time and inode are recorded (`FileRecord`), which is what lets the
next build keep files it would only write again byte for byte (see tracker/buildcache.py):

* `emit` writes a file unless the staging folder already holds exactly these bytes (an incremental build
  starts from an earlier copy of the site);
* `carry` keeps a file of the previous build without rendering it again, copying it from the live site
  when the staging copy is older;
* `settle` removes whatever the staging folder still holds that this build did not produce.

Writes are synchronous: on a two-core machine a writer thread slowed rendering (contention for the
interpreter lock) by more than the writing it took over.

Files are always written to a new inode (a temporary name, then `os.replace`): a staging folder may share
inodes with the live site, and the live site must never change under its readers.
"""

from __future__ import annotations

import contextlib
import glob
import hashlib
import os
import shutil
import tempfile
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

__all__ = ["FileRecord", "Sink", "record_of", "remove_empty_folders", "remove_leftovers", "scan_tree"]


@dataclass(frozen=True)
class FileRecord:
    """One output file as the build left it. `sha256` is empty for files the build did not hash
    (Pelican's own pages and theme files), which are then only recognised by their stat."""

    sha256: bytes
    size: int
    mtime_ns: int
    inode: int

    def same_file(self, stat: os.stat_result) -> bool:
        """Whether the file on disk is still the one recorded (nobody rewrote it since)."""
        return stat.st_size == self.size and stat.st_mtime_ns == self.mtime_ns and stat.st_ino == self.inode


def record_of(stat: os.stat_result, sha256: bytes = b"") -> FileRecord:
    return FileRecord(sha256, stat.st_size, stat.st_mtime_ns, stat.st_ino)


def scan_tree(root: str, skip_stat: Collection[str] = ()) -> dict[str, Any]:
    """Every file under `root` by `/`-separated relative path (empty when `root` does not exist), with its
    `lstat`, or None for names in `skip_stat` (whose stat the caller already knows)."""
    found: dict[str, Any] = {}
    folders = [(root, "")]
    while folders:
        folder, relative = folders.pop()
        try:
            entries = os.scandir(folder)
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                name = f"{relative}{entry.name}"
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, name + "/"))
                else:
                    found[name] = None if name in skip_stat else entry.stat(follow_symlinks=False)
    return found


class Sink:
    """The files of one build.

    `present` describes what the staging folder already holds (checked against the disk by the caller,
    which also removed anything else); `live` is the previous build's record of the live site at
    `live_root`, used by `carry`.
    """

    def __init__(
        self,
        staging: str,
        *,
        present: Mapping[str, FileRecord] | None = None,
        live_root: str | None = None,
        live: Mapping[str, FileRecord] | None = None,
    ) -> None:
        self.staging = staging
        self.present: dict[str, FileRecord] = dict(present or {})
        self.live_root = live_root
        self.live: Mapping[str, FileRecord] = live or {}
        self.records: dict[str, FileRecord] = {}
        self.written: list[str] = []  # files actually written, rather than found already in place
        self.claimed: set[str] = set()
        self._folders: set[str] = set()

    # -- the public operations --

    def emit(self, save_as: str, data: bytes) -> None:
        """Make `save_as` hold `data`."""
        self._claim(save_as)
        digest = hashlib.sha256(data).digest()
        current = self.present.get(save_as)
        if current is not None and current.sha256 == digest:
            self.records[save_as] = current
            return
        self._replace(save_as, data, digest)

    def can_carry(self, save_as: str) -> bool:
        """Whether `carry` can keep this file: the live site has it, hashed, and nothing wrote it yet."""
        record = self.live.get(save_as)
        return (
            record is not None
            and bool(record.sha256)
            and self.live_root is not None
            and save_as not in self.claimed
        )

    def carry(self, save_as: str) -> bool:
        """Keep the previous build's `save_as` unchanged; False when it cannot (then render it)."""
        if not self.can_carry(save_as):
            return False
        record = self.live[save_as]
        self._claim(save_as)
        current = self.present.get(save_as)
        if current is not None and current.sha256 == record.sha256:
            self.records[save_as] = current
            return True
        assert self.live_root is not None
        with open(os.path.join(self.live_root, *save_as.split("/")), "rb") as handle:
            data = handle.read()
        if hashlib.sha256(data).digest() != record.sha256:
            raise RuntimeError(f"{save_as} changed in the live site during the build")
        self._replace(save_as, data, record.sha256)
        return True

    def settle(self, still_to_come: Collection[str] = ()) -> None:
        """Remove the files the staging folder held that this build did not make (and will not: files
        `still_to_come` are kept, to be compared with what is written there next)."""
        folders: set[str] = set()
        for save_as in [
            name for name in self.present if name not in self.claimed and name not in still_to_come
        ]:
            path = self._path(save_as)
            with contextlib.suppress(FileNotFoundError):
                os.unlink(path)
            folders.add(os.path.dirname(path))
            del self.present[save_as]
        remove_empty_folders(folders, self.staging)

    # -- internals --

    def _claim(self, save_as: str) -> None:
        if save_as in self.claimed:
            raise RuntimeError(f"{save_as} is written twice in one build")
        self.claimed.add(save_as)

    def _path(self, save_as: str) -> str:
        return os.path.join(self.staging, *save_as.split("/"))

    def _replace(self, save_as: str, data: bytes, digest: bytes) -> None:
        path = self._path(save_as)
        folder = os.path.dirname(path)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        # A name the staging folder holds may share its inode with the live site: write a new one.
        temporary = f"{path}.tracker-tmp" if save_as in self.present else path
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()  # the record must describe the file as it will stay
            stat = os.fstat(handle.fileno())
        if temporary != path:
            os.replace(temporary, path)
        self.records[save_as] = record_of(stat, digest)
        self.written.append(save_as)


def remove_empty_folders(folders: set[str], root: str) -> None:
    """Remove the given folders, and then their parents, while they are empty (never `root` itself)."""
    root = os.path.normpath(root)
    for folder in sorted(folders, key=len, reverse=True):
        while os.path.normpath(folder) != root and folder.startswith(root):
            try:
                os.rmdir(folder)
            except OSError:
                break  # not empty (or gone): its parents are not empty either
            folder = os.path.dirname(folder)


# --- putting a built folder in place of the site ---------------------------------------------------


def fresh_folder(output: Path, kind: str = "new") -> Path:
    """An empty folder beside `output` (`.<name>-<kind>-...`): on its filesystem, so renames swap it in.

    Each gets a fresh name, so a folder left by a build that was killed (in a container the process id is
    often the same every time) cannot block every later build; and each new build first removes such
    leftovers (`remove_leftovers`), so they do not pile up beside the site for ever.
    """
    output.parent.mkdir(parents=True, exist_ok=True)
    if kind == "new":
        remove_leftovers(output)
    return Path(tempfile.mkdtemp(prefix=f".{output.name}-{kind}-", dir=output.parent))


def remove_leftovers(output: Path) -> None:
    """Remove the staging and old-site folders a killed build left beside `output` (`.<name>-new-*`,
    `.<name>-old-*`). Two builds of one output folder never run at once (an incremental build holds the
    cache's lock; a clean build is started by hand or by CI, one at a time), so none of these is in use."""
    for kind in ("new", "old"):
        for leftover in output.parent.glob(f".{glob.escape(output.name)}-{kind}-*"):
            if leftover.is_dir() and not leftover.is_symlink():
                shutil.rmtree(leftover, ignore_errors=True)


def make_readable(folder: Path) -> None:
    # mkdtemp makes the folder readable by its owner only; a web server running as another user
    # must still be able to read the published site.
    umask = os.umask(0o022)
    os.umask(umask)
    os.chmod(folder, 0o777 & ~umask)


def replace_folder(staging: Path, output: Path, aside: Path) -> None:
    """Rename `output` to `aside` and `staging` to `output`. If the second rename fails, the old site is
    renamed back: a failed swap must not leave no site at all."""
    os.replace(output, aside)
    try:
        os.replace(staging, output)
    except BaseException:
        os.replace(aside, output)
        raise


def swap_into_place(staging: Path, output: Path) -> None:
    """Replace `output` by `staging` (made readable) with renames on one filesystem; the old copy is
    removed last."""
    make_readable(staging)
    if not output.exists():
        os.replace(staging, output)
        return
    old = fresh_folder(output, "old")
    old.rmdir()
    replace_folder(staging, output, old)
    shutil.rmtree(old, ignore_errors=True)
