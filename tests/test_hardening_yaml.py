"""Hostile YAML: aliases are refused, and size, nesting depth and text length are bounded (and settable)."""

from __future__ import annotations

from pathlib import Path

from samples import LINE_SUMMARY, NAME, TODAY, VALID, replace, write

from tracker.check.validate import validate_file
from tracker.load.yaml_strict import DEFAULT_LIMITS, Limits


def test_alias_refused_with_its_position(tmp_path: Path) -> None:
    text = replace("    harms: [ncii]", "    harms: *h")
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    assert [p.format() for p in result.problems] == [
        f"{NAME}:17:12: error: YAML anchors and aliases (&name, *name) are not allowed (write the value out in"
        " full where it is needed)"
    ]


def test_file_size_limit_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "platforms.yaml"
    with path.open("wb") as handle:
        handle.truncate(DEFAULT_LIMITS.max_bytes + 1)  # sparse: nothing is written, nothing may be read
    result = validate_file(path, TODAY, display=NAME)
    assert [p.format() for p in result.problems] == [
        f"{NAME}:1:1: error: the file is 33554433 bytes, over the limit of 33554432 bytes (split the data or"
        " raise the limit in the settings)"
    ]


def test_nesting_depth_limit(tmp_path: Path) -> None:
    text = replace("    harms: [ncii]", "    harms: " + "[" * 30 + "ncii" + "]" * 30)
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    # The document is level 0, `platforms` 1, the platform 2 and `harms` 3: the 19th bracket is level 21.
    assert [p.format() for p in result.problems] == [
        f"{NAME}:17:30: error: the data is nested more than 20 levels deep (the data file needs only a few"
        " levels: check the indentation)"
    ]


def test_string_length_limit(tmp_path: Path) -> None:
    text = replace(LINE_SUMMARY, "    summary: " + "x" * (DEFAULT_LIMITS.max_scalar_chars + 1))
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    assert [p.format() for p in result.problems] == [
        f"{NAME}:18:14: error: a text value is longer than 100000 characters (shorten it, or link to a document"
        " instead)"
    ]


def test_limits_are_settable_and_each_bound_is_exact(tmp_path: Path) -> None:
    """At each limit a file is accepted; one byte, level or character over, it is refused."""
    size = len(VALID.encode())
    longest = len("A fictional forum, reported for hosting intimate images shared without consent.")
    path = write(tmp_path, VALID)
    assert validate_file(path, TODAY, limits=Limits(size, 7, longest)).ok
    over = [
        (
            Limits(size - 1, 7, longest),
            f"{NAME}:1:1: error: the file is {size} bytes, over the limit of {size - 1}",
        ),
        (Limits(size, 6, longest), f"{NAME}:32:13: error: the data is nested more than 6 levels deep"),
        (
            Limits(size, 7, longest - 1),
            f"{NAME}:18:14: error: a text value is longer than {longest - 1} characters",
        ),
    ]
    for limits, start in over:
        assert validate_file(path, TODAY, limits=limits, display=NAME).problems[0].format().startswith(start)
