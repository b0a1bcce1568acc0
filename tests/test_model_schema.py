"""One truth: every field the schema allows is carried by the model, and the demo data exercises it all."""

from __future__ import annotations

import dataclasses
from typing import Any

import pytest

from tracker.check.schema import build_schema
from tracker.derive.sitedata import SiteData
from tracker.derive.statuses import headline_status
from tracker.model import dataset, vocabulary

# Model fields that are not in the file: where a record came from, and whom an event belongs to.
INTERNAL = {"line", "owner", "owner_kind"}
# Optional in the file, always set in the model: an event's id defaults to `<date>-<type>`.
DEFAULTED_WHEN_LOADED = {"Event": {"id"}}


def _objects() -> dict[str, dict[str, Any]]:
    root = build_schema()["properties"]
    regulator = root["regulators"]["items"]
    platform = root["platforms"]["items"]
    event = platform["properties"]["events"]["items"]
    source = event["properties"]["sources"]["items"]
    return {"Regulator": regulator, "Platform": platform, "Event": event, "Source": source}


@pytest.mark.parametrize("name", ["Regulator", "Platform", "Event", "Source"])
def test_schema_fields_are_model_fields(name: str) -> None:
    schema_fields = set(_objects()[name]["properties"])
    model_fields = {f.name for f in dataclasses.fields(getattr(dataset, name))} - INTERNAL
    assert schema_fields == model_fields


@pytest.mark.parametrize("name", ["Regulator", "Platform", "Event", "Source"])
def test_required_fields_have_no_default_in_the_model(name: str) -> None:
    required = set(_objects()[name]["required"])
    no_default = {
        f.name
        for f in dataclasses.fields(getattr(dataset, name))
        if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    } - INTERNAL
    assert required == no_default - DEFAULTED_WHEN_LOADED.get(name, set())


def test_regulator_events_share_the_platform_event_schema() -> None:
    objects = _objects()
    assert objects["Regulator"]["properties"]["events"]["items"] == objects["Event"]


def test_vocabularies_in_schema_come_from_the_model() -> None:
    event = _objects()["Event"]["properties"]
    assert event["type"]["enum"] == list(vocabulary.EVENT_TYPES)
    assert event["by"]["enum"] == list(vocabulary.ROLES)
    assert event["outcome"]["enum"] == list(vocabulary.OUTCOMES)
    assert _objects()["Platform"]["properties"]["harms"]["items"]["enum"] == list(vocabulary.HARMS)


def test_every_event_type_has_a_known_class() -> None:
    assert {t.cls for t in vocabulary.EVENT_TYPES.values()} == set(vocabulary.EVENT_CLASSES)


# --- the shipped demo data --------------------------------------------------------------------------


def test_demo_covers_every_event_type(demo_site_data: SiteData) -> None:
    used = {e.type for e in demo_site_data.all_events()}
    assert used == set(vocabulary.EVENT_TYPES)


def test_demo_covers_every_status(demo_site_data: SiteData) -> None:
    statuses = {
        headline_status(p, demo_site_data.dataset, demo_site_data.today)
        for p in demo_site_data.dataset.platforms
    }
    assert statuses == set(vocabulary.STATUSES)


def test_demo_size_and_fictional_domains(demo_site_data: SiteData) -> None:
    platforms = demo_site_data.dataset.platforms
    assert len(demo_site_data.all_events()) >= 40
    fictional = [p for p in platforms if "fictional" in p.name]
    assert len(fictional) >= 6
    for platform in platforms:
        assert all(domain.endswith(".invalid") for domain in platform.domains), platform.id
    real = [p for p in platforms if p not in fictional]
    assert [(p.id, p.named, p.domains) for p in real] == [("unnamed-image-boards-2026", False, ())]
