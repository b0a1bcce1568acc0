"""The corpus of campaigners' mistakes (tests/mistakes/): each file is the small valid `base.yaml` with one
realistic mistake (or, for the one-pass file, three), and the validator must say exactly this, at exactly
this line and column. A message that changes, moves to the parser's line or hides another is a
regression a campaigner would pay for with a round trip.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from samples import TODAY

from tracker.check.validate import validate_file

MISTAKES = Path(__file__).parent / "mistakes"

EXPECTED: dict[str, list[str]] = {
    'apostrophe-inside-single-quotes.yaml': [
        "47:55: error: an apostrophe inside the title ends it early (in single quotes, type an apostrophe twice ('Ofcom''s reply'), or put the whole value in double quotes instead)",
    ],
    'colon-in-plain-value.yaml': [
        "47:33: error: the title contains ': ', which YAML reads as the start of another field (put the whole title in double quotes: title: \"...\")",
    ],
    'curly-quotes-with-colon.yaml': [
        "51:16: error: the title is wrapped in curly quotes (“...”), which YAML keeps as part of the text (type straight quotes instead, \"like this\"; a word processor or a phone turns them curly)",
    ],
    'curly-quotes.yaml': [
        "47:16: error: the title is wrapped in curly quotes (“...”), which YAML keeps as part of the text (type straight quotes instead, \"like this\"; a word processor or a phone turns them curly)",
    ],
    'dash-without-space.yaml': [
        "48:8: error: there is no space between '-' and 'date' (write '- date:' with a space after the dash, so it starts a new entry)",
    ],
    'double-quotes-inside-double-quotes.yaml': [
        "51:48: error: a double quote inside the title ends it early (put the whole value in single quotes instead ('Ofcom says \"no\"'), or type \\\" for each double quote inside it)",
    ],
    'event-indented-4.yaml': [
        "48:5: error: this block is indented 4 spaces; events are indented 6 (move the whole block so its '-' has 6 spaces before it, like the other events)",
    ],
    'event-pasted-at-2.yaml': [
        "55:3: error: this block is indented 2 spaces; events are indented 6 (it reads as an event: move it under the 'events:' of its platform and indent the whole block 4 spaces more, so its '-' has 6 spaces before it)",
    ],
    'field-at-seven-spaces.yaml': [
        "46:8: error: this line is indented 7 spaces, but the field above it is indented 8 (line the field names up: put 8 spaces before 'by', like the field above)",
    ],
    'hash-in-title.yaml': [
        "47:52: error: the text after ' #' would be dropped: put the whole title in quotes (YAML reads ' #' as the start of a note for editors; write the value in double quotes, e.g. title: \"Forum #1 fined\", or move a note to a line of its own)",
    ],
    'merge-conflict.yaml': [
        "47:1: error: a merge-conflict marker ('<<<<<<<') was left in the file (keep the lines you want between '<<<<<<<' and '>>>>>>>', then delete the three marker lines ('<<<<<<<', '=======', '>>>>>>>'))",
        "49:1: error: a merge-conflict marker ('=======') was left in the file (keep the lines you want between '<<<<<<<' and '>>>>>>>', then delete the three marker lines ('<<<<<<<', '=======', '>>>>>>>'))",
        "51:1: error: a merge-conflict marker ('>>>>>>>') was left in the file (keep the lines you want between '<<<<<<<' and '>>>>>>>', then delete the three marker lines ('<<<<<<<', '=======', '>>>>>>>'))",
    ],
    'missing-colon.yaml': [
        "46:11: error: there is no colon after the field name 'by' (write the field name, a colon and a space, then the value: 'by: ...')",
    ],
    'missing-colon-after-the-dash.yaml': [
        "43:13: error: there is no colon after the field name 'date' (write the field name, a colon and a space, then the value: 'date: ...')",
    ],
    'missing-space-after-colon.yaml': [
        "46:12: error: there is no space after the colon in 'by:' (type one space after the colon: 'by: ...')",
    ],
    'no-break-space-after-colon.yaml': [
        "46:12: error: a no-break space (U+00A0) follows the colon after 'by' (delete the character after the colon and type one ordinary space)",
    ],
    'saved-as-latin-1.yaml': [
        "53:41: error: the file is not UTF-8 text: byte 0xA3 here is not UTF-8 (it looks like Windows-1252 (\"Western\"), where this byte is '£') (save the file as UTF-8: in your editor choose 'Save with encoding' or 'Save as' and pick UTF-8, then check this character still reads right)",
    ],
    'tab-after-colon.yaml': [
        "46:12: error: a tab follows the colon after 'by' (delete the character after the colon and type one ordinary space)",
    ],
    'tab-in-indentation.yaml': [
        "46:1: error: a tab is in the indentation (indent with ordinary spaces only: delete the indentation of this line and type spaces, as many as the lines around it have)",
    ],
    'two-syntax-errors-and-a-wrong-value.yaml': [
        "25:14: error: there is no colon after the field name 'title' (write the field name, a colon and a space, then the value: 'title: ...')",
        "46:12: error: there is no space after the colon in 'by:' (type one space after the colon: 'by: ...')",
        "60:13: error: 'nci' is not a known harms value (did you mean 'ncii'? use one of: ncii, csam, deepfake-ncii, sextortion, other)",
    ],
    'two-syntax-errors-in-one-platform.yaml': [
        "25:14: error: there is no colon after the field name 'title' (write the field name, a colon and a space, then the value: 'title: ...')",
        "29:12: error: there is no space after the colon in 'by:' (type one space after the colon: 'by: ...')",
    ],
    'three-syntax-errors-in-one-platform.yaml': [
        "17:13: error: 'nci' is not a known harms value (did you mean 'ncii'? use one of: ncii, csam, deepfake-ncii, sextortion, other)",
        "40:12: error: there is no colon after the field name 'summary' (write the field name, a colon and a space, then the value: 'summary: ...')",
        "47:10: error: this line is indented 9 spaces, but the field above it is indented 8 (line the field names up: put 8 spaces before 'title', like the field above)",
        "51:48: error: a double quote inside the title ends it early (put the whole value in single quotes instead ('Ofcom says \"no\"'), or type \\\" for each double quote inside it)",
    ],
    'unnamed-platform-with-domains.yaml': [
        "37:5: error: 'domains' is not allowed when 'named: false' (an unnamed platform shows no domain. Once pushed, the domain is in the pull request's public history even if you delete this line: remove it, do not push again, and ask a maintainer privately to follow the purge steps (CONTRIBUTING.md#if-personal-data-ever-lands-in-the-repository); a maintainer can add 'domain_sha256' instead)",
    ],
    'zero-width-space-in-indentation.yaml': [
        "46:8: error: a zero-width space (U+200B) is in the indentation (indent with ordinary spaces only: delete the indentation of this line and type spaces, as many as the lines around it have)",
    ],
}


def test_the_base_of_the_corpus_is_valid() -> None:
    assert validate_file(MISTAKES / "base.yaml", TODAY).ok


def test_every_file_of_the_corpus_has_its_expected_messages() -> None:
    assert sorted(EXPECTED) == sorted(p.name for p in MISTAKES.glob("*.yaml") if p.name != "base.yaml")


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_mistake(name: str) -> None:
    result = validate_file(MISTAKES / name, TODAY, display=name)
    assert [p.format().removeprefix(f"{name}:") for p in result.problems] == EXPECTED[name]


# --- every syntax mistake of one platform in one pass -------------------------------------------------------

BASE = (MISTAKES / "base.yaml").read_text(encoding="utf-8").splitlines()
# Lines of the second platform holding a plain `field: value` or `- field: value` (1-based): a colon or a
# space may go missing.
FIELD_LINES = [35, 36, 37, 38, 39, 40, 41, 43, 44, 45, 46, 47, 48, 49, 50, 53, 54]


def _mistake(line: str, kind: str) -> tuple[str, int, str]:
    """The line with the mistake, its column and the message's start."""
    indent = len(line) - len(line.lstrip(" "))
    if line.lstrip().startswith("- "):
        line = line.replace("- ", "  ", 1)
        body = _mistake(line, kind)
        return body[0][:indent] + "-" + body[0][indent + 1 :], body[1], body[2]
    key, _, value = line.strip().partition(": ")
    if kind == "colon":
        return (
            f"{' ' * indent}{key} {value}",
            indent + len(key) + 1,
            f"there is no colon after the field name '{key}'",
        )
    return f"{' ' * indent}{key}:{value}", indent + len(key) + 2, f"there is no space after the colon in '{key}:'"


@settings(max_examples=60, deadline=None)
@given(
    picked=st.lists(st.sampled_from(FIELD_LINES), min_size=2, max_size=5, unique=True).filter(
        lambda ls: all(abs(a - b) >= 2 for a in ls for b in ls if a != b)
    ),
    kinds=st.lists(st.sampled_from(["colon", "space"]), min_size=5, max_size=5),
)
def test_every_syntax_mistake_in_one_platform_is_named_at_its_own_line(
    tmp_path_factory: pytest.TempPathFactory, picked: list[int], kinds: list[str]
) -> None:
    lines = list(BASE)
    expected = []
    for number, kind in zip(sorted(picked), kinds, strict=False):
        lines[number - 1], column, start = _mistake(lines[number - 1], kind)
        expected.append((number, column, start))
    path = tmp_path_factory.mktemp("block") / "d.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = [(p.line, p.column, p.message) for p in validate_file(path, TODAY).problems]
    assert [(line, column) for line, column, _ in found] == [(n, c) for n, c, _ in expected]
    assert all(message.startswith(start) for (_, _, message), (_, _, start) in zip(found, expected, strict=True))
