"""What the writers do with text that reached them: spreadsheet formulas behind whitespace, line
separators in the calendar, and the staging folders a killed build leaves behind.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from samples import TODAY, VALID, write

from tracker.build.site import build_site
from tracker.downloads.csv_guard import GUARD, guard_cell, unguard_cell
from tracker.feeds.ics import upcoming_calendar
from tracker.feeds.items import FeedSettings
from tracker.model.dataset import Event
from tracker.text.flagged import FlaggedDomains

ROOT = Path(__file__).resolve().parent.parent
WHITESPACE = st.text(alphabet=" \t\r\n\u00a0\u2003\u3000\x0b\x0c", min_size=1, max_size=6)
FORMULA = st.sampled_from("=+-@")


@settings(max_examples=400, deadline=None)
@given(
    apostrophes=st.integers(0, 3),
    space=WHITESPACE,
    start=FORMULA,
    rest=st.text(max_size=20),
)
def test_a_formula_behind_whitespace_is_guarded(apostrophes: int, space: str, start: str, rest: str) -> None:
    value = GUARD * apostrophes + space + start + rest
    cell = guard_cell(value)
    assert cell == GUARD + value
    assert unguard_cell(cell) == value


@settings(max_examples=200, deadline=None)
@given(space=st.text(alphabet=" \u00a0\u3000", max_size=4), rest=st.text(alphabet="abc 12.", max_size=20))
def test_plain_text_is_left_alone(space: str, rest: str) -> None:
    value = space + "a" + rest
    assert guard_cell(value) == value


@settings(max_examples=100, deadline=None)
@given(
    separator=st.sampled_from(["\u2028", "\u2029", "\u0085"]),
    before=st.text(alphabet="ab :;", max_size=5),
    injected=st.sampled_from(["SUMMARY:injected", "URL:javascript:x", "X-INJECTED:1"]),
)
def test_line_separators_never_start_a_calendar_line(separator: str, before: str, injected: str) -> None:
    event = Event(
        owner_kind="platforms",
        owner="forum",
        id="hearing",
        date=date(2026, 12, 10),
        type="scheduled",
        by="court",
        title=f"Hearing{before}{separator}{injected}",
        body=f"Body{separator}{injected}",
    )
    settings_ = FeedSettings(
        authority="example.org,2026", base_url="https://tracker.example.org", site_name="T"
    )
    text = upcoming_calendar([("Forum", event)], settings_, FlaggedDomains.build([]), TODAY).decode("utf-8")
    assert separator not in text
    lines = text.replace("\r\n ", "").split("\r\n")  # unfolded
    assert not any(line.startswith(injected) for line in lines)


def test_a_killed_builds_staging_folders_are_removed_by_the_next_build(tmp_path: Path) -> None:
    output = tmp_path / "site" / "output"
    output.parent.mkdir()
    leftovers = [output.parent / ".output-new-abc123", output.parent / ".output-old-def456"]
    for folder in leftovers:
        (folder / "platforms").mkdir(parents=True)
        (folder / "platforms" / "index.html").write_text("half a site", encoding="utf-8")
    kept = output.parent / ".outputs-new-other"  # another output folder's, never touched
    kept.mkdir()
    build_site(
        today=TODAY,
        settings_file=ROOT / "pelicanconf.py",
        output=output,
        data=write(tmp_path, VALID),
        extra_settings={"PATH": str(ROOT / "content"), "THEME": str(ROOT / "theme")},
    )
    assert (output / "index.html").is_file()
    assert [p.name for p in output.parent.iterdir() if p.name.startswith(".")] == [kept.name]
