"""The published schema, read by an editor, and the validator must give one verdict on every file.

Editors (yaml-language-server and the like) read the data file as YAML 1.2 with its core schema and check
the values against `schema/platforms.schema.json`; CI reads it with the tracker's own loader. If the two
read a plain scalar differently, a campaigner sees a green editor and a red pull request, or the other
way round. The reader below follows the YAML 1.2 spec's core-schema table (section 10.3.2) on top of
PyYAML's node tree, independently of tracker/load/, and each sample is judged by the schema alone
(jsonschema) and by the validator's schema step.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from samples import TODAY, VALID, replace

from tracker.check.validate import validate_text

ROOT = Path(__file__).resolve().parents[1]
SCHEMA = json.loads((ROOT / "schema" / "platforms.schema.json").read_text(encoding="utf-8"))

# YAML 1.2.2, 10.3.2 "Tag Resolution" of the core schema.
_CORE: list[tuple[re.Pattern[str], Callable[[str], Any]]] = [
    (re.compile(r"null|Null|NULL|~|"), lambda _: None),
    (re.compile(r"true|True|TRUE"), lambda _: True),
    (re.compile(r"false|False|FALSE"), lambda _: False),
    (re.compile(r"[-+]?[0-9]+"), int),
    (re.compile(r"0o[0-7]+"), lambda t: int(t[2:], 8)),
    (re.compile(r"0x[0-9a-fA-F]+"), lambda t: int(t[2:], 16)),
    (re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"), float),
    (re.compile(r"[-+]?(\.inf|\.Inf|\.INF)"), lambda t: -math.inf if t.startswith("-") else math.inf),
    (re.compile(r"\.nan|\.NaN|\.NAN"), lambda _: math.nan),
]


def _core(node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        if node.style is None:  # plain: quoted and block scalars are always text
            for pattern, make in _CORE:
                if pattern.fullmatch(node.value):
                    return make(node.value)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        return [_core(item) for item in node.value]
    assert isinstance(node, yaml.MappingNode)
    return {_core(key): _core(value) for key, value in node.value}


class _PlainComposer(yaml.SafeLoader):
    """PyYAML's composer with no implicit resolvers: every plain scalar keeps its text for `_core`."""


_PlainComposer.yaml_implicit_resolvers = {}


def editor_verdict(text: str) -> bool:
    node = yaml.compose(text, Loader=_PlainComposer)
    assert node is not None
    data = _core(node)
    return jsonschema.Draft202012Validator(SCHEMA).is_valid(data)


def validator_verdict(text: str) -> bool:
    """Whether the validator finds no problem of the kind a schema can see (structure and types)."""
    result, _ = validate_text(text, "d.yaml", TODAY)
    schema_side = [p for p in result.problems if _schema_kind(p.message)]
    return not schema_side


def _schema_kind(message: str) -> bool:
    return any(
        part in message
        for part in (" must be ", "missing required field", "unknown field", "is not a known", "is not a valid",
                     "is not a date written", "is empty", "is longer than", "lists the same value twice",
                     "must be at least", "this block is indented")
    )


SPELLINGS = [
    ("    named: true", "    named: True"),
    ("    named: true", "    named: TRUE"),
    ("    named: true", "    named: yes"),
    ("    named: true", "    named: on"),
    ("    named: true", "    named: 'true'"),
    ("  - id: example-forum-a", "  - id: 0755"),
    ("  - id: example-forum-a", "  - id: '0755'"),
    ("  - id: example-forum-a", "  - id: 0x1F"),
    ("    response_window_working_days: 20", "    response_window_working_days: 0020"),
    ("    response_window_working_days: 20", "    response_window_working_days: +20"),
    ("    response_window_working_days: 20", "    response_window_working_days: 2e1"),
    ("    response_window_working_days: 20", "    response_window_working_days: 2.05e1"),
    ("    response_window_working_days: 20", "    response_window_working_days: 0o24"),
    ("    response_window_working_days: 20", "    response_window_working_days: .inf"),
    ("    response_window_working_days: 20", "    response_window_working_days: 1_000"),
    ("    response_window_working_days: 20", "    response_window_working_days: 20:00"),
    ("    response_window_working_days: 20", "    response_window_working_days: Null"),
    ("        title: Ofcom acknowledged the report", "        title: 1984"),
    ("        title: Ofcom acknowledged the report", "        title: NULL"),
    ("        title: Ofcom acknowledged the report", "        title: .NaN"),
    ("        title: Ofcom acknowledged the report", "        title: False"),
    ("      - date: 2026-01-14", "      - date: 2026-1-14"),
    ("      - date: 2026-01-14", "      - date: 20260114"),
    ("    harms: [ncii]", "    harms: [Null]"),
    ("    harms: [ncii]", "    harms: ncii"),
]


def _samples() -> list[tuple[str, str]]:
    found = [("VALID", VALID), ("demo", (ROOT / "data" / "platforms.yaml").read_text(encoding="utf-8"))]
    found += [(f"{old.strip()} -> {new.strip()}", replace(old, new)) for old, new in SPELLINGS]
    for path in sorted((ROOT / "tests" / "mistakes").glob("*.yaml")):
        try:
            text = path.read_text(encoding="utf-8")
            yaml.compose(text, Loader=_PlainComposer)
        except (UnicodeDecodeError, yaml.YAMLError):
            continue  # an editor cannot read it either: no schema verdict to compare
        found.append((path.name, text))
    return found


@pytest.mark.parametrize(("name", "text"), _samples(), ids=[n for n, _ in _samples()])
def test_the_editor_and_the_validator_agree(name: str, text: str) -> None:
    assert editor_verdict(text) == validator_verdict(text), name


def test_the_spellings_cover_both_verdicts() -> None:
    verdicts = {editor_verdict(replace(old, new)) for old, new in SPELLINGS}
    assert verdicts == {True, False}
