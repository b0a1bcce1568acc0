"""JSON Schema errors, rewritten as messages a campaigner can act on, at the line and column they concern.

jsonschema's own messages ("'x' is not one of [...]", "Additional properties are not allowed") are written
for programmers; each branch below says what is wrong in plain words and how to fix it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tracker.check.schema import build_schema
from tracker.load.located import Located
from tracker.model.problems import Problem

if TYPE_CHECKING:  # jsonschema is imported when a file has a problem to report, not for every build
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

KIND_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a decimal number",
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
def full_validator() -> Draft202012Validator:
    from jsonschema import Draft202012Validator

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
        yield path, False, *_pattern_message(name, located.as_typed(path, instance), str(schema["pattern"]))
    elif kind == "type":
        expected = value if isinstance(value, str) else value[0]
        got = KIND_NAMES[_kind_of(instance)]
        hint = FIX_FOR_KIND.get(expected, "")
        if expected == "string" and isinstance(instance, bool | int | float):
            hint = f"put it in quotes, e.g. '{located.as_typed(path, instance)}'"
        if expected == "boolean" and isinstance(instance, str):
            hint = f"write true or false; '{instance}' is not read as yes or no"
        yield path, False, f"'{name}' must be {KIND_NAMES[expected]}, not {got}", hint
    elif kind == "enum":
        options = [str(option) for option in value]
        typed = located.as_typed(path, instance)
        hint = suggest(typed, options)
        listing = f"one of: {', '.join(options)}"
        yield path, False, f"'{typed}' is not a known {name} value", f"{hint} use {listing}".strip()
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
    elif kind == "maximum":
        yield (
            path,
            False,
            f"'{name}' must be at most {value}",
            "check the number: it is far larger than any real one",
        )
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


# --- a quick yes for valid data --------------------------------------------------------------------------

# Keywords that only describe: they never make an instance invalid.
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description"})
_TYPE_TESTS = {
    "string": "type({v}) is not str",
    "integer": "type({v}) is not int",
    "boolean": "type({v}) is not bool",
    "array": "type({v}) is not list",
    "object": "type({v}) is not dict",
}


class _Unsupported(Exception):
    """The schema uses something the quick check does not implement; jsonschema alone decides."""


class _Compiler:
    """Turns the schema into one Python function that says whether an instance has no errors at all.

    It is only ever allowed to be stricter than jsonschema, never more lenient: a `False` (including
    for instances jsonschema would accept, such as the integer 1.0 or a list whose unique items mix
    types) just means jsonschema runs and is the one judge, with its own messages. Unknown keywords make
    compilation fail, so a schema change can never make the quick check silently skip a rule.
    """

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.constants: dict[str, Any] = {"MISSING": object()}

    def constant(self, value: Any) -> str:
        name = f"C{len(self.constants)}"
        self.constants[name] = value
        return name

    def emit(self, indent: int, text: str) -> None:
        self.lines.append("    " * indent + text)

    def node(self, schema: Any, var: str, indent: int, depth: int) -> None:
        if not isinstance(schema, dict):
            raise _Unsupported
        keywords = set(schema) - _ANNOTATIONS
        kind = schema.get("type")
        if kind not in _TYPE_TESTS:
            raise _Unsupported
        self.emit(indent, f"if {_TYPE_TESTS[kind].format(v=var)}: return False")
        keywords.discard("type")
        if kind == "string":
            self.string(schema, keywords, var, indent)
        elif kind == "integer":
            if "minimum" in keywords:
                minimum = schema["minimum"]
                if type(minimum) is not int:
                    raise _Unsupported
                self.emit(indent, f"if {var} < {minimum}: return False")
                keywords.discard("minimum")
            if "maximum" in keywords:
                maximum = schema["maximum"]
                if type(maximum) is not int:
                    raise _Unsupported
                self.emit(indent, f"if {var} > {maximum}: return False")
                keywords.discard("maximum")
        elif kind == "array":
            self.array(schema, keywords, var, indent, depth)
        elif kind == "object":
            self.object(schema, keywords, var, indent, depth)
        if keywords:
            raise _Unsupported

    def string(self, schema: dict[str, Any], keywords: set[str], var: str, indent: int) -> None:
        if "minLength" in keywords:
            self.emit(indent, f"if len({var}) < {int(schema['minLength'])}: return False")
            keywords.discard("minLength")
        if "maxLength" in keywords:
            self.emit(indent, f"if len({var}) > {int(schema['maxLength'])}: return False")
            keywords.discard("maxLength")
        if "pattern" in keywords:
            pattern = self.constant(re.compile(schema["pattern"]))
            self.emit(indent, f"if {pattern}.search({var}) is None: return False")
            keywords.discard("pattern")
        if "enum" in keywords:
            options = schema["enum"]
            if not all(type(option) is str for option in options):
                raise _Unsupported
            self.emit(indent, f"if {var} not in {self.constant(frozenset(options))}: return False")
            keywords.discard("enum")

    def array(self, schema: dict[str, Any], keywords: set[str], var: str, indent: int, depth: int) -> None:
        if "minItems" in keywords:
            self.emit(indent, f"if len({var}) < {int(schema['minItems'])}: return False")
            keywords.discard("minItems")
        if "items" in keywords:
            item = f"v{depth + 1}"
            self.emit(indent, f"for {item} in {var}:")
            self.node(schema["items"], item, indent + 1, depth + 1)
            keywords.discard("items")
        if keywords & {"uniqueItems"}:
            item_kind = schema.get("items", {}).get("type")
            if schema["uniqueItems"] is not True or item_kind not in ("string", "integer"):
                raise _Unsupported
            # Items are exactly str or exactly int by now, so set equality is jsonschema's equality.
            self.emit(indent, f"if len(set({var})) != len({var}): return False")
            keywords.discard("uniqueItems")

    def object(self, schema: dict[str, Any], keywords: set[str], var: str, indent: int, depth: int) -> None:
        properties = schema.get("properties", {})
        if "required" in keywords:
            required = self.constant(frozenset(schema["required"]))
            self.emit(indent, f"if not {required}.issubset({var}): return False")
            keywords.discard("required")
        if "additionalProperties" in keywords:
            if schema["additionalProperties"] is not False:
                raise _Unsupported
            allowed = self.constant(frozenset(properties))
            self.emit(indent, f"if not {allowed}.issuperset({var}): return False")
            keywords.discard("additionalProperties")
        if "properties" in keywords:
            value = f"v{depth + 1}"
            for name, subschema in properties.items():
                self.emit(indent, f"{value} = {var}.get({name!r}, MISSING)")
                self.emit(indent, f"if {value} is not MISSING:")
                self.node(subschema, value, indent + 1, depth + 1)
            keywords.discard("properties")


def compile_quick_check(schema: dict[str, Any]) -> Callable[[Any], bool] | None:
    """A function that is True only for instances jsonschema finds no error in; None if the schema uses
    a keyword the compiler does not know."""
    compiler = _Compiler()
    compiler.emit(0, "def check(v0):")
    try:
        compiler.node(schema, "v0", 1, 0)
    except _Unsupported:
        return None
    compiler.emit(1, "return True")
    namespace = dict(compiler.constants)
    exec("\n".join(compiler.lines), namespace)  # noqa: S102 - source generated above from our own schema
    check: Callable[[Any], bool] = namespace["check"]
    return check


@lru_cache(maxsize=1)
def _quick_check() -> Callable[[Any], bool] | None:
    return compile_quick_check(build_schema())


@lru_cache(maxsize=1)
def _quick_platform_check() -> Callable[[Any], bool] | None:
    return compile_quick_check(build_schema()["properties"]["platforms"]["items"])


def quickly_valid(data: Any) -> bool:
    """True only when the schema finds no error in `data` (False can also mean: ask jsonschema)."""
    quick = _quick_check()
    return quick is not None and quick(data)


def quickly_valid_platform(value: Any) -> bool:
    """`quickly_valid` for one item of `platforms`."""
    quick = _quick_platform_check()
    return quick is not None and quick(value)


def structure_problems(located: Located, filename: str) -> list[Problem]:
    if quickly_valid(located.data):
        return []  # valid: jsonschema would find nothing (and is asked only when there is something)
    problems = []
    errors = list(full_validator().iter_errors(located.data))
    # A value of the wrong kind gets one message: "must be text, not a list" says it all, and "'[]' is not
    # a known value" beside it would only confuse.
    mistyped = {tuple(error.absolute_path) for error in errors if error.validator == "type"}
    for error in errors:
        if error.validator != "type" and tuple(error.absolute_path) in mistyped:
            continue
        for path, at_key, message, hint in _messages(error, located):
            line, column = located.where(path, key=at_key)
            problems.append(Problem(filename, line, column, message, hint))
    return problems
