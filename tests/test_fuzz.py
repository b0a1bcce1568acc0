"""Random and mutated YAML never crashes the loader or the validator.

A pull request can contain anything. Whatever it is, a campaigner must get located messages (a 1-based
line and column inside the file, and words saying what to fix) or a valid dataset: never a traceback, which
CI would show as "the tool is broken" and which would hide every other problem in the file.

There is no wall-clock deadline (`deadline=None`): the input sizes are bounded instead, so a slow example
is a real slow path, not a noisy test machine.
"""

from __future__ import annotations

import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from samples import TODAY, VALID

from tracker.check.validate import validate_file
from tracker.load.located import Limits
from tracker.load.yaml_strict import load_text
from tracker.model.problems import Problem

NAME = "data/platforms.yaml"
# The line breaks YAML itself counts (libyaml: LF, CR, CR LF, NEL, LS, PS).
YAML_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")
# Small limits keep every example cheap; the real limits are tested in test_hardening_yaml.py.
FUZZ_LIMITS = Limits(max_bytes=64 * 1024, max_depth=20, max_scalar_chars=5_000)

FUZZ = settings(
    deadline=None,
    max_examples=300,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

# Characters that make YAML structure, plus some that make trouble downstream (controls, BOM, separators).
YAML_ALPHABET = st.sampled_from(
    list("-:?,[]{}#&*!|>'\"%@`\\ \n\t\r.~=+<")
    + list("abcxyz019")
    + ["\ufeff", "\x85", "\u2028", "\x00", "\x0b", "é"]
)

# Scalars that have surprised YAML users, and values of the wrong kind for every field.
ODD_SCALARS = [
    "",
    "~",
    "null",
    "yes",
    "no",
    "on",
    "0755",
    "0o17",
    "1:30",
    "1e3",
    ".nan",
    "-.inf",
    "2025-02-30",
    "20250402",
    "2025-W01-1",
    "9999-12-31",
    "[]",
    "{}",
    "[a, [b, [c]]]",
    "{a: {b: c}}",
    "- a",
    "&anchor x",
    "*alias",
    "!!python/object:os.system x",
    "!custom x",
    '"\\x00\\x0b\\uFFFE"',
    '"\\ud800"',
    "'it''s'",
    "|\n  block\n  text",
    ">-\n  folded",
    "https://forum-a.example.invalid/",
    'https://news.example.org/"onmouseover="x',
    "javascript:alert(1)",
    "<script>alert(1)</script>",
    "{{ 7*7 }}",
    "x" * 400,
    "7",
    "-1",
    "3.5",
    "true",
    "ofcom",
    "example-forum-a",
    "GB-ENG",
    "ZZ-QQQ",
    "GB-",
    "ncii",
    "survivor",
    "reported",
    "penalty",
    "scheduled",
    "offline",
    "allow-own-domain",
]


def problems_in_bounds(text: str, problems: tuple[Problem, ...] | list[Problem], name: str) -> None:
    """Every problem names the file, points inside it (1-based) and says something."""
    lines = YAML_BREAK.split(text)
    for problem in problems:
        assert problem.file == name
        assert 1 <= problem.line <= len(lines), (problem, len(lines))
        assert 1 <= problem.column <= len(lines[problem.line - 1]) + 1, (problem, lines[problem.line - 1])
        assert problem.message.strip()
        assert "Traceback" not in problem.message


@pytest.fixture(scope="module")
def scratch() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="tracker-fuzz-") as folder:
        yield Path(folder)


def check_validator(text: str, folder: Path) -> None:
    path = folder / "platforms.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    result = validate_file(path, TODAY, display=NAME, limits=FUZZ_LIMITS)
    if result.ok:
        assert result.dataset is not None
        assert result.problems == ()
    else:
        assert result.dataset is None
        assert result.problems
    # The validator reads the file in text mode (universal newlines), so positions refer to that text.
    problems_in_bounds(path.read_text(encoding="utf-8"), result.problems, NAME)


def check_loader(text: str) -> None:
    located, problems = load_text(text, NAME, FUZZ_LIMITS)
    problems_in_bounds(text, problems, NAME)
    for line, column in [*located.values.values(), *located.keys.values()]:
        assert line >= 1 and column >= 1


# --- mutations of a valid document ----------------------------------------------------------------


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """VALID with a few edits of the kinds a hurried hand edit makes."""
    lines = VALID.splitlines()
    for _ in range(draw(st.integers(1, 4))):
        if not lines:
            lines = [""]
        i = draw(st.integers(0, len(lines) - 1))
        kind = draw(
            st.sampled_from(["delete", "duplicate", "insert", "indent", "dedent", "scalar", "swap", "split"])
        )
        line = lines[i]
        if kind == "delete":
            del lines[i]
        elif kind == "duplicate":
            lines.insert(i, line)
        elif kind == "insert":
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.text(YAML_ALPHABET, min_size=1, max_size=3)) + line[at:]
        elif kind == "indent":
            lines[i] = " " * draw(st.integers(1, 4)) + line
        elif kind == "dedent":
            lines[i] = line[draw(st.integers(1, 4)) :]
        elif kind == "scalar":
            head, sep, _ = line.partition(": ")
            value = draw(st.one_of(st.sampled_from(ODD_SCALARS), st.text(max_size=20)))
            lines[i] = f"{head}{sep or ': '}{value}"
        elif kind == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        else:  # split a line in two
            at = draw(st.integers(0, len(line)))
            lines[i : i + 1] = [line[:at], line[at:]]
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n", "\n\n"]))


