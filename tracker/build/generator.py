"""The thin Pelican plugin: one generator that writes the tracker's pages, feeds and downloads.

Pelican loads this module from `PLUGINS` in `pelicanconf.py` and calls `register()`. Signals are
process-wide, so tests that build more than once call `unregister()` afterwards.

`build_site` (tracker/build.py) hands the generator a `Session`: the data it has already validated, the
`Sink` that writes into its staging folder, and what the previous build left for an incremental build to
reuse. A plain `pelican` run gets a session of its own that starts from nothing.
"""

from __future__ import annotations

import functools
import hashlib
import os
import posixpath
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.utils import get_relative_path, path_to_url, sanitised_join
from pelican.writers import FileOverwriteFailedError

from tracker.build.cache import TrackingStore
from tracker.build.outputs import Sink
from tracker.build.workers import MAX_TASKS, TaskQueue, can_fork, run_shared
from tracker.check.validate import Loaded, load_for_build
from tracker.derive.calendars import Calendars
from tracker.derive.sitedata import SiteData, build_site_data
from tracker.load.digest import combine
from tracker.model.dates import resolve_today

__all__ = ["Group", "Output", "Session", "TrackerGenerator", "register", "start_session", "unregister"]

# A group of files rendered together from the same inputs: (key of those inputs, the files).
Group = tuple[str, tuple[str, ...]]


@dataclass
class Session:
    """One build, as `build_site` prepared it.

    `base_key` digests the code, theme, settings and content; with the data it makes every cache key.
    `previous` holds the groups of the build whose output is live (`Output.reuse`), `fragments` text
    that build computed (`Output.fragment`), `markdown` the rendered-Markdown store, `calendars` the
    holiday tables (some perhaps kept by the previous build). The writers fill `groups` and
    `new_fragments` for the next build.
    """

    data_path: str
    today: date
    loaded: Loaded | None
    sink: Sink
    base_key: str = ""
    previous: Mapping[str, Group] = field(default_factory=dict)
    fragments: Mapping[str, str] = field(default_factory=dict)
    markdown: MutableMapping[bytes, str] | None = None
    calendars: Calendars = field(default_factory=Calendars)
    groups: dict[str, Group] = field(default_factory=dict)
    new_fragments: dict[str, str] = field(default_factory=dict)
    reused: int = 0
    # Keys of the rendered Markdown worth keeping: every text of the record as it now stands.
    markdown_keys: set[bytes] = field(default_factory=set)


_SESSION: list[Session] = []


def start_session(session: Session) -> None:
    """The session the next generator uses (one build at a time); cleared by `unregister()`."""
    _SESSION[:] = [session]


@dataclass(frozen=True)
class Output:
    """What a writer needs: the site data, the templates, where files go and what may be reused."""

    site: SiteData
    generator: TrackerGenerator
    writer: Any
    context: dict[str, Any]
    settings: dict[str, Any]
    session: Session
    data_key: str  # digest of everything a page can depend on besides its own platform

    @property
    def output_path(self) -> str:
        return str(self.generator.output_path)

    def _relative(self, save_as: str) -> tuple[str, str]:
        """(absolute path, `/`-separated path inside the output folder); refuses paths leaving it."""
        path = sanitised_join(self.output_path, save_as)
        relative = os.path.relpath(path, os.path.abspath(self.output_path)).replace(os.sep, "/")
        if path in getattr(self.writer, "_written_files", ()):
            raise FileOverwriteFailedError(f'Failed to overwrite "{path}" as Pelican has already written it')
        return path, posixpath.normpath(relative)

    def page(self, save_as: str, template: str, **values: Any) -> None:
        """Render a theme template (name without .html) as Pelican's writer would, then write it.

        The local context is the one Pelican's `Writer.write_file` makes (relative SITEURL, `output_file`,
        `page_name`), and `content_written` is sent the same way, so sitemap-style plugins see the page.
        """
        path, relative = self._relative(save_as)
        local = self.context.copy()
        local["localsiteurl"] = local.get("localsiteurl")
        if self.settings.get("RELATIVE_URLS", False):
            local["SITEURL"] = local["localsiteurl"] = path_to_url(get_relative_path(save_as))
        local["output_file"] = save_as
        local["page_name"] = os.path.splitext(save_as)[0]
        local.update(values)
        if local["localsiteurl"]:
            self.context["localsiteurl"] = local["localsiteurl"]
        data = self.generator.get_template(template).render(local).encode("utf-8")
        self.session.sink.emit(relative, data)
        signals.content_written.send(path, context=local)

    def file(self, save_as: str, data: bytes) -> None:
        """Write a non-HTML file (feed, download) under the output folder."""
        path, relative = self._relative(save_as)
        self.session.sink.emit(relative, data)
        signals.content_written.send(path, context=self.context)

    def key(self, *parts: str) -> str:
        """A cache key: these parts plus everything the output may depend on besides them."""
        return combine(self.data_key, *parts)

    def platform_key(self, kind: str, platform_id: str) -> str:
        """The key of a `kind` of output made from one platform's record (and everything `key` covers);
        empty (never reused) when the record's digest is unknown."""
        digest = self.generator.platform_digests.get(platform_id)
        if not digest:
            return ""
        # One hash of parts that cannot contain the separator (a hex digest, a slug, a kind of output).
        text = f"{self.data_key}\n{kind}\n{platform_id}\n{digest}"
        return hashlib.sha256(text.encode("utf-8")).hexdigest()

    def reuse(self, group: str, key: str, files: tuple[str, ...]) -> bool:
        """Keep `files` from the previous build when it made them from inputs with the same `key`.

        True when they are kept (then nothing needs rendering); False when the caller must write them.
        Either way the group is recorded for the next build.
        """
        session = self.session
        session.groups[group] = (key, files)
        if not key or session.previous.get(group) != (key, files):
            return False
        sink = session.sink
        if not all(sink.can_carry(name) for name in files):
            return False
        for name in files:
            sink.carry(name)
        session.reused += 1
        return True

    def fragment(self, key: str, make: Callable[[], str]) -> str:
        """Text made from inputs with this `key`: made already in this build or by the previous one, or
        else `make()`."""
        if not key:
            return make()
        session = self.session
        text = session.new_fragments.get(key)
        if text is None:
            text = session.fragments.get(key)
            if text is None:
                text = make()
            session.new_fragments[key] = text
        return text


