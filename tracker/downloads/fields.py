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

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tracker.model.vocabulary import EVENT_CLASSES, EVENT_TYPES, HARMS, OUTCOMES, ROLES, STATUSES

if TYPE_CHECKING:
    pass

__all__ = [
    "CSV_COLUMNS",
    "CSV_NAME",
    "DATA_DIR",
    "EXPORT_SCHEMA_ID",
    "EXPORT_SCHEMA_PATH",
    "GROUPS",
    "JSON_NAME",
    "JSON_PATH",
    "SCHEMA_NAME",
    "SCHEMA_VERSION",
    "Column",
    "Field",
    "Group",
]

# Bump the major number when a field is removed or changes meaning, the minor one when a field is added.
SCHEMA_VERSION = "2.0"
EXPORT_SCHEMA_ID = "https://example.org/regulator-inaction-tracker/platforms-export.schema.json"
EXPORT_SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema" / "platforms-export.schema.json"

DATA_DIR = "data"  # folder of the downloads in the site
JSON_NAME = "platforms.json"
CSV_NAME = "events.csv"
SCHEMA_NAME = "platforms.schema.json"
JSON_PATH = f"{DATA_DIR}/{JSON_NAME}"  # where the build writes platforms.json

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
                "The campaign's yardstick: a report with no investigation or enforcement step after this"
                " many working days is counted as overdue.",
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
                " investigation or enforcement step, or to generated_for while it is still running. null"
                " when no report is recorded.",
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
                'Silence milestones the clocks have reached ("60 working days since the first report, and no'
                ' investigation or enforcement step"), oldest first.',
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
                "Day of the regulator's first investigation or enforcement step (the clock stops). null"
                " while it runs or when there is no clock.",
                nullable=True,
            ),
            Field(
                "clock_running",
                "boolean",
                "true while the regulator has taken no investigation or enforcement step.",
            ),
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
            Field(
                "working_days_beyond_window",
                "integer",
                "Working days past the response window, stopped clocks too (0 within it). null: no clock.",
                nullable=True,
            ),
            Field("wait_in_words", "text", 'The wait as the site states it, e.g. "still waiting: 5 working'
                  ' days beyond the window".'),
        ),
    ),
    Group(
        "milestone",
        "Silence milestone",
        "A point a running clock reached with no investigation or enforcement step by the regulator"
        " (worked out, not typed).",
        (
            Field("id", "text", "Stable identifier, silence-<regulator>-<working days>."),
            Field("regulator", "text", "The regulator's id."),
            Field("working_days", "integer", "Working days since the first report."),
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