# Crashes found by these tests, kept as fixed regression examples (each raised before its fix).
DOMAINS_NOT_A_LIST = VALID.replace("domains: [forum-a.example.invalid]", "domains: 5")
REGULATORS_NOT_A_LIST = VALID.replace("regulators: [ofcom]", "regulators: true")
OWN_DOMAIN_POLICY_WITH_BAD_DOMAINS = VALID.replace(
    "domains: [forum-a.example.invalid]", "domains: 3\n    link_policy: allow-own-domain"
)
SHA_NOT_A_LIST = VALID.replace("named: true", "named: false\n    domain_sha256: 12")


@FUZZ
@given(text=mutated())
@example(text=DOMAINS_NOT_A_LIST)
@example(text=REGULATORS_NOT_A_LIST)
@example(text=OWN_DOMAIN_POLICY_WITH_BAD_DOMAINS)
@example(text=SHA_NOT_A_LIST)
@example(text=VALID.replace("title: Ofcom acknowledged the report", 'title: "a\\x0bb"'))
@example(text=VALID.replace("holidays: GB-ENG", "holidays: GB-"))
@example(
    text=VALID.replace("    events:\n      - date: 2026-01-14", "    events:\n      - date: 2026-01-14\n\x85")
)
def test_mutated_valid_document_gives_located_problems_or_a_dataset(scratch: Path, text: str) -> None:
    check_validator(text, scratch)


def test_regression_examples_raise_no_more_and_are_located(scratch: Path) -> None:
    """The crashes above, now reported at the field that has the wrong kind of value."""
    expected = {
        DOMAINS_NOT_A_LIST: "16:14: error: 'domains' must be a list",
        REGULATORS_NOT_A_LIST: "19:17: error: 'regulators' must be a list",
        OWN_DOMAIN_POLICY_WITH_BAD_DOMAINS: "16:14: error: 'domains' must be a list",
        SHA_NOT_A_LIST: "15:20: error: 'domain_sha256' must be a list",
    }
    for text, start in expected.items():
        path = scratch / "regression.yaml"
        path.write_text(text, encoding="utf-8")
        result = validate_file(path, TODAY, display=NAME)
        assert [p.format() for p in result.problems if start in p.format()], [
            p.format() for p in result.problems
        ]


# --- random text ------------------------------------------------------------------------------------


@FUZZ
@given(text=st.one_of(st.text(max_size=300), st.text(YAML_ALPHABET, max_size=300)))
@example(text="")
@example(text="\ufeff")
@example(text="---\n---\n")
@example(text="[" * 50)
@example(text="? [a]\n: b\n")
@example(text="a: \ud800\n")  # a lone surrogate can only come through the API, never from a UTF-8 file
@example(text="\x85\u2028\u2029a: b")
@example(text="regulators: 7\nplatforms: {}\n")
def test_loader_never_raises_on_random_text(text: str) -> None:
    check_loader(text)


@FUZZ
@given(text=st.text(YAML_ALPHABET, max_size=300))
@example(text="regulators:\n- 1\nplatforms:\n- []\n")
@example(text="platforms:\n- domains: 5\n  regulators: 9\n")
def test_validator_never_raises_on_random_text(scratch: Path, text: str) -> None:
    check_validator(text, scratch)


@FUZZ
@given(
    key=st.sampled_from(
        [
            "id",
            "name",
            "named",
            "naming_source",
            "domains",
            "domain_sha256",
            "harms",
            "summary",
            "regulators",
            "link_policy",
            "events",
        ]
    ),
    value=st.recursive(
        st.one_of(st.sampled_from(ODD_SCALARS[:30]), st.integers(), st.booleans(), st.none()),
        lambda children: st.one_of(
            st.lists(children, max_size=3), st.dictionaries(st.text(max_size=5), children, max_size=3)
        ),
        max_leaves=8,
    ),
)
def test_any_value_in_any_platform_field(scratch: Path, key: str, value: object) -> None:
    """Every platform field given every kind of value (lists, maps, numbers, odd text), as flow YAML."""
    import json

    flow = json.dumps(value)
    if key == "events":
        text = VALID[: VALID.index("    events:\n")] + f"    events: {flow}\n"
    elif f"    {key}: " in VALID:
        text = re.sub(rf"(?m)^    {key}: .*$", lambda _: f"    {key}: {flow}", VALID, count=1)
    else:
        text = VALID.replace("    harms: [ncii]", f"    harms: [ncii]\n    {key}: {flow}")
    check_validator(text, scratch)
