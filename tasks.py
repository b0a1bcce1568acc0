"""Tasks for campaigners and maintainers: `invoke --list` shows the menu, `invoke --help TASK` the options.

In the spirit of the tasks file `pelican-quickstart` writes, extended for the tracker. Every task runs
`python -m tracker ...` with the project's own Python (`.venv`, set up by `make site`), so the commands
behave the same on a laptop, in a pull-request check and in the deploy job. Tasks that add to the data
file ask for anything missing when run in a terminal; in scripts, give every value as an option.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

from invoke import Exit, task

ROOT = Path(__file__).resolve().parent
# The project's Python: .venv/bin on Linux and macOS, .venv\\Scripts on Windows; else the one running invoke.
VENV_PYTHONS = (ROOT / ".venv" / "bin" / "python", ROOT / ".venv" / "Scripts" / "python.exe")
PY = next((str(p) for p in VENV_PYTHONS if p.exists()), sys.executable)

CONFIG = {
    "settings_base": "pelicanconf.py",
    "settings_publish": "publishconf.py",
    "output": "output",
    "data": os.path.join("data", "platforms.yaml"),
    "port": 8000,
}

EXPORT_FOLDER = os.path.join(CONFIG["output"], "data")
TODAY_HELP = "date the figures are computed for, YYYY-MM-DD (default: TRACKER_TODAY, else today in London)"


def _tracker(c, *args, today=None):
    """Run `python -m tracker ARGS` from the project folder; a failure ends the task with its exit code."""
    command = [PY, "-m", "tracker", *args]
    if today:
        command += ["--today", today]
    with c.cd(str(ROOT)):
        result = c.run(shlex.join(command), warn=True, pty=False)
    if result.exited:
        raise Exit(code=result.exited)


STOPPED = "Stopped: nothing was changed in data/platforms.yaml."
SKIP = "(leave empty to skip)"


class Prompt:
    """One question: `empty` says what an empty answer does, shown when an answer is optional (one hint,
    never two); `examples` are the answers the question offers, each of which its own check accepts and
    `words` names the validator's word check (tracker/check/answers.py), both tested in test_prompts.py."""

    def __init__(self, question, *, empty=SKIP, examples=(), words=None, several=False):
        self.question, self.empty, self.examples = question, empty, tuple(examples)
        self.words, self.several = words, several

    def shown(self, default=None, required=True):
        """The prompt as typed at: a default in brackets, else what an empty answer does when it may
        be empty; a question that needs an answer never offers to skip it."""
        hint = " (separate several with commas)" if self.several else ""
        if default:
            return f"{self.question}{hint} [{default}]: "
        return f"{self.question}{hint}{'' if required else ' ' + self.empty}: "


PLATFORM_PROMPTS = {
    "name": Prompt("Name of the platform (or an alias if it must not be named)"),
    "id": Prompt(
        "Short id for it (lowercase letters, digits and single hyphens, e.g. example-board-k)",
        examples=["example-board-k"],
        words="id",
    ),
    "domain": Prompt("Its domain, e.g. example.com", examples=["example.com"], several=True),
    "harm": Prompt(
        "What it is alleged to host: ncii, csam, deepfake-ncii, sextortion, other",
        examples=["ncii", "csam", "deepfake-ncii", "sextortion", "other"],
        words="harms",
        several=True,
    ),
    "summary": Prompt("One paragraph about it"),
    "naming-source": Prompt(
        "Address of a public document that already names it", empty="(leave empty to keep it unnamed)"
    ),
    "by": Prompt(
        "Who reported it: survivor, campaign-group, lawyer, journalist or public",
        examples=["survivor", "campaign-group", "lawyer", "journalist", "public"],
        words="role",
    ),
    "date": Prompt("Date of the first report to the regulator, YYYY-MM-DD", words="date"),
    "source-url": Prompt("Address of a public source about the report (https://...)"),
    "source-title": Prompt("Title of that source"),
}

