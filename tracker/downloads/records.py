"""The records of the open data files: one JSON document and one CSV row per event.

A copy made with `python -m tracker export` and the one on the site are the same bytes for the
same data and date: both are made here.
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from tracker.derive.sitedata import SiteData
from tracker.derive.statuses import statuses_after
from tracker.derive.wording import beyond_window, wait_in_words
from tracker.downloads.csv_guard import guard_cell
from tracker.downloads.export_schema import export_schema_text
from tracker.downloads.fields import CSV_COLUMNS, CSV_NAME, GROUPS, JSON_NAME, SCHEMA_NAME, SCHEMA_VERSION
from tracker.model.dataset import Event, Platform, Regulator, Source
from tracker.settings import TrackerSettings
from tracker.text import jsontext
from tracker.text.flagged import defang

if TYPE_CHECKING:
    pass




@dataclass(frozen=True)
class Licence:
    name: str
    url: str


def licence_from_settings(settings: TrackerSettings) -> Licence:
    """The open data's licence; a download without one could not be reused lawfully."""
    if not settings.data_licence or not settings.data_licence_url:
        raise ValueError("DATA_LICENCE and DATA_LICENCE_URL must be set: the downloads name their licence")
    return Licence(settings.data_licence, settings.data_licence_url)


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
            regulator = self.site.regulators_by_id[regulator_id]
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
                    response_window_working_days=regulator.response_window_working_days,
                    overdue=clock.overdue,
                    working_days_beyond_window=beyond_window(clock, regulator),
                    wait_in_words=wait_in_words(clock, regulator),
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


# One platform's share of a download as UTF-8: (which download, platform, how to make its text) -> bytes.
# The build passes `Output.fragment`-backed pieces, so an unchanged platform's share is not made again,
# nor encoded again in a warm process (joining 23 MB of text, then encoding it, was 0.08 s of a warm
# rebuild at 1000 x 20; joining bytes copies each byte once).
Pieces = Callable[[str, Platform, Callable[[], str]], bytes]


def _make(_kind: str, _platform: Platform, make: Callable[[], str]) -> bytes:
    return make().encode("utf-8")


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
        opening = head[: -len("[]\n}")].encode("utf-8")
        json_parts = [opening, b"[\n    ", b",\n    ".join(records), b"\n  ]\n}\n"]
    else:
        json_parts = [head.encode("utf-8"), b"\n"]
    rows = [pieces("csv", p, functools.partial(_csv_rows_text, exporter, p)) for p in platforms]
    return {
        JSON_NAME: b"".join(json_parts),
        CSV_NAME: b"".join([_csv_header().encode("utf-8"), *rows]),
        SCHEMA_NAME: export_schema_text().encode("utf-8"),
    }
