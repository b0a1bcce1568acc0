"""Open data: `data/platforms.json`, `data/events.csv`, the JSON Schema of the JSON and the /data/ page.

Journalists and researchers quote these files, so a copy made on a laptop with `python -m tracker export`
and the one on the site must be the same bytes for the same data and date: both call `export_files`.
Every JSON field and CSV column is defined once, in the tables below; the JSON Schema, the CSV header
and the data dictionary on the /data/ page are generated from those tables, and the writers refuse a
record whose keys differ from its table, so the documentation cannot drift from the files.

The safety rules hold here as on every page: a flagged domain is only ever written defanged
(`example[.]com`), a platform that is not named has no domain, hash or naming source in the files, and
free text has every flagged domain in it defanged.
"""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import jsontext
from .derive import statuses_after
from .model import (
    EVENT_CLASSES,
    EVENT_TYPES,
    HARMS,
    OUTCOMES,
    ROLES,
    STATUSES,
    Event,
    Platform,
    Regulator,
    Source,
)
from .safety import defang
from .sitedata import SiteData

if TYPE_CHECKING:
    from .plugin import Output

__all__ = [
    "CSV_COLUMNS",
    "CSV_NAME",
    "DATA_DIR",
    "EXPORT_SCHEMA_ID",
    "EXPORT_SCHEMA_PATH",
    "GROUPS",
    "GUARD",
    "GUARDED_STARTS",
    "GUARD_EXPLANATION",
    "JSON_NAME",
    "JSON_PATH",
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "Column",
    "DictionaryRow",
    "DictionarySection",
    "Download",
    "Field",
    "Group",
    "Licence",
    "csv_text",
    "dictionary",
    "downloads",
    "export_files",
    "export_schema",
    "export_schema_text",
    "guard_cell",
    "licence_from_settings",
    "platforms_document",
    "unguard_cell",
    "write",
]

# Bump the major number when a field is removed or changes meaning, the minor one when a field is added.
SCHEMA_VERSION = "1.0"
EXPORT_SCHEMA_ID = "https://example.org/regulator-inaction-tracker/platforms-export.schema.json"
EXPORT_SCHEMA_PATH = Path(__file__).resolve().parent.parent / "schema" / "platforms-export.schema.json"

DATA_DIR = "data"  # folder of the downloads in the site
JSON_NAME = "platforms.json"
CSV_NAME = "events.csv"
SCHEMA_NAME = "platforms.schema.json"
JSON_PATH = f"{DATA_DIR}/{JSON_NAME}"  # where the build writes platforms.json

# --- spreadsheet formula guard ------------------------------------------------------------------------

# A spreadsheet runs a cell that starts with one of these as a formula (`=HYPERLINK(...)` in a title
# would become a live link, or worse). The CSV gives such a cell one leading apostrophe, which
# spreadsheets show as text.
GUARDED_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def _needs_guard(value: str) -> bool:
    """Starts with a formula character, or with apostrophes and then one (so the guard stays reversible)."""
    stripped = value.lstrip(GUARD)
    return stripped[:1] in GUARDED_STARTS and stripped != ""


def guard_cell(value: str) -> str:
    """The CSV form of a cell: one apostrophe in front when a spreadsheet would read it as a formula."""
    return GUARD + value if _needs_guard(value) else value


def unguard_cell(cell: str) -> str:
    """The original value of a CSV cell: the exact inverse of `guard_cell`, as the data dictionary says."""
    return cell[1:] if cell.startswith(GUARD) and _needs_guard(cell[1:]) else cell


GUARD_EXPLANATION = (
    "Spreadsheet programs run a cell that starts with =, +, - or @ (or with a tab or a carriage return)"
    " as a formula. So that text from the records can never run as a formula, a cell that would start"
    " with one of those characters, or with apostrophes followed by one of them, has one apostrophe (')"
    " added in front of it. To get the original value back: when a cell starts with an apostrophe and"
    " the rest of it, after any further apostrophes, starts with one of those characters, remove the"
    " first apostrophe. No other cell is changed."
)

# --- definitions --------------------------------------------------------------------------------------

