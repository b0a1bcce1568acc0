"""Validate, then build the site into a staging folder and swap it into place only when all of it worked.

A failed build (bad data, a template error, a full disk) must never leave readers with half a site, so
`output/` is only ever replaced by a complete sibling folder.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import logging
import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from tracker.build.cache import Cache, build_fingerprint, cache_folder, keep_warm, open_cache
from tracker.build.cache_files import TrackingStore
from tracker.build.data_pieces import ChunkEntry, Made, entries_from_raw, entries_to_raw, load_chunked
from tracker.build.session import Session, start_session
from tracker.build.staging import FileRecord, Sink, fresh_folder, record_of, scan_tree, swap_into_place
from tracker.build.warm import Warm
from tracker.build.workers import PARALLEL_FROM, workers
from tracker.check.content import check_content
from tracker.check.validate import Loaded, load_for_build
from tracker.derive.calendars import Calendars
from tracker.derive.memo import Memo
from tracker.load.digest import combine
from tracker.load.yaml_strict import DEFAULT_LIMITS, Limits
from tracker.model.problems import DataError
from tracker.settings import TrackerSettings, read_settings
from tracker.text.flagged_data import dataset_flagged_domains


@dataclass(frozen=True)
class BuildResult:
    output: Path
    files: int
    # The tracker's files this build wrote (the rest it kept as they were, or Pelican wrote).
    written: tuple[str, ...] = ()


@contextlib.contextmanager
def _long_lived_set_aside() -> Iterator[None]:
    """Keep the cyclic garbage collector off the loaded data while the pages are made.

    The loaded data and its derived facts are millions of small objects that live until the build ends;
    with the default thresholds every full collection rescans them, about a tenth of a build. Raising
    the thresholds instead (as builds once did) let the cyclic garbage of the Word and image writers pile
    up until the end: 650 MB at 100 platforms against 166 MB. Freezing moves what exists now out of the
    collector's sight and leaves it collecting the garbage each page makes, at the usual pace.

    Inside another such block (an incremental build sets aside what its cache and a warm process hold
    before it loads anything) it freezes what was made since, and leaves the unfreezing to the outer one.
    """
    outer = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not outer:
            gc.unfreeze()


def data_limits(settings: TrackerSettings) -> Limits:
    """`TRACKER_MAX_DATA_BYTES` raises the data file's size limit for very large records."""
    size = settings.max_data_bytes
    return Limits(max_bytes=size) if size else DEFAULT_LIMITS


def pelican_settings(settings_file: str | os.PathLike[str], overrides: dict[str, Any]) -> dict[str, Any]:
    from pelican.settings import read_settings

    return dict(read_settings(os.fspath(settings_file), override=overrides))


def build_site(
    *,
    today: date,
    settings_file: str | os.PathLike[str] = "pelicanconf.py",
    output: str | os.PathLike[str] = "output",
    data: str | os.PathLike[str] | None = None,
    extra_settings: dict[str, Any] | None = None,
    incremental: bool = False,
    warm: Warm | None = None,
) -> BuildResult:
    """Build the whole site for `today`. Raises DataError (data problems) before anything is written.

    `incremental` lets the build start from what the previous build of the same output folder left in
    the cache folder the settings name (`TRACKER_CACHE_PATH`, see tracker/build/cache.py); the result is
    the same site, byte for byte. Without a cache folder (publish builds) every build is a clean one.
    `warm` (a process that builds again and again: the preview) keeps the cache's state in memory between
    its builds, trusted while the disk is as its last build left it (tracker/build/warm.py).
    """
    output_path = Path(output).resolve()
    overrides: dict[str, Any] = {"TRACKER_TODAY": today.isoformat(), **(extra_settings or {})}
    if data is not None:
        overrides["TRACKER_DATA"] = os.fspath(data)
    probe = pelican_settings(settings_file, overrides)
    root = cache_folder(read_settings(probe), settings_file) if incremental else None
    if root is None:
        return _clean_build(settings_file, overrides, probe, today, output_path)
    with open(read_settings(probe).data, "rb") as handle:
        raw = handle.read()
    base = build_fingerprint(probe, b"", "", probe["THEME"], probe.get("PATH"))
    fingerprint = combine(base, today.isoformat(), hashlib.sha256(raw).hexdigest())
    # A warm process holds the last build's cache state and platforms: out of the collector's sight from
    # the start, or the first full collection (while the cache's records are read) rescans them all.
    with _long_lived_set_aside(), open_cache(root, output_path, fingerprint, warm) as cache:
        if cache is None:
            return _clean_build(settings_file, overrides, probe, today, output_path)
        files = cache.up_to_date()
        if files is not None:
            return BuildResult(output_path, files)
        # The holiday tables the previous build used spare loading the `holidays` package's calendars.
        calendars = Calendars(cache.holidays())
        return _incremental_build(settings_file, overrides, probe, today, cache, base, raw, calendars, warm)


