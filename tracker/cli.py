"""`python -m tracker COMMAND`: the commands campaigners, `tasks.py` and CI run.

Bad input always ends in located messages and exit status 1, never a Python traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.check.validate import (
    DEFAULT_CONTENT,
    DEFAULT_DATA,
    validate_content,
    validate_file,
    warning_lines,
)
from tracker.model.dataset import Dataset, Source
from tracker.model.dates import parse_date, resolve_today
from tracker.model.problems import DataError, Problem, github_lines

if TYPE_CHECKING:  # the edit machinery (ruamel.yaml) is imported only by the commands that edit
    from tracker.edit.requests import Edit, EditError


def _today(parser: argparse.ArgumentParser, value: str | None) -> date:
    try:
        return resolve_today(value)
    except ValueError as error:
        parser.error(str(error))
        raise  # unreachable: parser.error exits


def _print_problems(problems: Sequence[Problem], style: str) -> None:
    lines = github_lines(list(problems)) if style == "github" else [p.format(style) for p in problems]
    for line in lines:
        print(line)
    count = len(problems)
    if style == "text":
        print(f"{count} problem{'s' if count != 1 else ''} found. Nothing was built.", file=sys.stderr)


def cmd_validate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    today = _today(parser, args.today)
    results = [(path, validate_file(path, today)) for path in args.paths or [DEFAULT_DATA]]
    datasets = [result.dataset for _, result in results if result.dataset is not None]
    content = validate_content(args.content, datasets) if args.content else ()
    for path, result in results:
        if result.dataset is None:
            _print_problems(result.problems, args.format)
            continue
        sys.stdout.write("".join(f"{line}\n" for line in warning_lines(result.warnings, args.format)))
        d = result.dataset
        if args.format == "text":
            print(f"{path}: ok: {len(d.regulators)} regulators, {len(d.platforms)} platforms,"
                  f" {d.event_count} events (as of {today})")
    if content:
        _print_problems(content, args.format)
    return 0 if len(datasets) == len(results) and not content else 1


def cmd_build(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from tracker.build.site import build_site

    today = _today(parser, args.today)
    try:
        result = build_site(
            today=today,
            settings_file=args.settings,
            output=args.output,
            data=args.data,
            incremental=not args.clean,
        )
    except DataError as error:
        _print_problems(error.problems, "text")
        return 1
    print(f"Built {result.files} files into {args.output}/ (figures as of {today})")
    return 0


def cmd_schema(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from tracker.check.schema import SCHEMA_PATH, schema_text
    from tracker.downloads.export_schema import export_schema_text
    from tracker.downloads.fields import EXPORT_SCHEMA_PATH

    text = schema_text()
    # The committed schemas: the data file's, and that of the published platforms.json.
    committed = ((SCHEMA_PATH, text), (EXPORT_SCHEMA_PATH, export_schema_text()))
    if args.check:
        stale = [p for p, t in committed if not p.exists() or p.read_text(encoding="utf-8") != t]
        for path in stale:
            print(f"{path.name} is out of date: run python -m tracker schema --write", file=sys.stderr)
        return 1 if stale else 0
    if args.write:
        for path, content in committed:
            path.parent.mkdir(exist_ok=True)
            path.write_text(content, encoding="utf-8")
        return 0
    sys.stdout.write(text)
    return 0


def _pairs(parser: argparse.ArgumentParser, titles: list[str], urls: list[str]) -> tuple[Source, ...]:
    if len(titles) != len(urls):
        parser.error("give one --source-title for each --source-url, in the same order")
    return tuple(Source(title=t, url=u) for t, u in zip(titles, urls, strict=True))


def _recorded(day: date, today: date) -> date | None:
    """An entry added after the day it describes is `recorded` today, so feed readers still see it."""
    return today if day < today else None


def _edit_problems(error: EditError, style: str = "text") -> int:
    print(f"error: {error.message}", file=sys.stderr)
    for answer in error.answers:
        print(f"  {answer}", file=sys.stderr)
    for problem in error.problems:
        print(problem.format(style), file=sys.stderr)
    return 1


def _report_edit(edit: Edit, path: str) -> None:
    print(f"Added the {edit.what} to {path}, lines {edit.first_line}-{edit.last_line}:")
    print(edit.block.strip("\r\n"))
    print("Check it, then open a pull request. The file still validates.")


def _dataset_for_edit(path: str, today: date) -> Dataset | None:
    result = validate_file(path, today)
    if result.dataset is None:
        print(f"error: nothing was changed: {path} has problems already; fix them first", file=sys.stderr)
        _print_problems(result.problems, "text")
        return None
    return result.dataset


def cmd_new_platform(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from tracker.edit.apply import add_platform
    from tracker.edit.requests import EditError, NewEvent, NewPlatform, report_title

    today = _today(parser, args.today)
    path = args.data
    dataset = _dataset_for_edit(path, today)
    if dataset is None:
        return 1
    regulators = tuple(args.regulator) or (dataset.regulators[0].id,)
    try:
        primary = dataset.regulator(regulators[0])
    except KeyError:
        known = ", ".join(r.id for r in dataset.regulators)
        print(
            f"error: no regulator has the id '{regulators[0]}' (known regulators: {known})", file=sys.stderr
        )
        return 1
    day = _date_arg("--date", args.date)
    if day is None:
        print(
            "error: --date is required: the day the platform was first reported, YYYY-MM-DD"
            " (the waiting clock starts on that day, so today would understate the wait)",
            file=sys.stderr,
        )
        return 1
    harms = tuple(h.strip() for value in args.harm for h in value.split(",") if h.strip())
    report = NewEvent(
        date=day,
        type="reported",
        regulator=primary.id,
        by=args.by,
        title=args.title or report_title(primary, args.by),
        sources=_pairs(parser, args.source_title, args.source_url),
        recorded=_recorded(day, today),
    )
    platform = NewPlatform(
        id=args.id,
        name=args.name,
        harms=harms,
        summary=args.summary,
        regulators=regulators,
        first_event=report,
        naming_source=args.naming_source or None,
        domains=tuple(args.domain),
    )
    try:
        edit = add_platform(path, platform, today)
    except EditError as error:
        return _edit_problems(error)
    _report_edit(edit, path)
    return 0


def cmd_add_event(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from tracker.edit.apply import add_event
    from tracker.edit.requests import EditError, NewEvent
    from tracker.model.vocabulary import EVENT_TYPES, PROCEDURAL, REPORT, SUBSTANTIVE

    today = _today(parser, args.today)
    path = args.data
    dataset = _dataset_for_edit(path, today)
    if dataset is None:
        return 1
    platform = next((p for p in dataset.platforms if p.id == args.platform), None)
    regulator = args.regulator
    info = EVENT_TYPES.get(args.type)
    needs_regulator = info is not None and info.cls in (REPORT, PROCEDURAL, SUBSTANTIVE)
    if regulator is None and platform is not None and needs_regulator:
        regulator = platform.primary_regulator
    day = _date_arg("--date", args.date) or today
    event = NewEvent(
        date=day,
        type=args.type,
        by=args.by,
        title=args.title,
        regulator=regulator,
        id=args.id,
        body=args.body,
        sources=_pairs(parser, args.source_title, args.source_url),
        outcome=args.outcome,
        amount_gbp=args.amount_gbp,
        daily_rate_gbp=args.daily_rate_gbp,
        recorded=_recorded(day, today),
    )
    try:
        edit = add_event(path, args.platform, event, today)
    except EditError as error:
        return _edit_problems(error)
    _report_edit(edit, path)
    return 0


def _date_arg(flag: str, value: str | None) -> date | None:
    """The option's date, or exit with the validator's message for it (never an argparse usage dump
    about an option the campaigner may not have typed: the task menu passes their answer as `--date`)."""
    if value is None:
        return None
    from tracker.check.answers import date_answer

    problem = date_answer(value.strip())
    if problem is not None:
        print(f"error: {flag}: {problem}", file=sys.stderr)
        raise SystemExit(1)
    return parse_date(value.strip())


def cmd_export(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from tracker.build.site import pelican_settings
    from tracker.derive.sitedata import build_site_data
    from tracker.downloads.fields import CSV_NAME, JSON_NAME, SCHEMA_NAME
    from tracker.downloads.records import export_files, licence_from_settings
    from tracker.settings import read_settings

    today = _today(parser, args.today)
    if not os.path.isfile(args.settings):
        parser.error(f"no settings file {args.settings!r}: run the command from the project folder")
    settings = read_settings(pelican_settings(args.settings, {}))
    path = args.data or settings.data
    result = validate_file(path, today)
    if result.dataset is None:
        _print_problems(result.problems, "text")
        return 1
    files = export_files(build_site_data(result.dataset, today), licence_from_settings(settings))
    wanted = {"json": (JSON_NAME, SCHEMA_NAME), "csv": (CSV_NAME,)}.get(args.format, tuple(files))
    os.makedirs(args.output, exist_ok=True)
    for name in wanted:
        target = os.path.join(args.output, name)
        temp = f"{target}.tmp-{os.getpid()}"
        with open(temp, "wb") as handle:
            handle.write(files[name])
        os.replace(temp, target)
        print(f"Wrote {target} ({len(files[name])} bytes, figures as of {today})")
    return 0


def _with_today(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
    today = "the date figures are for, YYYY-MM-DD (default: TRACKER_TODAY, else today in Europe/London)"
    p.add_argument("--today", help=today)
    return p


def _validate_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    v = _with_today(sub.add_parser("validate", help="check data files and list every problem with its line"))
    v.add_argument("paths", nargs="*", help=f"data files (default: {DEFAULT_DATA})")
    v.add_argument("--format", choices=("text", "github"), default="text",
                   help="github prints workflow annotations for pull requests")
    v.add_argument("--content", default=DEFAULT_CONTENT,
                   help=f"the content folder held to the same rules (default: {DEFAULT_CONTENT}; '' to skip)")
    v.set_defaults(func=cmd_validate)


def _build_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    b = _with_today(sub.add_parser("build", help="validate, then build the site into output/ atomically"))
    b.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file")
    b.add_argument("--output", default="output", help="output folder (replaced only after a full build)")
    b.add_argument("--data", default=None, help="data file (default: TRACKER_DATA in the settings)")
    b.add_argument(
        "--clean",
        action="store_true",
        help="make every file again, ignoring what earlier builds left in the cache (TRACKER_CACHE_PATH)",
    )
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("schema", help="print schema/platforms.schema.json; --write or --check both schemas")
    group = s.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true")
    group.add_argument("--check", action="store_true")
    s.set_defaults(func=cmd_schema)


def _new_platform_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    n = _with_today(
        sub.add_parser(
            "new-platform",
            help="add a platform with its first report to the data file (comments and layout kept)",
        )
    )
    n.add_argument("--data", default=DEFAULT_DATA, help=f"data file (default: {DEFAULT_DATA})")
    n.add_argument("--id", required=True, help="short stable id: lowercase letters, digits, hyphens")
    n.add_argument("--name", required=True, help="the platform's name, or an alias if it is not named")
    n.add_argument("--harm", action="append", default=[], required=True, help="ncii, csam, ... (repeat)")
    n.add_argument("--summary", required=True, help="one paragraph (Markdown)")
    n.add_argument("--domain", action="append", default=[], help="host name, e.g. example.com (repeat)")
    n.add_argument(
        "--naming-source",
        help="address of a public document that names the platform; without it the platform is"
        " recorded as not named and its domains only as hashes",
    )
    n.add_argument("--regulator", action="append", default=[], help="regulator id (default: the first)")
    n.add_argument("--date", help="date of the first report, YYYY-MM-DD (required)")
    n.add_argument("--by", default="campaign-group", help="who reported it, a role (default: campaign-group)")
    n.add_argument("--title", help="title of the report event (default: 'Reported to ... by ...')")
    n.add_argument("--source-title", action="append", default=[], help="title of a source (repeat)")
    n.add_argument("--source-url", action="append", default=[], help="address of a source (repeat)")
    n.set_defaults(func=cmd_new_platform)


def _add_event_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    a = _with_today(sub.add_parser("add-event", help="add one event to a platform, in date order"))
    a.add_argument("--data", default=DEFAULT_DATA, help=f"data file (default: {DEFAULT_DATA})")
    a.add_argument("--platform", required=True, help="id of the platform")
    a.add_argument("--type", required=True, help="event type, e.g. acknowledged, investigation-opened")
    a.add_argument("--by", required=True, help="who acted, a role: regulator, platform, journalist, ...")
    a.add_argument("--title", required=True, help="one plain line saying what happened")
    a.add_argument("--date", help="YYYY-MM-DD (default: today)")
    a.add_argument("--regulator", help="regulator id (default for reports and regulator steps: primary)")
    a.add_argument("--id", help="event id (given automatically when one is needed)")
    a.add_argument("--body", help="more detail (Markdown)")
    a.add_argument("--source-title", action="append", default=[], help="title of a source (repeat)")
    a.add_argument("--source-url", action="append", default=[], help="address of a source (repeat)")
    a.add_argument("--outcome", help="platform-response only: offline, geo-blocked, ...")
    a.add_argument("--amount-gbp", type=int, help="penalty only: the fine in pounds")
    a.add_argument("--daily-rate-gbp", type=int, help="penalty only: the daily penalty in pounds")
    a.set_defaults(func=cmd_add_event)


def cmd_serve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from tracker.build.preview import serve
    from tracker.build.site import build_site
    from tracker.build.warm import Warm

    root = Path(args.settings).resolve().parent
    if not (root / "pelicanconf.py").is_file():
        parser.error(f"no settings file {args.settings!r}: run the command from the project folder")
    output, warm = root / "output", Warm()  # each rebuild starts from what the last left in memory

    def build() -> date:
        today = _today(parser, args.today)  # each rebuild: a preview left open overnight moves on
        build_site(today=today, settings_file=args.settings, output=output, incremental=True, warm=warm)
        return today

    serve(root, args.port, build, say=lambda line: print(line, flush=True))
    return 0


def _serve_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    v = _with_today(
        sub.add_parser("serve", help="build, preview at http://127.0.0.1:8000/ and rebuild on every save")
    )
    v.add_argument(
        "--port", type=int, default=8000, help="port to listen on (default 8000; 0 picks a free one)"
    )
    v.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file")
    v.set_defaults(func=cmd_serve)


def _export_command(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    x = _with_today(sub.add_parser("export", help="write the open-data files (platforms.json, events.csv)"))
    x.add_argument(
        "--format", choices=("json", "csv", "all"), default="all", help="which files (default: all)"
    )
    x.add_argument("--output", default=os.path.join("output", "data"), help="folder (default: output/data)")
    x.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file (licence)")
    x.add_argument("--data", default=None, help="data file (default: TRACKER_DATA in the settings)")
    x.set_defaults(func=cmd_export)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tracker", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    _validate_command(sub)
    _build_commands(sub)
    _new_platform_command(sub)
    _add_event_command(sub)
    _export_command(sub)
    _serve_command(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    return int(args.func(args, parser))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