EVENT_PROMPTS = {
    "platform": Prompt("Id of the platform", words="id"),
    "type": Prompt(
        "Type of event (e.g. acknowledged, investigation-opened, platform-response)",
        examples=["acknowledged", "investigation-opened", "platform-response"],
        words="type",
    ),
    "by": Prompt(
        "Who acted (regulator, platform, court, survivor, campaign-group, lawyer, journalist, public)",
        examples=[*"regulator platform court survivor campaign-group lawyer journalist public".split()],
        words="role",
    ),
    "title": Prompt("One line saying what happened"),
    "date": Prompt("Date it happened, YYYY-MM-DD", words="date"),
    "outcome": Prompt(
        "What the platform did: offline, geo-blocked, content-removed, measures-adopted, no-change",
        examples=["offline", "geo-blocked", "content-removed", "measures-adopted", "no-change"],
    ),
    "amount-gbp": Prompt("The fine in whole pounds"),
    "source-url": Prompt("Address of a public source (https://...)"),
    "source-title": Prompt("Title of that source"),
}


def _check(name):
    """The validator's rule for one kind of answer (tracker/check/answers.py), imported only when asked."""
    from tracker.check import answers

    return getattr(answers, f"{name}_answer")


class Asking:
    """The answers of one task so far. In a terminal, the data file is checked before the first question
    (its own problems at their lines), and each answer as it is typed, by putting it into the edit and
    running the validator (tracker/edit/drafts.py): a refused answer gets the validator's message and is
    asked again. Ctrl-C or Ctrl-D stops with one line, before the file is touched."""

    def __init__(self, kind, prompts, today):
        self.kind, self.prompts, self.answers, self.draft = kind, prompts, {}, None
        if sys.stdin.isatty():
            from tracker.edit.drafts import open_draft
            from tracker.edit.requests import EditError
            from tracker.model.dates import resolve_today

            try:
                self.draft = open_draft(ROOT / CONFIG["data"], resolve_today(today), CONFIG["data"])
            except EditError as error:
                print(f"error: {error.message}", file=sys.stderr)
                for problem in error.problems:
                    print(problem.format(), file=sys.stderr)
                raise Exit(code=1) from None

    def problem(self, option, answer):
        """The validator's message for `answer` to `option`, or None."""
        prompt = self.prompts[option]
        values = answer if isinstance(answer, list) else [answer]
        if prompt.words:
            for value in values:
                problem = _check(prompt.words)(value)
                if problem is not None:
                    return problem
        if self.draft is None:
            return None
        from tracker.edit.drafts import answer_problem

        return answer_problem(self.draft, self.kind, {**self.answers, option: answer}, option)

    def ask(self, option, value, *, required=True, default=None):
        """`value` if given; otherwise ask in a terminal, or stop with a message naming the option."""
        prompt = self.prompts[option]
        if value not in (None, "", []):
            self.answers[option] = value
            return value
        if not sys.stdin.isatty():
            if default is not None or not required:
                return default
            missing = f"missing value: {prompt.question}"
            raise Exit(f"{missing} (give it as an option, or run the task in a terminal)", code=2)
        while True:
            try:
                typed = input(prompt.shown(default, required)).strip()
            except (EOFError, KeyboardInterrupt):
                print()
                raise Exit(STOPPED, code=1) from None
            if not typed:
                if default is not None or not required:
                    return default
                print("Please give a value.")
                continue
            answer = [v.strip() for v in typed.split(",") if v.strip()] if prompt.several else typed
            problem = self.problem(option, answer)
            if problem is None:
                self.answers[option] = answer
                return answer
            print(f"error: {problem}. Try again, or press Ctrl-C to stop.")


def _values(given):
    """Repeatable options (`--harm a --harm b` or `--harm a,b`) as one list."""
    return [v.strip() for value in given or [] for v in value.split(",") if v.strip()]


def _sources(asking, args, titles, urls, *, needed, optional=True):
    """Pairs of --source-title/--source-url; in a terminal, asks for one source when none was given:
    an answer is needed when the event needs a source (as the validator says), else it is offered when
    `optional`."""
    if not urls and sys.stdin.isatty() and (needed or optional):
        url = asking.ask("source-url", None, required=needed)
        if url:
            urls = [url]
            titles = [asking.ask("source-title", None)]
    for title in titles:
        args += ["--source-title", title]
    for url in urls:
        args += ["--source-url", url]
    return args