# Below this many platforms a build is quick enough in one process.
PARALLEL_FROM = 200


def _tasks(platforms: int, timeline_pages: int, processes: int) -> list[tuple[str, int, int]]:
    """The units in batches: (kind, first, last) for platforms and for timeline pages (0-based).

    Batches are small enough for the processes to end together, large enough to cost little to hand out.
    """
    tasks: list[tuple[str, int, int]] = []
    for kind, count in (("platforms", platforms), ("timeline", timeline_pages)):
        size = max(1, -(-count // (processes * 40)), -(-count // (MAX_TASKS // 2)))
        tasks += [(kind, start, min(start + size, count)) for start in range(0, count, size)]
    return tasks


def workers(settings: Mapping[str, Any], platforms: int) -> int:
    """How many processes make the pages: `TRACKER_WORKERS` (1 = this one only), else one per core (at
    most four) for a large site."""
    setting = settings.get("TRACKER_WORKERS")
    if setting:
        return max(1, int(setting))
    if platforms < PARALLEL_FROM or not can_fork():
        return 1
    return max(1, min(4, os.cpu_count() or 1))


class TrackerGenerator(Generator):  # type: ignore[misc]
    def generate_context(self) -> None:
        settings = self.settings
        today = resolve_today(settings.get("TRACKER_TODAY"))
        data_path = os.fspath(settings["TRACKER_DATA"])
        session = _SESSION[0] if _SESSION else None
        self.owns_session = session is None or session.data_path != data_path or session.today != today
        if session is None or self.owns_session:
            session = Session(data_path, today, None, Sink(str(self.output_path)))
        loaded = session.loaded or load_for_build(data_path, today)
        self.session = session
        self.site = build_site_data(loaded.dataset, today, session.calendars, store=session.markdown)
        self.platform_digests = dict(
            zip((p.id for p in loaded.dataset.platforms), loaded.platform_digests, strict=True)
        )
        self.data_key = combine(
            session.base_key, today.isoformat(), loaded.regulators_digest, self.site.flagged.fingerprint
        )
        self.context["tracker"] = self.site
        self.context["TODAY"] = today

    def generate_output(self, writer: Any) -> None:
        """Every platform's own pages, feeds and share of the downloads, and every timeline page, are
        independent units, shared between this process and (on a large site) forked copies of it. This
        process first makes the outputs that show every platform (a forked copy is slower at anything
        that reads much of the shared data: its first write to each page of memory copies the page),
        and a worker takes those still waiting when it runs out of units; the downloads come last when
        they wait for every platform's share, then the sitemap."""
        from tracker.downloads import writer as exports
        from tracker.downloads.fields import JSON_PATH
        from tracker.feeds import writer as feeds
        from tracker.site import headers, pages, sitemap

        out = Output(self.site, self, writer, self.context, self.settings, self.session, self.data_key)
        page_plan, feed_plan, export_plan = pages.Plan(out), feeds.Plan(out), exports.Plan(out)
        platforms = len(self.site.dataset.platforms)
        processes = workers(self.settings, platforms)
        # Longest first, so the processes that share them end together.
        whole_site: list[Callable[[], object]] = [
            # In a rebuild the downloads need only the few shares that changed: made now, not last.
            functools.partial(export_plan.finish_early, out),
            functools.partial(feed_plan.finish, out),
            functools.partial(pages.write_overview, out, page_plan.views),
            functools.partial(pages.write_regulators, out, page_plan.views),
            functools.partial(pages.write_methodology, out, page_plan.views),
            functools.partial(headers.write, out),
        ]
        tasks = _tasks(platforms, page_plan.count, processes)
        queue = TaskQueue(len(tasks)) if processes > 1 else None
        # This process takes the whole-site outputs first; a worker that runs out of units takes any
        # left (in a rebuild the units are mostly kept files, and go fast).
        site_queue = TaskQueue(len(whole_site)) if processes > 1 else None

        def units() -> None:
            for number in queue if queue is not None else range(len(tasks)):
                kind, first, last = tasks[number]
                for index in range(first, last):
                    if kind == "platforms":
                        for plan in (page_plan, feed_plan, export_plan):
                            plan.platform(out, index)
                    else:
                        page_plan.timeline(out, index + 1)

        def site_wide() -> None:
            for number in site_queue if site_queue is not None else range(len(whole_site)):
                whole_site[number]()

        def run_tasks(report: bool) -> dict[str, Any]:
            before = _Snapshot(self.session) if report else None
            for step in (units, site_wide) if report else (site_wide, units):
                step()
            return before.changes(self.session) if before is not None else {}

        try:
            jobs = [functools.partial(run_tasks, n > 0) for n in range(processes)]
            results = run_shared(jobs)
        finally:
            for pipe in (queue, site_queue):
                if pipe is not None:
                    pipe.close()
        for changes in results[1:]:
            _Snapshot.merge(self.session, changes, self.context)
        if JSON_PATH not in self.session.sink.claimed:
            export_plan.finish(out)  # needs every platform's share of the downloads
        # The sitemap comes last and lists what is on disk: files an earlier build left in the staging
        # folder must be gone first.
        self.session.sink.settle(still_to_come=(sitemap.SITEMAP,))
        sitemap.write(out)
        if self.session.markdown is not None:
            texts = self.site.texts
            dataset = self.site.dataset
            every = [p.summary for p in dataset.platforms]
            every += [e.body for p in dataset.platforms for e in p.events]
            every += [e.body for r in dataset.regulators for e in r.events]
            self.session.markdown_keys = {texts.key(text) for text in every if text.strip()}


class _Snapshot:
    """What a unit of work adds to a session, so a forked worker can hand it back."""

    def __init__(self, session: Session) -> None:
        sink = session.sink
        self.records = set(sink.records)
        self.claimed = set(sink.claimed)
        self.written = len(sink.written)
        self.groups = set(session.groups)
        self.fragments = set(session.new_fragments)
        self.reused = session.reused
        store = session.markdown
        self.used = set(store.used) if isinstance(store, TrackingStore) else set()

    def changes(self, session: Session) -> dict[str, Any]:
        sink = session.sink
        store = session.markdown
        return {
            "records": {k: v for k, v in sink.records.items() if k not in self.records},
            "claimed": sink.claimed - self.claimed,
            "written": sink.written[self.written :],
            "groups": {k: v for k, v in session.groups.items() if k not in self.groups},
            # Text the previous build made travels back as its key only: this process has it too.
            "fragments": {
                k: (None if session.fragments.get(k) is v else v)
                for k, v in session.new_fragments.items()
                if k not in self.fragments
            },
            "reused": session.reused - self.reused,
            "markdown": {k: store[k] for k in store.used - self.used}
            if isinstance(store, TrackingStore)
            else {},
        }

    @staticmethod
    def merge(session: Session, changes: dict[str, Any], context: dict[str, Any]) -> None:
        sink = session.sink
        overlap = sink.claimed & changes["claimed"]
        if overlap:
            raise RuntimeError(f"{sorted(overlap)[0]} was written by two processes")
        sink.claimed |= changes["claimed"]
        sink.records.update(changes["records"])
        sink.written.extend(changes["written"])
        session.groups.update(changes["groups"])
        for key, text in changes["fragments"].items():
            session.new_fragments[key] = session.fragments[key] if text is None else text
        session.reused += changes["reused"]
        if session.markdown is not None:
            for key, value in changes["markdown"].items():
                session.markdown[key] = value
        # The worker's `content_written` went to its own copy of the receivers; tell this process's.
        for name in sorted(changes["claimed"]):
            path = os.path.join(sink.staging, *name.split("/"))
            signals.content_written.send(path, context={**context, "output_file": name})


def get_generators(_pelican: Any) -> type[TrackerGenerator]:
    return TrackerGenerator


def register() -> None:
    signals.get_generators.connect(get_generators)


def unregister() -> None:
    signals.get_generators.disconnect(get_generators)
    _SESSION.clear()
