"""Every validator rule, each with a failing input and the exact line:column a campaigner is sent to."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from samples import TODAY, VALID, replace, write

from tracker.check.validate import validate_file
from tracker.load.located import Limits

NAME = "data/platforms.yaml"


def problems(tmp_path: Path, text: str, **kwargs: object) -> list[str]:
    result = validate_file(write(tmp_path, text), TODAY, display=NAME, **kwargs)  # type: ignore[arg-type]
    return [p.format() for p in result.problems]


def test_the_sample_is_valid(tmp_path: Path) -> None:
    result = validate_file(write(tmp_path, VALID), TODAY)
    assert result.problems == ()
    assert result.dataset is not None
    platform = result.dataset.platforms[0]
    assert [e.id for e in platform.events] == ["2026-01-14-reported", "2026-02-02-acknowledged"]
    assert platform.events[1].line == 26


# --- YAML itself ------------------------------------------------------------------------------------


def test_yaml_syntax_error(tmp_path: Path) -> None:
    text = replace("    harms: [ncii]", "    harms: [ncii")
    assert problems(tmp_path, text) == [
        f"{NAME}:18:12: error: the file is not valid YAML: did not find expected ',' or ']' (while parsing "
        "a flow sequence that starts on line 17) (check the indentation here and just above, and put text that contains ': ' "
        "or ' #' in quotes)"
    ]


def test_duplicate_key(tmp_path: Path) -> None:
    text = replace("    harms: [ncii]\n", "    harms: [ncii]\n    harms: [csam]\n")
    assert problems(tmp_path, text) == [
        f"{NAME}:18:5: error: duplicate key 'harms' (first given on line 17) (keep one of them: YAML would "
        "silently use only the last)"
    ]


def test_duplicate_key_deep_in_a_source(tmp_path: Path) -> None:
    text = VALID + "            url: https://news.example.org/other\n"
    assert problems(tmp_path, text) == [
        f"{NAME}:34:13: error: duplicate key 'url' (first given on line 33) (keep one of them: YAML would "
        "silently use only the last)"
    ]


def test_anchor_and_alias_refused(tmp_path: Path) -> None:
    text = replace("    harms: [ncii]", "    harms: &h [ncii]")
    assert problems(tmp_path, text) == [
        f"{NAME}:17:12: error: YAML anchors and aliases (&name, *name) are not allowed (write the value out "
        "in full where it is needed)"
    ]


def test_alias_bomb_refused_quickly(tmp_path: Path) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n'
    bomb += "".join(
        f"{chr(99 + i)}: &{chr(99 + i)} [{','.join(['*' + chr(98 + i)] * 9)}]\n" for i in range(6)
    )
    assert problems(tmp_path, bomb)[0].startswith(f"{NAME}:1:4: error: YAML anchors and aliases")


def test_tag_refused(tmp_path: Path) -> None:
    text = replace("    name: Ofcom", "    name: !!str Ofcom")
    assert problems(tmp_path, text) == [
        f"{NAME}:3:11: error: YAML tags such as '!!str' are not allowed (remove the tag; write the value as "
        "plain text)"
    ]


def test_file_over_size_limit(tmp_path: Path) -> None:
    assert problems(tmp_path, VALID, limits=Limits(max_bytes=100)) == [
        f"{NAME}:1:1: error: the file is {len(VALID.encode())} bytes, over the limit of 100 bytes (split the "
        "data or raise the limit in the settings)"
    ]


def test_default_size_limit_is_32_mib() -> None:
    assert Limits().max_bytes == 32 * 1024 * 1024


def test_yaml_11_boolean_is_not_a_boolean(tmp_path: Path) -> None:
    text = replace("    named: true", "    named: yes")
    assert problems(tmp_path, text) == [
        f"{NAME}:14:12: error: 'named' must be true or false, not text (write true or false; 'yes' is not "
        "read as yes or no)"
    ]


def test_plain_scalars_are_read_as_yaml_12_reads_them(tmp_path: Path) -> None:
    # As every editor checking the schema reads them: `0020` is 20 (not YAML 1.1's octal 16), `True` is
    # true, and `1:30` is the text "1:30" (YAML 1.1 would make it 90): all valid here.
    text = replace("    response_window_working_days: 20", "    response_window_working_days: 0020")
    text = replace("    name: Ofcom", "    name: 1:30", text)
    text = replace("    named: true", "    named: True", text)
    assert problems(tmp_path, text) == []
    text = replace("    response_window_working_days: 20", "    response_window_working_days: 2.05e1")
    assert problems(tmp_path, text) == [
        f"{NAME}:7:35: error: 'response_window_working_days' must be a whole number, not a decimal number"
        " (write digits only, e.g. 20)"
    ]


def test_number_where_text_is_expected(tmp_path: Path) -> None:
    text = replace("        title: Ofcom acknowledged the report", "        title: 1984")
    assert problems(tmp_path, text) == [
        f"{NAME}:30:16: error: 'title' must be text, not a whole number (put it in quotes, e.g. '1984')"
    ]


# --- structure ------------------------------------------------------------------------------------


def test_unknown_key_with_suggestion(tmp_path: Path) -> None:
    text = replace(
        "        title: Ofcom acknowledged the report", "        titel: Ofcom acknowledged the report"
    )
    assert problems(tmp_path, text) == [
        f"{NAME}:26:9: error: missing required field 'title' in this event (add a line 'title: ...')",
        f"{NAME}:30:9: error: unknown field 'titel' (did you mean 'title'?)",
    ]


def test_missing_required_field(tmp_path: Path) -> None:
    text = replace(
        "    summary: A fictional forum, reported for hosting intimate images shared without consent.\n", ""
    )
    assert problems(tmp_path, text) == [
        f"{NAME}:12:5: error: missing required field 'summary' in this platform (add a line 'summary: ...')"
    ]


def test_wrong_type_list_expected(tmp_path: Path) -> None:
    text = replace("    harms: [ncii]", "    harms: ncii")
    assert problems(tmp_path, text) == [
        f"{NAME}:17:12: error: 'harms' must be a list (lines starting with '- '), not text (write each item "
        "on its own line starting with '- ', or as [a, b])"
    ]


def test_unknown_harm_with_suggestion(tmp_path: Path) -> None:
    text = replace("    harms: [ncii]", "    harms: [nci]")
    assert problems(tmp_path, text) == [
        f"{NAME}:17:13: error: 'nci' is not a known harms value (did you mean 'ncii'? use one of: ncii, csam, "
        "deepfake-ncii, sextortion, other)"
    ]


def test_unknown_event_type(tmp_path: Path) -> None:
    text = replace("        type: acknowledged", "        type: acknowleged")
    found = problems(tmp_path, text)
    assert found[0].startswith(
        f"{NAME}:27:15: error: 'acknowleged' is not a known type value (did you mean 'acknowledged'? use one of: "
        "reported, super-complaint,"
    )
    assert len(found) == 1


def test_unknown_role(tmp_path: Path) -> None:
    text = replace("        by: survivor", "        by: Jane")
    assert problems(tmp_path, text) == [
        f"{NAME}:24:13: error: 'Jane' is not a known by value (use one of: survivor, campaign-group, lawyer, "
        "journalist, public, parliamentarian, regulator, court, platform)"
    ]


# --- ids and references ---------------------------------------------------------------------------


def test_slug_syntax(tmp_path: Path) -> None:
    text = replace("  - id: example-forum-a", "  - id: Example_Forum")
    assert problems(tmp_path, text) == [
        f"{NAME}:12:9: error: 'Example_Forum' is not a valid id (use lowercase letters, digits and single "
        "hyphens, e.g. example-forum-a)"
    ]


def _second_platform(platform_id: str = "example-forum-b") -> str:
    return (
        f"  - id: {platform_id}\n"
        "    name: Example Forum B (fictional)\n"
        "    named: false\n"
        "    harms: [csam]\n"
        "    summary: Another fictional example.\n"
        "    regulators: [ofcom]\n"
        "    events: []\n"
    )


def test_platform_ids_unique(tmp_path: Path) -> None:
    text = replace("platforms:\n", "platforms:\n" + _second_platform("example-forum-a"))
    assert problems(tmp_path, text) == [
        f"{NAME}:19:9: error: platform id 'example-forum-a' is already used on line 12 (give each platform "
        "its own id)"
    ]


def test_event_ids_unique_within_a_platform(tmp_path: Path) -> None:
    text = replace("      - date: 2026-02-02\n", "      - date: 2026-02-02\n        id: first\n")
    text = replace("      - date: 2026-01-14\n", "      - date: 2026-01-14\n        id: first\n", text)
    assert problems(tmp_path, text) == [
        f"{NAME}:28:13: error: event id 'first' is already used on line 21 (give each event of this record its "
        "own id)"
    ]


def test_regulator_reference_must_exist(tmp_path: Path) -> None:
    text = replace("    regulators: [ofcom]", "    regulators: [ofcon]")
    assert problems(tmp_path, text) == [
        f"{NAME}:19:18: error: no regulator has the id 'ofcon' (did you mean 'ofcom'?)",
        f"{NAME}:23:20: error: 'ofcom' is not in this platform's 'regulators' list (add ofcom to the platform's regulators, or fix the id)",
        f"{NAME}:28:20: error: 'ofcom' is not in this platform's 'regulators' list (add ofcom to the platform's regulators, or fix the id)",
    ]


def test_event_regulator_must_be_listed_on_the_platform(tmp_path: Path) -> None:
    text = replace(
        "        regulator: ofcom\n        by: survivor", "        regulator: ofcam\n        by: survivor"
    )
    assert problems(tmp_path, text) == [
        f"{NAME}:23:20: error: no regulator has the id 'ofcam' (did you mean 'ofcom'?)"
    ]


def test_report_needs_regulator(tmp_path: Path) -> None:
    text = replace("        regulator: ofcom\n        by: survivor", "        by: survivor")
    assert problems(tmp_path, text) == [
        f"{NAME}:21:9: error: a 'reported' event needs 'regulator' (add 'regulator: ' with the regulator's id)"
    ]


# --- dates --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", ["20260114", "2026-W03-3", "2026-1-14", "14/01/2026"])
def test_date_must_be_yyyy_mm_dd(tmp_path: Path, bad: str) -> None:
    text = replace("      - date: 2026-01-14", f"      - date: {bad}")
    assert problems(tmp_path, text) == [
        f"{NAME}:21:15: error: '{bad}' is not a date written YYYY-MM-DD (write the date like 2025-04-02)"
    ]


def test_date_must_exist(tmp_path: Path) -> None:
    text = replace("      - date: 2026-01-14", "      - date: 2026-02-30")
    assert problems(tmp_path, text) == [
        f"{NAME}:21:15: error: '2026-02-30' is not a real calendar date (check the day and month (YYYY-MM-DD))"
    ]


def test_date_not_after_today(tmp_path: Path) -> None:
    text = replace("      - date: 2026-02-02", "      - date: 2026-12-02")
    assert problems(tmp_path, text) == [
        f"{NAME}:26:15: error: the date 2026-12-02 is after today (2026-11-27) (only 'type: scheduled' events "
        "may be in the future; check the year)"
    ]


def test_scheduled_may_be_in_the_future(tmp_path: Path) -> None:
    text = VALID + (
        "      - date: 2027-01-20\n"
        "        type: scheduled\n"
        "        by: court\n"
        "        title: Hearing listed\n"
        "        sources:\n"
        "          - title: Court list\n"
        "            url: https://news.example.org/list\n"
    )
    assert problems(tmp_path, text) == []


def test_events_oldest_first(tmp_path: Path) -> None:
    text = replace("      - date: 2026-02-02", "      - date: 2026-01-02")
    assert problems(tmp_path, text) == [
        f"{NAME}:26:15: error: events must be oldest first, but 2026-01-02 comes after 2026-01-14 (move this "
        "event up to its place in date order)"
    ]


def test_same_date_and_type_needs_explicit_id(tmp_path: Path) -> None:
    text = replace(
        "      - date: 2026-02-02\n        type: acknowledged",
        "      - date: 2026-01-14\n        type: reported",
    )
    assert problems(tmp_path, text) == [
        f"{NAME}:26:9: error: two 'reported' events on 2026-01-14 (the other is on line 21) need their own ids "
        "(add 'id: ' with a short name such as 2026-01-14-reported-2 to this event, so feed ids never change)"
    ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("recorded", "2026-02-01", "'recorded' (2026-02-01) is before the event date (2026-02-02)"),
        ("updated", "2026-11-28", "'updated' (2026-11-28) is after today (2026-11-27)"),
        ("verified", "2026-01-01", "'verified' (2026-01-01) is before the event date (2026-02-02)"),
    ],
)
def test_recorded_updated_verified_bounds(tmp_path: Path, field: str, value: str, message: str) -> None:
    text = replace(
        "        title: Ofcom acknowledged the report",
        f"        title: Ofcom acknowledged the report\n        {field}: {value}",
    )
    column = 11 + len(field)
    assert problems(tmp_path, text) == [f"{NAME}:31:{column}: error: {message} (fix the date)"]


# --- naming ---------------------------------------------------------------------------------------------


def test_named_is_required(tmp_path: Path) -> None:
    text = replace("    named: true\n", "")
    assert problems(tmp_path, text)[0] == (
        f"{NAME}:12:5: error: missing required field 'named' in this platform (add a line 'named: ...')"
    )


def test_named_needs_naming_source(tmp_path: Path) -> None:
    text = replace("    naming_source: https://news.example.org/forum-a\n", "")
    assert problems(tmp_path, text) == [
        f"{NAME}:12:5: error: a named platform needs 'naming_source' (add 'naming_source:' with the address of "
        "a public document that already names it, or set 'named: false')"
    ]


def test_unnamed_platform_has_no_domains(tmp_path: Path) -> None:
    text = replace(
        "    named: true\n    naming_source: https://news.example.org/forum-a\n", "    named: false\n"
    )
    assert problems(tmp_path, text) == [
        f"{NAME}:15:5: error: 'domains' is not allowed when 'named: false' (an unnamed platform shows no"
        " domain. Once pushed, the domain is in the pull request's public history even if you delete this"
        " line: remove it, do not push again, and ask a maintainer privately to follow the purge steps"
        " (CONTRIBUTING.md#if-personal-data-ever-lands-in-the-repository); a maintainer can add"
        " 'domain_sha256' instead)"
    ]


def test_domain_sha256_form(tmp_path: Path) -> None:
    good = hashlib.sha256(b"hidden.example.invalid").hexdigest()
    text = replace(
        "    named: true\n    naming_source: https://news.example.org/forum-a\n    domains: [forum-a.example.invalid]\n",
        f"    named: false\n    domain_sha256: [{good}, {good.upper()}]\n",
    )
    assert problems(tmp_path, text) == [
        f"{NAME}:15:87: error: '{good.upper()}' is not a SHA-256 hash (use 64 lowercase hexadecimal characters "
        "(see CONTRIBUTING.md))"
    ]


def test_flagged_domain_must_be_bare_hostname(tmp_path: Path) -> None:
    text = replace(
        "    domains: [forum-a.example.invalid]", "    domains: [https://forum-a.example.invalid/x]"
    )
    assert problems(tmp_path, text) == [
        f"{NAME}:16:15: error: 'https://forum-a.example.invalid/x' is not a bare domain name (write the host "
        "name only, e.g. forum-a.example.invalid, without https:// or a path)"
    ]


# --- URLs -------------------------------------------------------------------------------------------------


def _source_url(url: str) -> str:
    return replace("            url: https://news.example.org/ack", f"            url: {url}")


def test_url_must_be_http(tmp_path: Path) -> None:
    found = problems(tmp_path, _source_url("ftp://news.example.org/ack"))
    assert found == [
        f"{NAME}:33:18: error: 'ftp://news.example.org/ack' is not a web address (use a full address starting "
        "with https://)"
    ]


@pytest.mark.parametrize(
    "url",
    [
        "https://forum-a.example.invalid/thread/1",
        "https://FORUM-A.Example.Invalid/",
        "https://forum-a.example.invalid./",
        "https://www.forum-a.example.invalid/",
        "https://cdn.forum-a.example.invalid/x.jpg",
        "https://%66orum-a.example.invalid/",
        "https://web.archive.org/web/2026/https://forum-a.example.invalid/",
    ],
)
def test_source_on_flagged_domain_refused(tmp_path: Path, url: str) -> None:
    found = problems(tmp_path, _source_url(url))
    assert len(found) == 1
    assert found[0].startswith(f"{NAME}:33:18: error: this link points to a flagged platform (")
    assert found[0].endswith(
        "(link only to documents about the abuse (regulator notices, court papers, reporting), never to the "
        "platform itself)"
    )


def test_source_on_hashed_domain_refused(tmp_path: Path) -> None:
    digest = hashlib.sha256(b"hidden.example.invalid").hexdigest()
    text = replace(
        "platforms:\n",
        "platforms:\n"
        + _second_platform().replace(
            "    named: false\n", f"    named: false\n    domain_sha256: [{digest}]\n"
        ),
    )
    text = _source_url("https://www.Hidden.example.invalid/page").replace(VALID, "") if False else text
    text = text.replace(
        "            url: https://news.example.org/ack",
        "            url: https://www.Hidden.example.invalid/page",
    )
    found = problems(tmp_path, text)
    assert len(found) == 1
    assert found[0].startswith(f"{NAME}:41:18: error: this link points to a flagged platform (")


def test_link_shortener_refused(tmp_path: Path) -> None:
    found = problems(tmp_path, _source_url("https://bit.ly/3abcdef"))
    assert len(found) == 1
    assert found[0].startswith(f"{NAME}:33:18: error: 'https://bit.ly/3abcdef' cannot be used: ")


def test_markdown_link_to_flagged_domain_refused(tmp_path: Path) -> None:
    text = replace(
        "        title: Ofcom acknowledged the report",
        "        title: Ofcom acknowledged the report\n        body: See [the site](https://forum-a.example.invalid/).",
    )
    found = problems(tmp_path, text)
    assert len(found) == 1
    assert found[0].startswith(f"{NAME}:31:30: error: this link points to a flagged platform (")


def test_naming_source_checked_too(tmp_path: Path) -> None:
    text = replace(
        "    naming_source: https://news.example.org/forum-a",
        "    naming_source: https://forum-a.example.invalid/about",
    )
    found = problems(tmp_path, text)
    assert len(found) == 1
    assert found[0].startswith(f"{NAME}:15:20: error: this link points to a flagged platform (")


# --- privacy --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kind", "column"),
    [
        ("Ofcom acknowledged it, write to victim@example.org", "e-mail address", 48),
        ("Ofcom acknowledged it, call 07700 900123", "phone number", 44),
        ("Ofcom acknowledged it, call +44 20 7946 0000", "phone number", 44),
        ("Ofcom acknowledged it in SW1A 1AA", "postcode", 41),
        ("Ofcom acknowledged it to @survivor_account", "handle", 41),
    ],
)
def test_personal_data_refused(tmp_path: Path, text: str, kind: str, column: int) -> None:
    source = replace("        title: Ofcom acknowledged the report", f"        title: {text}")
    found = problems(tmp_path, source)
    assert len(found) == 1
    assert found[0].startswith(
        f"{NAME}:30:{column}: error: 'title' contains what looks like {'an' if kind[0] in 'aeiou' else 'a'} {kind} ("
    )


def test_personal_data_in_block_body_located_on_its_line(tmp_path: Path) -> None:
    source = replace(
        "        title: Ofcom acknowledged the report",
        "        title: Ofcom acknowledged the report\n        body: |\n          First line.\n"
        "          Contact victim@example.org for details.",
    )
    found = problems(tmp_path, source)
    assert len(found) == 1
    assert found[0].startswith(f"{NAME}:33:19: error: 'body' contains what looks like an e-mail address (")


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    text = replace("    harms: [ncii]", "    harms: [nci]")
    text = replace("        by: survivor", "        by: Jane", text)
    text = replace("            url: https://news.example.org/ack", "            url: https://bit.ly/x", text)
    assert [line.split(": error")[0] for line in problems(tmp_path, text)] == [
        f"{NAME}:17:13",
        f"{NAME}:24:13",
        f"{NAME}:33:18",
    ]


def test_role_of_the_wrong_type_is_located_not_a_crash(tmp_path: Path) -> None:
    # Found by the fuzz test: a list where a role belongs made the source rule raise TypeError.
    text = replace("        by: survivor", "        by: []")
    assert problems(tmp_path, text) == [
        f"{NAME}:24:13: error: 'by' must be text, not a list (lines starting with '- ') (put the text in quotes, e.g. 'text')",
    ]
