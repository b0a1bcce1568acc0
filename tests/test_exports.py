"""Open data: the files on the site and from `python -m tracker export` are the same, the JSON matches its
published schema, the CSV reads back exactly (formula guard removed as documented), and no download
publishes a live domain or an unnamed platform's domain or hash."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from conftest import DEMO_TODAY
from hypothesis import given
from hypothesis import strategies as st
from samples import replace, write

from tracker.check.validate import load_dataset
from tracker.cli import main
from tracker.derive.sitedata import SiteData, build_site_data
from tracker.derive.statuses import status_after
from tracker.downloads.csv_guard import GUARDED_STARTS, guard_cell, unguard_cell
from tracker.downloads.export_schema import dictionary, export_schema, export_schema_text
from tracker.downloads.fields import CSV_COLUMNS, EXPORT_SCHEMA_PATH, GROUPS, SCHEMA_VERSION
from tracker.downloads.records import Licence, csv_text, export_files

ROOT = Path(__file__).resolve().parent.parent
LICENCE = Licence("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")


def _json(site: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((site / "data" / "platforms.json").read_text(encoding="utf-8"))
    return data


def _platform(document: dict[str, Any], platform_id: str) -> dict[str, Any]:
    return next(p for p in document["platforms"] if p["id"] == platform_id)


def _csv_rows(text: str) -> list[dict[str, str]]:
    return [
        {k: unguard_cell(v) for k, v in row.items()} for row in csv.DictReader(io.StringIO(text, newline=""))
    ]


# --- the published files -------------------------------------------------------------------------------


def test_site_publishes_the_downloads_and_the_data_page(site: Path) -> None:
    assert sorted(p.name for p in (site / "data").iterdir()) == [
        "events.csv",
        "index.html",
        "platforms.json",
        "platforms.schema.json",
    ]


def test_json_validates_against_the_published_schema(site: Path) -> None:
    schema = json.loads((site / "data" / "platforms.schema.json").read_text(encoding="utf-8"))
    assert schema == export_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator(schema).validate(_json(site))


def test_schema_rejects_an_unknown_or_missing_field(site: Path) -> None:
    validator = jsonschema.Draft202012Validator(export_schema())
    document = _json(site)
    document["platforms"][0]["domain_sha256"] = ["ab" * 32]
    assert [e.validator for e in validator.iter_errors(document)] == ["additionalProperties"]
    document = _json(site)
    del document["platforms"][0]["events"][0]["status_after"]
    assert [e.validator for e in validator.iter_errors(document)] == ["required"]


def test_committed_export_schema_is_current() -> None:
    assert EXPORT_SCHEMA_PATH.read_text(encoding="utf-8") == export_schema_text()


def test_json_header_and_counts(site: Path) -> None:
    document = _json(site)
    assert document["schema_version"] == SCHEMA_VERSION == "2.0"
    assert document["generated_for"] == "2026-11-27"
    assert document["licence"] == {"name": "CC BY 4.0", "url": "https://creativecommons.org/licenses/by/4.0/"}
    assert [r["id"] for r in document["regulators"]] == ["ofcom", "example-regulator"]
    assert len(document["platforms"]) == 9
    assert sum(len(p["events"]) for p in document["platforms"]) == 44
    assert sum(len(r["events"]) for r in document["regulators"]) == 3


def test_unnamed_platform_has_no_domain_hash_or_naming_source(site: Path) -> None:
    text = (site / "data" / "platforms.json").read_text(encoding="utf-8")
    hidden = _platform(json.loads(text), "example-hidden-board")
    assert (hidden["named"], hidden["domains"], hidden["naming_source"]) == (False, [], None)
    assert "ffb015d11a9b8de454f24ea241e9e10ac302a68e08b9ec5bc0119aa72ae0aaa0" not in text
    assert re.search(r"[0-9a-f]{64}", text) is None
    assert re.search(r"[0-9a-f]{64}", (site / "data" / "events.csv").read_text(encoding="utf-8")) is None


def test_named_domains_are_defanged_everywhere(site: Path, demo_site_data: SiteData) -> None:
    document = _json(site)
    assert _platform(document, "example-forum-a")["domains"] == ["forum-a[.]example[.]invalid"]
    files = [(site / "data" / name).read_text(encoding="utf-8") for name in ("platforms.json", "events.csv")]
    for platform in demo_site_data.dataset.platforms:
        for domain in platform.domains:
            for text in files:
                assert domain not in text


def test_derived_figures_for_the_long_overdue_board(site: Path) -> None:
    hidden = _platform(_json(site), "example-hidden-board")
    assert (hidden["status"], hidden["first_reported"], hidden["working_days_waiting"]) == (
        "no response",
        "2026-01-14",
        222,  # 317 calendar days minus 90 weekend days and 5 bank holidays (3 Apr to 31 Aug 2026)
    )
    assert hidden["by_regulator"] == [
        {
            "regulator": "ofcom",
            "status": "no response",
            "clock_started": "2026-01-14",
            "clock_stopped": None,
            "clock_running": True,
            "working_days": 222,
            "calendar_days": 317,
            "response_window_working_days": 20,
            "overdue": True,
            "working_days_beyond_window": 202,
            "wait_in_words": "still waiting: 202 working days beyond the window",
        }
    ]
    assert [(m["id"], m["date"]) for m in hidden["milestones"]] == [
        ("silence-ofcom-20", "2026-02-11"),
        ("silence-ofcom-60", "2026-04-10"),
        ("silence-ofcom-120", "2026-07-07"),
    ]


def test_two_regulators_each_get_their_status(site: Path) -> None:
    forum_d = _platform(_json(site), "example-forum-d")
    assert [(r["regulator"], r["status"], r["clock_stopped"]) for r in forum_d["by_regulator"]] == [
        ("ofcom", "under investigation", "2026-04-20"),
        ("example-regulator", "closed without action", "2026-05-06"),
    ]
    assert forum_d["status"] == "under investigation"


def test_event_records_carry_every_recorded_field(site: Path) -> None:
    forum_a = _platform(_json(site), "example-forum-a")
    penalty = next(e for e in forum_a["events"] if e["type"] == "penalty")
    assert penalty == {
        "id": "2026-05-18-penalty",
        "date": "2026-05-18",
        "type": "penalty",
        "class": "regulator-substantive",
        "by": "regulator",
        "regulator": "ofcom",
        "title": "Ofcom fines the provider £950,000, plus a daily penalty until it complies",
        "body": None,
        "sources": [
            {
                "title": "Confirmation decision (fictional)",
                "url": "https://regulator.example.com/investigations/forum-a/decision",
                "archived": None,
            },
            {
                "title": "Example News: forum fined by regulator (fictional)",
                "url": "https://news.example.org/2026/05/forum-a-fined",
                "archived": None,
            },
        ],
        "recorded": None,
        "updated": None,
        "verified": None,
        "amount_gbp": 950000,
        "daily_rate_gbp": 20000,
        "outcome": None,
        "status_after": "enforcement action",
    }


# --- CSV ----------------------------------------------------------------------------------------------


def test_csv_round_trips_and_equals_the_data(site: Path, demo_site_data: SiteData) -> None:
    raw = (site / "data" / "events.csv").read_bytes()
    assert raw.startswith(
        b"platform_id,platform_name,event_id,date,type,by,regulator,title,source_url,status_after\r\n"
    )
    expected = []
    for platform in demo_site_data.dataset.platforms:
        for event in platform.events:
            lane = event.regulator if event.regulator in platform.regulators else platform.primary_regulator
            regulator = demo_site_data.regulators_by_id[str(lane)]
            expected.append(
                {
                    "platform_id": platform.id,
                    "platform_name": platform.name,
                    "event_id": event.id,
                    "date": event.date.isoformat(),
                    "type": event.type,
                    "by": event.by,
                    "regulator": event.regulator or "",
                    "title": event.title,
                    "source_url": event.sources[0].url if event.sources else "",
                    "status_after": status_after(platform, regulator, event, DEMO_TODAY),
                }
            )
    assert _csv_rows(raw.decode("utf-8")) == expected
    assert len(expected) == 44


def test_csv_status_after_follows_each_event(site: Path) -> None:
    rows = [
        r
        for r in _csv_rows((site / "data" / "events.csv").read_text(encoding="utf-8"))
        if r["platform_id"] == "example-forum-b"
    ]
    assert [(r["type"], r["status_after"]) for r in rows] == [
        ("reported", "no response"),
        ("initial-assessment", "initial steps only"),
        ("investigation-opened", "under investigation"),
        ("confirmation-decision", "enforcement action"),
        ("access-restriction-order", "enforcement action"),
        ("platform-response", "offline or blocked in UK"),
    ]


def test_formula_cells_are_guarded_in_the_file_and_restored_by_the_documented_rule(tmp_path: Path) -> None:
    text = replace(
        "        title: Ofcom acknowledged the report\n",
        '        title: =HYPERLINK("https://news.example.org/x";"click")\n',
    )
    text = replace("    name: Example Forum A (fictional)\n", "    name: '-Example Forum A'\n", text)
    path = write(tmp_path, text)
    site = build_site_data(load_dataset(path, DEMO_TODAY), DEMO_TODAY)
    raw = csv_text(site)
    assert "'=HYPERLINK(" in raw
    assert ",'-Example Forum A," in raw
    rows = _csv_rows(raw)
    assert [r["title"] for r in rows] == [
        "Reported to Ofcom through its online complaints form",
        '=HYPERLINK("https://news.example.org/x";"click")',
    ]
    assert {r["platform_name"] for r in rows} == {"-Example Forum A"}


@pytest.mark.parametrize(
    ("value", "cell"),
    [
        ("=1+2", "'=1+2"),
        ("+44", "'+44"),
        ("-x", "'-x"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("'=x", "''=x"),  # apostrophes then a formula character: guarded too, so the rule stays reversible
        ("'quoted' title", "'quoted' title"),
        ("'", "'"),
        ("", ""),
        ("a=b", "a=b"),
        ("2026-01-14", "2026-01-14"),
    ],
)
def test_guard_examples(value: str, cell: str) -> None:
    assert guard_cell(value) == cell
    assert unguard_cell(cell) == value


@given(st.text(alphabet=st.sampled_from(["'", "=", "+", "-", "@", "\t", "\r", "a", " ", "1"]), max_size=8))
def test_guard_is_reversible_and_never_starts_a_formula(value: str) -> None:
    cell = guard_cell(value)
    assert unguard_cell(cell) == value
    assert cell[:1] not in GUARDED_STARTS


# --- one function for the build and the CLI -----------------------------------------------------------


def test_cli_export_writes_the_same_bytes_as_the_build(
    site: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "export"
    code = main(
        [
            "export",
            "--output",
            str(out),
            "--today",
            "2026-11-27",
            "--settings",
            str(ROOT / "pelicanconf.py"),
            "--data",
            str(ROOT / "data" / "platforms.yaml"),
        ]
    )
    assert code == 0
    names = sorted(p.name for p in out.iterdir())
    assert names == ["events.csv", "platforms.json", "platforms.schema.json"]
    for name in names:
        assert (out / name).read_bytes() == (site / "data" / name).read_bytes()
    assert capsys.readouterr().out.count("Wrote ") == 3


@pytest.mark.parametrize(
    ("fmt", "names"), [("json", ["platforms.json", "platforms.schema.json"]), ("csv", ["events.csv"])]
)
def test_cli_export_one_format(tmp_path: Path, fmt: str, names: list[str]) -> None:
    out = tmp_path / "export"
    args = ["export", "--format", fmt, "--output", str(out), "--today", "2026-11-27"]
    assert main([*args, "--settings", str(ROOT / "pelicanconf.py")]) == 0
    assert sorted(p.name for p in out.iterdir()) == names


def test_cli_export_refuses_bad_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = write(tmp_path, replace("    harms: [ncii]", "    harms: [nci]"))
    out = tmp_path / "export"
    args = ["export", "--output", str(out), "--today", "2026-11-27", "--data", str(bad)]
    assert main([*args, "--settings", str(ROOT / "pelicanconf.py")]) == 1
    assert not out.exists()
    assert f"{bad}:17:13: error: 'nci' is not a known harms value" in capsys.readouterr().out


def test_export_files_are_deterministic(demo_site_data: SiteData) -> None:
    assert export_files(demo_site_data, LICENCE) == export_files(demo_site_data, LICENCE)


# --- the data dictionary ------------------------------------------------------------------------------


def test_data_page_documents_every_column_and_field(site: Path) -> None:
    page = (site / "data" / "index.html").read_text(encoding="utf-8")
    for column in CSV_COLUMNS:
        assert f"<code>{column.name}</code>" in page
    for group in GROUPS.values():
        for field in group.fields:
            assert f"<code>{field.name}</code>" in page, field.name
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license">CC BY 4.0</a>' in page
    assert "starts with one of those characters, remove the first apostrophe." in page
    for href in ("data/platforms.json", "data/events.csv", "data/platforms.schema.json"):
        assert f'{href}" download>' in page


def test_dictionary_and_schema_come_from_the_same_definitions() -> None:
    schema = export_schema()
    sections = {s.name: s for s in dictionary()}
    assert sorted(sections) == sorted(GROUPS)
    for name, group in GROUPS.items():
        defined = schema if name == "dataset" else schema["$defs"][name]
        assert list(defined["properties"]) == [r.name for r in sections[name].rows] == list(group.names)
        assert defined["required"] == list(group.names)