@task(
    help={
        "today": TODAY_HELP,
        "format": "text (default) or github (annotations on a pull request's changed lines)",
    }
)
def validate(c, today=None, format="text"):
    """Check data/platforms.yaml and list every problem with its line and column."""
    _tracker(c, "validate", "--format", format, today=today)


@task(help={"today": TODAY_HELP})
def build(c, today=None):
    """Validate the data, then build the site into output/ (replaced only when the build succeeds)."""
    _tracker(c, "build", "--settings", CONFIG["settings_base"], "--output", CONFIG["output"], today=today)


@task
def clean(c):
    """Remove the built site (output/) and any half-finished build folders."""
    for path in [ROOT / CONFIG["output"], ROOT / ".cache", *ROOT.glob(".output-*")]:
        if path.is_dir():
            shutil.rmtree(path)
            print(f"Removed {path.relative_to(ROOT)}/")


@task(help={"today": TODAY_HELP})
def rebuild(c, today=None):
    """Remove output/ and build the whole site again from scratch."""
    clean(c)
    build(c, today=today)


@task(help={"port": f"port to listen on (default {CONFIG['port']}; 0 picks a free one)", "today": TODAY_HELP})
def serve(c, port=CONFIG["port"], today=None):
    """Preview the site at http://127.0.0.1:PORT/, rebuilt and reloaded on every save. Ctrl-C stops.

    Only this computer can see it. It watches data/, content/, theme/ and the settings."""
    command = [PY, "-m", "tracker", "serve", "--port", str(port)] + (["--today", today] if today else [])
    # Not `c.run`: on Ctrl-C invoke writes to the child's closed stdin and ends in a traceback. The child
    # gets the same Ctrl-C, says "Stopped." and ends; this waits for it.
    child = subprocess.Popen(command, cwd=ROOT)
    try:
        code = child.wait()
    except KeyboardInterrupt:
        code = child.wait()
    if code:
        raise Exit(code=code)


@task(
    help={
        "id": "short stable id for the platform, e.g. example-forum-a (lowercase letters, digits, hyphens)",
        "name": "the platform's name, or an alias such as 'Image board B (not named)'",
        "domain": "the platform's domain, e.g. example.com (repeat for several)",
        "harm": "what it is alleged to host: ncii, csam, deepfake-ncii, sextortion, other (repeatable)",
        "summary": "one paragraph about the platform (Markdown)",
        "naming-source": "address of a public document that names the platform; without one the platform "
        "is recorded as not named and its domain only as a hash",
        "regulator": "id of the regulator it was reported to (default: the first in the file)",
        "date": "date of the first report, YYYY-MM-DD (required: the waiting clock starts then)",
        "by": "who made the report, a role: survivor, campaign-group, lawyer, journalist, public",
        "title": "title of the report entry (default: 'Reported to <regulator> by <role>')",
        "source-title": "title of a public source about the report (repeatable, paired with --source-url)",
        "source-url": "address of that source (repeatable)",
        "today": TODAY_HELP,
    },
    iterable=["domain", "harm", "source_title", "source_url"],
    auto_shortflags=False,
)
def new_platform(
    c,
    id=None,
    name=None,
    domain=None,
    harm=None,
    summary=None,
    naming_source=None,
    regulator=None,
    date=None,
    by=None,
    title=None,
    source_title=None,
    source_url=None,
    today=None,
):
    """Add a platform with its first report to data/platforms.yaml (asks for what is missing)."""
    asking = Asking("platform", PLATFORM_PROMPTS, today)
    if regulator:
        asking.answers["regulator"] = regulator
    if title:
        asking.answers["title"] = title
    name = asking.ask("name", name)
    ident = asking.ask("id", id)
    domains = asking.ask("domain", _values(domain), required=False) or []
    harms = asking.ask("harm", _values(harm))
    summary = asking.ask("summary", summary)
    naming_source = asking.ask("naming-source", naming_source, required=False)
    by = asking.ask("by", by, default="campaign-group")
    asking.answers["by"] = by
    # Required: the waiting clock starts on this day, so today would understate the regulator's delay.
    date = asking.ask("date", date)
    args = [
        "new-platform",
        "--data",
        CONFIG["data"],
        "--id",
        ident,
        "--name",
        name,
        "--summary",
        summary,
        "--by",
        by,
    ]
    for value in domains:
        args += ["--domain", value]
    for value in harms:
        args += ["--harm", value]
    if naming_source:
        args += ["--naming-source", naming_source]
    if regulator:
        args += ["--regulator", regulator]
    if date:
        args += ["--date", date]
    if title:
        args += ["--title", title]
    from tracker.check.event_rules import SOURCELESS_OK

    needed = by not in SOURCELESS_OK
    args = _sources(asking, args, source_title or [], source_url or [], needed=needed, optional=False)
    _tracker(c, *args, today=today)


