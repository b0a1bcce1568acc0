"""`python -m tracker COMMAND`: the commands campaigners, `tasks.py` and CI run.

Bad input always ends in located messages and exit status 1, never a Python traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import date

from .dates import resolve_today
from .problems import DataError, Problem
from .validate import DEFAULT_DATA, validate_file


def _today(parser: argparse.ArgumentParser, value: str | None) -> date:
    try:
        return resolve_today(value)
    except ValueError as error:
        parser.error(str(error))
        raise  # unreachable: parser.error exits


def _print_problems(problems: Sequence[Problem], style: str) -> None:
    for problem in problems:
        print(problem.format(style))
    count = len(problems)
    if style == "text":
        print(f"{count} problem{'s' if count != 1 else ''} found. Nothing was built.", file=sys.stderr)


def cmd_validate(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    today = _today(parser, args.today)
    status = 0
    for path in args.paths or [DEFAULT_DATA]:
        result = validate_file(path, today)
        if result.ok and result.dataset is not None:
            d = result.dataset
            events = d.event_count
            if args.format == "text":
                print(
                    f"{path}: ok: {len(d.regulators)} regulators, {len(d.platforms)} platforms,"
                    f" {events} events (as of {today})"
                )
        else:
            _print_problems(result.problems, args.format)
            status = 1
    return status


def cmd_build(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .build import build_site

    today = _today(parser, args.today)
    try:
        result = build_site(today=today, settings_file=args.settings, output=args.output, data=args.data)
    except DataError as error:
        _print_problems(error.problems, "text")
        return 1
    print(f"Built {result.files} files into {args.output}/ (figures as of {today})")
    return 0


def cmd_schema(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from .schema import SCHEMA_PATH, schema_text

    text = schema_text()
    if args.check:
        if not SCHEMA_PATH.exists() or SCHEMA_PATH.read_text(encoding="utf-8") != text:
            print(f"{SCHEMA_PATH.name} is out of date: run python -m tracker schema --write", file=sys.stderr)
            return 1
        return 0
    if args.write:
        SCHEMA_PATH.parent.mkdir(exist_ok=True)
        SCHEMA_PATH.write_text(text, encoding="utf-8")
        return 0
    sys.stdout.write(text)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m tracker", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    def with_today(p: argparse.ArgumentParser) -> argparse.ArgumentParser:
        p.add_argument(
            "--today",
            help="the date figures are computed for, YYYY-MM-DD (default: TRACKER_TODAY,"
            " else today in Europe/London)",
        )
        return p

    v = with_today(sub.add_parser("validate", help="check data files and list every problem with its line"))
    v.add_argument("paths", nargs="*", help=f"data files (default: {DEFAULT_DATA})")
    v.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="github prints workflow annotations for pull requests",
    )
    v.set_defaults(func=cmd_validate)

    b = with_today(sub.add_parser("build", help="validate, then build the site into output/ atomically"))
    b.add_argument("--settings", default="pelicanconf.py", help="Pelican settings file")
    b.add_argument("--output", default="output", help="output folder (replaced only after a full build)")
    b.add_argument("--data", default=None, help="data file (default: TRACKER_DATA in the settings)")
    b.set_defaults(func=cmd_build)

    s = sub.add_parser("schema", help="print, write or check schema/platforms.schema.json")
    group = s.add_mutually_exclusive_group()
    group.add_argument("--write", action="store_true")
    group.add_argument("--check", action="store_true")
    s.set_defaults(func=cmd_schema)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    code: int = args.func(args, parser)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
