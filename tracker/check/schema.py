"""The JSON Schema of `data/platforms.yaml`, generated from the vocabularies in `model.py`.

Editors read the committed `schema/platforms.schema.json` (the data file's modeline points at it); the
validator uses the same dict. `python -m tracker schema --write` regenerates the file and a test fails when
the committed copy is stale, so the editor's view and the validator's never drift apart.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tracker.model.vocabulary import (
    DATE_RE,
    EVENT_TYPES,
    HARMS,
    LINK_POLICIES,
    OUTCOMES,
    ROLES,
    SHA256_RE,
    SLUG_RE,
)

SCHEMA_ID = "https://example.org/regulator-inaction-tracker/platforms.schema.json"
SCHEMA_PATH = Path(__file__).resolve().parents[2] / "schema" / "platforms.schema.json"

# Any case of the scheme: the semantic rules then say what is wrong with the address itself.
WEB_ADDRESS = re.compile(r"^[Hh][Tt][Tt][Pp][Ss]?://")

SLUG = {"type": "string", "pattern": SLUG_RE.pattern, "maxLength": 80}
DATE = {"type": "string", "pattern": DATE_RE.pattern}
URL = {"type": "string", "pattern": WEB_ADDRESS.pattern, "maxLength": 2000}
LINE = {"type": "string", "minLength": 1, "maxLength": 300}
TEXT = {"type": "string", "minLength": 1, "maxLength": 20000}
COUNT = {"type": "integer", "minimum": 0}
# Every number is bounded, so no figure, date sum or working-day count can overflow or run for ever: a pound
# amount above a trillion, a window over 1,000 working days (four years) or a milestone over 10,000 (forty
# years) is a typing mistake.
MAX_POUNDS = 10**12
MAX_WINDOW_WORKING_DAYS = 1000
MAX_MILESTONE_WORKING_DAYS = 10000
POUNDS = {**COUNT, "maximum": MAX_POUNDS}


def _object(required: list[str], properties: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": description,
        "required": required,
        "properties": properties,
        "additionalProperties": False,
    }


def _events() -> dict[str, Any]:
    source = _object(
        ["title", "url"],
        {
            "title": {**LINE, "description": "What the document is, e.g. 'Ofcom investigation notice'."},
            "url": {**URL, "description": "Direct link to a document about the abuse; never the platform."},
            "archived": {**URL, "description": "Optional archived copy (e.g. the Wayback Machine)."},
            "social_profile": {
                "type": "boolean",
                "description": "true when the source is a social-media profile; a maintainer reviews it.",
            },
        },
        "A public document that supports an event.",
    )
    event = _object(
        ["date", "type", "by", "title"],
        {
            "id": {**SLUG, "description": "Optional; needed when two events share date and type."},
            "date": {**DATE, "description": "When it happened, YYYY-MM-DD."},
            "type": {"type": "string", "enum": list(EVENT_TYPES), "description": "What kind of event."},
            "regulator": {**SLUG, "description": "Regulator id; required for reports and regulator steps."},
            "by": {"type": "string", "enum": list(ROLES), "description": "Who acted: a role, never a name."},
            "title": {**LINE, "description": "One plain line."},
            "body": {**TEXT, "description": "Optional Markdown."},
            "sources": {"type": "array", "items": source, "description": "Documents supporting it."},
            "recorded": {**DATE, "description": "When the entry was added (default: date)."},
            "updated": {**DATE, "description": "Last material correction."},
            "verified": {**DATE, "description": "Last time a maintainer checked the sources."},
            "amount_gbp": {**POUNDS, "description": "Penalty amount in pounds (penalty only)."},
            "daily_rate_gbp": {**POUNDS, "description": "Daily penalty rate in pounds (penalty only)."},
            "outcome": {"type": "string", "enum": list(OUTCOMES), "description": "platform-response only."},
        },
        "One dated development.",
    )
    return {"type": "array", "items": event, "description": "Oldest first."}


def _regulator(events: dict[str, Any]) -> dict[str, Any]:
    return _object(
        ["id", "name", "jurisdiction", "law", "url", "response_window_working_days", "holidays"],
        {
            "id": SLUG,
            "name": LINE,
            "jurisdiction": LINE,
            "law": LINE,
            "url": URL,
            "response_window_working_days": {**COUNT, "minimum": 1, "maximum": MAX_WINDOW_WORKING_DAYS},
            "silence_milestones_working_days": {
                "type": "array",
                "items": {**COUNT, "minimum": 1, "maximum": MAX_MILESTONE_WORKING_DAYS},
                "uniqueItems": True,
            },
            "holidays": {"type": "string", "pattern": "^[A-Z]{2}(-[A-Z0-9]{1,5})?$"},
            "events": events,
        },
        "A regulator that platforms are reported to.",
    )


def _platform(events: dict[str, Any]) -> dict[str, Any]:
    return _object(
        ["id", "name", "named", "harms", "summary", "regulators", "events"],
        {
            "id": {**SLUG, "description": "Stable: it is the page address and part of every feed id."},
            "name": LINE,
            "named": {"type": "boolean", "description": "true only when a public source names it."},
            "naming_source": {**URL, "description": "Required when named: a public document naming it."},
            "domains": {"type": "array", "items": {"type": "string", "maxLength": 253}, "minItems": 1},
            "domain_sha256": {
                "type": "array",
                "items": {"type": "string", "pattern": SHA256_RE.pattern},
                "minItems": 1,
            },
            "harms": {
                "type": "array",
                "items": {"type": "string", "enum": list(HARMS)},
                "minItems": 1,
                "uniqueItems": True,
            },
            "summary": TEXT,
            "regulators": {"type": "array", "items": SLUG, "minItems": 1, "uniqueItems": True},
            "link_policy": {"type": "string", "enum": list(LINK_POLICIES)},
            "events": events,
        },
        "An online platform reported to a regulator.",
    )


def build_schema() -> dict[str, Any]:
    events = _events()
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Regulator-inaction tracker data",
        "type": "object",
        "required": ["regulators", "platforms"],
        "additionalProperties": False,
        "properties": {
            "regulators": {"type": "array", "items": _regulator(events), "minItems": 1},
            "platforms": {"type": "array", "items": _platform(events)},
        },
    }


def schema_text() -> str:
    return json.dumps(build_schema(), indent=2, ensure_ascii=False) + "\n"
