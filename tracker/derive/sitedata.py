"""Everything the page, feed and export writers need, computed once per build.

Templates receive these derived view objects, never raw YAML, and no writer recomputes a status.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from tracker.derive.calendars import Calendars
from tracker.derive.facts import Counters, PlatformFacts, counters, derive_all
from tracker.derive.memo import Remember, make_anew
from tracker.model.dataset import Dataset, Event, Platform, Regulator
from tracker.text.flagged import FlaggedDomains
from tracker.text.flagged_data import dataset_flagged_domains as dataset_flagged_domains
from tracker.text.markdown_html import TextCache


@dataclass(frozen=True)
class SiteData:
    dataset: Dataset
    today: date
    facts: Mapping[str, PlatformFacts]
    counters: Counters
    platforms_by_id: Mapping[str, Platform]
    regulators_by_id: Mapping[str, Regulator]
    # Every platform's domains and hashes: what no output may link and every output defangs.
    flagged: FlaggedDomains
    # Markdown rendered once per build, shared by pages and feeds.
    texts: TextCache
    # The build's holiday calendars: writers that count or list days use these, never tables of their own.
    calendars: Calendars

    def all_events(self) -> list[Event]:
        """Every recorded event (scheduled ones included), newest first."""
        events = [e for p in self.dataset.platforms for e in p.events]
        events += [e for r in self.dataset.regulators for e in r.events]
        return sorted(events, key=lambda e: (e.date, e.owner_kind, e.owner, e.line), reverse=True)


def build_site_data(
    dataset: Dataset,
    today: date,
    calendars: Calendars | None = None,
    *,
    store: MutableMapping[bytes, str] | None = None,
    remember: Remember = make_anew,
) -> SiteData:
    """`calendars` may hold tables a previous build kept; `store` keeps rendered Markdown between builds
    (see `TextCache`); `remember` each platform's facts (`derive_all`)."""
    if calendars is None:
        calendars = Calendars()
    facts = derive_all(dataset, today, calendars, remember)
    flagged = dataset_flagged_domains(dataset)
    return SiteData(
        dataset=dataset,
        today=today,
        facts=MappingProxyType(facts),
        counters=counters(dataset, today, calendars, facts),
        platforms_by_id=MappingProxyType({p.id: p for p in dataset.platforms}),
        regulators_by_id=MappingProxyType({r.id: r for r in dataset.regulators}),
        flagged=flagged,
        texts=TextCache(flagged, store),
        calendars=calendars,
    )
