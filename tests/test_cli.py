"""The commands as campaigners and CI run them: exit codes, output forms, and no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from samples import VALID, replace, write

from tracker.check.schema import SCHEMA_PATH, schema_text
from tracker.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_demo_data_validates(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(ROOT / "data" / "platforms.yaml"), "--today", "2026-11-27"]) == 0
    out = capsys.readouterr().out
    assert out.endswith(" ok: 2 regulators, 9 platforms, 47 events (as of 2026-11-27)\n")


def test_validate_lists_every_problem_and_exits_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = replace("    harms: [ncii]", "    harms: [nci]")
    text = replace("        by: regulator", "        by: Jane", text)
    path = write(tmp_path, text)
    assert main(["validate", str(path), "--today", "2026-11-27"]) == 1
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert [line.split(": error:")[0] for line in lines] == [f"{path}:17:13", f"{path}:29:13"]
    assert captured.err == "2 problems found. Nothing was built.\n"


def test_github_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = write(tmp_path, replace("    harms: [ncii]", "    harms: [nci]"))
    assert main(["validate", "--format", "github", str(path), "--today", "2026-11-27"]) == 1
    assert capsys.readouterr().out == (
        f"::error file={path},line=17,col=13::'nci' is not a known harms value (did you mean 'ncii'? use one of:"
        " ncii, csam, deepfake-ncii, sextortion, other)\n"
    )


def test_today_from_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("TRACKER_TODAY", "2026-01-20")
    path = write(tmp_path, VALID)
    assert main(["validate", str(path)]) == 1  # the acknowledgement (2026-02-02) is after that today
    assert "is after today (2026-01-20)" in capsys.readouterr().out


def test_bad_today_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["validate", "--today", "20261127"])
    assert exit_info.value.code == 2
    assert "--today must be a date written YYYY-MM-DD, got '20261127'" in capsys.readouterr().err


@pytest.mark.parametrize(
    "content",
    [b"\xff\xfe\x00bad", b"a: [\n", b"- just\n- a list\n", b"", b"\x00\x01", b"a: b: c\n", b"? [a]\n: b\n"],
)
def test_no_traceback_for_broken_files(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_bytes(content)
    run = subprocess.run(
        [sys.executable, "-m", "tracker", "validate", str(path), "--today", "2026-11-27"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr
    assert run.stdout.startswith(f"{path}:")


def test_committed_schema_is_current() -> None:
    assert SCHEMA_PATH.read_text(encoding="utf-8") == schema_text()


def test_build_refuses_bad_data_and_keeps_previous_output(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("previous site", encoding="utf-8")
    bad = write(tmp_path, replace("    harms: [ncii]", "    harms: [nci]"))
    code = main(
        [
            "build",
            "--data",
            str(bad),
            "--output",
            str(output),
            "--today",
            "2026-11-27",
            "--settings",
            str(ROOT / "pelicanconf.py"),
        ]
    )
    assert code == 1
    assert (output / "index.html").read_text(encoding="utf-8") == "previous site"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "platforms.yaml"]
    assert f"{bad}:17:13: error:" in capsys.readouterr().out
