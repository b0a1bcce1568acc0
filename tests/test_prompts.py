"""`invoke new-platform` and `invoke add-event` driven through a pseudo-terminal, as a campaigner types.

Wrong answers are refused at the prompt with the validator's own message and asked again; the first
report's date is asked for (never silently today); Ctrl-D and Ctrl-C stop with one line and leave the
file byte for byte as it was; a finished edit keeps every other byte.
"""

from __future__ import annotations

import os
import pty
import select
import shutil
import signal
import sys
from pathlib import Path

import pytest
from samples import TODAY

from tracker.check.answers import date_answer, harms_answer, id_answer, role_answer
from tracker.check.validate import validate_text

ROOT = Path(__file__).resolve().parent.parent
COPIED = ("data", "tracker", "schema", "pelicanconf.py", "tasks.py")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, tmp_path / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, tmp_path / name)
    return tmp_path


class Terminal:
    """A task running in a pseudo-terminal: `expect` reads until a text appears, `send` types a line."""

    def __init__(self, repo: Path, *args: str) -> None:
        pid, fd = pty.fork()
        if pid == 0:  # the child: the task, as typed in a terminal
            os.chdir(repo)
            os.environ["TRACKER_TODAY"] = TODAY.isoformat()
            # A terminal delivers Ctrl-C as SIGINT; a test runner started in the background of a shell
            # inherits SIGINT ignored, and the task would never see it.
            signal.signal(signal.SIGINT, signal.SIG_DFL)
            os.execv(sys.executable, [sys.executable, "-m", "invoke", *args])
        self.pid, self.fd, self.seen = pid, fd, ""

    def expect(self, text: str) -> str:
        while text not in self.seen:
            ready, _, _ = select.select([self.fd], [], [], 120)
            assert ready, f"no {text!r} in {self.seen!r}"
            try:
                chunk = os.read(self.fd, 4096).decode("utf-8", errors="replace")
            except OSError:  # the task ended
                chunk = ""
            assert chunk, f"the task ended before {text!r}: {self.seen!r}"
            self.seen += chunk
        before, _, self.seen = self.seen.partition(text)
        return before + text

    def send(self, line: str) -> None:
        os.write(self.fd, line.encode("utf-8") + b"\r")

    def control(self, key: str) -> None:
        os.write(self.fd, {"D": b"\x04", "C": b"\x03"}[key])

    def status(self) -> int:
        rest = ""
        while True:
            try:
                chunk = os.read(self.fd, 4096).decode("utf-8", errors="replace")
            except OSError:
                break
            if not chunk:
                break
            rest += chunk
        self.seen += rest
        _, code = os.waitpid(self.pid, 0)
        return os.waitstatus_to_exitcode(code)


def _start_new_platform(repo: Path) -> Terminal:
    term = Terminal(repo, "new-platform")
    term.expect("Name of the platform (or an alias if it must not be named): ")
    term.send("Example Board W (fictional)")
    return term


