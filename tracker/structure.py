"""JSON Schema errors, rewritten as messages a campaigner can act on, at the line and column they concern.

jsonschema's own messages ("'x' is not one of [...]", "Additional properties are not allowed") are written
for programmers; each branch below says what is wrong in plain words and how to fix it.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from functools import lru_cache
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from .load import Located
from .problems import Problem
from .schema import build_schema

KIND_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list (lines starting with '- ')",
    "object": "a group of 'field: value' lines",
    "null": "nothing",
}

RECORD_NAMES = {"events": "event", "platforms": "platform", "regulators": "regulator", "sources": "source"}

FIX_FOR_KIND = {
    "string": "put the text in quotes, e.g. 'text'",
    "integer": "write digits only, e.g. 20",
    "boolean": "write true or false (not yes/no, on/off)",
    "array": "write each item on its own line starting with '- ', or as [a, b]",
    "object": "indent the fields under this one",
}


@lru_cache(maxsize=1)
def _validator() -> Draft202012Validator:
    return Draft202012Validator(build_schema())


def _kind_of(value: Any) -> str:
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return "null"


def _field(path: tuple[Any, ...]) -> str:
    for part in reversed(path):
        if isinstance(part, str):
            return part
    return "the file"


def suggest(word: str, choices: Any) -> str:
    """`did you mean` for typos in field names and vocabulary words."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""


def _messages(error: ValidationError, located: Located) -> Iterator[tuple[tuple[Any, ...], bool, str, str]]:
    """Yield (path, at_key, message, hint) for one schema error."""
    path = tuple(error.absolute_path)
    name = _field(path)
    kind = error.validator
    value: Any = error.validator_value
    instance: Any = error.instance
    schema: Any = error.schema
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        for key in instance:
            if key not in allowed:
                hint = suggest(key, allowed) or f"allowed fields here: {', '.join(allowed)}"
                yield (*path, key), True, f"unknown field '{key}'", hint
    elif kind == "required":
        missing = [field for field in value if field not in instance]
        record = RECORD_NAMES.get(str(path[-2])) if len(path) >= 2 else None
        where = f" in this {record}" if record else ""
        for field in missing:
            yield path, False, f"missing required field '{field}'{where}", f"add a line '{field}: ...'"
    elif kind == "type" and "pattern" in schema and isinstance(instance, int | float):
        yield path, False, *_pattern_message(name, str(instance), str(schema["pattern"]))
    elif kind == "type":
        expected = value if isinstance(value, str) else value[0]
        got = KIND_NAMES[_kind_of(instance)]
        hint = FIX_FOR_KIND.get(expected, "")
        if expected == "string" and isinstance(instance, bool | int | float):
            shown = str(instance).lower() if isinstance(instance, bool) else instance
            hint = f"put it in quotes, e.g. '{shown}'"
        if expected == "boolean" and isinstance(instance, str):
            hint = f"write true or false; '{instance}' is not read as yes or no"
        yield path, False, f"'{name}' must be {KIND_NAMES[expected]}, not {got}", hint
    elif kind == "enum":
        options = [str(option) for option in value]
        hint = suggest(str(instance), options)
        listing = f"one of: {', '.join(options)}"
        yield path, False, f"'{instance}' is not a known {name} value", f"{hint} use {listing}".strip()
    elif kind == "pattern":
        yield path, False, *_pattern_message(name, str(instance), str(value))
    elif kind in ("minItems", "minLength"):
        yield path, False, f"'{name}' is empty", "give at least one value, or remove the field"
    elif kind == "maxLength":
        yield path, False, f"'{name}' is longer than {value} characters", "shorten it"
    elif kind == "uniqueItems":
        yield path, False, f"'{name}' lists the same value twice", "remove the repeated value"
    elif kind == "minimum":
        yield path, False, f"'{name}' must be at least {value}", f"write a whole number of {value} or more"
    else:  # pragma: no cover - every keyword the schema uses is handled above
        yield path, False, error.message, "see CONTRIBUTING.md"


def _pattern_message(name: str, text: str, pattern: str) -> tuple[str, str]:
    if "[0-9]{4}" in pattern:
        return f"'{text}' is not a date written YYYY-MM-DD", "write the date like 2025-04-02"
    if pattern.startswith("^[a-z0-9]"):
        return (
            f"'{text}' is not a valid {name}",
            "use lowercase letters, digits and single hyphens, e.g. example-forum-a",
        )
    if "Hh" in pattern:
        return f"'{text}' is not a web address", "use a full address starting with https://"
    if "[0-9a-f]{64}" in pattern:
        return (
            f"'{text}' is not a SHA-256 hash",
            "use 64 lowercase hexadecimal characters (see CONTRIBUTING.md)",
        )
    if "[A-Z]{2}" in pattern:
        return f"'{text}' is not a holiday calendar code", "use a country and region code such as GB-ENG"
    return f"'{text}' is not allowed for '{name}'", "see CONTRIBUTING.md"  # pragma: no cover


def structure_problems(located: Located, filename: str) -> list[Problem]:
    problems = []
    for error in _validator().iter_errors(located.data):
        for path, at_key, message, hint in _messages(error, located):
            line, column = located.where(path, key=at_key)
            problems.append(Problem(filename, line, column, message, hint))
    return problems
