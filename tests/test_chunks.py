"""Reading the data file piece by piece gives the whole-file validator's answer, or hands the file to it.

tracker/build/data_pieces.py cuts the file at each platform and remembers each piece. Whatever the file holds, the
result must be exactly what `load_for_build` gives (dataset, line numbers and record digests), or None
when the whole-file validator must decide (and then it must find a problem or a file outside the layout).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import TODAY, VALID

from tracker.build.data_pieces import ChunkEntry, load_chunked, split
from tracker.check.validate import Loaded, load_for_build
from tracker.load.located import DEFAULT_LIMITS
from tracker.model.problems import DataError

ROOT = Path(__file__).resolve().parent.parent
DEMO = (ROOT / "data" / "platforms.yaml").read_text(encoding="utf-8")
DEMO_TODAY = TODAY

TWO = VALID + VALID[VALID.index("  - id: example-forum-a") :].replace(
    "example-forum-a", "example-forum-b"
).replace("forum-a.example.invalid", "forum-b.example.invalid")


@pytest.fixture
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    yield tmp_path_factory.mktemp("chunks")


def whole(text: str, folder: Path) -> Loaded | None:
    path = folder / "platforms.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        return load_for_build(path, TODAY)
    except DataError:
        return None


def test_the_demo_file_is_cut_at_each_platform() -> None:
    cut = split(DEMO)
    assert cut is not None
    head, pieces = cut
    assert "\nplatforms:\n" in head
    assert len(pieces) == DEMO.count("\n  - id: ") - DEMO.split("platforms:")[0].count("\n  - id: ")
    assert "".join([head, *(text for _, text in pieces)]) == DEMO
    lines = DEMO.splitlines()
    assert all(lines[first - 1].startswith("  - ") for first, _ in pieces)


@pytest.mark.parametrize(
    "text",
    [
        VALID.replace("\n", "\r\n"),  # other line breaks than LF
        VALID.replace("    name: Example Forum A", "\tname: Example Forum A"),
        VALID + "extra: key\n",  # a top-level key after the platforms
        VALID.replace("platforms:\n", "platforms:\n---\n"),
        VALID.replace("platforms:\n  - id", "platforms: [\n  ]\nplatforms:\n  - id"),
        "\ufeff" + VALID,
    ],
)
def test_files_outside_the_plain_layout_are_not_cut(text: str) -> None:
    assert split(text) is None


def test_pieces_match_the_whole_file(scratch: Path) -> None:
    store: dict[str, ChunkEntry] = {}
    assert load_chunked(DEMO, "data", DEMO_TODAY, DEFAULT_LIMITS, store) == whole(DEMO, scratch)
    assert len(store) == len(split(DEMO)[1])  # type: ignore[index]


def test_pieces_read_in_several_processes_match_the_whole_file(
    scratch: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tracker.build.data_pieces

    monkeypatch.setattr(tracker.build.data_pieces, "PARALLEL_PIECES", 1)
    store: dict[str, ChunkEntry] = {}
    assert load_chunked(DEMO, "data", DEMO_TODAY, DEFAULT_LIMITS, store, processes=3) == whole(DEMO, scratch)
    at = DEMO.index("by: regulator", DEMO.index("\nplatforms:"))  # a problem inside one platform's piece
    bad = DEMO[:at] + "by: Jane" + DEMO[at + len("by: regulator") :]
    assert load_chunked(bad, "data", DEMO_TODAY, DEFAULT_LIMITS, {}, processes=3) is None
    assert whole(bad, scratch) is None


def test_remembered_pieces_are_reused_and_moved_lines_are_right(scratch: Path) -> None:
    store: dict[str, ChunkEntry] = {}
    load_chunked(TWO, "data", TODAY, DEFAULT_LIMITS, store)
    first = dict(store)
    # Two more lines in the first platform: the second platform's piece is unchanged but moves down.
    edited = TWO.replace(
        "    summary: A fictional forum",
        "    link_policy: refuse-own-domain\n    summary: A fictional forum",
        1,
    ).replace("        by: survivor\n", "        by: survivor\n        recorded: 2026-01-20\n", 1)
    result = load_chunked(edited, "data", TODAY, DEFAULT_LIMITS, store)
    assert result == whole(edited, scratch)
    assert result is not None and result.dataset.platforms[1].line > TWO.count("\n", 0, TWO.rindex("  - id:"))
    assert len(set(first) & set(store)) == 1  # the second platform's piece came from the store


def test_a_problem_anywhere_hands_the_file_to_the_whole_file_validator(scratch: Path) -> None:
    store: dict[str, ChunkEntry] = {}
    load_chunked(TWO, "data", TODAY, DEFAULT_LIMITS, store)
    bad = TWO.replace("by: regulator", "by: Jane", 1)
    assert load_chunked(bad, "data", TODAY, DEFAULT_LIMITS, store) is None
    assert whole(bad, scratch) is None
    # The same id twice is a problem no single piece shows.
    duplicate = TWO.replace("example-forum-b", "example-forum-a")
    assert load_chunked(duplicate, "data", TODAY, DEFAULT_LIMITS, {}) is None
    assert whole(duplicate, scratch) is None


def test_a_remembered_verdict_is_not_reused_when_the_flagged_domains_change(scratch: Path) -> None:
    store: dict[str, ChunkEntry] = {}
    load_chunked(TWO, "data", TODAY, DEFAULT_LIMITS, store)
    # The second platform now names the first one's source host as its own domain: the first platform's
    # unchanged piece links to a flagged domain and must be checked again.
    flagging = TWO.replace("domains: [forum-b.example.invalid]", "domains: [news.example.org]")
    assert load_chunked(flagging, "data", TODAY, DEFAULT_LIMITS, store) is None
    assert whole(flagging, scratch) is None


ALPHABET = st.sampled_from([*"-:[]{}#'\" \n\t.x0", "  - id: p", "\n  - ", "\n    ", "é"])


@st.composite
def edited(draw: st.DrawFn) -> str:
    """TWO with a few insertions and deletions anywhere, of the characters that make YAML structure."""
    text = TWO
    for _ in range(draw(st.integers(1, 3))):
        at = draw(st.integers(0, len(text)))
        if draw(st.booleans()):
            text = text[:at] + "".join(draw(st.lists(ALPHABET, min_size=1, max_size=4))) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(1, 6)) :]
    return text


@settings(
    deadline=None,
    max_examples=400,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(text=edited())
def test_any_edit_gives_the_whole_file_answer_or_none(scratch: Path, text: str) -> None:
    store: dict[str, ChunkEntry] = {}
    load_chunked(TWO, "data", TODAY, DEFAULT_LIMITS, store)
    result = load_chunked(text, "data", TODAY, DEFAULT_LIMITS, store)
    expected = whole(text, scratch)
    if result is not None:
        assert result == expected
