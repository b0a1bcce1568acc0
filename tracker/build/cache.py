"""What an incremental build keeps between builds, and how it starts from it.

A campaigner editing one event should not wait for the whole site to be made again, so `tracker build`
(not the publish build, whose settings turn this off) keeps a cache folder (`TRACKER_CACHE_PATH`, under
`.cache/` by default) with, for each output folder:

* `state`: the key and files of every group of output the last build made (`Output.reuse`, in
  tracker/writing.py), a record of every file of the live site (`staging.FileRecord`), the same for the
  spare copy below, a fingerprint of every input of that build, and the holiday tables it used (with the
  digest of the code, `holidays` included, that made them: see `derive.calendars.Calendars`);
* `fragments`: text the last build computed per platform (its share of the downloads), by key;
* `markdown`: rendered Markdown, by a key of the text and the renderer (`text.markdown_html.TextCache`);
* `spare/`: the site as it was before the last build. The next build starts from this copy instead of an
  empty folder: files whose bytes do not change are not written at all, and the copy is swapped in whole,
  so readers still only ever see a complete site. The replaced site becomes the next spare.

Nothing here is trusted blindly. Every file of the live site and of the spare is checked against its
record (size, change time, inode) before it is kept; a key covers everything its output can depend on
(tracker/build/fingerprint.py); a build whose inputs all match the last one's, and whose site is intact, does
nothing. Whenever anything is missing or odd, the build simply makes more itself.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tracker.build.cache_files import (
    CACHE_FORMAT,
    Store,
    TrackingStore,
    load_record,
    raw_records,
    records,
    save_record,
)
from tracker.build.fingerprint import code_digest, settings_digest, tree_digest
from tracker.build.staging import (
    FileRecord,
    fresh_folder,
    make_readable,
    record_of,
    remove_empty_folders,
    remove_leftovers,
    replace_folder,
    scan_tree,
    swap_into_place,
)
from tracker.build.warm import Kept, Warm
from tracker.derive.calendars import HolidayTables
from tracker.load.digest import combine
from tracker.settings import TrackerSettings

__all__ = [
    "CACHE_FORMAT",
    "Cache",
    "Prepared",
    "TrackingStore",
    "build_fingerprint",
    "cache_folder",
    "keep_warm",
    "open_cache",
]

# Output folders whose state is kept; older ones are removed (tests build into many temporary folders).
KEEP_OUTPUTS = 8


def cache_folder(settings: TrackerSettings, settings_file: str | os.PathLike[str]) -> Path | None:
    """The cache folder the settings ask for (relative to the settings file), or None for none."""
    if not settings.cache_path:
        return None
    path = Path(settings.cache_path)
    if not path.is_absolute():
        path = Path(os.fspath(settings_file)).resolve().parent / path
    return path


def _intact(root: Path, records: Mapping[str, FileRecord]) -> tuple[dict[str, FileRecord], dict[str, Any]]:
    """The records whose file under `root` is still exactly as recorded, and every file there."""
    on_disk = scan_tree(os.fspath(root))
    kept = {name: r for name, r in records.items() if name in on_disk and r.same_file(on_disk[name])}
    return kept, on_disk


@dataclass
class Prepared:
    """A staging folder ready for the build, and what the sink may assume about it and the live site.

    `live` is every file of the live site that is as recorded (`carry` uses those with a SHA-256);
    `present` the files of the staging folder it may keep.
    """

    staging: Path
    present: dict[str, FileRecord]
    live: dict[str, FileRecord]
    reused_spare: bool


@dataclass
class Cache:
    """The cache of one output folder, locked for one build."""

    folder: Path
    output: Path
    fingerprint: str
    state: dict[str, Any] = field(default_factory=dict)
    _lock: Any = None
    # The last build's state as a warm process kept it, trusted instead of the disk (tracker/build/warm.py).
    kept: Kept | None = None
    # Every file of the folder that becomes the spare when the staging folder is swapped in.
    spare_files: dict[str, FileRecord] = field(default_factory=dict)

    # -- reading --

    @property
    def groups(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        raw = self.state.get("groups") or {}
        return {name: (key, tuple(files)) for name, (key, files) in raw.items()}

    def stores(self) -> dict[str, Store]:
        """The stores read (or kept) so far, by name."""
        stores: dict[str, Store] = self.__dict__.setdefault("_stores", {})
        return stores

    def _store(self, name: str) -> Store:
        stores = self.stores()
        if name not in stores:
            kept = self.kept.stores.get(name) if self.kept is not None else None
            stores[name] = kept if kept is not None else Store.load(self.folder, name)
        return stores[name]

    def _live(self) -> tuple[dict[str, FileRecord], Mapping[str, Any]]:
        """The live site's files that are as recorded, and every file there (kept ones: all of them)."""
        if self.kept is not None:
            return dict(self.kept.live), self.kept.live
        if not self.output.is_dir():
            return {}, {}
        return _intact(self.output, records(self.state.get("live") or {}))

    def fragments(self) -> dict[str, str]:
        return self._store("fragments").items

    def markdown(self) -> dict[bytes, str]:
        return self._store("markdown").items

    def templates(self, settings_key: str) -> Path:
        """A folder for Jinja's compiled templates, for these settings only (compiled code depends on the
        environment's options, which Jinja's own cache key leaves out)."""
        folder = self.folder / f"templates-{settings_key[:16]}"
        for old in self.folder.glob("templates-*"):
            if old != folder:
                _remove(old)
        return folder

    def pieces(self) -> dict[str, Any]:
        """The data file's pieces as the last build read them (tracker/chunks.py), as plain values."""
        return self._store("pieces").items

    def holidays(self) -> HolidayTables:
        """The holiday tables the last build used, when made by this very code (and `holidays`)."""
        kept = self.state.get("holidays") or {}
        if kept.get("code") != code_digest():
            return {}
        return {
            (country, subdiv, year): {date.fromordinal(day): name for day, name in days}
            for country, subdiv, year, days in kept.get("tables") or ()
        }

    def up_to_date(self) -> int | None:
        """The number of files of the live site when the last build had exactly these inputs and the
        site is untouched since; None when there is anything to build."""
        if self.state.get("fingerprint") != self.fingerprint or not self.output.is_dir():
            return None
        if self.kept is not None:
            return len(self.kept.live) or None
        live = records(self.state.get("live") or {})
        kept, on_disk = _intact(self.output, live)
        return len(live) if live and len(kept) == len(live) == len(on_disk) else None

    # -- the staging folder --

    def prepare(self) -> Prepared:
        """A staging folder holding as much of the site as can be trusted, for the sink to start from.

        The live site's files that are as recorded may be carried forward. The staging folder is the
        spare copy when it is intact enough to be worth it, else a fresh folder with the live site's
        files linked in (a link is safe: the sink only ever writes new inodes).
        """
        live, live_files = self._live()
        # Files not as recorded stay listed (unhashed, so never kept) for the spare they will be in.
        self.spare_files = {**{name: _UNKNOWN for name in live_files}, **live}
        spare = self.folder / "spare"
        staging = self.folder / "staging"
        _remove(staging)  # left by a build that was killed
        remove_leftovers(self.output)
        if spare.is_dir() and _same_device(spare, self.output.parent):
            if self.kept is not None:
                present, on_disk = dict(self.kept.spare), self.kept.spare
            else:
                present, on_disk = _intact(spare, records(self.state.get("spare") or {}))
            present = {name: r for name, r in present.items() if r.sha256}
            os.replace(spare, staging)
            _keep_only(staging, present, on_disk)
            return Prepared(staging, present, live, True)
        _remove(spare)
        staging = fresh_folder(self.output)
        present = {}
        for name, record in live.items():
            if not record.sha256:
                continue  # Pelican's own files: it writes them again
            target = staging / name
            target.parent.mkdir(parents=True, exist_ok=True)
            try:
                os.link(self.output / name, target)
            except OSError:
                break  # no links on this file system: the sink copies what it carries instead
            present[name] = record
        return Prepared(staging, present, live, False)

    def swap(
        self, staging: Path, new_live: Mapping[str, FileRecord], old_live: Mapping[str, FileRecord]
    ) -> None:
        """Put the staging folder in place of the live site; the live site becomes the spare."""
        spare = self.folder / "spare"
        _remove(spare)
        if self.output.exists() and _same_device(self.folder, self.output.parent):
            make_readable(staging)
            replace_folder(staging, self.output, spare)
            self.state["spare"] = raw_records(old_live)
        else:
            swap_into_place(staging, self.output)
            self.state["spare"] = {}
            self.spare_files = {}
        self.state["live"] = raw_records(new_live)

    # -- writing --

    def commit(
        self,
        new_live: Mapping[str, FileRecord],
        groups: Mapping[str, tuple[str, tuple[str, ...]]],
        fragments: Mapping[str, str],
        markdown: Mapping[bytes, str],
        keep_markdown: set[bytes],
        pieces: Mapping[str, Any],
        holidays: HolidayTables | None = None,
    ) -> None:
        """Remember this build for the next one."""
        self.state.update(
            fingerprint=self.fingerprint,
            output=os.fspath(self.output),
            live=raw_records(new_live),
            groups={name: [key, list(files)] for name, (key, files) in groups.items()},
            holidays={
                "code": code_digest(),
                "tables": [
                    (country, subdiv, year, [(day.toordinal(), name) for day, name in days.items()])
                    for (country, subdiv, year), days in sorted((holidays or {}).items(), key=str)
                ],
            },
        )
        self._store("fragments").save(fragments)
        self._store("pieces").save(pieces)
        self._store("markdown").save({k: v for k, v in markdown.items() if k in keep_markdown})
        save_record(self.folder / "state", self.state)

    def forget(self) -> None:
        """After a failed build: nothing of it may be mistaken for a finished build."""
        self.state.pop("fingerprint", None)
        with contextlib.suppress(OSError):
            save_record(self.folder / "state", self.state)

    def close(self) -> None:
        if self._lock is not None:
            with contextlib.suppress(OSError):
                fcntl.flock(self._lock, fcntl.LOCK_UN)
            self._lock.close()
            self._lock = None


