"""The rules a JSON Schema cannot express: references, order, dates against today, naming and safety.

Each check reads the loaded values defensively (the schema may already have reported a wrong type), so a
campaigner sees every problem in one run instead of fixing them one at a time.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from tracker.check.calendars import KnownCalendars, calendar_exists
from tracker.check.personal_data import find_personal_data
from tracker.load.yaml_strict import Located, Path_
from tracker.model.dataset import default_event_id
from tracker.model.dates import parse_date
from tracker.model.problems import Problem
from tracker.model.vocabulary import EVENT_TYPES, PLATFORM, PROCEDURAL, REPORT, ROLES, SUBSTANTIVE
from tracker.text.flagged import HASHED_DESCRIPTION, FlaggedDomains
from tracker.text.hosts import is_bare_hostname, normalise_host
from tracker.text.markdown_html import markdown_links
from tracker.text.urls import url_problem

# Free-text fields checked for personal data (ids, dates and addresses have their own rules).
TEXT_FIELDS = ("name", "title", "body", "summary", "jurisdiction", "law")
MARKDOWN_FIELDS = ("body", "summary")
NEEDS_REGULATOR = frozenset({REPORT, PROCEDURAL, SUBSTANTIVE})
SOURCELESS_OK = frozenset({"survivor", "campaign-group"})
WEB_ADDRESS = re.compile(r"^[Hh][Tt][Tt][Pp][Ss]?://")
# Characters no campaigner means to type: C0/C1 controls (XML feeds cannot even hold most of them, so one
# would break the build), noncharacters, unpaired surrogates, and the invisible format characters (Unicode
# category Cf): zero-width spaces and joiners, bidirectional marks, overrides and isolates. Those can make
# text read differently from what the reviewer saw, and can hide a flagged domain from defanging while it
# still shows on screen (`bad<U+200B>.invalid`). Kept: the soft hyphen and ZWNJ/ZWJ (words and emoji in
# some scripts need them, and the flagged-domain matcher sees through them), and the tag characters of
# emoji flags.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001]"
)


@dataclass
class Context:
    located: Located
    filename: str
    lines: list[str]
    today: date
    flagged: FlaggedDomains
    regulator_ids: frozenset[str]
    known_calendars: KnownCalendars = frozenset()  # see tracker/check/calendars.py

    def at(self, path: Path_, message: str, hint: str, *, key: bool = False) -> Problem:
        line, column = self.located.where(path, key=key)
        return Problem(self.filename, line, column, message, hint)

    def at_text(self, path: Path_, needle: str, message: str, hint: str) -> Problem:
        """Point inside a text value at `needle`, found in the file from the value's first line on.

        Exact for plain, quoted and literal block text; for text folded across lines it falls back to the
        value's own position.
        """
        line, column = self.located.where(path)
        for offset, text in enumerate(self.lines[line - 1 : line + 400]):
            start = column - 1 if offset == 0 else 0
            found = text.find(needle, start)
            if found >= 0:
                return Problem(self.filename, line + offset, found + 1, message, hint)
        return Problem(self.filename, line, column, message, hint)


def _list(value: Any) -> list[Any]:
    """`value` if it is a list, else nothing: the schema reports a wrong kind; rules must not crash."""
    return value if isinstance(value, list) else []


def _mappings(value: Any) -> Iterator[tuple[int, dict[str, Any]]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            if isinstance(item, dict):
                yield index, item


def flagged_domains(data: Any) -> FlaggedDomains:
    hosts: list[str] = []
    hashes: list[str] = []
    for _, platform in _mappings(data.get("platforms") if isinstance(data, dict) else None):
        for host in _list(platform.get("domains")):
            if isinstance(host, str) and is_bare_hostname(host):
                hosts.append(host)
        for digest in _list(platform.get("domain_sha256")):
            if isinstance(digest, str):
                hashes.append(digest)
    return FlaggedDomains.build(hosts, hashes)


def regulator_ids(data: Any) -> frozenset[str]:
    regulators = _mappings(data.get("regulators") if isinstance(data, dict) else None)
    return frozenset(r["id"] for _, r in regulators if isinstance(r.get("id"), str))


def semantic_problems(located: Located, filename: str, text: str, today: date) -> list[Problem]:
    data = located.data
    if not isinstance(data, dict):
        return []
    ctx = Context(
        located=located,
        filename=filename,
        lines=text.splitlines(),
        today=today,
        flagged=flagged_domains(data),
        regulator_ids=regulator_ids(data),
    )
    problems = regulator_problems(ctx, data)
    platforms = list(_mappings(data.get("platforms")))
    problems += _unique_ids(ctx, ("platforms",), platforms, "platform")
    for index, platform in platforms:
        problems += platform_problems(ctx, ("platforms", index), platform)
    return problems


def regulator_problems(ctx: Context, data: dict[str, Any]) -> list[Problem]:
    """The rules for the regulators: unique ids, and each regulator with its events."""
    regulators = list(_mappings(data.get("regulators")))
    problems: list[Problem] = []
    problems += _unique_ids(ctx, ("regulators",), regulators, "regulator")
    for index, regulator in regulators:
        path: Path_ = ("regulators", index)
        problems += _regulator(ctx, path, regulator)
        problems += _events(ctx, path, regulator, owner_regulators=None, own_hosts=frozenset())
    return problems


def platform_problems(ctx: Context, path: Path_, platform: dict[str, Any]) -> list[Problem]:
    """The rules for one platform and its events (the uniqueness of ids across platforms aside)."""
    problems = _platform(ctx, path, platform)
    listed = platform.get("regulators")
    owner_regulators = (
        frozenset(r for r in listed if isinstance(r, str)) if isinstance(listed, list) else None
    )
    own: frozenset[str] = frozenset()
    if platform.get("link_policy") == "allow-own-domain":
        own = frozenset(h for h in _list(platform.get("domains")) if isinstance(h, str))
    problems += _events(ctx, path, platform, owner_regulators=owner_regulators, own_hosts=own)
    return problems


def _unique_ids(
    ctx: Context, path: Path_, items: list[tuple[int, dict[str, Any]]], what: str
) -> list[Problem]:
    seen: dict[str, int] = {}
    problems = []
    for index, item in items:
        ident = item.get("id")
        if not isinstance(ident, str):
            continue
        if ident in seen:
            first = ctx.located.where((*path, seen[ident], "id"))[0]
            problems.append(
                ctx.at(
                    (*path, index, "id"),
                    f"{what} id '{ident}' is already used on line {first}",
                    f"give each {what} its own id",
                )
            )
        else:
            seen[ident] = index
    return problems


def _regulator(ctx: Context, path: Path_, regulator: dict[str, Any]) -> list[Problem]:
    problems = []
    code = regulator.get("holidays")
    if isinstance(code, str) and code:
        country, _, subdiv = code.partition("-")
        if not calendar_exists(country, subdiv or None, ctx.known_calendars):
            problems.append(
                ctx.at(
                    (*path, "holidays"),
                    f"'{code}' is not a holiday calendar the tracker knows",
                    "use a country code and optional region of the `holidays` package, e.g. GB-ENG",
                )
            )
    problems += _url(ctx, (*path, "url"), regulator.get("url"), frozenset())
    problems += _free_text(ctx, path, regulator)
    return problems


def _platform(ctx: Context, path: Path_, platform: dict[str, Any]) -> list[Problem]:
    problems = []
    named = platform.get("named")
    if named is True and "naming_source" not in platform:
        problems.append(
            ctx.at(
                path,
                "a named platform needs 'naming_source'",
                "add 'naming_source:' with the address of a public document that already names it,"
                " or set 'named: false'",
            )
        )
    if named is False:
        for field, hint in (
            ("domains", "an unnamed platform shows no domain: remove it, or give 'domain_sha256' instead"),
            ("naming_source", "an unnamed platform has no naming source: remove it, or set 'named: true'"),
        ):
            if field in platform:
                problems.append(
                    ctx.at((*path, field), f"'{field}' is not allowed when 'named: false'", hint, key=True)
                )
    if named is True and "domain_sha256" in platform:
        problems.append(
            ctx.at(
                (*path, "domain_sha256"),
                "'domain_sha256' is only for unnamed platforms",
                "list the domains under 'domains' instead",
                key=True,
            )
        )
    for index, host in enumerate(_list(platform.get("domains"))):
        if isinstance(host, str) and not is_bare_hostname(host):
            bare = normalise_host(host.split("://")[-1].split("/")[0]) or "example.invalid"
            problems.append(
                ctx.at(
                    (*path, "domains", index),
                    f"'{host}' is not a bare domain name",
                    f"write the host name only, e.g. {bare}, without https:// or a path",
                )
            )
    for index, reference in enumerate(_list(platform.get("regulators"))):
        if isinstance(reference, str) and reference not in ctx.regulator_ids:
            problems.append(_unknown_regulator(ctx, (*path, "regulators", index), reference))
    source = platform.get("naming_source")
    problems += _url(ctx, (*path, "naming_source"), source, frozenset())
    problems += _free_text(ctx, path, platform)
    return problems


def _unknown_regulator(ctx: Context, path: Path_, reference: str) -> Problem:
    from tracker.check.schema_messages import suggest

    known = ", ".join(sorted(ctx.regulator_ids)) or "none yet"
    hint = suggest(reference, ctx.regulator_ids) or f"known regulators: {known}"
    return ctx.at(path, f"no regulator has the id '{reference}'", hint)


def _url(ctx: Context, path: Path_, url: Any, own_hosts: frozenset[str]) -> list[Problem]:
    if not isinstance(url, str) or not WEB_ADDRESS.match(url):
        return []  # the schema already said it is not a web address
    hit = ctx.flagged.match(url, exempt=own_hosts)
    if hit:
        return [
            ctx.at(
                path,
                f"this link points to a flagged platform ({hit})",
                "link only to documents about the abuse (regulator notices, court papers, reporting),"
                " never to the platform itself",
            )
        ]
    problem = url_problem(url)
    if problem:
        return [ctx.at(path, f"'{url}' cannot be used: {problem}", "link to the document itself")]
    return []


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def _free_text(
    ctx: Context, path: Path_, record: dict[str, Any], own: frozenset[str] = frozenset()
) -> list[Problem]:
    problems = []
    for field in TEXT_FIELDS:
        value = record.get(field)
        if not isinstance(value, str):
            continue
        invisible = INVISIBLE.search(value)
        if invisible is not None:
            problems.append(
                ctx.at(
                    (*path, field),
                    f"'{field}' contains an invisible control character (U+{ord(invisible.group()):04X})",
                    "delete it: retype the text if you cannot see where it is",
                )
            )
        if ctx.flagged.hashes:
            problems += _hidden_domains(ctx, (*path, field), field, value)
        for finding in find_personal_data(value):
            problems.append(
                ctx.at_text(
                    (*path, field),
                    finding.text,
                    f"'{field}' contains what looks like {_article(finding.kind)} {finding.kind}"
                    f" ({finding.text})",
                    "remove it: the tracker never publishes contact details or anything that could"
                    " identify a person",
                )
            )
        if field in MARKDOWN_FIELDS and "![" in value:
            problems.append(
                ctx.at_text((*path, field), "![", f"'{field}' contains an image", "images are not allowed")
            )
        # Plain-text fields too: feed readers, mail clients and spreadsheets turn a bare address in a
        # title or name into a link, whatever the site does with it.
        for _, url in markdown_links(value):
            for problem in _url(ctx, (*path, field), url, own):
                problems.append(ctx.at_text((*path, field), url, problem.message, problem.hint))
    return problems


def _hidden_domains(ctx: Context, path: Path_, field: str, value: str) -> list[Problem]:
    """A domain given only as `domain_sha256` must not be typed anywhere: defanged, it is still readable.

    The message never repeats the domain, which is the point of hashing it.
    """
    problems = []
    for offset, found in ctx.flagged.mentions(value):
        if found == HASHED_DESCRIPTION:
            needle = value[offset:].split(maxsplit=1)[0]
            problems.append(
                ctx.at_text(
                    path,
                    needle,
                    f"'{field}' contains the domain of a platform that is not named ({found})",
                    "remove it: the tracker shows no domain at all for a platform with 'named: false',"
                    " not even defanged",
                )
            )
    return problems


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
    seen_ids: dict[str, int] = {}
    seen_date_type: dict[tuple[str, str], int] = {}
    for index, event in _mappings(owner.get("events")):
        path: Path_ = (*owner_path, "events", index)
        day = _date(ctx, (*path, "date"), event.get("date"), problems)
        kind = event.get("type")
        info = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
        if day is not None:
            if previous is not None and day < previous:
                problems.append(
                    ctx.at(
                        (*path, "date"),
                        f"events must be oldest first, but {day} comes after {previous}",
                        "move this event up to its place in date order",
                    )
                )
            previous = max(day, previous) if previous else day
            if day > ctx.today and kind != "scheduled":
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
        ident = event.get("id")
        if day is not None and isinstance(kind, str):
            key = (day.isoformat(), kind)
            if key in seen_date_type and not ident:
                first = ctx.located.where((*owner_path, "events", seen_date_type[key]))[0]
                problems.append(
                    ctx.at(
                        path,
                        f"two '{kind}' events on {day} (the other is on line {first}) need their own ids",
                        "add 'id: ' with a short name such as "
                        f"{day.isoformat()}-{kind}-2 to this event, so feed ids never change",
                    )
                )
            seen_date_type.setdefault(key, index)
            if not ident:
                ident = default_event_id(day, kind)
        if isinstance(ident, str):
            if ident in seen_ids:
                first = ctx.located.where((*owner_path, "events", seen_ids[ident]))[0]
                if "id" in event:
                    problems.append(
                        ctx.at(
                            (*path, "id"),
                            f"event id '{ident}' is already used on line {first}",
                            "give each event of this record its own id",
                        )
                    )
            else:
                seen_ids[ident] = index
        problems += _event_fields(ctx, path, event, info, owner_regulators)
        for source_index, source in _mappings(event.get("sources")):
            source_path = (*path, "sources", source_index)
            problems += _url(ctx, (*source_path, "url"), source.get("url"), own_hosts)
            problems += _url(ctx, (*source_path, "archived"), source.get("archived"), own_hosts)
            problems += _free_text(ctx, source_path, source)
        problems += _free_text(ctx, path, event, own_hosts)
    return problems


def _event_fields(
    ctx: Context,
    path: Path_,
    event: dict[str, Any],
    info: Any,
    owner_regulators: frozenset[str] | None,
) -> list[Problem]:
    problems: list[Problem] = []
    if info is None:
        return problems
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


def _date(ctx: Context, path: Path_, value: Any, problems: list[Problem]) -> date | None:
    if not isinstance(value, str):
        return None
    day = parse_date(value)
    if day is None and len(value) == 10 and value[4] == "-" and value[7] == "-":
        problems.append(
            ctx.at(path, f"'{value}' is not a real calendar date", "check the day and month (YYYY-MM-DD)")
        )
    return day
