"""`tracker validate` holds `content/` to the build's rules, so a pull request that edits only an article
fails its check with the file, line and column, not later when the site is published."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _validate(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tracker", "validate", "--today", "2026-11-27", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=False,
    )


def _content(tmp_path: Path, body: str) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    (folder / "note.md").write_text(f"Title: A note\nDate: 2026-01-01\n\nFirst line.\n{body}\n", encoding="utf-8")
    return folder


def test_personal_data_in_content_fails_validation_at_its_line_and_column(tmp_path: Path) -> None:
    folder = _content(tmp_path, "Write to jane (at) example [dot] org please.")
    run = _validate("--content", str(folder))
    assert run.returncode == 1
    assert (
        "content/note.md:5:10: error: the text contains what looks like an e-mail address"
        " (jane (at) example [dot] org)" in run.stdout
    ), run.stdout


def test_github_format_annotates_the_content_file(tmp_path: Path) -> None:
    folder = _content(tmp_path, "Call 07700&#160;900123.")
    run = _validate("--format", "github", "--content", str(folder))
    assert run.returncode == 1
    assert run.stdout.startswith("::error file=content/note.md,line=5,col=6"), run.stdout


def test_a_clean_content_folder_passes(tmp_path: Path) -> None:
    run = _validate("--content", str(_content(tmp_path, "Ofcom replied on 2026-03-05.")))
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == [
        "data/platforms.yaml: ok: 2 regulators, 9 platforms, 47 events (as of 2026-11-27)"
    ]


def test_the_demo_content_passes() -> None:
    run = _validate()  # content/ by default
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.splitlines() == [
        "data/platforms.yaml: ok: 2 regulators, 9 platforms, 47 events (as of 2026-11-27)"
    ]
