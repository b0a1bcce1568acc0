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
from tracker.edit.requests import EditError

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
        # A Ctrl-C that lands after the prompt is shown but before the task is reading its answer is
        # noted by Python and only acted on when the read returns, which it never does: a person
        # presses it again, and so does this.
        if key == "C" and not self._ends_within(50):
            os.write(self.fd, b"\x03")

    def _ends_within(self, tenths: int) -> bool:
        """Whether the task ends within `tenths` tenths of a second (what it prints is kept)."""
        for _ in range(tenths):
            if os.waitid(os.P_PID, self.pid, os.WEXITED | os.WNOHANG | os.WNOWAIT) is not None:
                return True
            if select.select([self.fd], [], [], 0.1)[0]:
                try:
                    self.seen += os.read(self.fd, 4096).decode("utf-8", errors="replace")
                except OSError:
                    return True
        return False

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
    term.expect("e.g. example-board-k): ")
    term.send("Example_Board")
    refused = term.expect("e.g. example-board-k): ")
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
    term.expect("(leave empty to keep it unnamed): ")  # naming source
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
    term.expect("e.g. example-board-k): ")
    term.control(key)
    assert term.status() == 1
    shown = [line.strip() for line in term.seen.splitlines() if line.strip() not in ("", "^C", "^C^C", "^D")]
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
    term.expect("Address of a public source (https://...): ")  # a media event needs one: no "skip"
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






# --- every free-text answer checked as typed, with the validator's own message -------------------------

DEMO = ROOT / "data" / "platforms.yaml"
BAD_TEXT = [
    "Run by jane.doe@example.com",  # personal data: an e-mail address
    "Call 07700 900123",  # a phone number
    "Ask @someone_here",  # a handle
    "See https://forum-a.example.invalid/page",  # a link to a flagged platform
    "Hidden\u200bspace",  # an invisible character
    "\u201cIn curly quotes\u201d",  # curly quotes around the value
]


def _draft(tmp_path: Path) -> object:
    from tracker.edit.drafts import open_draft

    copy = tmp_path / "platforms.yaml"
    copy.write_bytes(DEMO.read_bytes())
    return open_draft(copy, TODAY, "data/platforms.yaml")


def _in_the_file(text: str, old: str, new: str) -> list[str]:
    """What the validator says about the file with `old` replaced by `new` (ruamel quoting it as the
    edit would): the message, without the line."""
    assert text.count(old) == 1
    return [p.text for p in validate_text(text.replace(old, new), "d", TODAY)[0].problems]


@pytest.mark.parametrize("bad", BAD_TEXT, ids=range(len(BAD_TEXT)))
@pytest.mark.parametrize(
    ("kind", "option", "field"),
    [("platform", "name", "name"), ("platform", "summary", "summary"), ("event", "title", "title")],
)
def test_a_free_text_answer_gets_the_validators_message(
    tmp_path: Path, kind: str, option: str, field: str, bad: str
) -> None:
    from tracker.edit.drafts import answer_problem, event_edit, platform_edit

    draft = _draft(tmp_path)
    answers = {"platform": "example-forum-c", "type": "media", "by": "journalist", option: bad}
    said = answer_problem(draft, kind, answers, option)  # type: ignore[arg-type]
    assert said is not None, bad
    # The same words as `tracker validate` on the edited file: the answer written where it goes.
    try:
        edit = (platform_edit if kind == "platform" else event_edit)(draft, answers)  # type: ignore[arg-type]
    except EditError as error:  # refused while reading the new block back: the loader's own problem
        expected = [p.text for p in error.problems]
    else:
        expected = [p.text for p in validate_text(edit.after, "d", TODAY)[0].problems]
    assert said in expected
    assert answer_problem(draft, kind, {**answers, option: "A plain answer"}, option) is None  # type: ignore[arg-type]


@pytest.mark.parametrize(("kind", "option"), [("platform", "name"), ("event", "title")])
def test_a_one_line_answer_over_300_characters_is_refused(tmp_path: Path, kind: str, option: str) -> None:
    from tracker.edit.drafts import answer_problem

    answers = {"platform": "example-forum-c", "type": "media", "by": "journalist", option: "x" * 301}
    said = answer_problem(_draft(tmp_path), kind, answers, option)  # type: ignore[arg-type]
    assert said == f"'{option}' is longer than 300 characters (shorten it)"


