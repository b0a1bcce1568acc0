"""The frozen records a checked data file becomes: sources, events, regulators, platforms.

Everything after loading works on these, never on raw YAML values, so no writer can meet a field
of the wrong type.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from datetime import date

from tracker.model.vocabulary import EVENT_TYPES


@dataclass(frozen=True)
class Source:
    title: str
    url: str
    archived: str | None = None
    social_profile: bool = False  # a profile a maintainer reviewed (tracker/check/profiles.py)


@dataclass(frozen=True)
class Event:
    """One dated development. `owner` is the platform or regulator id it belongs to."""

    owner_kind: str  # "platforms" or "regulators"
    owner: str
    id: str
    date: date
    type: str
    by: str
    title: str
    body: str = ""
    regulator: str | None = None
    sources: tuple[Source, ...] = ()
    recorded: dt.date | None = None
    updated: dt.date | None = None
    verified: dt.date | None = None
    amount_gbp: int | None = None
    daily_rate_gbp: int | None = None
    outcome: str | None = None
    line: int = 0

    @property
    def cls(self) -> str:
        return EVENT_TYPES[self.type].cls

    @property
    def published(self) -> dt.date:
        """Feeds publish on the day the entry was added, so late-added history still reaches readers."""
        return self.recorded or self.date


@dataclass(frozen=True)
class Regulator:
    id: str
    name: str
    jurisdiction: str
    law: str
    url: str
    response_window_working_days: int
    holidays: str
    silence_milestones_working_days: tuple[int, ...] = (20, 60, 120)
    events: tuple[Event, ...] = ()
    line: int = 0

    @property
    def country(self) -> str:
        return self.holidays.split("-", 1)[0]

    @property
    def subdivision(self) -> str | None:
        parts = self.holidays.split("-", 1)
        return parts[1] if len(parts) == 2 else None


@dataclass(frozen=True)
class Platform:
    id: str
    name: str
    named: bool
    harms: tuple[str, ...]
    summary: str
    regulators: tuple[str, ...]
    events: tuple[Event, ...]
    naming_source: str | None = None
    domains: tuple[str, ...] = ()
    domain_sha256: tuple[str, ...] = ()
    link_policy: str = "refuse-own-domain"
    line: int = 0

    @property
    def primary_regulator(self) -> str:
        return self.regulators[0]


@dataclass(frozen=True)
class Dataset:
    regulators: tuple[Regulator, ...] = ()
    platforms: tuple[Platform, ...] = field(default_factory=tuple)

    def regulator(self, regulator_id: str) -> Regulator:
        for r in self.regulators:
            if r.id == regulator_id:
                return r
        raise KeyError(regulator_id)

    @property
    def event_count(self) -> int:
        return sum(len(p.events) for p in self.platforms) + sum(len(r.events) for r in self.regulators)


def default_event_id(day: date, event_type: str) -> str:
    """The id an event gets when the file gives none: stable as long as its date and type are."""
    return f"{day.isoformat()}-{event_type}"
