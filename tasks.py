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


def _check(name):
    """The validator's rule for one kind of answer (tracker/check/answers.py), imported only when asked."""
    from tracker.check import answers

    return getattr(answers, f"{name}_answer")


def _ask(value, question, *, required=True, default=None, check=None):
    """`value` if given; otherwise ask in a terminal, or stop with a message naming the option.

    An answer `check` refuses is refused at once with the validator's message, and asked again; Ctrl-C
    or Ctrl-D stops the task with one line, before the file is touched.
    """
    if value not in (None, "", []):
        return value
    if not sys.stdin.isatty():
        if default is not None or not required:
            return default
        raise Exit(f"missing value: {question} (give it as an option, or run the task in a terminal)", code=2)
    suffix = f" [{default}]" if default else (" (leave empty to skip)" if not required else "")
    while True:
        try:
            answer = input(f"{question}{suffix}: ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            raise Exit(STOPPED, code=1) from None
        if not answer:
            if default is not None or not required:
                return default
            print("Please give a value.")
            continue
        problem = _check(check)(answer) if check else None
        if problem is None:
            return answer
        print(f"error: {problem}. Try again, or press Ctrl-C to stop.")


def _ask_list(values, question, *, required=True, check=None):
    if values:
        return [v for value in values for v in value.split(",") if v.strip()]
    answer = _ask(None, f"{question} (separate several with commas)", required=required, check=check)
    return [v.strip() for v in (answer or "").split(",") if v.strip()]


def _sources(args, titles, urls, *, ask):
    """Pairs of --source-title/--source-url; in a terminal, asks for one source when none was given."""
    if not urls and ask and sys.stdin.isatty():
        url = _ask(None, "Address of a public source (https://...)", required=False)
        if url:
            urls = [url]
            titles = [_ask(None, "Title of that source")]
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
    name = _ask(name, "Name of the platform (or an alias if it must not be named)")
    ident = _ask(
        id, "Short id for it (lowercase letters, digits and hyphens, e.g. example-forum-a)", check="id"
    )
    domains = _ask_list(domain, "Its domain, e.g. example.com", required=False)
    harms = _ask_list(
        harm, "What it is alleged to host: ncii, csam, deepfake-ncii, sextortion, other", check="harms"
    )
    summary = _ask(summary, "One paragraph about it")
    naming_source = _ask(
        naming_source,
        "Address of a public document that already names it (leave empty to keep it unnamed)",
        required=False,
    )
    by = _ask(
        by,
        "Who reported it: survivor, campaign-group, lawyer, journalist or public",
        default="campaign-group",
        check="role",
    )
    # Required: the waiting clock starts on this day, so today would understate the regulator's delay.
    date = _ask(date, "Date of the first report to the regulator, YYYY-MM-DD", check="date")
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
    args = _sources(args, source_title or [], source_url or [], ask=by not in ("survivor", "campaign-group"))
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
    platform = _ask(platform, "Id of the platform", check="id")
    kind = _ask(
        type, "Type of event (e.g. acknowledged, investigation-opened, platform-response)", check="type"
    )
    by = _ask(
        by,
        "Who acted (regulator, platform, court, survivor, campaign-group, lawyer, journalist, public)",
        check="role",
    )
    title = _ask(title, "One line saying what happened")
    # Asked for in a terminal (no silent today); a script that gives no --date gets today, as documented.
    date = _ask(date, "Date it happened, YYYY-MM-DD", required=sys.stdin.isatty(), check="date")
    args = ["add-event", "--data", CONFIG["data"], "--platform", platform, "--type", kind, "--by", by]
    args += ["--title", title]
    if kind == "platform-response":
        outcome = _ask(
            outcome,
            "What the platform did: offline, geo-blocked, content-removed, measures-adopted, no-change",
        )
    if kind == "penalty":
        amount_gbp = _ask(amount_gbp, "The fine in whole pounds")
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
    args = _sources(args, source_title or [], source_url or [], ask=True)
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