def build_fingerprint(
    settings: Mapping[str, Any], data: bytes, today: str, theme: str | os.PathLike[str], content: str | None
) -> str:
    """Every input of a build: code, settings, theme, content, data and day."""
    return combine(
        CACHE_FORMAT,
        code_digest(),
        settings_digest(settings),
        tree_digest(theme),
        tree_digest(content),
        today,
        data,
    )


@contextlib.contextmanager
def open_cache(
    root: Path, output: Path, fingerprint: str, warm: Warm | None = None
) -> Iterator[Cache | None]:
    """The cache of `output` under `root`, locked against another build of the same folder; None when
    the cache folder cannot be used (the build then simply makes everything)."""
    folder = root / combine(os.fspath(output))[:24]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        lock = open(folder / "lock", "w")  # noqa: SIM115 - held until the build ends
    except OSError:
        yield None
        return
    try:
        fcntl.flock(lock, fcntl.LOCK_EX)
    except OSError:
        lock.close()
        yield None
        return
    cache = Cache(folder, output, fingerprint, _lock=lock)
    cache.kept = warm.trusted(folder, output) if warm is not None else None
    state = cache.kept.state if cache.kept is not None else load_record(folder / "state")
    if state is not None and state.get("output") == os.fspath(output):
        cache.state = state
    with contextlib.suppress(OSError):
        os.utime(folder)
        _prune(root, keep=folder)
    try:
        yield cache
    finally:
        cache.close()


