"""The JSON Schema of `platforms.json` and the data dictionary of the /data/ page.

Both are generated from the same field tables as the files, so the description cannot drift.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.downloads.fields import (
    _GROUPS,
    EXPORT_SCHEMA_ID,
    GROUPS,
    SCALAR_LABELS,
    SCHEMA_VERSION,
    Field,
    Group,
)

if TYPE_CHECKING:
    pass



_DATE_PATTERN = "^[0-9]{4}-[0-9]{2}-[0-9]{2}$"


def _scalar_schema(kind: str) -> dict[str, Any]:
    if kind in ("text", "markdown"):
        return {"type": "string"}
    if kind == "url":
        return {"type": "string", "pattern": "^https?://"}
    if kind == "date":
        return {"type": "string", "pattern": _DATE_PATTERN}
    if kind == "integer":
        return {"type": "integer", "minimum": 0}
    if kind == "boolean":
        return {"type": "boolean"}
    raise ValueError(f"unknown field kind {kind!r}")


def _field_schema(f: Field) -> dict[str, Any]:
    if f.kind == "object":
        schema: dict[str, Any] = {"$ref": f"#/$defs/{f.of}"}
    elif f.kind == "list":
        items = {"$ref": f"#/$defs/{f.of}"} if f.of in GROUPS else _scalar_schema(f.of)
        if f.values:
            items = {**items, "enum": list(f.values)}
        schema = {"type": "array", "items": items}
    else:
        schema = _scalar_schema(f.kind)
        if f.values:
            schema["enum"] = list(f.values)
    if f.name == "schema_version":
        schema["const"] = SCHEMA_VERSION
    if f.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return {"description": f.description, **schema}


def _group_schema(group: Group) -> dict[str, Any]:
    return {
        "type": "object",
        "description": group.description,
        "required": list(group.names),
        "additionalProperties": False,
        "properties": {f.name: _field_schema(f) for f in group.fields},
    }


def export_schema() -> dict[str, Any]:
    """The JSON Schema of platforms.json, published beside it and committed in schema/."""
    top = _group_schema(GROUPS["dataset"])
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": EXPORT_SCHEMA_ID,
        "title": "Regulator-inaction tracker: platforms.json",
        **top,
        "$defs": {g.name: _group_schema(g) for g in _GROUPS if g.name != "dataset"},
    }


def export_schema_text() -> str:
    return json.dumps(export_schema(), indent=2, ensure_ascii=False) + "\n"


# --- the data dictionary (for the /data/ page) --------------------------------------------------------


@dataclass(frozen=True)
class DictionaryRow:
    name: str
    type: str
    description: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class DictionarySection:
    name: str
    title: str
    description: str
    rows: tuple[DictionaryRow, ...]


def _type_label(f: Field) -> str:
    if f.kind == "object":
        label = f"{GROUPS[f.of].title.lower()} record"
    elif f.kind == "list":
        inner = f"{GROUPS[f.of].title.lower()} records" if f.of in GROUPS else f"{SCALAR_LABELS[f.of]}s"
        label = f"list of {inner}"
    else:
        label = SCALAR_LABELS[f.kind]
    return f"{label}, or null" if f.nullable else label


def dictionary() -> tuple[DictionarySection, ...]:
    """Every JSON record kind with its fields, in words, generated from the same tables as the files."""
    return tuple(
        DictionarySection(
            g.name,
            g.title,
            g.description,
            tuple(DictionaryRow(f.name, _type_label(f), f.description, f.values) for f in g.fields),
        )
        for g in _GROUPS
    )


