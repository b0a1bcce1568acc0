"""A small valid data file that tests mutate one line at a time, so every expected line:col is obvious."""

from __future__ import annotations

from datetime import date
from pathlib import Path

TODAY = date(2026, 11, 27)

VALID = """\
regulators:
  - id: ofcom
    name: Ofcom
    jurisdiction: United Kingdom
    law: Online Safety Act 2023
    url: https://www.ofcom.org.uk/
    response_window_working_days: 20
    silence_milestones_working_days: [20, 60, 120]
    holidays: GB-ENG
    events: []
platforms:
  - id: example-forum-a
    name: Example Forum A (fictional)
    named: true
    naming_source: https://news.example.org/forum-a
    domains: [forum-a.example.invalid]
    harms: [ncii]
    summary: A fictional forum, reported for hosting intimate images shared without consent.
    regulators: [ofcom]
    events:
      - date: 2026-01-14
        type: reported
        regulator: ofcom
        by: survivor
        title: Reported to Ofcom through its online complaints form
      - date: 2026-02-02
        type: acknowledged
        regulator: ofcom
        by: regulator
        title: Ofcom acknowledged the report
        sources:
          - title: Ofcom acknowledgement (redacted)
            url: https://news.example.org/ack
"""

# Line numbers in VALID, for readable assertions.
LINE = {text.strip(): number for number, text in enumerate(VALID.splitlines(), start=1)}

# Lines of VALID that tests replace with a payload (tests/test_hardening_*.py), and the name the validator
# shows for the data file in its messages.
LINE_ACK_TITLE = "        title: Ofcom acknowledged the report"
LINE_SOURCE_URL = "            url: https://news.example.org/ack"
LINE_SUMMARY = "    summary: A fictional forum, reported for hosting intimate images shared without consent."
LINE_NAMING = "    naming_source: https://news.example.org/forum-a"
NAME = "data/platforms.yaml"


def write(tmp_path: Path, text: str, name: str = "platforms.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def replace(old: str, new: str, text: str = VALID) -> str:
    assert text.count(old) == 1, f"{old!r} must occur once"
    return text.replace(old, new)

# The invoke tasks, as `invoke --list` names them (tests/test_tasks.py) and tasks.py defines them
# (tests/test_docs.py): a new task must be added here, and documented, on purpose.
TASK_NAMES = [
    "add-event",
    "build",
    "clean",
    "export",
    "new-platform",
    "publish",
    "rebuild",
    "serve",
    "validate",
]