def _prune(root: Path, keep: Path) -> None:
    """Remove the caches of all but the most recently built output folders."""
    folders = [p for p in root.iterdir() if p.is_dir() and p != keep]
    folders.sort(key=lambda p: p.stat().st_mtime, reverse=True)
    for old in folders[KEEP_OUTPUTS - 1 :]:
        lock = old / "lock"
        try:
            with open(lock, "w") as handle:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                shutil.rmtree(old, ignore_errors=True)
        except OSError:
            continue  # being built right now


def keep_warm(warm: Warm, cache: Cache, new_live: Mapping[str, FileRecord]) -> None:
    """After `commit`: what the next build of `warm`'s process may take from memory."""
    kept = Kept(cache.folder, cache.output, cache.state, cache.stores(), dict(new_live), cache.spare_files)
    kept.seal()
    warm.kept = kept


# The record of a file found on disk but not as recorded: no digest, so nothing ever keeps it.
_UNKNOWN = record_of(os.stat_result((0,) * 10))


def _same_device(a: Path, b: Path) -> bool:
    try:
        return a.stat().st_dev == b.stat().st_dev
    except OSError:
        return False


def _keep_only(root: Path, keep: Mapping[str, FileRecord], on_disk: Mapping[str, Any]) -> None:
    """Remove every file under `root` not in `keep` (Pelican's own files, stray or changed files)."""
    folders = set()
    for name in on_disk:
        if name not in keep:
            path = root / name
            os.unlink(path)
            folders.add(os.fspath(path.parent))
    remove_empty_folders(folders, os.fspath(root))


def _remove(path: Path) -> None:
    if path.exists():
        shutil.rmtree(path, ignore_errors=True)
