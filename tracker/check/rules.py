"""The rules a JSON Schema cannot express: references, order, dates against today, naming and safety.

This module runs them over the whole file and holds the rules for regulators and platforms themselves;
the rules for events are in event_rules.py, those for any text or link in text_rules.py, and what they
all read in context.py.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tracker.check.calendars import calendar_exists
from tracker.check.context import Context, _list, _mappings, _unknown_regulator
from tracker.check.event_rules import _events
from tracker.check.text_rules import _free_text, _url
from tracker.load.located import Located, Path_
from tracker.model.problems import Problem
from tracker.text.flagged import HASHED_DESCRIPTION, FlaggedDomains, defang
from tracker.text.flagged_data import raw_flagged_domains
from tracker.text.hosts import is_bare_hostname, normalise_host


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
        flagged=raw_flagged_domains(data),
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


def _hashed_host(ctx: Context, host: str) -> bool:
    """Whether `host` (or a domain it is under) is the hashed domain of an unnamed platform."""
    return bool(ctx.flagged.hashes) and (
        FlaggedDomains(frozenset(), ctx.flagged.hashes).match_host(host) == HASHED_DESCRIPTION
    )


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
    ident = platform.get("id")
    spelled = ctx.flagged.match_encoded([ident]) if named is False and isinstance(ident, str) else None
    if spelled is not None:
        # `forum-a-example-invalid`: an id with its dots written as hyphens spells the domain; the message
        # does not repeat the id, which would repeat the domain.
        shown = spelled if spelled == HASHED_DESCRIPTION else defang(spelled)
        problems.append(
            ctx.at(
                (*path, "id"),
                f"the id of a platform that is not named spells a domain ({shown})",
                "choose an id from its alias, not its domain: the id is in every address of its pages",
            )
        )
    if named is False:
        for field, hint in (
            (
                "domains",
                "an unnamed platform shows no domain. Once pushed, the domain is in the pull request's"
                " public history even if you delete this line: remove it, do not push again, and ask a"
                " maintainer privately to follow the purge steps (CONTRIBUTING.md#if-personal-data-ever-"
                "lands-in-the-repository); a maintainer can add 'domain_sha256' instead",
            ),
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
    problems += _domains(ctx, path, platform)
    for index, reference in enumerate(_list(platform.get("regulators"))):
        if isinstance(reference, str) and reference not in ctx.regulator_ids:
            problems.append(_unknown_regulator(ctx, (*path, "regulators", index), reference))
    source = platform.get("naming_source")
    problems += _url(ctx, (*path, "naming_source"), source, frozenset())
    problems += _free_text(ctx, path, platform)
    return problems


def _domains(ctx: Context, path: Path_, platform: dict[str, Any]) -> list[Problem]:
    """Each listed domain: a bare host name, and never one an unnamed platform is hashed under."""
    problems = []
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
        elif isinstance(host, str) and _hashed_host(ctx, host):
            # A named record would print, defanged, the domain an unnamed platform is hashed under.
            problems.append(
                ctx.at(
                    (*path, "domains", index),
                    f"a domain in 'domains' is that of a platform that is not named ({HASHED_DESCRIPTION})",
                    "remove it: the tracker shows no domain at all for a platform with 'named: false'",
                )
            )
    return problems
