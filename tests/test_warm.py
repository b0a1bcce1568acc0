"""Warm rebuilds (tracker/build/warm.py): the preview's builds start from what the last one left in memory.

What matters: the site is still byte for byte a clean build's after any run of edits, memory is really
used (no folder is scanned again), and anything the process did not do itself (another build of the same
folder, a failed build, a file added to the site) sends the next build back to the disk.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO_TODAY
from test_incremental import Workspace, a_body_line, a_platform_body_line, differing, new_workspace, tree

from tracker.build.site import BuildResult, build_site
from tracker.build.staging import scan_tree
from tracker.build.warm import Warm
from tracker.derive import facts
from tracker.derive.chronology import platform_share
from tracker.model.problems import DataError
from tracker.site.entry_views import entry_sources
from tracker.site.platform_views import platform_summary


@pytest.fixture
def work(tmp_path: Path) -> Workspace:
    return new_workspace(tmp_path)


def _warm_build(work: Workspace, warm: Warm, **extra: Any) -> BuildResult:
    return build_site(
        today=DEMO_TODAY, output=work.base / "output", incremental=True, warm=warm, **work.settings(**extra)
    )


def _scans(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The folders the build cache scans from now on."""
    seen: list[str] = []

    def counting(root: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        seen.append(root)
        return scan_tree(root, *args, **kwargs)

    monkeypatch.setattr("tracker.build.cache.scan_tree", counting)
    return seen


@pytest.mark.parametrize("workers", [1, 2])
def test_a_run_of_warm_edits_stays_identical_to_clean_builds(
    work: Workspace, monkeypatch: pytest.MonkeyPatch, workers: int
) -> None:
    """With a forked worker too: what it kept and wrote (records, groups, memo) travels back by key
    where this process holds the same, so a lost or wrong one would show here."""
    warm = Warm()
    _warm_build(work, warm, TRACKER_WORKERS=workers)
    line = a_platform_body_line()
    work.edit(line, line + " Changed.")
    _warm_build(work, warm, TRACKER_WORKERS=workers)  # leaves the spare copy the next builds start from
    scans = _scans(monkeypatch)
    other = a_body_line(after="\n  - id: ")
    edits = [(line + " Changed.", line), (other, other + " Also."), (line, line + " Again.")]
    for number, (old, new) in enumerate(edits):
        work.edit(old, new)
        result = _warm_build(work, warm, TRACKER_WORKERS=workers)
        assert warm.kept is not None
        assert differing(tree(result.output), tree(work.clean(f"clean-{number}"))) == set(), number
        # The files a worker kept came back with their records: the next edit can keep them again
        # rather than write them (a lost record made it write 114 of the demo's 143 files).
        assert len(result.written) < result.files / 4, (number, len(result.written))
    assert scans == [], "a warm rebuild scanned the live site or the spare again"
    unchanged = _warm_build(work, warm, TRACKER_WORKERS=workers)
    assert unchanged.written == ()


def test_another_build_of_the_same_folder_is_noticed(work: Workspace) -> None:
    warm = Warm()
    _warm_build(work, warm)
    line = a_platform_body_line()
    work.edit(line, line + " Changed.")
    _warm_build(work, warm)
    work.edit(line + " Changed.", line + " By another process.")
    work.incremental()  # not this process: its state on disk is newer than what `warm` holds
    work.edit(line + " By another process.", line + " Back here.")
    result = _warm_build(work, warm)
    assert differing(tree(result.output), tree(work.clean("clean"))) == set()


def test_a_failed_build_forgets_and_the_next_is_exact(work: Workspace) -> None:
    warm = Warm()
    _warm_build(work, warm)
    good = work.data.read_text(encoding="utf-8")
    work.data.write_text(good.replace("    named: true\n", "    named: maybe\n", 1), encoding="utf-8")
    with pytest.raises(DataError):
        _warm_build(work, warm)
    assert warm.kept is None
    work.data.write_text(good, encoding="utf-8")
    line = a_platform_body_line()
    work.edit(line, line + " Changed.")
    result = _warm_build(work, warm)
    assert differing(tree(result.output), tree(work.clean("clean"))) == set()


def test_a_file_added_to_the_site_sends_the_build_to_the_disk(work: Workspace, site: Path) -> None:
    warm = Warm()
    output = _warm_build(work, warm).output
    (output / "stray.html").write_text("not ours", encoding="utf-8")
    result = _warm_build(work, warm)
    assert tree(result.output) == tree(site)


def test_a_warm_build_keeps_the_collector_off_what_it_holds_and_leaves_nothing_frozen(
    work: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A warm process holds the last build's cache state and platforms: a full collection over them,
    set off while the cache's records are read, cost a quarter of a second of every rebuild at 1000 x 20.
    They are frozen from the build's start; the build thaws everything it froze when it ends."""
    import gc

    from tracker.build.cache import Cache

    seen: list[int] = []
    prepare = Cache.prepare

    def watching(self: Cache) -> Any:
        seen.append(gc.get_freeze_count())
        return prepare(self)

    monkeypatch.setattr(Cache, "prepare", watching)
    warm = Warm()
    _warm_build(work, warm)
    line = a_platform_body_line()
    work.edit(line, line + " Once more.")
    _warm_build(work, warm)
    assert len(seen) == 2 and all(count > 0 for count in seen)
    assert gc.get_freeze_count() == 0


def test_a_warm_rebuild_remakes_only_the_edited_platforms_values_and_stays_exact(
    work: Workspace, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The facts, summary, timeline order, feed items and chronology shares of every platform an edit
    did not reach come from the last build's memo (tracker/derive/memo.py); an edit that moves every
    later platform's lines (a line added) still gives a clean build's bytes."""
    warm = Warm()
    _warm_build(work, warm)
    made: dict[str, list[str]] = {"summary": [], "facts": [], "sources": [], "shares": []}

    def counted(kind: str, function: Any, id_of: Any) -> Any:
        def counting(*args: Any, **kwargs: Any) -> Any:
            made[kind].append(id_of(*args, **kwargs))
            return function(*args, **kwargs)

        return counting

    monkeypatch.setattr(
        "tracker.site.view_builder.platform_summary",
        counted("summary", platform_summary, lambda _ctx, p: p.id),
    )
    monkeypatch.setattr(
        "tracker.site.view_builder.entry_sources",
        counted("sources", entry_sources, lambda _site, p: p.id),
    )
    monkeypatch.setattr(
        "tracker.derive.facts.PlatformFacts",
        counted("facts", facts.PlatformFacts, lambda **fields: fields["platform_id"]),
    )
    monkeypatch.setattr(
        "tracker.writing.platform_share",
        counted("shares", platform_share, lambda _site, p, _regulator: p.id),
    )
    line = a_platform_body_line()
    indent = line[: len(line) - len(line.lstrip())]
    work.edit(line, f"{line}\n{indent}A line added, so every later platform moves down.")
    result = _warm_build(work, warm)
    text = work.data.read_text(encoding="utf-8")
    start = text.rindex("\n  - id: ", 0, text.index("A line added")) + len("\n  - id: ")
    edited = {text[start : text.index("\n", start)].strip()}
    for kind, ids in made.items():
        assert set(ids) == edited, kind
    assert differing(tree(result.output), tree(work.clean("clean"))) == set()
    for ids in made.values():
        ids.clear()
    _warm_build(work, warm)  # nothing changed: nothing is made again
    assert made == {"summary": [], "facts": [], "sources": [], "shares": []}
