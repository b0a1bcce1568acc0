"""The Pelican generator that writes the tracker's pages, feeds and downloads through its writers.

`tracker.plugin` connects it (Pelican loads that name from `PLUGINS`). `build_site`
(tracker/build/site.py) hands it a `Session`: the data it has already validated, the `Sink` that writes
into its staging folder, and what the previous build left for an incremental build to reuse. A plain
`pelican` run gets a session of its own that starts from nothing.

The writers are the tuple `WRITERS`, each a `tracker.writing.Writer`: a new kind of output is one more
writer there, and nothing else here changes.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Mapping, MutableMapping, Sequence
from typing import Any, TypeVar

from pelican import signals
from pelican.generators import Generator

from tracker.build.cache_files import TrackingStore
from tracker.build.output import BuildOutput, record_key
from tracker.build.session import Session, current_session, end_session
from tracker.build.staging import Sink
from tracker.build.workers import MAX_TASKS, TaskQueue, run_shared, workers
from tracker.check.validate import load_for_build
from tracker.derive.sitedata import build_site_data
from tracker.downloads.chronology_files import ChronologyFilesWriter
from tracker.downloads.writer import DownloadsWriter
from tracker.feeds.writer import FeedsWriter
from tracker.load.digest import combine
from tracker.model.dates import resolve_today
from tracker.settings import read_settings
from tracker.site.chronology import ChronologyPagesWriter
from tracker.site.headers import HeadersWriter
from tracker.site.host_files import HostFilesWriter
from tracker.site.pages import PagesWriter, check_content_addresses
from tracker.site.sitemap import SitemapWriter
from tracker.writing import Writer, WriterFactory

__all__ = ["WRITERS", "TrackerGenerator", "register", "unregister"]

T = TypeVar("T")
V = TypeVar("V")

# Every kind of output, in the order their whole-site steps start (longest first, so the processes
# sharing them end together) and their `finish` runs (the sitemap last: it lists what is on disk).
WRITERS: tuple[WriterFactory, ...] = (
    DownloadsWriter,
    FeedsWriter,
    PagesWriter,
    ChronologyFilesWriter,
    ChronologyPagesWriter,
    HeadersWriter,
    HostFilesWriter,
    SitemapWriter,
)


def _tasks(platforms: int, extra: Sequence[int], processes: int) -> list[tuple[int, int, int]]:
    """The units in batches: (kind, first, last), kind -1 for platforms and i for writer i's numbered
    units (0-based).

    Batches are small enough for the processes to end together, large enough to cost little to hand out.
    """
    tasks: list[tuple[int, int, int]] = []
    for kind, count in ((-1, platforms), *enumerate(extra)):
        if not count:
            continue
        size = max(1, -(-count // (processes * 40)), -(-count // (MAX_TASKS // 2)))
        tasks += [(kind, start, min(start + size, count)) for start in range(0, count, size)]
    return tasks


class TrackerGenerator(Generator):  # type: ignore[misc]
    def generate_context(self) -> None:
        self.tracker_settings = settings = read_settings(self.settings)
        today = resolve_today(settings.today)
        data_path = os.fspath(settings.data)
        session = current_session()
        self.owns_session = session is None or session.data_path != data_path or session.today != today
        if session is None or self.owns_session:
            session = Session(data_path, today, None, Sink(str(self.output_path)))
        loaded = session.loaded or load_for_build(data_path, today)
        self.session = session
        self.platform_digests = dict(
            zip((p.id for p in loaded.dataset.platforms), loaded.platform_digests, strict=True)
        )
        # Facts follow from the record, the regulators, the day and the code (in the base key).
        facts_key = combine(session.base_key, today.isoformat(), loaded.regulators_digest)

        def remember(kind: str, platform_id: str, make: Callable[[], T], /) -> T:
            key = record_key(facts_key, kind, platform_id, self.platform_digests.get(platform_id))
            return session.memo.get(key, make)

        self.site = build_site_data(
            loaded.dataset, today, session.calendars, store=session.markdown, remember=remember
        )
        self.data_key = combine(
            session.base_key, today.isoformat(), loaded.regulators_digest, self.site.flagged.fingerprint
        )
        self.context["tracker"] = self.site
        self.context["TODAY"] = today
        self.context["DEMO_DATA"] = settings.demo_data  # the banner on every page, articles too

    def _output(self, writer: Any) -> BuildOutput:
        return BuildOutput(
            site=self.site,
            settings=self.tracker_settings,
            articles=tuple(self.context.get("articles") or ()),
            output_path=str(self.output_path),
            template=self.get_template,
            pelican_writer=writer,
            context=self.context,
            session=self.session,
            data_key=self.data_key,
            platform_digests=self.platform_digests,
        )

    def generate_output(self, writer: Any) -> None:
        """Every platform's own pages, feeds and share of the downloads, and every timeline page, are
        independent units, shared between this process and (on a large site) forked copies of it. This
        process first makes the outputs that show every platform (a forked copy is slower at anything
        that reads much of the shared data: its first write to each page of memory copies the page),
        and a worker takes those still waiting when it runs out of units; each writer's `finish` runs
        last, here (the downloads when they wait for every platform's share, then the sitemap)."""
        check_content_addresses(self.context)
        out = self._output(writer)
        writers: list[Writer] = [make(out) for make in WRITERS]
        platforms = len(self.site.dataset.platforms)
        processes = workers(self.tracker_settings, platforms)
        whole_site: list[Callable[[], object]] = [step for w in writers for step in w.whole_site(out)]
        tasks = _tasks(platforms, [w.units for w in writers], processes)
        results = _run_units(self.session, self.context, out, writers, tasks, whole_site, processes)
        for changes in results[1:]:
            _Snapshot.merge(self.session, changes, self.context)
        for w in writers:
            w.finish(out)
        if self.session.markdown is not None:
            texts = self.site.texts
            dataset = self.site.dataset
            every = [p.summary for p in dataset.platforms]
            every += [e.body for p in dataset.platforms for e in p.events]
            every += [e.body for r in dataset.regulators for e in r.events]
            self.session.markdown_keys = {texts.key(text) for text in every if text.strip()}


def _run_units(
    session: Session,
    context: dict[str, Any],
    out: BuildOutput,
    writers: Sequence[Writer],
    tasks: Sequence[tuple[int, int, int]],
    whole_site: Sequence[Callable[[], object]],
    processes: int,
) -> list[dict[str, Any]]:
    """Run the units and whole-site steps in `processes` processes; each worker's changes come back.

    This process takes the whole-site steps first; a worker that runs out of units takes any left (in a
    rebuild the units are mostly kept files, and go fast)."""
    queue = TaskQueue(len(tasks)) if processes > 1 else None
    site_queue = TaskQueue(len(whole_site)) if processes > 1 else None

    def units() -> None:
        for number in queue if queue is not None else range(len(tasks)):
            kind, first, last = tasks[number]
            for index in range(first, last):
                if kind < 0:
                    for w in writers:
                        w.platform(out, index)
                else:
                    writers[kind].unit(out, index)

    def site_wide() -> None:
        for number in site_queue if site_queue is not None else range(len(whole_site)):
            whole_site[number]()

    def run_tasks(report: bool) -> dict[str, Any]:
        before = _Snapshot(session) if report else None
        for step in (units, site_wide) if report else (site_wide, units):
            step()
        return before.changes(session) if before is not None else {}

    try:
        jobs = [lambda n=n: run_tasks(n > 0) for n in range(processes)]
        return run_shared(jobs)
    finally:
        for pipe in (queue, site_queue):
            if pipe is not None:
                pipe.close()


class _Snapshot:
    """What a unit of work adds to a session, so a forked worker can hand it back."""

    def __init__(self, session: Session) -> None:
        sink = session.sink
        self.records = set(sink.records)
        self.written = len(sink.written)
        self.groups = set(session.groups)
        self.fragments = set(session.new_fragments)
        self.reused = session.reused
        store = session.markdown
        self.used = set(store.used) if isinstance(store, TrackingStore) else set()
        self.memo = set(session.memo.kept)

    def changes(self, session: Session) -> dict[str, Any]:
        sink = session.sink
        store = session.markdown
        return {
            # What this process holds too (the previous build's) travels back as None: ten thousand kept
            # files' records made a warm rebuild's worker spend 0.06 s pickling and unpickling them.
            "records": _added(sink.records, self.records, sink.present),
            "written": sink.written[self.written :],
            "groups": _added(session.groups, self.groups, session.previous),
            "fragments": _added(session.new_fragments, self.fragments, session.fragments),
            "reused": session.reused - self.reused,
            "markdown": {k: store[k] for k in store.used - self.used}
            if isinstance(store, TrackingStore)
            else {},
            "memo": session.memo.gained(self.memo),
        }

    @staticmethod
    def merge(session: Session, changes: dict[str, Any], context: dict[str, Any]) -> None:
        sink = session.sink
        # Every file a sink claims it also records (written or kept), so the records name the claims.
        claimed = changes["records"].keys()
        overlap = sink.claimed & claimed
        if overlap:
            raise RuntimeError(f"{sorted(overlap)[0]} was written by two processes")
        sink.claimed |= claimed
        _restore(changes["records"], sink.present, sink.records)
        sink.written.extend(changes["written"])
        _restore(changes["groups"], session.previous, session.groups)
        _restore(changes["fragments"], session.fragments, session.new_fragments)
        session.reused += changes["reused"]
        session.memo.take(changes["memo"])
        if session.markdown is not None:
            for key, value in changes["markdown"].items():
                session.markdown[key] = value
        # The worker's `content_written` went to its own copy of the receivers; tell this process's (when
        # it has any: making the context of ten thousand kept files cost 0.05 s of a warm rebuild).
        if not signals.content_written.receivers:
            return
        for name in sorted(claimed):
            path = os.path.join(sink.staging, *name.split("/"))
            signals.content_written.send(path, context={**context, "output_file": name})


def _added(items: Mapping[str, V], before: Collection[str], held: Mapping[str, V]) -> dict[str, V | None]:
    """The entries of `items` not in `before`; None for a value `held` has too (the values are records,
    groups and text: never None themselves)."""
    return {k: (None if _same(held.get(k), v) else v) for k, v in items.items() if k not in before}


def _same(held: object, value: object) -> bool:
    return held is value or (held is not None and held == value)  # `is` first: text of 23 KB a share


def _restore(added: Mapping[str, V | None], held: Mapping[str, V], into: MutableMapping[str, V]) -> None:
    for key, value in added.items():
        into[key] = held[key] if value is None else value


def get_generators(_pelican: Any) -> type[TrackerGenerator]:
    return TrackerGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)


def unregister() -> None:
    signals.get_generators.disconnect(get_generators)
    end_session()
