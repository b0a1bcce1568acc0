"""The rules for a record's events: dates in order and not in the future, ids that never collide (feed
entries are named after them), and the fields each type of event needs or must not have.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from tracker.check.context import Context, _mappings, _unknown_regulator
from tracker.check.text_rules import _article, _free_text, _url
from tracker.load.located import Path_
from tracker.model.dataset import default_event_id
from tracker.model.dates import parse_date
from tracker.model.problems import Problem
from tracker.model.vocabulary import EVENT_TYPES, PLATFORM, PROCEDURAL, REPORT, ROLES, SUBSTANTIVE

NEEDS_REGULATOR = frozenset({REPORT, PROCEDURAL, SUBSTANTIVE})
SOURCELESS_OK = frozenset({"survivor", "campaign-group"})


def _events(
    ctx: Context,
    owner_path: Path_,
    owner: dict[str, Any],
    *,
    owner_regulators: frozenset[str] | None,
    own_hosts: frozenset[str],
) -> list[Problem]:
    problems: list[Problem] = []
    previous: date | None = None
    ids = _EventIds(ctx, owner_path)
    for index, event in _mappings(owner.get("events")):
        path: Path_ = (*owner_path, "events", index)
        day = _date(ctx, (*path, "date"), event.get("date"), problems)
        kind = event.get("type")
        info = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
        if day is not None:
            problems += _event_dates(ctx, path, event, day, previous)
            previous = max(day, previous) if previous else day
        problems += ids.check(index, event, day, kind)
        problems += _event_fields(ctx, path, event, info, owner_regulators)
        for source_index, source in _mappings(event.get("sources")):
            source_path = (*path, "sources", source_index)
            problems += _url(ctx, (*source_path, "url"), source.get("url"), own_hosts)
            problems += _url(ctx, (*source_path, "archived"), source.get("archived"), own_hosts)
            problems += _free_text(ctx, source_path, source)
        problems += _free_text(ctx, path, event, own_hosts)
    return problems


def _event_dates(
    ctx: Context, path: Path_, event: dict[str, Any], day: date, previous: date | None
) -> list[Problem]:
    """`previous`: the latest date of the events before this one, which must not be later than `day`."""
    problems: list[Problem] = []
    if previous is not None and day < previous:
        problems.append(
            ctx.at(
                (*path, "date"),
                f"events must be oldest first, but {day} comes after {previous}",
                "move this event up to its place in date order",
            )
        )
    if day > ctx.today and event.get("type") != "scheduled":
        problems.append(
            ctx.at(
                (*path, "date"),
                f"the date {day} is after today ({ctx.today})",
                "only 'type: scheduled' events may be in the future; check the year",
            )
        )
    for field in ("recorded", "updated", "verified"):
        other = _date(ctx, (*path, field), event.get(field), problems)
        if other is not None and other < day:
            problems.append(
                ctx.at(
                    (*path, field),
                    f"'{field}' ({other}) is before the event date ({day})",
                    "fix the date",
                )
            )
        if other is not None and other > ctx.today:
            problems.append(
                ctx.at(
                    (*path, field),
                    f"'{field}' ({other}) is after today ({ctx.today})",
                    "fix the date",
                )
            )
    return problems


# The ids the tracker gives its derived feed items (tracker/derive/milestones.py): an event may not take
# one, or two feed items would share an id.
DERIVED_ID = re.compile(r"silence-.*")
EARLIEST = date(1990, 1, 1)
YEARS_AHEAD = 10


class _EventIds:
    """The ids of one record's events so far. Feed entries are named after them, so two events must never
    share one, including the id an event without one gets from its date and type."""

    def __init__(self, ctx: Context, owner_path: Path_) -> None:
        self.ctx = ctx
        self.owner_path = owner_path
        self.seen_ids: dict[str, int] = {}
        self.seen_date_type: dict[tuple[str, str], int] = {}

    def _line(self, index: int) -> int:
        return self.ctx.located.where((*self.owner_path, "events", index))[0]

    def check(self, index: int, event: dict[str, Any], day: date | None, kind: Any) -> list[Problem]:
        ctx = self.ctx
        path: Path_ = (*self.owner_path, "events", index)
        problems: list[Problem] = []
        ident = event.get("id")
        if day is not None and isinstance(kind, str):
            key = (day.isoformat(), kind)
            if key in self.seen_date_type and not ident:
                first = self._line(self.seen_date_type[key])
                problems.append(
                    ctx.at(
                        path,
                        f"two '{kind}' events on {day} (the other is on line {first}) need their own ids",
                        "add 'id: ' with a short name such as "
                        f"{day.isoformat()}-{kind}-2 to this event, so feed ids never change",
                    )
                )
            self.seen_date_type.setdefault(key, index)
            if not ident:
                ident = default_event_id(day, kind)
        if isinstance(ident, str) and "id" in event and DERIVED_ID.fullmatch(ident):
            problems.append(
                ctx.at(
                    (*path, "id"),
                    f"the event id '{ident}' has the form of a silence milestone's id",
                    "the tracker names its milestones silence-<regulator>-<days>: choose an id that does not"
                    " start with 'silence-'",
                )
            )
        if isinstance(ident, str):
            if ident in self.seen_ids:
                first = self._line(self.seen_ids[ident])
                if "id" in event:
                    problems.append(
                        ctx.at(
                            (*path, "id"),
                            f"event id '{ident}' is already used on line {first}",
                            "give each event of this record its own id",
                        )
                    )
            else:
                self.seen_ids[ident] = index
        return problems


def _event_fields(
    ctx: Context,
    path: Path_,
    event: dict[str, Any],
    info: Any,
    owner_regulators: frozenset[str] | None,
) -> list[Problem]:
    """What the event's type requires or rules out; nothing when the type is unknown (the schema says so)."""
    if info is None:
        return []
    problems = _event_regulator(ctx, path, event, info, owner_regulators)
    problems += _type_only_fields(ctx, path, event, info)
    sources = event.get("sources")
    by = event.get("by")  # any YAML value: the schema reports a wrong type, so only known roles go on
    if (
        isinstance(by, str)
        and by in ROLES
        and not sources
        and not (info.name == "reported" and by in SOURCELESS_OK)
    ):
        problems.append(
            ctx.at(
                path,
                f"{_article(info.name)} '{info.name}' event needs at least one source",
                "add 'sources:' with the title and address of a public document; only a report by a"
                " survivor or campaign group may go without",
            )
        )
    return problems


