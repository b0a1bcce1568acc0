"""What CONTRIBUTING.md tells a campaigner to type or paste must work as written: the whole-file template
passes the checker, and the route without `make` (Windows) runs the documented commands."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from samples import TASK_NAMES, TODAY

from tracker.check.validate import validate_text
from tracker.cli import main

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    return CONTRIBUTING.split(title, 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]


def _blocks(section: str, kind: str) -> list[str]:
    return re.findall(rf"```{kind}\n(.*?)```", section, flags=re.DOTALL)


def test_the_whole_file_template_passes_the_checker() -> None:
    (template,) = _blocks(_section("### A whole file to start from"), "yaml")
    result, _ = validate_text(template, "platforms.yaml", TODAY)
    assert result.ok, result.problems


def test_the_empty_file_message_names_a_section_that_exists() -> None:
    result, _ = validate_text("", "platforms.yaml", TODAY)
    (problem,) = result.problems
    assert problem.hint == "start from 'A whole file to start from' in CONTRIBUTING.md"
    assert "### A whole file to start from\n" in CONTRIBUTING


def _windows_commands() -> list[str]:
    setup, daily = _blocks(_section("## Without `make`"), "text")
    assert "requirements.lock" in setup and (ROOT / "requirements.lock").exists()
    return [line.strip() for line in daily.splitlines() if line.strip()]


@pytest.mark.parametrize("command", [c for c in _windows_commands() if c.startswith("python -m tracker ")])
def test_each_documented_tracker_command_runs(command: str) -> None:
    run = subprocess.run(
        [sys.executable, *command.split()[1:]],
        cwd=ROOT,
        env={**os.environ, "TRACKER_TODAY": TODAY.isoformat()},
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout + run.stderr


def test_each_documented_invoke_command_is_a_task() -> None:
    tasks = [c.split()[1] for c in _windows_commands() if c.startswith("invoke ")]
    assert tasks and set(tasks) <= set(TASK_NAMES)
    assert all(c.startswith(("python -m tracker ", "invoke ")) for c in _windows_commands())


def test_a_bad_date_option_gets_the_validators_message_not_a_usage_dump(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text((ROOT / "data" / "platforms.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    before = path.read_bytes()
    common = ["--data", str(path), "--today", "2026-11-27", "--id", "board-v", "--name", "Board V (fictional)",
              "--harm", "ncii", "--summary", "A fictional board.", "--by", "survivor"]  # fmt: skip
    with pytest.raises(SystemExit) as stop:
        main(["new-platform", *common, "--date", "2026-02-30"])
    assert stop.value.code == 1
    assert capsys.readouterr().err == (
        "error: --date: '2026-02-30' is not a real calendar date (check the day and month (YYYY-MM-DD))\n"
    )
    assert main(["new-platform", *common]) == 1
    assert capsys.readouterr().err == (
        "error: --date is required: the day the platform was first reported, YYYY-MM-DD (the waiting clock"
        " starts on that day, so today would understate the wait)\n"
    )
    assert path.read_bytes() == before