SCALAR_LABELS: Mapping[str, str] = {
    "text": "text",
    "markdown": "text (Markdown)",
    "url": "web address",
    "date": "date (YYYY-MM-DD)",
    "integer": "whole number",
    "boolean": "true or false",
}


@dataclass(frozen=True)
class Field:
    """One field of a JSON record. `kind` is a key of SCALAR_LABELS, `list` or `object`; `of` names
    what a list holds (a scalar kind or a group) or which group an object is."""

    name: str
    kind: str
    description: str
    nullable: bool = False
    values: tuple[str, ...] = ()
    of: str = ""


@dataclass(frozen=True)
class Group:
    """One kind of JSON record (a platform, an event...), with every field it has."""

    name: str
    title: str
    description: str
    fields: tuple[Field, ...]

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(f.name for f in self.fields)


@dataclass(frozen=True)
class Column:
    name: str
    description: str


_STATUS_VALUES = tuple(STATUSES)
_GROUPS: tuple[Group, ...] = (
    Group(
        "dataset",
        "The file",
        "platforms.json holds one object with these fields.",
        (
            Field(
                "schema_version",
                "text",
                "Version of this file's layout. The first number changes when a field is removed or"
                " changes meaning; the second when a field is added.",
            ),
            Field(
                "generated_for",
                "date",
                'The day the figures are worked out for ("figures as of"), in UK time. Statuses,'
                " waiting times and milestones are as of this day.",
            ),
            Field("licence", "object", "The licence of the data.", of="licence"),
            Field("regulators", "list", "Every regulator, in the order of the data file.", of="regulator"),
            Field("platforms", "list", "Every platform, in the order of the data file.", of="platform"),
        ),
    ),
    Group(
        "licence",
        "Licence",
        "Under which terms the data may be reused.",
        (
            Field("name", "text", "Short name of the licence, e.g. CC BY 4.0."),
            Field("url", "url", "Where the licence text is published."),
        ),
    ),
    Group(
        "regulator",
        "Regulator",
        "A regulator that platforms are reported to.",
        (
            Field("id", "text", "Short stable identifier, e.g. ofcom."),
            Field("name", "text", "Name of the regulator."),
            Field("jurisdiction", "text", "Where it regulates."),
            Field("law", "text", "The law under which platforms are reported to it."),
            Field("url", "url", "The regulator's website."),
            Field(
                "response_window_working_days",
                "integer",
                "The campaign's yardstick: a report with no formal step after this many working days is"
                " counted as overdue.",
            ),
            Field(
                "silence_milestones_working_days",
                "list",
                "Points on each waiting clock that are marked as milestones (e.g. 20, 60, 120 working days).",
                of="integer",
            ),
            Field(
                "holidays",
                "text",
                "The public-holiday calendar used to count working days (country and region, e.g. GB-ENG"
                " for England and Wales).",
            ),
            Field("events", "list", "Developments about the regulator itself, oldest first.", of="event"),
        ),
    ),
    Group(
        "platform",
        "Platform",
        "An online platform reported to a regulator, with what the tracker works out about it.",
        (
            Field("id", "text", "Short stable identifier; the platform's page is /platforms/<id>/."),
            Field(
                "name",
                "text",
                "Name of the platform. For a platform that is not named, an alias such as"
                ' "Image board A (not named)".',
            ),
            Field(
                "named",
                "boolean",
                "true when a public document already names the platform; false when the tracker does not"
                " name it (then no domain or naming source is published).",
            ),
            Field(
                "naming_source",
                "url",
                "The public document that names the platform. null when the platform is not named.",
                nullable=True,
            ),
            Field(
                "domains",
                "list",
                "The platform's domains, written defanged (example[.]com) so they never become links."
                " Empty when the platform is not named.",
                of="text",
            ),
            Field(
                "harms",
                "list",
                "The kinds of abuse the platform is alleged to host.",
                values=tuple(HARMS),
                of="text",
            ),
            Field("summary", "markdown", "One paragraph about the platform."),
            Field(
                "regulators",
                "list",
                "Ids of the regulators it was or may be reported to; the first is its primary regulator.",
                of="text",
            ),
            Field(
                "status",
                "text",
                "Headline status: the status at the primary regulator (worked out, never typed by hand).",
                values=_STATUS_VALUES,
            ),
            Field(
                "first_reported",
                "date",
                "Date of the earliest report to any regulator. null when no report is recorded.",
                nullable=True,
            ),
            Field(
                "working_days_waiting",
                "integer",
                "Working days the primary regulator's clock has run: from the first report to the first"
                " formal step, or to generated_for while it is still running. null when not reported.",
                nullable=True,
            ),
            Field(
                "by_regulator",
                "list",
                "Status and waiting clock at each of the platform's regulators, primary first.",
                of="regulator_status",
            ),
            Field(
                "milestones",
                "list",
                'Silence milestones the clocks have reached ("60 working days without substantive'
                ' action"), oldest first.',
                of="milestone",
            ),
            Field("events", "list", "Everything recorded about the platform, oldest first.", of="event"),
        ),
    ),
    Group(
        "regulator_status",
        "Status at one regulator",
        "Where one platform stands with one regulator.",
        (
            Field("regulator", "text", "The regulator's id."),
            Field("status", "text", "The status at this regulator.", values=_STATUS_VALUES),
            Field(
                "clock_started",
                "date",
                "Day of the first report to this regulator (day zero). null when not reported to it.",
                nullable=True,
            ),
            Field(
                "clock_stopped",
                "date",
                "Day of the regulator's first formal step (the clock stops). null while it runs or when"
                " there is no clock.",
                nullable=True,
            ),
            Field("clock_running", "boolean", "true while the regulator has taken no formal step."),
            Field(
                "working_days",
                "integer",
                "Working days from clock_started to clock_stopped (or to generated_for while running),"
                " not counting weekends and public holidays. null when there is no clock.",
                nullable=True,
            ),
            Field(
                "calendar_days",
                "integer",
                "The same span in calendar days. null when there is no clock.",
                nullable=True,
            ),
            Field(
                "response_window_working_days",
                "integer",
                "The regulator's yardstick in working days (see the regulator's record).",
            ),
            Field(
                "overdue",
                "boolean",
                "true when the clock is running and working_days is more than the response window.",
            ),
        ),
    ),
    Group(
        "milestone",
        "Silence milestone",
        "A point a running clock reached without a formal step by the regulator (worked out, not typed).",
        (
            Field("id", "text", "Stable identifier, silence-<regulator>-<working days>."),
            Field("regulator", "text", "The regulator's id."),
            Field("working_days", "integer", "Working days without a formal step."),
            Field("date", "date", "The day the clock reached that many working days."),
            Field("title", "text", "The milestone in words."),
        ),
    ),
    Group(
        "event",
        "Event",
        "One dated development, as recorded in the data file.",
        (
            Field(
                "id",
                "text",
                "Identifier, unique within its platform or regulator (<date>-<type> unless the record"
                " gives one). Stable: feed items use it.",
            ),
            Field(
                "date",
                "date",
                "When it happened. Only scheduled events may be after generated_for.",
            ),
            Field("type", "text", "What kind of event it is.", values=tuple(EVENT_TYPES)),
            Field(
                "class",
                "text",
                "The event type's class, which decides its effect on the waiting clock and the status.",
                values=tuple(EVENT_CLASSES),
            ),
            Field("by", "text", "Who acted, as a role (never a person's name).", values=tuple(ROLES)),
            Field(
                "regulator",
                "text",
                "The regulator the event concerns. null when it concerns none in particular.",
                nullable=True,
            ),
            Field("title", "text", "One line saying what happened."),
            Field("body", "markdown", "More detail. null when there is none.", nullable=True),
            Field("sources", "list", "Public documents about the event.", of="source"),
            Field(
                "recorded",
                "date",
                "When the entry was added to the tracker, if later than the date. null otherwise.",
                nullable=True,
            ),
            Field("updated", "date", "Last material correction. null when never corrected.", nullable=True),
            Field(
                "verified", "date", "Last time a maintainer checked the sources, if recorded.", nullable=True
            ),
            Field(
                "amount_gbp", "integer", "Penalty events: the fine in pounds. null otherwise.", nullable=True
            ),
            Field(
                "daily_rate_gbp",
                "integer",
                "Penalty events: the daily penalty in pounds, if any. null otherwise.",
                nullable=True,
            ),
            Field(
                "outcome",
                "text",
                "Platform-response events: what the platform did. null otherwise.",
                nullable=True,
                values=tuple(OUTCOMES),
            ),
            Field(
                "status_after",
                "text",
                "Platform events: the platform's status at the event's regulator (or at its primary"
                " regulator when the event names none) just after this event. null for a regulator's own"
                " events.",
                nullable=True,
                values=_STATUS_VALUES,
            ),
        ),
    ),
    Group(
        "source",
        "Source",
        "A public document about an event. Never a link to the platform itself.",
        (
            Field("title", "text", "What the document is."),
            Field("url", "url", "Where it is published."),
            Field("archived", "url", "An archived copy, if recorded. null otherwise.", nullable=True),
        ),
    ),
)
GROUPS: Mapping[str, Group] = {g.name: g for g in _GROUPS}

