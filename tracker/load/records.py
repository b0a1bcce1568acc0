"""Checked YAML values -> frozen model objects.

Only called once the schema and the rules found nothing, so it may assume every field has its documented
type; anything else is a bug in the validator, not in the data.
"""

from __future__ import annotations

from typing import Any

from tracker.load.located import Located
from tracker.model.dataset import Dataset, Event, Platform, Regulator, Source, default_event_id
from tracker.model.dates import parse_date


def _day(value: Any) -> Any:
    return parse_date(value) if isinstance(value, str) else None


def _events(
    owner_kind: str,
    owner: str,
    items: list[dict[str, Any]],
    located: Located,
    path: tuple[Any, ...],
    line_offset: int = 0,
) -> tuple[Event, ...]:
    events = []
    for index, raw in enumerate(items or []):
        day = parse_date(raw["date"])
        assert day is not None
        events.append(
            Event(
                owner_kind=owner_kind,
                owner=owner,
                id=raw.get("id") or default_event_id(day, raw["type"]),
                date=day,
                type=raw["type"],
                by=raw["by"],
                title=raw["title"],
                body=raw.get("body") or "",
                regulator=raw.get("regulator"),
                sources=tuple(
                    Source(
                        title=s["title"],
                        url=s["url"].strip(),
                        archived=(s.get("archived") or None),
                        social_profile=s.get("social_profile") is True,
                    )
                    for s in raw.get("sources") or []
                ),
                recorded=_day(raw.get("recorded")),
                updated=_day(raw.get("updated")),
                verified=_day(raw.get("verified")),
                amount_gbp=_whole(raw.get("amount_gbp")),
                daily_rate_gbp=_whole(raw.get("daily_rate_gbp")),
                outcome=raw.get("outcome"),
                line=located.where((*path, index))[0] + line_offset,
            )
        )
    return tuple(events)


def _whole(value: Any) -> Any:
    """A whole number the schema accepted as written in decimal form (`1e6`, `20.0`, as JSON Schema and
    editors allow) becomes an int, so it is shown as `1,000,000`, never `1000000.0`."""
    return int(value) if isinstance(value, float) else value


def build_regulator(
    r: dict[str, Any], located: Located, path: tuple[Any, ...], line_offset: int = 0
) -> Regulator:
    return Regulator(
        id=r["id"],
        name=r["name"],
        jurisdiction=r["jurisdiction"],
        law=r["law"],
        url=r["url"],
        response_window_working_days=_whole(r["response_window_working_days"]),
        holidays=r["holidays"],
        silence_milestones_working_days=tuple(
            _whole(n) for n in r.get("silence_milestones_working_days", (20, 60, 120))
        ),
        events=_events("regulators", r["id"], r.get("events") or [], located, (*path, "events"), line_offset),
        line=located.where(path)[0] + line_offset,
    )


def build_platform(
    p: dict[str, Any], located: Located, path: tuple[Any, ...], line_offset: int = 0
) -> Platform:
    """The platform at `path` of the loaded values; `line_offset` is added to every line number (for
    values loaded from a piece of the file)."""
    return Platform(
        id=p["id"],
        name=p["name"],
        named=p["named"],
        naming_source=p.get("naming_source"),
        domains=tuple(p.get("domains") or ()),
        domain_sha256=tuple(p.get("domain_sha256") or ()),
        harms=tuple(p["harms"]),
        summary=p["summary"],
        regulators=tuple(p["regulators"]),
        link_policy=p.get("link_policy", "refuse-own-domain"),
        events=_events("platforms", p["id"], p.get("events") or [], located, (*path, "events"), line_offset),
        line=located.where(path)[0] + line_offset,
    )


def build_dataset(located: Located) -> Dataset:
    data = located.data
    regulators = tuple(
        build_regulator(r, located, ("regulators", i)) for i, r in enumerate(data["regulators"])
    )
    platforms = tuple(
        build_platform(p, located, ("platforms", i)) for i, p in enumerate(data.get("platforms") or [])
    )
    return Dataset(regulators=regulators, platforms=platforms)