def _run(
    settings_file: str | os.PathLike[str],
    overrides: dict[str, Any],
    staging: Path,
    session: Session,
    templates: Path | None = None,
) -> None:
    """Pelican, with the tracker's generator, into `staging`; `templates` keeps compiled templates.

    Pelican and the writers are imported here, not at the top: a rebuild with nothing to do (the cache
    says every file is up to date) never needs them, and importing them is most of such a rebuild."""
    from pelican import Pelican

    from tracker.build.generator import unregister

    # The staging folder is empty or holds exactly what the build may keep: Pelican must not clear it.
    local = {**overrides, "OUTPUT_PATH": os.fspath(staging), "DELETE_OUTPUT_DIRECTORY": False}
    if templates is not None:
        from jinja2 import FileSystemBytecodeCache

        templates.mkdir(parents=True, exist_ok=True)
        jinja = pelican_settings(settings_file, overrides)["JINJA_ENVIRONMENT"]
        local["JINJA_ENVIRONMENT"] = {
            **jinja,
            "bytecode_cache": FileSystemBytecodeCache(os.fspath(templates)),
        }
    settings = pelican_settings(settings_file, local)
    logging.getLogger("pelican").setLevel(logging.WARNING)
    start_session(session)
    try:
        Pelican(settings).run()
    finally:
        unregister()


def _clean_build(
    settings_file: str | os.PathLike[str],
    overrides: dict[str, Any],
    probe: dict[str, Any],
    today: date,
    output_path: Path,
) -> BuildResult:
    data_path = read_settings(probe).data
    with open(data_path, "rb") as handle:
        raw = handle.read()
    calendars = Calendars()
    loaded = _load(probe, today, raw, {}, calendars)
    _check_content(probe, settings_file, loaded)
    staging = fresh_folder(output_path)
    sink = Sink(os.fspath(staging))
    session = Session(data_path, today, loaded, sink, calendars=calendars)
    try:
        with _long_lived_set_aside():
            _run(settings_file, overrides, staging, session)
        files = sum(len(names) for _, _, names in os.walk(staging))
        swap_into_place(staging, output_path)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(output_path, files, tuple(sorted(sink.written)))