CSV_COLUMNS: tuple[Column, ...] = (
    Column("platform_id", "The platform's id (as in platforms.json)."),
    Column("platform_name", "The platform's name, or its alias when it is not named."),
    Column("event_id", "The event's id, unique within the platform (as in platforms.json)."),
    Column("date", "When it happened, YYYY-MM-DD."),
    Column("type", "What kind of event it is: " + ", ".join(EVENT_TYPES) + "."),
    Column("by", "Who acted, as a role: " + ", ".join(ROLES) + "."),
    Column("regulator", "The id of the regulator the event concerns; empty when it concerns none."),
    Column("title", "One line saying what happened."),
    Column("source_url", "The address of the event's first source; empty when it has none."),
    Column(
        "status_after",
        "The platform's status at the event's regulator (or its primary regulator when the event names"
        " none) just after this event: " + ", ".join(STATUSES) + ".",
    ),
)

# --- JSON Schema --------------------------------------------------------------------------------------

_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _scalar_schema(kind: str) -> dict[str, Any]:
    if kind in ("text", "markdown"):
        return {"type": "string"}
    if kind == "url":
        return {"type": "string", "pattern": "^https?://"}
    if kind == "date":
        return {"type": "string", "pattern": _DATE_PATTERN}
    if kind == "integer":
        return {"type": "integer", "minimum": 0}
    if kind == "boolean":
        return {"type": "boolean"}
    raise ValueError(f"unknown field kind {kind!r}")


