"""Edits by new-platform and add-event: every byte outside the added block is kept, the block lands in
its place (events in date order), the result validates, and a bad edit changes nothing."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest
from conftest import DEMO_TODAY
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import VALID, replace, write

from tracker.check.validate import validate_file
from tracker.cli import main
from tracker.edit.apply import add_event, add_platform, plan_event, plan_platform
from tracker.edit.requests import EditError, NewEvent, NewPlatform, report_title
from tracker.load.yaml_strict import load_text
from tracker.model.dataset import Regulator, Source
from tracker.text.hosts import domain_sha256

ROOT = Path(__file__).resolve().parent.parent
DEMO = (ROOT / "data" / "platforms.yaml").read_text(encoding="utf-8")

ACK = NewEvent(
    date=date(2026, 3, 2),
    type="acknowledged",
    regulator="ofcom",
    by="regulator",
    title="Ofcom acknowledges the report",
    sources=(Source("Ofcom acknowledgement (redacted)", "https://campaign.example.net/ack"),),
    recorded=DEMO_TODAY,
)


def _platform(**changes: object) -> NewPlatform:
    values: dict[str, object] = {
        "id": "example-site-z",
        "name": "Example Site Z (fictional)",
        "harms": ("ncii", "csam"),
        "summary": "**A fictional example.** A site where users are alleged to share intimate images without"
        " consent, described at enough length that the summary has to be folded over several lines.",
        "regulators": ("ofcom",),
        "first_event": NewEvent(
            date=date(2026, 11, 20),
            type="reported",
            regulator="ofcom",
            by="campaign-group",
            title="Reported to Ofcom by a campaign group",
            recorded=DEMO_TODAY,
        ),
        "naming_source": "https://news.example.org/2026/11/site-z",
        "domains": ("site-z.example.invalid",),
    }
    values.update(changes)
    return NewPlatform(**values)  # type: ignore[arg-type]


def _removed(after: str, offset: int, block: str) -> str:
    assert after[offset : offset + len(block)] == block
    return after[:offset] + after[offset + len(block) :]


def _lines(text: str, first: int, last: int) -> list[str]:
    return text.splitlines()[first - 1 : last]


# --- adding a platform ---------------------------------------------------------------------------------


def test_new_platform_keeps_every_other_byte_of_the_demo_file(tmp_path: Path) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(DEMO, encoding="utf-8")
    edit = add_platform(path, _platform(), DEMO_TODAY)
    after = path.read_text(encoding="utf-8")
    assert after == edit.after
    assert _removed(after, edit.offset, edit.block) == DEMO
    assert edit.offset == len(DEMO)  # the last platform ends the file
    assert after.count("# ") == DEMO.count("# ")
    assert _lines(after, edit.first_line, edit.last_line) == [
        "  - id: example-site-z",
        "    name: Example Site Z (fictional)",
        "    named: true",
        "    naming_source: https://news.example.org/2026/11/site-z",
        "    domains: [site-z.example.invalid]",
        "    harms: [ncii, csam]",
        "    summary: >-",
        "      **A fictional example.** A site where users are alleged to share intimate images without",
        "      consent, described at enough length that the summary has to be folded over several lines.",
        "    regulators: [ofcom]",
        "    events:",
        "      - date: 2026-11-20",
        "        type: reported",
        "        regulator: ofcom",
        "        by: campaign-group",
        "        title: Reported to Ofcom by a campaign group",
        "        recorded: 2026-11-27",
    ]
    assert after[edit.offset - 1 : edit.offset + 2] == "\n\n "  # a blank line before it, as between platforms
    result = validate_file(path, DEMO_TODAY)
    assert result.ok and result.dataset is not None
    added = result.dataset.platforms[-1]
    assert (added.id, added.summary, added.domains) == (
        "example-site-z",
        _platform().summary,
        ("site-z.example.invalid",),
    )


def test_platform_without_naming_source_is_unnamed_and_its_domain_only_hashed() -> None:
    edit = plan_platform(DEMO, _platform(naming_source=None, name="Site Z (not named)"))
    assert "site-z.example.invalid" not in edit.after
    assert "    named: false\n" in edit.block
    assert f"    domain_sha256: [{domain_sha256('site-z.example.invalid')}]\n" in edit.block
    assert "naming_source" not in edit.block


def test_platform_goes_after_the_last_one_when_more_follows(tmp_path: Path) -> None:
    # platforms first, regulators after, comments and blank lines around: only the block is added.
    regulators, platforms = VALID.split("platforms:\n")
    text = (
        "# header\nplatforms:\n" + platforms + "  # a trailing comment about the regulators\n\n" + regulators
    )
    path = write(tmp_path, text)
    edit = add_platform(path, _platform(), DEMO_TODAY)
    assert _removed(edit.after, edit.offset, edit.block) == text
    assert edit.after[edit.offset + len(edit.block) :].startswith("  # a trailing comment")
    assert validate_file(path, DEMO_TODAY).ok


def test_empty_platform_list_written_as_brackets(tmp_path: Path) -> None:
    text = VALID.split("platforms:\n")[0] + "platforms: []  # none yet\n"
    path = write(tmp_path, text)
    edit = add_platform(path, _platform(), DEMO_TODAY)
    assert edit.after.startswith(
        VALID.split("platforms:\n")[0] + "platforms:  # none yet\n  - id: example-site-z\n"
    )
    assert validate_file(path, DEMO_TODAY).ok


def test_crlf_file_stays_crlf(tmp_path: Path) -> None:
    text = VALID.replace("\n", "\r\n")
    path = tmp_path / "platforms.yaml"
    path.write_bytes(text.encode("utf-8"))
    edit = add_platform(path, _platform(), DEMO_TODAY)
    raw = path.read_bytes().decode("utf-8")
    assert _removed(raw, edit.offset, edit.block) == text
    assert "\n" not in raw.replace("\r\n", "")


def test_duplicate_platform_id_is_refused_and_file_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(DEMO, encoding="utf-8")
    with pytest.raises(EditError) as refused:
        add_platform(path, _platform(id="example-forum-a"), DEMO_TODAY)
    assert refused.value.message == (
        "nothing was changed: the new platform 'example-forum-a' would not be valid; fix these answers and"
        " run the task again"
    )
    first = DEMO.splitlines().index("  - id: example-forum-a") + 1
    # Told as the answer it is in, never at a line of the file as it would have been after the edit.
    assert refused.value.problems == ()
    assert refused.value.answers == (
        f"Short id (--id): platform id 'example-forum-a' is already used on line {first} (give each"
        " platform its own id)",
    )
    assert path.read_text(encoding="utf-8") == DEMO
    assert sorted(p.name for p in tmp_path.iterdir()) == ["platforms.yaml"]


def test_edit_refuses_a_file_that_already_has_problems(tmp_path: Path) -> None:
    bad = replace("    harms: [ncii]", "    harms: [nci]")
    path = write(tmp_path, bad)
    with pytest.raises(EditError) as refused:
        add_platform(path, _platform(), DEMO_TODAY)
    assert "has problems already" in refused.value.message
    assert [(p.line, p.column) for p in refused.value.problems] == [(17, 13)]
    assert path.read_text(encoding="utf-8") == bad


def test_report_title() -> None:
    ofcom = Regulator(
        "ofcom", "Ofcom", "United Kingdom", "Online Safety Act 2023", "https://x.example/", 20, "GB-ENG"
    )
    assert report_title(ofcom, "survivor") == "Reported to Ofcom by a survivor"
    assert report_title(ofcom, "public") == "Reported to Ofcom by a member of the public"
    assert report_title(ofcom, "campaign-group") == "Reported to Ofcom by a campaign group"


# --- adding an event -----------------------------------------------------------------------------------


def _event_dates(text: str, platform_id: str) -> list[str]:
    located, problems = load_text(text, "x")
    assert problems == []
    platform = next(p for p in located.data["platforms"] if p["id"] == platform_id)
    return [e["date"] for e in platform["events"]]


def test_event_goes_in_date_order_and_keeps_every_other_byte(tmp_path: Path) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(DEMO, encoding="utf-8")
    event = NewEvent(
        date=date(2026, 2, 20),
        type="media",
        by="journalist",
        title="Press report: the board is still online",
        sources=(Source("Example News (fictional)", "https://news.example.org/2026/02/board"),),
        recorded=DEMO_TODAY,
    )
    edit = add_event(path, "example-hidden-board", event, DEMO_TODAY)
    after = path.read_text(encoding="utf-8")
    assert _removed(after, edit.offset, edit.block) == DEMO
    assert _event_dates(after, "example-hidden-board") == [
        "2026-01-14",
        "2026-02-20",
        "2026-06-10",
        "2026-09-07",
    ]
    assert edit.block == (
        "      - date: 2026-02-20\n"
        "        type: media\n"
        "        by: journalist\n"
        "        title: 'Press report: the board is still online'\n"
        "        sources:\n"
        "          - title: Example News (fictional)\n"
        "            url: https://news.example.org/2026/02/board\n"
        "        recorded: 2026-11-27\n"
    )
    assert validate_file(path, DEMO_TODAY).ok


def test_event_before_the_first_goes_above_the_first_events_comment() -> None:
    event = NewEvent(
        date=date(2025, 5, 1),
        type="media",
        by="journalist",
        title="Early press report",
        sources=(Source("Example News (fictional)", "https://news.example.org/early"),),
    )
    edit = plan_event(DEMO, "example-forum-a", event)
    before_block = edit.after[: edit.offset]
    after_block = edit.after[edit.offset + len(edit.block) :]
    assert before_block.endswith("    regulators: [ofcom]\n    events:\n")
    assert after_block.startswith(
        "      # A report by a campaign group or survivor may have no public source.\n"
    )
    assert _event_dates(edit.after, "example-forum-a")[:2] == ["2025-05-01", "2025-06-02"]


def test_event_after_the_last_goes_before_the_next_platforms_comments() -> None:
    edit = plan_event(DEMO, "example-app-e", replace_date(ACK, date(2026, 11, 26)))
    after_block = edit.after[edit.offset + len(edit.block) :]
    assert after_block.startswith("\n  # Fictional, and deliberately NOT named")
    assert _event_dates(edit.after, "example-app-e")[-1] == "2026-11-26"


def replace_date(event: NewEvent, day: date) -> NewEvent:
    from dataclasses import replace as dc_replace

    return dc_replace(event, date=day)


def test_same_day_event_goes_after_and_gets_its_own_id(tmp_path: Path) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(DEMO, encoding="utf-8")
    edit = add_event(path, "example-forum-a", replace_date(ACK, date(2025, 6, 20)), DEMO_TODAY)
    assert edit.block.startswith("      - id: 2025-06-20-acknowledged-2\n        date: 2025-06-20\n")
    result = validate_file(path, DEMO_TODAY)
    assert result.dataset is not None
    forum_a = next(p for p in result.dataset.platforms if p.id == "example-forum-a")
    assert [e.id for e in forum_a.events[1:3]] == ["2025-06-20-acknowledged", "2025-06-20-acknowledged-2"]


def test_future_event_before_a_scheduled_one() -> None:
    # example-forum-a ends with a scheduled hearing in 2027: a new past event goes before it.
    edit = plan_event(DEMO, "example-forum-a", replace_date(ACK, date(2026, 11, 2)))
    assert _event_dates(edit.after, "example-forum-a")[-2:] == ["2026-11-02", "2027-01-20"]


def test_empty_event_list_written_as_brackets(tmp_path: Path) -> None:
    text = VALID.split("    events:\n      - date: 2026-01-14")[0] + "    events: []\n"
    path = write(tmp_path, text)
    report = NewEvent(
        date=date(2026, 1, 14), type="reported", regulator="ofcom", by="survivor", title="Reported"
    )
    edit = add_event(path, "example-forum-a", report, DEMO_TODAY)
    assert edit.after.endswith(
        "    events:\n      - date: 2026-01-14\n        type: reported\n        regulator: ofcom\n"
        "        by: survivor\n        title: Reported\n"
    )
    assert validate_file(path, DEMO_TODAY).ok


def test_unknown_platform_is_refused_with_a_suggestion() -> None:
    with pytest.raises(EditError) as refused:
        plan_event(DEMO, "example-forum-z", ACK)
    assert (
        refused.value.message == "no platform has the id 'example-forum-z' (did you mean 'example-forum-g'?)"
    )


def test_invalid_event_is_refused_with_located_problems(tmp_path: Path) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(DEMO, encoding="utf-8")
    mode = os.stat(path).st_mode
    bad = NewEvent(
        date=date(2026, 3, 2), type="acknowledged", regulator="ofcm", by="regulator", title="Reply"
    )
    with pytest.raises(EditError) as refused:
        add_event(path, "example-forum-a", bad, DEMO_TODAY)
    assert refused.value.problems == ()
    assert refused.value.answers == (
        "the new event: an 'acknowledged' event needs at least one source (add 'sources:' with the title"
        " and address of a public document; only a report by a survivor or campaign group may go without)",
        "The regulator's id (--regulator): no regulator has the id 'ofcm' (did you mean 'ofcom'?)",
    )
    assert path.read_text(encoding="utf-8") == DEMO
    assert os.stat(path).st_mode == mode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["platforms.yaml"]


TEXT = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Zl", "Zp", "Cf", "Co", "Cn")),
    min_size=1,
    max_size=60,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=TEXT, body=st.none() | TEXT)
def test_any_text_reads_back_exactly_or_is_refused(title: str, body: str | None) -> None:
    event = NewEvent(
        date=date(2026, 3, 2),
        type="media",
        by="journalist",
        title=title,
        body=body,
        sources=(Source("Example (fictional)", "https://news.example.org/x"),),
    )
    try:
        edit = plan_event(DEMO, "example-hidden-board", event)
    except EditError:
        return  # refused: nothing would be written
    located, problems = load_text(edit.after, "x")
    assert problems == []
    board = next(p for p in located.data["platforms"] if p["id"] == "example-hidden-board")
    added = board["events"][1]
    assert (added["title"], added.get("body")) == (title, body)
    assert _removed(edit.after, edit.offset, edit.block) == DEMO


# --- through the command line ------------------------------------------------------------------------


def test_cli_new_platform_and_add_event(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(DEMO, encoding="utf-8")
    code = main(
        [
            "new-platform", "--data", str(path), "--today", "2026-11-27",
            "--id", "image-board-y", "--name", "Image board Y (not named)",
            "--harm", "ncii,csam", "--summary", "An image board alleged to host intimate images.",
            "--domain", "board-y.example.invalid", "--by", "survivor", "--date", "2026-11-02",
        ]
    )  # fmt: skip
    out = capsys.readouterr().out
    assert code == 0
    new = DEMO.count("\n") + 2
    assert out.startswith(
        f"Added the platform 'image-board-y' to {path}, lines {new}-{new + 13}:\n  - id: image-board-y\n"
    )
    text = path.read_text(encoding="utf-8")
    assert "board-y.example.invalid" not in text
    assert "        title: Reported to Ofcom by a survivor\n        recorded: 2026-11-27\n" in text
    code = main(
        [
            "add-event", "--data", str(path), "--today", "2026-11-27", "--platform", "image-board-y",
            "--type", "acknowledged", "--by", "regulator", "--title", "Ofcom acknowledges the report",
            "--date", "2026-11-20", "--source-title", "Acknowledgement (redacted)",
            "--source-url", "https://campaign.example.net/ack-y",
        ]
    )  # fmt: skip
    assert code == 0
    assert "        regulator: ofcom\n" in capsys.readouterr().out  # the platform's primary regulator
    result = validate_file(path, DEMO_TODAY)
    assert result.dataset is not None
    board = result.dataset.platforms[-1]
    assert [(e.type, e.regulator, e.recorded) for e in board.events] == [
        ("reported", "ofcom", date(2026, 11, 27)),
        ("acknowledged", "ofcom", date(2026, 11, 27)),
    ]


def test_cli_add_event_refusal_is_located(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(DEMO, encoding="utf-8")
    code = main(
        [
            "add-event", "--data", str(path), "--today", "2026-11-27", "--platform", "example-forum-c",
            "--type", "platform-response", "--by", "platform", "--title", "The forum went offline",
            "--source-title", "News", "--source-url", "https://news.example.org/c-offline",
        ]
    )  # fmt: skip
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "error: nothing was changed: the new event on 'example-forum-c' would not be valid; fix these"
        " answers and run the task again",
        "  the new event: a 'platform-response' event needs 'outcome' (add 'outcome:' such as offline)",
    ]
    assert path.read_text(encoding="utf-8") == DEMO


def test_cli_source_titles_and_urls_must_pair(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "platforms.yaml"
    path.write_text(DEMO, encoding="utf-8")
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "add-event", "--data", str(path), "--platform", "example-forum-c", "--type", "media",
                "--by", "journalist", "--title", "x", "--source-url", "https://news.example.org/x",
            ]
        )  # fmt: skip
    assert exit_info.value.code == 2
    assert "give one --source-title for each --source-url" in capsys.readouterr().err


@pytest.mark.parametrize(
    "title", ["key: value", "# not a comment", "- dash", "yes", "2026-01-01", "null", "'q'"]
)
def test_text_that_looks_like_yaml_is_quoted(title: str) -> None:
    event = NewEvent(
        date=date(2026, 3, 2),
        type="media",
        by="journalist",
        title=title,
        sources=(Source("Example (fictional)", "https://news.example.org/x"),),
    )
    edit = plan_event(DEMO, "example-hidden-board", event)
    located, _ = load_text(edit.after, "x")
    board = next(p for p in located.data["platforms"] if p["id"] == "example-hidden-board")
    assert board["events"][1]["title"] == title


def test_line_separator_in_text_is_refused_not_mangled() -> None:
    # YAML reads U+2028 as a line break: the block could not read back as given, so nothing is written.
    event = NewEvent(date=date(2026, 3, 2), type="media", by="journalist", title="a\u2028b")
    with pytest.raises(EditError) as refused:
        plan_event(DEMO, "example-hidden-board", event)
    assert "could not be written so that it reads back exactly as given" in refused.value.message
