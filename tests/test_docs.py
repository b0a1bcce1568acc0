"""Docs follow code: a field, type, status, task or checker message that CONTRIBUTING.md (or the README)
does not explain fails here, and so does a copy-paste template that would not pass the checker."""

from __future__ import annotations

import ast
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from conftest import DEMO_TODAY
from invoke.collection import Collection
from invoke.loader import FilesystemLoader
from samples import TASK_NAMES

from tracker.check.schema import build_schema
from tracker.check.validate import validate_file
from tracker.model.vocabulary import EVENT_TYPES, HARMS, OUTCOMES, ROLES, STATUSES
from tracker.settings import SETTINGS, Setting, read_settings

ROOT = Path(__file__).resolve().parent.parent
CONTRIBUTING = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
README = (ROOT / "README.md").read_text(encoding="utf-8")
MESSAGE_MODULES = (
    "check/schema_messages.py",
    "check/rules.py",
    "check/event_rules.py",
    "check/text_rules.py",
    "check/context.py",
    "load/yaml_strict.py",
    "load/yaml_problems.py",
    "load/source_text.py",
    "load/syntax_words.py",
    "check/misplaced.py",
    "check/validate.py",
    "check/content.py",
    "check/profiles.py",
)


def _properties(schema: Any) -> Iterator[str]:
    if isinstance(schema, dict):
        for name, value in schema.get("properties", {}).items():
            yield name
            yield from _properties(value)
        for key in ("items", "anyOf", "oneOf", "allOf"):
            if key in schema:
                yield from _properties(schema[key])
    elif isinstance(schema, list):
        for item in schema:
            yield from _properties(item)


def _field_names() -> list[str]:
    return sorted(set(_properties(build_schema())))


def test_field_walk_sees_every_level() -> None:
    names = _field_names()
    for expected in ("regulators", "platforms", "domain_sha256", "daily_rate_gbp", "archived", "holidays"):
        assert expected in names
    assert len(names) == 33  # social_profile (issue 14)


@pytest.mark.parametrize("field", _field_names())
def test_every_data_field_is_explained(field: str) -> None:
    assert f"`{field}`" in CONTRIBUTING, f"CONTRIBUTING.md does not explain the field '{field}'"


@pytest.mark.parametrize(
    "word", [*EVENT_TYPES, *STATUSES, *HARMS, *ROLES, *OUTCOMES], ids=lambda w: w.replace(" ", "_")
)
def test_every_vocabulary_word_is_explained(word: str) -> None:
    assert f"`{word}`" in CONTRIBUTING, f"CONTRIBUTING.md does not explain '{word}'"


def _tasks() -> list[str]:
    module, _parent = FilesystemLoader(start=str(ROOT)).load("tasks")
    return sorted(Collection.from_module(module).task_names)


def test_task_collection_is_found() -> None:
    assert _tasks() == TASK_NAMES


@pytest.mark.parametrize("name", _tasks())
def test_every_task_is_documented(name: str) -> None:
    pattern = re.compile(rf"invoke {re.escape(name)}\b")
    assert pattern.search(CONTRIBUTING) or pattern.search(README), f"no document mentions `invoke {name}`"


# --- checker messages ---------------------------------------------------------------------------------

# Where the message is among the arguments of each call that makes a Problem.
_MESSAGE_ARG = {"at": 1, "at_text": 2, "Problem": 3, "_problem": 1, "add": 1}