def _event_regulator(
    ctx: Context, path: Path_, event: dict[str, Any], info: Any, owner_regulators: frozenset[str] | None
) -> list[Problem]:
    """`owner_regulators`: the platform's `regulators` list, which any regulator an event names must be in;
    None for a regulator's own events and for a platform whose list the schema refuses."""
    problems: list[Problem] = []
    reference = event.get("regulator")
    if info.cls in NEEDS_REGULATOR and "regulator" not in event:
        problems.append(
            ctx.at(
                path,
                f"{_article(info.name)} '{info.name}' event needs 'regulator'",
                "add 'regulator: ' with the regulator's id",
            )
        )
    if isinstance(reference, str):
        if reference not in ctx.regulator_ids:
            problems.append(_unknown_regulator(ctx, (*path, "regulator"), reference))
        elif owner_regulators is not None and reference not in owner_regulators:
            problems.append(
                ctx.at(
                    (*path, "regulator"),
                    f"'{reference}' is not in this platform's 'regulators' list",
                    f"add {reference} to the platform's regulators, or fix the id",
                )
            )
    return problems


def _type_only_fields(ctx: Context, path: Path_, event: dict[str, Any], info: Any) -> list[Problem]:
    """The fields that belong to one type of event: required there, refused on any other."""
    problems: list[Problem] = []
    if info.name == "platform-response" and "outcome" not in event:
        problems.append(
            ctx.at(path, "a 'platform-response' event needs 'outcome'", "add 'outcome:' such as offline")
        )
    if "outcome" in event and info.cls != PLATFORM:
        problems.append(
            ctx.at(
                (*path, "outcome"), "'outcome' is only for platform-response events", "remove it", key=True
            )
        )
    if info.name == "penalty" and "amount_gbp" not in event:
        problems.append(
            ctx.at(path, "a 'penalty' event needs 'amount_gbp'", "add 'amount_gbp:' in whole pounds")
        )
    for field in ("amount_gbp", "daily_rate_gbp"):
        if field in event and info.name != "penalty":
            problems.append(
                ctx.at((*path, field), f"'{field}' is only for penalty events", "remove it", key=True)
            )
    return problems


def _date(ctx: Context, path: Path_, value: Any, problems: list[Problem]) -> date | None:
    """The date, or None (with the problem added) when it is not one or lies outside the years covered:
    every date sum the tracker makes (working days, milestones, the calendar) stays far from date.max."""
    if not isinstance(value, str):
        return None
    day = parse_date(value)
    if day is None and len(value) == 10 and value[4] == "-" and value[7] == "-":
        problems.append(
            ctx.at(path, f"'{value}' is not a real calendar date", "check the day and month (YYYY-MM-DD)")
        )
    latest = date(ctx.today.year + YEARS_AHEAD, 12, 31)
    if day is not None and not EARLIEST <= day <= latest:
        problems.append(
            ctx.at(
                path,
                f"the date {day} is outside the years the tracker covers ({EARLIEST.year} to {latest.year})",
                "check the year",
            )
        )
        return None
    return day
