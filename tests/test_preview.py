"""The live preview: warm rebuilds equal to clean builds, the last good site kept on a bad save, tabs told.

The sequence test is the one that matters for trust: whatever a campaigner saves, in whatever order, the
folder the preview serves is byte for byte what a clean build of the same file makes.
"""

from __future__ import annotations

import shutil
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest
from conftest import DEMO_TODAY
from test_incremental import Workspace, differing, tree

from tracker.build.preview import PREVIEW_PATH, Preview, PreviewServer, inject, serve

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def work(tmp_path: Path) -> Workspace:
    data = tmp_path / "platforms.yaml"
    shutil.copyfile(ROOT / "data" / "platforms.yaml", data)
    return Workspace(tmp_path, data, tmp_path / "cache")


def _preview(work: Workspace) -> Preview:
    def build() -> date:
        work.incremental()
        return DEMO_TODAY

    return Preview(work.base / "output", build, root=str(work.base))


def test_inject_adds_the_script_and_escapes_the_problems() -> None:
    page = b"<html><head><title>t</title></head><body><p>x</p></body></html>"
    plain = inject(page, 7, ())
    assert f'<script src="{PREVIEW_PATH}reload.js" data-generation="7"></script></head>'.encode() in plain
    assert b"preview-errors" not in plain
    shown = inject(page, 8, ["platforms.yaml:3:5: error: <b>bad</b> (fix it)"])
    assert b'<body><section class="preview-errors" role="alert">' in shown
    assert b"platforms.yaml:3:5: error: &lt;b&gt;bad&lt;/b&gt; (fix it)" in shown


def test_a_sequence_of_saves_always_serves_what_a_clean_build_makes(work: Workspace) -> None:
    preview = _preview(work)
    preview.rebuild()
    assert preview.errors == ()
    steps = [
        ("title: Reported to Ofcom by a campaign group", "title: Reported to Ofcom by a campaign group, again"),
        ("    named: true\n", "    named: maybe\n"),  # a mistake: the last good site stays
        ("    named: maybe\n", "    named: true\n"),  # and its fix
        ("response_window_working_days: 20", "response_window_working_days: 25"),
    ]
    for number, (old, new) in enumerate(steps):
        before = tree(work.base / "output")
        text = work.data.read_text(encoding="utf-8")
        assert old in text, old
        work.data.write_text(text.replace(old, new, 1), encoding="utf-8")
        preview.rebuild()
        served = tree(work.base / "output")
        if "maybe" in new:
            line = text[: text.index(old)].count("\n") + 1
            assert preview.errors and preview.errors[0].startswith(f"platforms.yaml:{line}:")
            assert served == before, "a bad save changed the site"
            continue
        assert preview.errors == ()
        clean = tree(work.clean(f"clean-{number}"))
        assert differing(served, clean) == set(), f"after step {number}"
    assert preview.generation == len(steps) + 1


@pytest.fixture
def server(work: Workspace) -> Iterator[tuple[Preview, str]]:
    preview = _preview(work)
    preview.rebuild()
    running = PreviewServer(preview, 0)
    thread = threading.Thread(target=running.serve_forever, daemon=True)
    thread.start()
    host, port = running.server_address[:2]
    yield preview, f"http://{host!s}:{port}"
    running.shutdown()
    running.server_close()


def _get(url: str) -> bytes:
    with urllib.request.urlopen(url, timeout=30) as response:
        data: bytes = response.read()
        return data


def test_pages_are_served_with_the_reload_script_and_the_folder_is_untouched(
    server: tuple[Preview, str], work: Workspace
) -> None:
    _, base = server
    page = _get(base + "/")
    assert b'data-generation="1"' in page
    assert b"__preview" not in (work.base / "output" / "index.html").read_bytes()
    assert b"__previewAgain" in _get(base + PREVIEW_PATH + "reload.js")


def test_a_waiting_tab_is_told_to_reload_after_a_rebuild(server: tuple[Preview, str]) -> None:
    preview, base = server
    answer: list[bytes] = []
    waiting = threading.Thread(target=lambda: answer.append(_get(f"{base}{PREVIEW_PATH}wait.js?generation=1")))
    waiting.start()
    time.sleep(0.2)
    assert not answer, "wait.js answered before anything changed"
    preview.rebuild()
    waiting.join(timeout=30)
    assert answer == [b"location.reload();"]


def _serve_until_watching(
    root: Path, build: Callable[[], date], lines: list[str], stop: threading.Event
) -> tuple[threading.Thread, float]:
    """`serve` in a thread, once it says it is watching; the thread and a deadline for the test."""
    thread = threading.Thread(target=serve, args=(root, 0, build, lines.append, stop), daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not any(line.startswith("Watching") for line in lines) and time.monotonic() < deadline:
        time.sleep(0.05)
    return thread, deadline


def test_serve_rebuilds_on_a_save_and_stops_cleanly(work: Workspace, tmp_path: Path) -> None:
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    (root / "pelicanconf.py").write_text("# watched\n", encoding="utf-8")
    lines: list[str] = []
    stop = threading.Event()
    builds: list[int] = []

    def build() -> date:
        builds.append(1)
        return DEMO_TODAY

    thread, deadline = _serve_until_watching(root, build, lines, stop)
    # No pause: once "Watching" is said, a save is seen, however soon it comes.
    (root / "data" / "platforms.yaml").write_text("x: 1\n", encoding="utf-8")
    while len(builds) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    stop.set()
    thread.join(timeout=30)
    assert len(builds) >= 2, lines
    assert lines[0] == "Rebuilt in " + lines[0].split("Rebuilt in ")[1]
    assert lines[-1] == "Stopped."


def test_a_save_made_during_the_first_build_gets_its_own_rebuild(tmp_path: Path) -> None:
    """The watcher starts after the first build: a save made while that build ran is not lost."""
    root = tmp_path / "project"
    (root / "data").mkdir(parents=True)
    data = root / "data" / "platforms.yaml"
    data.write_text("x: 1\n", encoding="utf-8")
    lines: list[str] = []
    stop = threading.Event()
    builds: list[str] = []

    def build() -> date:
        builds.append(data.read_text(encoding="utf-8"))
        if len(builds) == 1:
            data.write_text("x: 22\n", encoding="utf-8")  # saved after the build read the file
        return DEMO_TODAY

    thread, _deadline = _serve_until_watching(root, build, lines, stop)
    stop.set()
    thread.join(timeout=30)
    assert builds[:2] == ["x: 1\n", "x: 22\n"], lines
    assert [line.split(" in ")[0] for line in lines if line.startswith("Rebuilt")] == ["Rebuilt", "Rebuilt"]