def _incremental_build(
    settings_file: str | os.PathLike[str],
    overrides: dict[str, Any],
    probe: dict[str, Any],
    today: date,
    cache: Cache,
    base: str,
    raw: bytes,
    calendars: Calendars,
    warm: Warm | None = None,
) -> BuildResult:
    data_path = read_settings(probe).data
    if warm is not None:
        warm.forget()  # until this build has finished: memory is trusted only after a whole build
    pieces = entries_from_raw(cache.pieces())
    loaded = _load(probe, today, raw, pieces, calendars, warm.platforms if warm is not None else None)
    _check_content(probe, settings_file, loaded)
    prepared = cache.prepare()
    staging = prepared.staging
    sink = Sink(
        os.fspath(staging),
        present=prepared.present,
        live_root=os.fspath(cache.output),
        live={name: r for name, r in prepared.live.items() if r.sha256},
    )
    markdown = TrackingStore(cache.markdown())
    session = Session(
        data_path,
        today,
        loaded,
        sink,
        base_key=base,
        previous=cache.groups,
        fragments=cache.fragments(),
        markdown=markdown,
        calendars=calendars,
        memo=Memo(warm.memo if warm is not None else {}),
    )
    try:
        # Through the commit too: its records of ten thousand files, made after the pages, used to set off
        # a full collection over everything loaded and kept warm (a quarter of a second at 1000 x 20).
        with _long_lived_set_aside():
            _run(settings_file, overrides, staging, session, cache.templates(base))
            new_live = manifest(staging, sink.records)
            cache.swap(staging, new_live, prepared.live)
            _commit(cache, session, new_live, markdown, pieces)
            if warm is not None:
                keep_warm(warm, cache, new_live)
                warm.memo = session.memo.kept
    except BaseException:
        cache.forget()
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return BuildResult(cache.output, len(new_live), tuple(sorted(sink.written)))


def _commit(
    cache: Cache,
    session: Session,
    new_live: dict[str, FileRecord],
    markdown: TrackingStore,
    pieces: dict[str, ChunkEntry],
) -> None:
    """What the next build starts from: the live site's records and what this build made."""
    cache.commit(
        new_live,
        session.groups,
        session.new_fragments,
        markdown.data,
        markdown.used | session.markdown_keys,
        entries_to_raw(pieces),
        session.calendars.tables(),
    )


def _load(
    probe: dict[str, Any],
    today: date,
    raw: bytes,
    pieces: dict[str, ChunkEntry],
    calendars: Calendars,
    made: Made | None = None,
) -> Loaded:
    """The data file (its bytes already read) validated piece by piece (tracker/build/data_pieces.py), reusing
    `pieces`, or, when that cannot decide, by the whole-file validator, whose problems are the ones shown.

    `pieces` is left holding this file's pieces (empty after the whole-file validator). The holiday
    calendars `calendars` already holds are known to exist, so the pieces' check need not ask `holidays`.
    `made`: the platforms a warm process's last load made (`data_pieces.load_chunked`).
    """
    data_path = read_settings(probe).data
    limits = data_limits(read_settings(probe))
    try:
        # A file the piecewise reader takes has only LF line breaks, so this is the text `read_text`
        # would give.
        text: str | None = raw.decode("utf-8") if len(raw) <= limits.max_bytes else None
    except UnicodeDecodeError:
        text = None
    processes = workers(read_settings(probe), PARALLEL_FROM)
    loaded: Loaded | None = None
    if text is not None:
        loaded = load_chunked(text, data_path, today, limits, pieces, processes, calendars.known(), made)
    if loaded is None:
        pieces.clear()
        loaded = load_for_build(data_path, today, limits=limits)
    return loaded


def _check_content(probe: dict[str, Any], settings_file: str | os.PathLike[str], loaded: Loaded) -> None:
    """Refuse the build before Pelican reads a file when `content/` breaks a rule: Pelican would follow
    links, insert files and write wherever metadata says (tracker/check/content.py)."""
    folder = probe.get("PATH")
    if not folder:
        return
    repository = os.path.dirname(os.path.abspath(settings_file))
    problems = check_content(os.fspath(folder), repository, dataset_flagged_domains(loaded.dataset))
    if problems:
        raise DataError(problems)


def manifest(root: Path, records: dict[str, FileRecord]) -> dict[str, FileRecord]:
    """Every file under `root`: the sink's record of those it wrote (or kept), the bare stat of the rest
    (Pelican's own files)."""
    found = {}
    for name, stat in scan_tree(os.fspath(root), skip_stat=records).items():
        record = records.get(name)
        found[name] = (
            record if record is not None and (stat is None or record.same_file(stat)) else record_of(stat)
        )
    return found
