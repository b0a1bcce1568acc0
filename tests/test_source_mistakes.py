"""Families of spellings for the mistakes YAML hides (tracker/load/source_text.py) and the forge's
annotation limit: every invisible space, every place a ` #` can cut a value, and the text a campaigner
may legitimately write that must still pass."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import TODAY, VALID, replace, write

from tracker.check.validate import validate_text
from tracker.cli import main
from tracker.load.source_text import UNUSUAL_SPACES
from tracker.model.problems import Problem

TITLE = "        title: Ofcom acknowledged the report"
TITLE_LINE = VALID.splitlines().index(TITLE) + 1


def _problems(text: str) -> list[str]:
    return [p.format() for p in validate_text(text, "d.yaml", TODAY)[0].problems]


@pytest.mark.parametrize("space", ["\t", *UNUSUAL_SPACES], ids=lambda c: f"U+{ord(c):04X}")
def test_every_unusual_space_in_the_indentation_is_named_where_it_is(space: str) -> None:
    found = _problems(replace(TITLE, "      " + space + " " + TITLE.lstrip()))
    assert len(found) == 1
    assert found[0].startswith(f"d.yaml:{TITLE_LINE}:7: error: ")
    assert " is in the indentation (indent with ordinary spaces only" in found[0]
    assert ("a tab is" in found[0]) if space == "\t" else (f"U+{ord(space):04X}" in found[0])


@pytest.mark.parametrize("space", ["\t", *UNUSUAL_SPACES], ids=lambda c: f"U+{ord(c):04X}")
def test_every_unusual_space_after_a_colon_is_named_where_it_is(space: str) -> None:
    found = _problems(replace(TITLE, TITLE.replace(": ", ":" + space, 1)))
    assert found == [
        f"d.yaml:{TITLE_LINE}:15: error: {found[0].split(': error: ')[1].split(' follows')[0]} follows the"
        " colon after 'title' (delete the character after the colon and type one ordinary space)"
    ]


@pytest.mark.parametrize(
    "line",
    [
        "        title: Ofcom acknowledged the report #2",
        "        title: Ofcom acknowledged the report\t#2",
        "        title: Ofcom acknowledged the report   # see the letter",
        "        title: Ofcom acknowledged #the report",
    ],
)
def test_a_plain_value_cut_by_a_hash_is_refused_at_the_hash(line: str) -> None:
    assert _problems(replace(TITLE, line)) == [
        f"d.yaml:{TITLE_LINE}:{line.index('#') + 1}: error: the text after ' #' would be dropped: put the whole title"
        " in quotes (YAML reads ' #' as the start of a note for editors; write the value in double quotes,"
        ' e.g. title: "Forum #1 fined", or move a note to a line of its own)'
    ]


def test_a_list_item_cut_by_a_hash_is_refused() -> None:
    text = replace("    regulators: [ofcom]", "    regulators:\n      - ofcom # the UK regulator")
    assert [p.split(": error: ")[0] for p in _problems(text)] == ["d.yaml:20:15"]
    assert "put the whole value in quotes" in _problems(text)[0]


@pytest.mark.parametrize(
    "text",
    [
        replace(TITLE, '        title: "Ofcom acknowledged report #2"'),
        replace(TITLE, "        title: 'Ofcom acknowledged report #2'"),
        replace(TITLE, "        title: Ofcom acknowledged report#2"),
        replace(TITLE, "        title: >-\n          Ofcom acknowledged report #2"),
        replace(TITLE, "        # a note for editors #2\n" + TITLE),
        replace("    harms: [ncii]", "    harms: [ncii] # as the sources say"),
        replace(TITLE, "        title: “Ofcom” acknowledged the report"),
        replace(TITLE, "        title: Ofcom acknowledged the report\u00a0in full"),
        replace(TITLE, '        title: "Ofcom\tacknowledged the report"'),
        "\ufeff" + VALID,
    ],
    ids=["double-quoted", "single-quoted", "no-space", "block", "comment-line", "after-a-list", "curly-inside",
         "nbsp-in-text", "tab-in-quotes", "byte-order-mark"],
)
def test_what_a_campaigner_may_write_still_passes(text: str) -> None:
    assert _problems(text) == []


@pytest.mark.parametrize("marker", ["<<<<<<< HEAD", "=======", ">>>>>>> their-branch"])
def test_each_merge_conflict_marker_is_named_on_its_line(marker: str) -> None:
    found = _problems(replace(TITLE, f"{marker}\n{TITLE}"))
    assert found[0].startswith(f"d.yaml:{TITLE_LINE}:1: error: a merge-conflict marker ('{marker[:7]}')")


def _many(count: int) -> str:
    return VALID.replace("    harms: [ncii]\n", "    harms: [ncii]\n" + "".join(f"    extra{n}: x\n" for n in range(count)))


def test_github_format_shows_nine_annotations_then_how_many_more(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, _many(12))
    assert main(["validate", "--format", "github", str(path), "--today", "2026-11-27"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 13
    assert all(line.startswith("::error file=") for line in lines[:10])
    assert lines[9] == (
        f"::error file={path},line=27,col=5::3 more problems are not shown as annotations (a pull request"
        " shows at most 10): the job log of this check lists every problem"
    )
    assert [line.split(": error: ")[0] for line in lines[10:]] == [f"{path}:{n}:5" for n in (27, 28, 29)]


def test_github_format_shows_ten_problems_as_ten_annotations(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--format", "github", str(write(tmp_path, _many(10))), "--today", "2026-11-27"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 10
    assert all(line.startswith("::error file=") and "more problems" not in line for line in lines)


def test_github_annotation_escapes_the_file_property() -> None:
    problem = Problem("data/a,b:c%d.yaml", 3, 4, "50% done\nnext", "fix it")
    assert problem.format("github") == "::error file=data/a%2Cb%3Ac%25d.yaml,line=3,col=4::50%25 done%0Anext (fix it)"


# --- a value quoted back as it was typed ------------------------------------------------------------------

_SIGN = st.sampled_from(["", "+", "-"])
_NOT_TEXT = st.one_of(
    st.builds(lambda s, d: s + d, _SIGN, st.from_regex(r"0[0-9]{1,6}", fullmatch=True)),  # 0755
    st.builds(lambda s, d: s + d, _SIGN, st.from_regex(r"[0-9]{1,8}", fullmatch=True)),
    st.from_regex(r"0x[0-9a-fA-F]{1,6}", fullmatch=True),
    st.from_regex(r"0o[0-7]{1,6}", fullmatch=True),
    st.builds(
        lambda s, d: s + d, _SIGN, st.from_regex(r"[0-9]{1,3}\.[0-9]{0,3}(e[+-]?[0-9]{1,2})?", fullmatch=True)
    ),
    st.sampled_from(["true", "True", "TRUE", "false", "False", "FALSE", ".inf", "-.Inf", ".NaN"]),
)


@settings(max_examples=150, deadline=None)
@given(typed=_NOT_TEXT)
def test_a_value_read_as_a_number_or_true_is_quoted_back_as_typed(typed: str) -> None:
    """`id: 0755` is read as the number 755; the campaigner typed 0755, and the message must say so."""
    for line in ("  - id: example-forum-a", "        title: Ofcom acknowledged the report"):
        key = line.split(":")[0]
        found = _problems(replace(line, f"{key}: {typed}"))
        assert len(found) == 1, found
        quoted = f"'{typed}'"
        assert quoted in found[0], (typed, found)


def test_id_0755_is_quoted_as_0755() -> None:
    line = VALID.splitlines().index("  - id: example-forum-a") + 1
    assert _problems(replace("  - id: example-forum-a", "  - id: 0755")) == [
        f"d.yaml:{line}:9: error: '0755' is not a valid id (use lowercase letters, digits and single hyphens,"
        " e.g. example-forum-a)"
    ]