@pytest.mark.parametrize(
    ("option", "bad", "message"),
    [
        ("source-url", "javascript:alert(1)", "'javascript:alert(1)' is not a web address"),
        ("source-url", "https://forum-a.example.invalid/x", "this link points to a flagged platform"),
        ("source-title", "Mail jane.doe@example.com", "'title' contains what looks like an e-mail address"),
        ("date", "2027-01-05", "the date 2027-01-05 is after today (2026-11-27)"),
        ("platform", "example-forum-x", "no platform has the id 'example-forum-x'"),
    ],
)
def test_event_answers_are_checked_as_typed(tmp_path: Path, option: str, bad: str, message: str) -> None:
    from tracker.edit.drafts import answer_problem

    answers = {"platform": "example-forum-c", "type": "media", "by": "journalist", "source-url": "https://news.example.org/a", option: bad}
    said = answer_problem(_draft(tmp_path), "event", answers, option)  # type: ignore[arg-type]
    assert said is not None and said.startswith(message), said


def test_the_file_is_checked_before_the_first_question(repo: Path) -> None:
    data = repo / "data" / "platforms.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("    harms: [ncii]\n", "    harms: [nci]\n", 1), encoding="utf-8")
    line = text.splitlines().index("    harms: [ncii]") + 1
    term = Terminal(repo, "new-platform")
    assert term.status() == 1
    shown = [s.strip() for s in term.seen.splitlines() if s.strip()]
    assert shown == [
        "error: nothing was changed: data/platforms.yaml has problems already; fix them first (invoke validate)",
        f"data/platforms.yaml:{line}:13: error: 'nci' is not a known harms value (did you mean 'ncii'? use one"
        " of: ncii, csam, deepfake-ncii, sextortion, other)",
    ]


# --- one hint per prompt, and no hint the prompt's own check refuses ----------------------------------


def _tasks() -> object:
    from invoke.loader import FilesystemLoader

    module, _ = FilesystemLoader(start=str(ROOT)).load("tasks")
    return module


@pytest.mark.parametrize("table", ["PLATFORM_PROMPTS", "EVENT_PROMPTS"])
def test_no_prompt_contradicts_its_own_check(tmp_path: Path, table: str) -> None:
    import re

    tasks = _tasks()
    asking = tasks.Asking.__new__(tasks.Asking)  # type: ignore[attr-defined]
    kind = "platform" if table == "PLATFORM_PROMPTS" else "event"
    asking.kind, asking.prompts, asking.draft = kind, getattr(tasks, table), _draft(tmp_path)
    for option, prompt in asking.prompts.items():
        asking.answers = {"platform": "example-forum-c", "type": "media", "by": "journalist"}
        if option == "outcome":
            asking.answers.update(type="platform-response", by="platform")
        for required in (True, False):
            shown = prompt.shown(None, required)
            assert shown.count("(leave empty") == (0 if required else 1), shown  # one hint, or none
        # Every answer the question offers ("e.g. x", "a, b or c") is one its own check accepts.
        offered = re.findall(r"e\.g\. ([a-z0-9.-]+)", prompt.question)
        assert set(offered) <= set(prompt.examples), (option, offered)
        for example in prompt.examples:
            answer = [example] if prompt.several else example
            assert asking.problem(option, answer) is None, (option, example)
    default = asking.prompts["by"].shown("campaign-group")
    assert default.endswith("[campaign-group]: ") and "leave empty" not in default


# --- a campaigner's walk-through: a platform, three events, twelve mistakes --------------------------------


def _refused(term: Terminal, answer: str, prompt: str) -> str:
    """Type a wrong `answer`; the task says why (the validator's words) and asks the same question again."""
    term.send(answer)
    said = term.expect(prompt)
    errors = [line.strip() for line in said.splitlines() if line.strip().startswith("error: ")]
    assert len(errors) == 1, said
    assert errors[0].endswith(". Try again, or press Ctrl-C to stop."), said
    return errors[0].removeprefix("error: ").removesuffix(". Try again, or press Ctrl-C to stop.")


def _answer(term: Terminal, answer: str, prompt: str) -> None:
    term.send(answer)
    said = term.expect(prompt)
    assert "error:" not in said, said


WALK_MISTAKES = [
    "'name' contains what looks like an e-mail address (jane.doe@example.com) (remove it: the tracker never"
    " publishes contact details or anything that could identify a person)",
    "'Example Board Q' is not a valid id (use lowercase letters, digits and single hyphens, e.g."
    " example-forum-a)",
    "platform id 'example-forum-a' is already used on line 127 (give each platform its own id)",
    "'https://board-q.example.invalid/' is not a bare domain name: write the host name only, e.g. example.com,"
    " without https:// or a path",
    "'csma' is not a known harms value (did you mean 'csam'? use one of: ncii, csam, deepfake-ncii, sextortion,"
    " other)",
    "this link points to a flagged platform (forum-a.example.invalid) (link only to documents about the abuse"
    " (regulator notices, court papers, reporting), never to the platform itself)",
    "'2026-02-30' is not a real calendar date (check the day and month (YYYY-MM-DD))",
    "'acknowledgd' is not a known type value (did you mean 'acknowledged'? use one of: ",
    "the title is wrapped in curly quotes (“...”), which YAML keeps as part of the text (type straight quotes"
    " instead, \"like this\"; a word processor or a phone turns them curly)",
    "this link points to a flagged platform (forum-a.example.invalid) (link only to documents about the abuse"
    " (regulator notices, court papers, reporting), never to the platform itself)",
    "the date 2027-01-01 is after today (2026-11-27) (only 'type: scheduled' events may be in the future;"
    " check the year)",
    "'gone' is not a known outcome value (use one of: ",
]


