"""Every invoke task, run as a campaigner runs it, in a temporary copy of the repository with the demo data.

The copy holds the project's files and a link to the real `.venv`, so the tasks find the project's
Python exactly as on a laptop; TRACKER_TODAY fixes the date the figures are computed for.
"""

from __future__ import annotations

import builtins
import json
import os
import re
import selectors
import shlex
import shutil
import signal
import subprocess
import sys
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from invoke.context import MockContext
from invoke.loader import FilesystemLoader
from invoke.runners import Result
from samples import TASK_NAMES

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("data", "content", "theme", "tracker", "schema", "pelicanconf.py", "publishconf.py", "tasks.py")
TODAY = "2026-11-27"
SITEURL = "https://regulator-inaction-tracker.example.org"


def _copy_repo(target: Path) -> Path:
    target.mkdir()
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        else:
            shutil.copy2(source, target / name)
    (target / ".venv").symlink_to(ROOT / ".venv")
    return target


def invoke(repo: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "invoke", *args],
        cwd=repo,
        env={**os.environ, "TRACKER_TODAY": TODAY, **env},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return _copy_repo(tmp_path / "repo")


@pytest.fixture(scope="module")
def built_repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One copy with the site built by `invoke build`, shared by the tests that only read it."""
    repo = _copy_repo(tmp_path_factory.mktemp("tasks") / "repo")
    run = invoke(repo, "build")
    assert run.returncode == 0, run.stderr
    return repo


# --- the menu -----------------------------------------------------------------------------------------


def test_list_reads_like_a_menu_and_matches_contributing(repo: Path) -> None:
    run = invoke(repo, "--list")
    assert run.returncode == 0
    names = re.findall(r"^  ([a-z-]+) ", run.stdout, flags=re.MULTILINE)
    assert names == TASK_NAMES
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    assert run.stdout.strip() in contributing  # the guide shows the real menu


def test_every_task_has_a_docstring_and_help_for_each_option() -> None:
    module, _ = FilesystemLoader(start=str(ROOT)).load("tasks")
    from invoke.collection import Collection

    collection = Collection.from_module(module)
    for name in collection.task_names:
        task = collection[name]
        assert task.__doc__ and task.__doc__.strip().endswith("."), name
        options = [a for a in task.get_arguments() if a.name != "c"]
        for argument in options:
            assert argument.help, f"{name} --{argument.name} has no help text"


# --- validate, build, rebuild, export, publish ---------------------------------------------------------


def test_validate(repo: Path) -> None:
    run = invoke(repo, "validate")
    assert run.returncode == 0
    assert run.stdout == f"data/platforms.yaml: ok: 2 regulators, 9 platforms, 47 events (as of {TODAY})\n"


def test_validate_github_format_on_a_broken_file(repo: Path) -> None:
    data = repo / "data" / "platforms.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("    harms: [ncii]\n", "    harms: [nci]\n", 1), encoding="utf-8")
    line = text.splitlines().index("    harms: [ncii]") + 1
    run = invoke(repo, "validate", "--format", "github")
    assert run.returncode == 1
    assert run.stdout == (
        f"::error file=data/platforms.yaml,line={line},col=13::'nci' is not a known harms value"
        " (did you mean 'ncii'? use one of: ncii, csam, deepfake-ncii, sextortion, other)\n"
    )


def test_validate_with_today_option(repo: Path) -> None:
    run = invoke(repo, "validate", "--today", "2026-03-01")
    assert run.returncode == 1  # events after 1 March 2026 are now in the future
    assert "is after today (2026-03-01)" in run.stdout


def test_build_writes_the_site(built_repo: Path) -> None:
    output = built_repo / "output"
    assert (output / "index.html").is_file()
    document = json.loads((output / "data" / "platforms.json").read_text(encoding="utf-8"))
    assert document["generated_for"] == TODAY
    assert f'href="{SITEURL}' not in (output / "index.html").read_text(encoding="utf-8")  # relative links


def test_rebuild_starts_from_scratch(repo: Path) -> None:
    (repo / "output").mkdir()
    (repo / "output" / "stale.html").write_text("left over", encoding="utf-8")
    run = invoke(repo, "rebuild")
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Removed output/\n")
    assert not (repo / "output" / "stale.html").exists()
    assert (repo / "output" / "index.html").is_file()


@pytest.mark.parametrize(
    ("fmt", "names"),
    [("json", ["platforms.json", "platforms.schema.json"]), ("csv", ["events.csv"])],
)
def test_export(built_repo: Path, tmp_path: Path, fmt: str, names: list[str]) -> None:
    out = tmp_path / "exported"
    run = invoke(built_repo, "export", "--format", fmt, "--output", str(out))
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in out.iterdir()) == names
    for name in names:  # the same bytes as the site's downloads
        assert (out / name).read_bytes() == (built_repo / "output" / "data" / name).read_bytes()


def test_publish_is_clean_and_absolute(repo: Path) -> None:
    (repo / "output").mkdir()
    (repo / "output" / "stale.html").write_text("left over", encoding="utf-8")
    run = invoke(repo, "publish", SITEURL=SITEURL + "/")  # as the deploy workflow sets it
    assert run.returncode == 0, run.stderr
    output = repo / "output"
    assert not (output / "stale.html").exists()
    index = (output / "index.html").read_text(encoding="utf-8")
    assert f'href="{SITEURL}/' in index
    assert (output / "data" / "events.csv").is_file()


def test_publish_without_an_address_says_so_and_writes_nothing(repo: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SITEURL"}
    run = subprocess.run(
        [sys.executable, "-m", "invoke", "publish"],
        cwd=repo,
        env={**env, "TRACKER_TODAY": TODAY},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.returncode != 0
    assert "publishconf.py: SITEURL is not set. A publish build needs the site's public address" in run.stderr
    assert not (repo / "output" / "index.html").exists()


# --- serve ------------------------------------------------------------------------------------------------


def test_serve_builds_previews_and_stops_on_ctrl_c(repo: Path) -> None:
    """`invoke serve` on a fresh checkout: it builds first, serves the pages with the reload script added
    (the folder itself stays as a clean build made it), and Ctrl-C ends it with a word, not a traceback."""
    process = subprocess.Popen(
        [sys.executable, "-m", "invoke", "serve", "--port", "0"],
        cwd=repo,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        # Ctrl-C is SIGINT; a runner started in the background of a shell would pass it on ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        assert process.stdout is not None
        lines: list[str] = []
        match = None
        with selectors.DefaultSelector() as selector:
            selector.register(process.stdout, selectors.EVENT_READ)
            while match is None:
                assert selector.select(timeout=120), f"serve printed nothing more after {lines}"
                line = process.stdout.readline()
                assert line, f"serve ended: {lines}"
                lines.append(line)
                match = re.match(r"Previewing at (http://127\.0\.0\.1:(\d+)/) ", line)
        assert any(line.startswith("Rebuilt in ") for line in lines), lines
        with urllib.request.urlopen(match.group(1), timeout=60) as response:
            body = response.read().decode("utf-8")
        assert response.status == 200
        on_disk = (repo / "output" / "index.html").read_text(encoding="utf-8")
        assert "__preview" not in on_disk
        script = re.search(r'<link rel="stylesheet" href="/__preview/preview.css"><script [^>]*></script>', body)
        assert script, body[:500]
        assert body.replace(script.group(0), "") == on_disk
        os.killpg(process.pid, signal.SIGINT)
        rest, _ = process.communicate(timeout=60)
        assert process.returncode == 0
        assert rest.splitlines()[-1] == "Stopped."
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=60)


# --- new-platform and add-event -------------------------------------------------------------------------


def test_new_platform_then_add_event(repo: Path) -> None:
    data = repo / "data" / "platforms.yaml"
    before = data.read_text(encoding="utf-8")
    run = invoke(
        repo, "new-platform",
        "--id", "example-site-z", "--name", "Example Site Z (fictional)",
        "--domain", "site-z.example.invalid", "--harm", "ncii", "--harm", "deepfake-ncii",
        "--summary", "A fictional site alleged to share sexually explicit deepfakes.",
        "--naming-source", "https://news.example.org/2026/11/site-z",
        "--date", "2026-11-16", "--by", "public",
        "--source-title", "Published complaint (fictional)",
        "--source-url", "https://campaign.example.net/complaints/site-z",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("Added the platform 'example-site-z' to data/platforms.yaml, lines ")
    after = data.read_text(encoding="utf-8")
    assert after.startswith(before)  # appended: every earlier byte, comments included, is unchanged
    assert after[len(before) :].startswith("\n  - id: example-site-z\n")
    run = invoke(
        repo, "add-event", "--platform", "example-site-z", "--type", "acknowledged", "--by", "regulator",
        "--title", "Ofcom acknowledges the complaint", "--date", "2026-11-20",
        "--source-title", "Ofcom acknowledgement (fictional)",
        "--source-url", "https://campaign.example.net/complaints/site-z#reply",
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    run = invoke(repo, "validate")
    assert run.stdout == f"data/platforms.yaml: ok: 2 regulators, 10 platforms, 49 events (as of {TODAY})\n"


def test_add_event_refusal_leaves_the_file_alone(repo: Path) -> None:
    data = repo / "data" / "platforms.yaml"
    before = data.read_bytes()
    run = invoke(
        repo, "add-event", "--platform", "example-forum-c", "--type", "acknowledged", "--by", "regulator",
        "--regulator", "ofcm", "--title", "Ofcom replies again", "--date", "2026-11-20",
        "--source-title", "Reply (fictional)", "--source-url", "https://campaign.example.net/c/reply-2",
    )  # fmt: skip
    assert run.returncode == 1
    assert run.stderr.splitlines() == [
        "error: nothing was changed: the new event on 'example-forum-c' would not be valid; fix these answers"
        " and run the task again",
        "  The regulator's id (--regulator): no regulator has the id 'ofcm' (did you mean 'ofcom'?)",
    ]
    assert data.read_bytes() == before


def test_penalty_without_amount_asks_for_it(repo: Path) -> None:
    run = invoke(
        repo, "add-event", "--platform", "example-forum-c", "--type", "penalty", "--by", "regulator",
        "--title", "Ofcom fines the provider",
    )  # fmt: skip
    assert run.returncode == 2
    assert (
        run.stderr
        == "missing value: The fine in whole pounds (give it as an option, or run the task in a terminal)\n"
    )


def test_missing_values_without_a_terminal_name_the_option(repo: Path) -> None:
    run = invoke(repo, "new-platform", "--id", "example-site-z")
    assert run.returncode == 2
    assert "missing value: Name of the platform" in run.stderr
    assert "give it as an option, or run the task in a terminal" in run.stderr


# --- prompting in a terminal ---------------------------------------------------------------------------


@pytest.fixture
def tasks_module() -> Iterator[object]:
    module, _ = FilesystemLoader(start=str(ROOT)).load("tasks")
    yield module


def test_new_platform_asks_for_what_is_missing(monkeypatch: pytest.MonkeyPatch, tasks_module: object) -> None:
    answers = iter(
        [
            "Image board Y (not named)",  # name
            "image-board-y",  # id
            "",  # domain: skipped
            "ncii, csam",  # harms
            "An image board alleged to host intimate images.",  # summary
            "",  # naming source: none, so not named
            "",  # who reported it: the default
            "2026-11-02",  # the first report's date: asked, never silently today
        ]
    )
    questions: list[str] = []

    def fake_input(prompt: str) -> str:
        questions.append(prompt)
        return next(answers)

    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(builtins, "input", fake_input)
    context = MockContext(run=Result(exited=0), repeat=True)
    tasks_module.new_platform(context)  # type: ignore[attr-defined]
    assert (
        questions[-2]
        == "Who reported it: survivor, campaign-group, lawyer, journalist or public [campaign-group]: "
    )
    assert questions[-1] == "Date of the first report to the regulator, YYYY-MM-DD: "
    assert len(questions) == 8
    (command,), _ = context.run.call_args  # type: ignore[attr-defined]
    args = shlex.split(command)
    assert args[1:3] == ["-m", "tracker"]
    assert args[3:] == [
        "new-platform", "--data", "data/platforms.yaml",
        "--id", "image-board-y", "--name", "Image board Y (not named)",
        "--summary", "An image board alleged to host intimate images.",
        "--by", "campaign-group", "--harm", "ncii", "--harm", "csam", "--date", "2026-11-02",
    ]  # fmt: skip


def test_add_event_asks_for_outcome_and_a_source(
    monkeypatch: pytest.MonkeyPatch, tasks_module: object
) -> None:
    answers = iter(
        [
            "example-forum-c",
            "platform-response",
            "platform",
            "The forum is reported to have gone offline",
            "2026-11-20",
            "offline",
            "https://news.example.net/2026/11/forum-c-offline",
            "Example News: forum goes offline (fictional)",
        ]
    )
    monkeypatch.setattr(sys.stdin, "isatty", lambda: True)
    monkeypatch.setattr(builtins, "input", lambda prompt: next(answers))
    context = MockContext(run=Result(exited=0), repeat=True)
    tasks_module.add_event(context)  # type: ignore[attr-defined]
    (command,), _ = context.run.call_args  # type: ignore[attr-defined]
    assert shlex.split(command)[3:] == [
        "add-event", "--data", "data/platforms.yaml", "--platform", "example-forum-c",
        "--type", "platform-response", "--by", "platform",
        "--title", "The forum is reported to have gone offline",
        "--date", "2026-11-20", "--outcome", "offline",
        "--source-title", "Example News: forum goes offline (fictional)",
        "--source-url", "https://news.example.net/2026/11/forum-c-offline",
    ]  # fmt: skip