def _field_schema(f: Field) -> dict[str, Any]:
    if f.kind == "object":
        schema: dict[str, Any] = {"$ref": f"#/$defs/{f.of}"}
    elif f.kind == "list":
        items = {"$ref": f"#/$defs/{f.of}"} if f.of in GROUPS else _scalar_schema(f.of)
        if f.values:
            items = {**items, "enum": list(f.values)}
        schema = {"type": "array", "items": items}
    else:
        schema = _scalar_schema(f.kind)
        if f.values:
            schema["enum"] = list(f.values)
    if f.name == "schema_version":
        schema["const"] = SCHEMA_VERSION
    if f.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {"description": f.description, **schema}


def _group_schema(group: Group) -> dict[str, Any]:
    return {
        "type": "object",
        "description": group.description,
        "required": list(group.names),
        "additionalProperties": False,
        "properties": {f.name: _field_schema(f) for f in group.fields},
    }


def export_schema() -> dict[str, Any]:
    """The JSON Schema of platforms.json, published beside it and committed in schema/."""
    top = _group_schema(GROUPS["dataset"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": EXPORT_SCHEMA_ID,
        "title": "Regulator-inaction tracker: platforms.json",
        **top,
        "$defs": {g.name: _group_schema(g) for g in _GROUPS if g.name != "dataset"},
    }


def export_schema_text() -> str:
    return json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n"


# --- the data dictionary (for the /data/ page) --------------------------------------------------------


@dataclass(frozen=True)
class DictionaryRow:
    name: str
    type: str
    description: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class DictionarySection:
    name: str
    title: str
    description: str
    rows: tuple[DictionaryRow, ...]


def _type_label(f: Field) -> str:
    if f.kind == "object":
        label = f"{GROUPS[f.of].title.lower()} record"
    elif f.kind == "list":
        inner = f"{GROUPS[f.of].title.lower()} records" if f.of in GROUPS else f"{SCALAR_LABELS[f.of]}s"
        label = f"list of {inner}"
    else:
        label = SCALAR_LABELS[f.kind]
    return f"{label}, or null" if f.nullable else label


def dictionary() -> tuple[DictionarySection, ...]:
    """Every JSON record kind with its fields, in words, generated from the same tables as the files."""
    return tuple(
        DictionarySection(
            g.name,
            g.title,
            g.description,
            tuple(DictionaryRow(f.name, _type_label(f), f.description, f.values) for f in g.fields),
        )
        for g in _GROUPS
    )


# --- building the records -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Licence:
    name: str
    url: str


def licence_from_settings(settings: Mapping[str, Any]) -> Licence:
    return Licence(str(settings["DATA_LICENCE"]), str(settings["DATA_LICENCE_URL"]))


def _record(group: str, **values: Any) -> dict[str, Any]:
    """A record in the field order of its table; a missing or extra key is a bug, caught at once."""
    names = GROUPS[group].names
    if set(values) != set(names):
        raise ValueError(f"{group} record keys {sorted(values)} differ from its definition {list(names)}")
    return {name: values[name] for name in names}


def _iso(day: date | None) -> str | None:
    return day.isoformat() if day is not None else None


class _Exporter:
    def __init__(self, site: SiteData) -> None:
        self.site = site
        self.flagged = site.flagged

    def status_after(self, p: Platform) -> tuple[str, ...]:
        """The status after each event, aligned with the platform's events, read against its lane."""
        site = self.site
        per_regulator = {
            rid: statuses_after(p, site.regulators_by_id[rid], site.today) for rid in p.regulators
        }
        return tuple(per_regulator[self._lane(p, e)][i] for i, e in enumerate(p.events))

    @staticmethod
    def _lane(platform: Platform, event: Event) -> str:
        """The regulator whose status an event is read against: its own, else the platform's primary."""
        if event.regulator is not None and event.regulator in platform.regulators:
            return event.regulator
        return platform.primary_regulator

    def text(self, value: str) -> str:
        return self.flagged.defang_in(value) if self.flagged else value

    def source(self, s: Source) -> dict[str, Any]:
        return _record("source", title=self.text(s.title), url=s.url, archived=s.archived)

    def event(self, e: Event, status_after: str | None) -> dict[str, Any]:
        return _record(
            "event",
            id=e.id,
            date=e.date.isoformat(),
            type=e.type,
            **{"class": e.cls},
            by=e.by,
            regulator=e.regulator,
            title=self.text(e.title),
            body=self.text(e.body) if e.body else None,
            sources=[self.source(s) for s in e.sources],
            recorded=_iso(e.recorded),
            updated=_iso(e.updated),
            verified=_iso(e.verified),
            amount_gbp=e.amount_gbp,
            daily_rate_gbp=e.daily_rate_gbp,
            outcome=e.outcome,
            status_after=status_after,
        )

    def platform(self, p: Platform) -> dict[str, Any]:
        facts = self.site.facts[p.id]
        by_regulator = []
        for regulator_id, clock in facts.clocks.items():
            span = clock.span
            by_regulator.append(
                _record(
                    "regulator_status",
                    regulator=regulator_id,
                    status=facts.statuses[regulator_id],
                    clock_started=_iso(clock.started),
                    clock_stopped=_iso(clock.stopped),
                    clock_running=clock.running,
                    working_days=span.working_days if span else None,
                    calendar_days=span.calendar_days if span else None,
                    response_window_working_days=(
                        self.site.regulators_by_id[regulator_id].response_window_working_days
                    ),
                    overdue=clock.overdue,
                )
            )
        return _record(
            "platform",
            id=p.id,
            name=self.text(p.name),
            named=p.named,
            naming_source=p.naming_source if p.named else None,
            domains=[defang(d) for d in p.domains] if p.named else [],
            harms=list(p.harms),
            summary=self.text(p.summary),
            regulators=list(p.regulators),
            status=facts.headline_status,
            first_reported=_iso(facts.first_reported),
            working_days_waiting=facts.days_waiting.working_days if facts.days_waiting else None,
            by_regulator=by_regulator,
            milestones=[
                _record(
                    "milestone",
                    id=m.id,
                    regulator=m.regulator_id,
                    working_days=m.n,
                    date=m.date.isoformat(),
                    title=m.title,
                )
                for m in facts.milestones
            ],
            events=[self.event(e, after) for e, after in zip(p.events, self.status_after(p), strict=True)],
        )

    def regulator(self, r: Regulator) -> dict[str, Any]:
        return _record(
            "regulator",
            id=r.id,
            name=self.text(r.name),
            jurisdiction=self.text(r.jurisdiction),
            law=self.text(r.law),
            url=r.url,
            response_window_working_days=r.response_window_working_days,
            silence_milestones_working_days=list(r.silence_milestones_working_days),
            holidays=r.holidays,
            events=[self.event(e, None) for e in r.events],
        )

    def csv_rows(self, p: Platform) -> list[dict[str, str]]:
        return [
            {
                "platform_id": p.id,
                "platform_name": self.text(p.name),
                "event_id": e.id,
                "date": e.date.isoformat(),
                "type": e.type,
                "by": e.by,
                "regulator": e.regulator or "",
                "title": self.text(e.title),
                "source_url": e.sources[0].url if e.sources else "",
                "status_after": after,
            }
            for e, after in zip(p.events, self.status_after(p), strict=True)
        ]

    def json_record(self, p: Platform) -> str:
        """The platform's record in platforms.json, indented as it stands there."""
        return jsontext.dumps(self.platform(p), level=2)


def platforms_document(site: SiteData, licence: Licence) -> dict[str, Any]:
    """The content of platforms.json."""
    exporter = _Exporter(site)
    return _dataset_record(site, licence, exporter, [exporter.platform(p) for p in site.dataset.platforms])


def _dataset_record(
    site: SiteData, licence: Licence, exporter: _Exporter, platforms: list[Any]
) -> dict[str, Any]:
    return _record(
        "dataset",
        schema_version=SCHEMA_VERSION,
        generated_for=site.today.isoformat(),
        licence=_record("licence", name=licence.name, url=licence.url),
        regulators=[exporter.regulator(r) for r in site.dataset.regulators],
        platforms=platforms,
    )


def _csv_writer(buffer: io.StringIO) -> csv.DictWriter[str]:
    names = [c.name for c in CSV_COLUMNS]
    return csv.DictWriter(buffer, fieldnames=names, extrasaction="raise", lineterminator="\r\n")


def _csv_rows_text(exporter: _Exporter, platform: Platform) -> str:
    names = [c.name for c in CSV_COLUMNS]
    buffer = io.StringIO()
    writer = _csv_writer(buffer)
    for row in exporter.csv_rows(platform):
        if list(row) != names:
            raise ValueError(f"CSV row keys {list(row)} differ from the columns {names}")
        writer.writerow({k: guard_cell(v) for k, v in row.items()})
    return buffer.getvalue()


def _csv_header() -> str:
    buffer = io.StringIO()
    _csv_writer(buffer).writeheader()
    return buffer.getvalue()


def csv_text(site: SiteData) -> str:
    """The content of events.csv: one row per platform event, platforms in file order, oldest first."""
    exporter = _Exporter(site)
    return _csv_header() + "".join(_csv_rows_text(exporter, p) for p in site.dataset.platforms)


# Text of one platform's share of a download: (which download, platform, how to make it) -> text. The
# build passes `Output.fragment`-backed pieces, so an unchanged platform's share is not made again.
Pieces = Callable[[str, Platform, Callable[[], str]], str]


def _make(_kind: str, _platform: Platform, make: Callable[[], str]) -> str:
    return make()


def export_files(site: SiteData, licence: Licence, pieces: Pieces = _make) -> dict[str, bytes]:
    """Every download by file name: the one function the build and `python -m tracker export` share.

    platforms.json is `json.dumps(platforms_document(...), ensure_ascii=False, indent=2)` and a newline,
    written one platform at a time; events.csv likewise one platform's rows at a time.
    """
    exporter = _Exporter(site)
    platforms = site.dataset.platforms
    head = jsontext.dumps(_dataset_record(site, licence, exporter, []))
    records = [pieces("json", p, functools.partial(exporter.json_record, p)) for p in platforms]
    if records:
        assert head.endswith('"platforms": []\n}')
        head = head[: -len("[]\n}")] + "[\n    " + ",\n    ".join(records) + "\n  ]\n}"
    rows = [pieces("csv", p, functools.partial(_csv_rows_text, exporter, p)) for p in platforms]
    return {
        JSON_NAME: (head + "\n").encode("utf-8"),
        CSV_NAME: (_csv_header() + "".join(rows)).encode("utf-8"),
        SCHEMA_NAME: export_schema_text().encode("utf-8"),
    }


# --- the site -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Download:
    name: str
    path: str
    size: str
    description: str


def _size(data: bytes) -> str:
    if len(data) < 1024:
        return f"{len(data)} bytes"
    return f"{len(data) / 1024:.0f} KB" if len(data) < 1024 * 1024 else f"{len(data) / 1024 / 1024:.1f} MB"


_DESCRIPTIONS = {
    JSON_NAME: "Every regulator and platform with all its events, plus the statuses, waiting times and"
    " milestones the tracker works out.",
    CSV_NAME: "One row per event of a platform, for spreadsheets.",
    SCHEMA_NAME: "JSON Schema of platforms.json, for checking it automatically.",
}


def downloads(files: Mapping[str, bytes]) -> tuple[Download, ...]:
    return tuple(
        Download(name, f"{DATA_DIR}/{name}", _size(data), _DESCRIPTIONS[name]) for name, data in files.items()
    )


class Plan:
    """The downloads of one build in units (see pages.Plan): `platform(i)` makes a platform's share of
    platforms.json and events.csv (kept from the previous build when its record, and everything else
    `Output.key` covers, is unchanged), `finish` puts the files together and writes the /data/ page."""

    def __init__(self, out: Output) -> None:
        self.exporter = _Exporter(out.site)

    @staticmethod
    def _key(out: Output, kind: str, platform: Platform) -> str:
        return out.platform_key(f"export-{kind}", platform.id)

    def platform(self, out: Output, index: int) -> None:
        platform = out.site.dataset.platforms[index]
        out.fragment(self._key(out, "json", platform), functools.partial(self.exporter.json_record, platform))
        out.fragment(
            self._key(out, "csv", platform), functools.partial(_csv_rows_text, self.exporter, platform)
        )

    def finish(self, out: Output) -> None:
        def pieces(kind: str, platform: Platform, make: Callable[[], str]) -> str:
            return out.fragment(self._key(out, kind, platform), make)

        _write_downloads(out, export_files(out.site, licence_from_settings(out.settings), pieces))

    def finish_early(self, out: Output) -> bool:
        """`finish` now, making the few shares the previous build did not leave, when there are few (a
        rebuild); False, doing nothing, when many are to be made (they are made as units, in parallel)."""
        platforms = out.site.dataset.platforms
        previous = out.session.fragments
        missing = [
            index
            for index, platform in enumerate(platforms)
            if self._key(out, "json", platform) not in previous
            or self._key(out, "csv", platform) not in previous
        ]
        if len(missing) > max(8, len(platforms) // 20):
            return False
        for index in missing:
            self.platform(out, index)
        self.finish(out)
        return True


def write(out: Output) -> None:
    """Write the downloads under data/ and the /data/ page with its data dictionary."""
    plan = Plan(out)
    for index in range(len(out.site.dataset.platforms)):
        plan.platform(out, index)
    plan.finish(out)


def _write_downloads(out: Output, files: dict[str, bytes]) -> None:
    for name, data in files.items():
        out.file(f"{DATA_DIR}/{name}", data)
    out.page(
        f"{DATA_DIR}/index.html",
        "data",
        downloads=downloads(files),
        csv_columns=CSV_COLUMNS,
        json_sections=dictionary(),
        guard_explanation=GUARD_EXPLANATION,
        schema_version=SCHEMA_VERSION,
    )
