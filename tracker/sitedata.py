"""Everything the page, feed and export writers need, computed once per build.

Templates receive these derived view objects, never raw YAML, and no writer recomputes a status.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from .derive import Counters, PlatformFacts, counters, derive_all
from .model import Dataset, Event, Platform, Regulator


@dataclass(frozen=True)
class SiteData:
    dataset: Dataset
    today: date
    facts: Mapping[str, PlatformFacts]
    counters: Counters
    platforms_by_id: Mapping[str, Platform]
    regulators_by_id: Mapping[str, Regulator]

    def all_events(self) -> list[Event]:
        """Every recorded event (scheduled ones included), newest first."""
        events = [e for p in self.dataset.platforms for e in p.events]
        events += [e for r in self.dataset.regulators for e in r.events]
        return sorted(events, key=lambda e: (e.date, e.owner_kind, e.owner, e.line), reverse=True)


def build_site_data(dataset: Dataset, today: date) -> SiteData:
    return SiteData(
        dataset=dataset,
        today=today,
        facts=MappingProxyType(derive_all(dataset, today)),
        counters=counters(dataset, today),
        platforms_by_id=MappingProxyType({p.id: p for p in dataset.platforms}),
        regulators_by_id=MappingProxyType({r.id: r for r in dataset.regulators}),
    )