def test_new_platform_refuses_wrong_answers_with_the_validators_message_and_asks_again(repo: Path) -> None:
    data = repo / "data" / "platforms.yaml"
    before = data.read_bytes()
    term = _start_new_platform(repo)
    term.expect("e.g. example-forum-a): ")
    term.send("Example_Board")
    refused = term.expect("e.g. example-forum-a): ")
    assert (
        "error: 'Example_Board' is not a valid id (use lowercase letters, digits and single hyphens, e.g."
        " example-forum-a). Try again, or press Ctrl-C to stop." in refused
    )
    term.send("example-board-w")
    term.expect("(leave empty to skip): ")  # domain
    term.send("")
    term.expect("(separate several with commas): ")
    term.send("ncii, nci")
    refused = term.expect("(separate several with commas): ")
    assert "error: 'nci' is not a known harms value (did you mean 'ncii'?" in refused
    term.send("ncii")
    term.expect("One paragraph about it: ")
    term.send("A fictional image board alleged to host intimate images shared without consent.")
    term.expect("(leave empty to skip): ")  # naming source
    term.send("")
    term.expect("[campaign-group]: ")
    term.send("")
    term.expect("Date of the first report to the regulator, YYYY-MM-DD: ")
    term.send("2026-02-30")
    refused = term.expect("Date of the first report to the regulator, YYYY-MM-DD: ")
    assert "error: '2026-02-30' is not a real calendar date (check the day and month (YYYY-MM-DD))" in refused
    term.send("2026-11-02")
    assert term.status() == 0, term.seen
    after = data.read_bytes()
    assert after.startswith(before)  # every other byte kept: the platform is appended
    added = after[len(before) :].decode("utf-8")
    assert "  - id: example-board-w\n" in added
    assert "      - date: 2026-11-02\n" in added
    assert "        recorded: 2026-11-27\n" in added  # added late: feed readers see it as new
    assert validate_text(after.decode("utf-8"), "d", TODAY)[0].ok


@pytest.mark.parametrize("key", ["D", "C"])
def test_ctrl_d_and_ctrl_c_stop_with_one_line_and_leave_the_file_alone(repo: Path, key: str) -> None:
    data = repo / "data" / "platforms.yaml"
    before = data.read_bytes()
    term = _start_new_platform(repo)
    term.expect("e.g. example-forum-a): ")
    term.control(key)
    assert term.status() == 1
    shown = [line.strip() for line in term.seen.splitlines() if line.strip() not in ("", "^C", "^D")]
    assert shown == ["Stopped: nothing was changed in data/platforms.yaml."]  # the terminal echoes ^C
    assert data.read_bytes() == before


def test_add_event_asks_the_date_and_checks_it(repo: Path) -> None:
    data = repo / "data" / "platforms.yaml"
    before = data.read_text(encoding="utf-8")
    term = Terminal(repo, "add-event", "--platform", "example-forum-c", "--type", "media", "--by", "journalist")
    term.expect("One line saying what happened: ")
    term.send("Example News reports on the forum (fictional)")
    term.expect("Date it happened, YYYY-MM-DD: ")
    term.send("2026-4-2")
    refused = term.expect("Date it happened, YYYY-MM-DD: ")
    assert "error: '2026-4-2' is not a date written YYYY-MM-DD (write the date like 2025-04-02)" in refused
    term.send("2026-11-20")
    term.expect("(leave empty to skip): ")
    term.send("https://news.example.net/2026/11/forum-c-report")
    term.expect("Title of that source: ")
    term.send("Example News report (fictional)")
    assert term.status() == 0, term.seen
    after = data.read_text(encoding="utf-8")
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert "        title: Example News reports on the forum (fictional)" in added
    # every line that was there is still there, in the same order
    kept = [line for line in after.splitlines() if line in set(before.splitlines())]
    assert "\n".join(kept).count("\n") >= before.count("\n") - 1


@pytest.mark.parametrize(
    ("check", "good", "bad", "line"),
    [
        (date_answer, "2026-02-28", "2026-02-30", "      - date: 2026-01-14"),
        (date_answer, "2026-02-28", "2026-2-28", "      - date: 2026-01-14"),
        (id_answer, "example-forum-a", "Example_Forum", "  - id: example-forum-a"),
        (harms_answer, "ncii", "nci", "    harms: [ncii]"),
        (role_answer, "survivor", "victim", "        by: survivor"),
    ],
)
def test_a_prompt_says_what_the_validator_says(check: object, good: str, bad: str, line: str) -> None:
    from samples import VALID, replace

    assert callable(check)
    assert check(good) is None
    key = line.split(":")[0]
    value = f"[{bad}]" if line.endswith("]") else bad
    result = validate_text(replace(line, f"{key}: {value}", VALID), "d", TODAY)[0]
    assert [p.text for p in result.problems] == [check(bad)]