def _template(node: ast.expr) -> tuple[str | None, ...] | None:
    """A message as its literal fragments, None standing for each value filled in at run time."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return (node.value,)
    if isinstance(node, ast.JoinedStr):
        return tuple(v.value if isinstance(v, ast.Constant) else None for v in node.values)  # type: ignore[misc]
    return None


def message_templates() -> list[tuple[str, int, tuple[str | None, ...]]]:
    """Every message the validator can print, read from the source: (module, line, fragments)."""
    found = []
    for module in MESSAGE_MODULES:
        tree = ast.parse((ROOT / "tracker" / module).read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            candidate: ast.expr | None = None
            if isinstance(node, ast.Call):
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                index = _MESSAGE_ARG.get(name)
                if index is not None and len(node.args) > index:
                    candidate = node.args[index]
            elif (
                isinstance(node, ast.Yield)
                and isinstance(node.value, ast.Tuple)
                and len(node.value.elts) == 4
            ):
                candidate = node.value.elts[2]  # structure.py yields (path, at_key, message, hint)
            elif (
                isinstance(node, ast.Return)
                and isinstance(node.value, ast.Tuple)
                and len(node.value.elts) == 2
            ):
                candidate = node.value.elts[0]  # structure.py's _pattern_message returns (message, hint)
            if candidate is not None:
                assert isinstance(node, ast.expr | ast.stmt)  # a Call or Yield expression, a Return statement
                template = _template(candidate)
                if template is not None:
                    found.append((module, node.lineno, template))
    return found


def _table_messages() -> list[str]:
    section = CONTRIBUTING.split("## What the checker's messages mean", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [row.split(" | ")[0].removeprefix("| ").strip("`") for row in rows]


def _matches(template: tuple[str | None, ...], text: str) -> bool:
    """The literal fragments appear in `text` in order, each value slot holding at least one character."""
    pattern = "".join(re.escape(part) if part is not None else ".+?" for part in template)
    return re.fullmatch(pattern, text) is not None


def test_message_extraction_finds_the_known_messages() -> None:
    templates = [t for _, _, t in message_templates()]
    assert ("the file is empty",) in templates
    assert ("unknown field '", None, "'") in templates
    assert ("events must be oldest first, but ", None, " comes after ", None) in templates
    assert len(templates) >= 50


@pytest.mark.parametrize(
    ("module", "line", "template"),
    message_templates(),
    ids=lambda v: v if isinstance(v, str) else str(v) if isinstance(v, int) else "",
)
def test_every_checker_message_is_explained(module: str, line: int, template: tuple[str | None, ...]) -> None:
    shown = "".join(p if p is not None else "…" for p in template)
    assert any(_matches(template, row) for row in _table_messages()), (
        f"tracker/{module}:{line}: the message {shown!r} is not in the table of CONTRIBUTING.md"
    )


def test_every_explained_message_still_exists() -> None:
    templates = [t for _, _, t in message_templates()]
    stale = [row for row in _table_messages() if not any(_matches(t, row) for t in templates)]
    assert stale == []
    assert len(_table_messages()) >= 50


# --- the templates campaigners copy -------------------------------------------------------------------


def _yaml_blocks() -> list[str]:
    return re.findall(r"```yaml\n(.*?)```", CONTRIBUTING, flags=re.DOTALL)


def _platform_templates() -> list[str]:
    return [b for b in _yaml_blocks() if b.startswith("  - id:")]


def _event_templates() -> dict[str, str]:
    blocks = [b for b in _yaml_blocks() if b.startswith("      - date:")]
    return {re.search(r"^        type: (\S+)$", b, flags=re.MULTILINE).group(1): b for b in blocks}  # type: ignore[union-attr]


def _demo_text() -> str:
    return (ROOT / "data" / "platforms.yaml").read_text(encoding="utf-8")


def test_contributing_has_the_templates_the_brief_promises() -> None:
    assert len(_platform_templates()) == 2
    assert sorted(_event_templates()) == sorted(
        [
            "reported",
            "acknowledged",
            "investigation-opened",
            "penalty",
            "platform-response",
            "legal-action",
            "scheduled",
        ]
    )


@pytest.mark.parametrize("index", [0, 1])
def test_platform_templates_pass_the_checker(tmp_path: Path, index: int) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(_demo_text() + "\n" + _platform_templates()[index], encoding="utf-8")
    result = validate_file(path, DEMO_TODAY)
    assert result.problems == ()
    assert result.dataset is not None
    added = result.dataset.platforms[-1]
    assert (added.named, len(added.events)) == ((True, 1) if index == 0 else (False, 1))


@pytest.mark.parametrize("event_type", sorted(_event_templates()))
def test_event_templates_pass_the_checker(tmp_path: Path, event_type: str) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(
        _demo_text() + "\n" + _platform_templates()[0] + _event_templates()[event_type], encoding="utf-8"
    )
    result = validate_file(path, DEMO_TODAY)
    assert result.problems == ()
    assert result.dataset is not None
    assert [e.type for e in result.dataset.platforms[-1].events] == ["reported", event_type]


def test_sample_message_in_contributing_is_what_the_checker_prints(tmp_path: Path) -> None:
    shown = re.search(r"```text\n(data/platforms\.yaml:\d+:\d+: error: .*)\n```", CONTRIBUTING)
    assert shown is not None
    text = _demo_text().replace("    harms: [ncii]\n", "    harms: [nci]\n", 1)
    path = tmp_path / "platforms.yaml"
    path.write_text(text, encoding="utf-8")
    problems = validate_file(path, DEMO_TODAY, display="data/platforms.yaml").problems

    # The line number moves whenever the demo data grows; everything else must be exactly as shown.
    def unlined(text: str) -> str:
        return re.sub(r"^data/platforms\.yaml:\d+:", "data/platforms.yaml:LINE:", text)

    assert [unlined(p.format()) for p in problems] == [unlined(shown.group(1))]


# --- settings ---------------------------------------------------------------------------------------------

SETTINGS_DOC = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
SETTING_READ = re.compile(r"""(?:settings|probe)(?:\.get\(|\[)\s*["']([A-Z][A-Z0-9_]+)["']""")
# Pelican's own settings the build passes on to Pelican (not the tracker's to document).
PELICAN_SETTINGS = frozenset({"THEME", "PATH", "JINJA_ENVIRONMENT", "OUTPUT_PATH"})


def _documented_default(name: str) -> str:
    row = re.search(rf"^\| `{name}` \| ([^|]+) \|", SETTINGS_DOC, re.M)
    assert row, f"{name} is not in docs/settings.md"
    return row.group(1).strip()


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_documented_with_its_default(setting: Setting) -> None:
    shown = _documented_default(setting.name)
    written = json.dumps(setting.default) if isinstance(setting.default, str) else repr(setting.default)
    assert shown == ("unset" if setting.default is None else f"`{written}`")
    assert setting.doc in SETTINGS_DOC


def test_no_module_reads_a_setting_by_name_but_the_settings_module() -> None:
    """A setting read by name elsewhere would have a default of its own, outside `TrackerSettings`."""
    found = []
    for path in sorted((ROOT / "tracker").rglob("*.py")):
        if path.name == "settings.py" and path.parent.name == "tracker":
            continue
        for match in SETTING_READ.finditer(path.read_text(encoding="utf-8")):
            if match.group(1) not in PELICAN_SETTINGS:
                found.append(f"{path.relative_to(ROOT)}: {match.group(1)}")
    assert found == []
    assert SETTING_READ.search('value = settings.get("TRACKER_WORKERS")')


def test_every_tracker_setting_in_the_settings_files_is_declared() -> None:
    declared = {s.name for s in SETTINGS}
    for name in ("pelicanconf.py", "publishconf.py"):
        used = set(re.findall(r"^(TRACKER_[A-Z_]+)\s*=", (ROOT / name).read_text(encoding="utf-8"), re.M))
        assert used <= declared, f"{name} sets {sorted(used - declared)}, which tracker/settings.py lacks"


def test_contributing_states_the_status_rules_in_the_models_words_and_order() -> None:
    """One definition: the table campaigners read is the model's, row for row, in precedence order."""
    start = CONTRIBUTING.index("| status | when |")
    rows = CONTRIBUTING[start:].split("\n\n", 1)[0].splitlines()[2:]
    assert rows == [f"| `{name}` | {text} |" for name, text in STATUSES.items()]


def test_the_demo_banner_setting_is_off_unless_set() -> None:
    """A real deployment must not call its data a demonstration by default; the shipped demo does."""
    assert read_settings({}).demo_data is False
    assert read_settings({"TRACKER_DEMO_DATA": True}).demo_data is True
    assert "\nTRACKER_DEMO_DATA = True\n" in (ROOT / "pelicanconf.py").read_text(encoding="utf-8")