@task(
    help={
        "platform": "id of the platform, e.g. example-forum-a",
        "type": "event type, e.g. acknowledged, investigation-opened, penalty, platform-response",
        "by": "who acted, a role: regulator, platform, court, survivor, campaign-group, lawyer, journalist,"
        " public",
        "title": "one plain line saying what happened",
        "date": "when it happened, YYYY-MM-DD (required)",
        "regulator": "id of the regulator it concerns (default for reports and regulator steps: the"
        " platform's primary regulator)",
        "body": "more detail (Markdown)",
        "source-title": "title of a public source (repeatable, paired with --source-url)",
        "source-url": "address of that source (repeatable)",
        "outcome": "platform-response only: offline, geo-blocked, content-removed, measures-adopted,"
        " no-change",
        "amount-gbp": "penalty only: the fine in whole pounds",
        "daily-rate-gbp": "penalty only: the daily penalty in whole pounds",
        "id": "the event's own id (given automatically when one is needed)",
        "today": TODAY_HELP,
    },
    iterable=["source_title", "source_url"],
    auto_shortflags=False,
)
def add_event(
    c,
    platform=None,
    type=None,
    by=None,
    title=None,
    date=None,
    regulator=None,
    body=None,
    source_title=None,
    source_url=None,
    outcome=None,
    amount_gbp=None,
    daily_rate_gbp=None,
    id=None,
    today=None,
):
    """Add one event to a platform in data/platforms.yaml, in date order (asks for what is missing)."""
    asking = Asking("event", EVENT_PROMPTS, today)
    for option, value in (("regulator", regulator), ("body", body), ("id", id)):
        if value:
            asking.answers[option] = value
    platform = asking.ask("platform", platform)
    kind = asking.ask("type", type)
    by = asking.ask("by", by)
    title = asking.ask("title", title)
    # Asked for in a terminal (no silent today); a script that gives no --date gets today, as documented.
    date = asking.ask("date", date, required=sys.stdin.isatty())
    args = ["add-event", "--data", CONFIG["data"], "--platform", platform, "--type", kind, "--by", by]
    args += ["--title", title]
    if kind == "platform-response":
        outcome = asking.ask("outcome", outcome)
    if kind == "penalty":
        amount_gbp = asking.ask("amount-gbp", amount_gbp)
    for flag, value in (
        ("--date", date),
        ("--regulator", regulator),
        ("--body", body),
        ("--outcome", outcome),
        ("--amount-gbp", amount_gbp),
        ("--daily-rate-gbp", daily_rate_gbp),
        ("--id", id),
    ):
        if value:
            args += [flag, str(value)]
    from tracker.check.event_rules import SOURCELESS_OK

    needed = not (kind == "reported" and by in SOURCELESS_OK)
    args = _sources(asking, args, source_title or [], source_url or [], needed=needed)
    _tracker(c, *args, today=today)


@task(
    help={
        "format": "json (platforms.json and its schema), csv (events.csv) or all (default)",
        "output": "folder to write into (default: output/data)",
        "today": TODAY_HELP,
    }
)
def export(c, format="all", output=EXPORT_FOLDER, today=None):
    """Write the open-data files (platforms.json, events.csv), the same as the site's downloads."""
    _tracker(c, "export", "--format", format, "--output", output, today=today)


@task(help={"today": TODAY_HELP})
def publish(c, today=None):
    """Build the public site with publishconf.py (absolute links) into a clean output/, ready to deploy."""
    _tracker(c, "build", "--settings", CONFIG["settings_publish"], "--output", CONFIG["output"], today=today)