def test_a_campaigners_walk_through(repo: Path) -> None:
    """Done-when of issue 13: every mistake refused at its prompt, in the validator's words, and the file
    ends valid with every byte that was there kept (the new platform and its events are appended)."""
    data = repo / "data" / "platforms.yaml"
    before = data.read_bytes()
    said: list[str] = []
    term = Terminal(repo, "new-platform")
    name, ident = "not be named): ", "e.g. example-board-k): "
    domain, harms = "(leave empty to skip): ", "(separate several with commas): "
    term.expect(name)
    said.append(_refused(term, "Board Q run by jane.doe@example.com", name))
    _answer(term, "Example Board Q (fictional)", ident)
    said.append(_refused(term, "Example Board Q", ident))
    said.append(_refused(term, "example-forum-a", ident))
    _answer(term, "example-board-q", domain)
    said.append(_refused(term, "https://board-q.example.invalid/", domain))
    _answer(term, "board-q.example.invalid", harms)
    said.append(_refused(term, "ncii, csma", harms))
    _answer(term, "ncii, csam", "One paragraph about it: ")
    said.append(_refused(term, "A fictional board, like https://forum-a.example.invalid/x", "about it: "))
    _answer(term, "A fictional image board alleged to host intimate images.", "keep it unnamed): ")
    _answer(term, "", "[campaign-group]: ")
    _answer(term, "", "YYYY-MM-DD: ")
    said.append(_refused(term, "2026-02-30", "YYYY-MM-DD: "))
    term.send("2026-11-02")
    assert term.status() == 0, term.seen

    term = Terminal(repo, "add-event")
    term.expect("Id of the platform: ")
    _answer(term, "example-board-q", "platform-response): ")
    said.append(_refused(term, "acknowledgd", "platform-response): "))
    _answer(term, "acknowledged", "journalist, public): ")
    _answer(term, "regulator", "saying what happened: ")
    said.append(_refused(term, "\u201cOfcom replied\u201d", "saying what happened: "))
    _answer(term, "Ofcom acknowledged the report", "YYYY-MM-DD: ")
    _answer(term, "2026-11-10", "(https://...): ")
    said.append(_refused(term, "https://forum-a.example.invalid/reply", "(https://...): "))
    _answer(term, "https://campaign.example.net/q/reply", "Title of that source: ")
    term.send("Ofcom's reply (fictional)")
    assert term.status() == 0, term.seen

    term = Terminal(repo, "add-event", "--platform", "example-board-q", "--type", "media", "--by", "journalist")
    term.expect("saying what happened: ")
    _answer(term, "Example News reports on Board Q (fictional)", "YYYY-MM-DD: ")
    said.append(_refused(term, "2027-01-01", "YYYY-MM-DD: "))
    _answer(term, "2026-11-20", "(https://...): ")
    _answer(term, "https://news.example.net/2026/11/board-q", "Title of that source: ")
    term.send("Example News report (fictional)")
    assert term.status() == 0, term.seen

    term = Terminal(
        repo, "add-event", "--platform", "example-board-q", "--type", "platform-response", "--by", "platform"
    )
    term.expect("saying what happened: ")
    _answer(term, "Board Q went offline", "YYYY-MM-DD: ")
    _answer(term, "2026-11-25", "no-change: ")
    said.append(_refused(term, "gone", "no-change: "))
    _answer(term, "offline", "(https://...): ")
    _answer(term, "https://news.example.net/2026/11/board-q-offline", "Title of that source: ")
    term.send("Example News: Board Q offline (fictional)")
    assert term.status() == 0, term.seen

    assert len(said) == len(WALK_MISTAKES) == 12
    for message, expected in zip(said, WALK_MISTAKES, strict=True):
        assert message.startswith(expected), message
    after = data.read_bytes()
    assert after.startswith(before)  # every byte kept: the platform and its events come after them
    added = after[len(before) :].decode("utf-8")
    assert "board-q.example.invalid" not in added  # not named: the domain is kept only as its hash
    assert added.count("      - date: ") == 4  # the report and three events, in date order
    dates = [line.split(": ")[1] for line in added.splitlines() if line.startswith("      - date: ")]
    assert dates == ["2026-11-02", "2026-11-10", "2026-11-20", "2026-11-25"]
    assert validate_text(after.decode("utf-8"), "d", TODAY)[0].ok
