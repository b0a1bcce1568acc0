"""The court chronology: numbered rows oldest first, the same in the page, the .docx and the .csv.

A lawyer files it, so the tests read each format back as its reader would: the Word file with
python-docx and through LibreOffice (converted to PDF, rendered to an image), the page printed to PDF by
Chromium, the CSV with the csv module.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from datetime import UTC, date, datetime
from pathlib import Path

import docx
import pytest
from conftest import DEMO_TODAY
from hypothesis import given, settings
from hypothesis import strategies as st

from tracker.derive.chronology import Chronology, ChronologyRow, platform_chronology, regulator_chronology
from tracker.derive.sitedata import SiteData
from tracker.downloads.chronology_files import (
    CHRONOLOGY_CSV_COLUMNS,
    chronology_csv,
    chronology_docx,
)
from tracker.downloads.docx_xml import table_rows_xml
from tracker.model.dates import long_date
from tracker.site.chronology import css_string

FORUM_A = "example-forum-a"
ADDRESS = "https://tracker.example.org/platforms/example-forum-a/chronology/"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def _past_events_and_milestones(site: SiteData, platform_id: str) -> int:
    platform = site.platforms_by_id[platform_id]
    past = [e for e in platform.events if e.date <= site.today]
    return len(past) + len(site.facts[platform_id].milestones)


def test_forum_a_rows_are_numbered_oldest_first_with_permanent_ids(demo_site_data: SiteData) -> None:
    c = platform_chronology(demo_site_data, FORUM_A)
    assert len(c.rows) == _past_events_and_milestones(demo_site_data, FORUM_A) == 12
    assert [r.number for r in c.rows] == list(range(1, 13))
    assert [r.day for r in c.rows] == sorted(r.day for r in c.rows)
    first, _, third = c.rows[:3]
    assert (first.id, first.date_text, first.type_label, first.what, first.who, first.regulator) == (
        "example-forum-a/first-report",
        "2 June 2025",
        "Reported",
        "Reported to Ofcom by a campaign group",
        "A campaign group",
        "Ofcom",
    )
    assert (third.id, third.kind, third.day, third.sources) == (
        "example-forum-a/silence-ofcom-20",
        "derived",
        date(2025, 6, 30),
        (),
    )
    assert third.what == (
        "20 working days after the first report to Ofcom on 2 June 2025, no investigation or enforcement step by Ofcom is "
        "recorded in this tracker."
    )
    # The future court hearing (2027) is not in a chronology of what has happened.
    assert all(r.day <= DEMO_TODAY for r in c.rows)


def test_a_document_cited_twice_keeps_one_number_and_its_archived_copy(demo_site_data: SiteData) -> None:
    c = platform_chronology(demo_site_data, FORUM_A)
    decision = [s for s in c.sources if s.title == "Confirmation decision (fictional)"]
    assert len(decision) == 1
    assert decision[0].archived is not None and decision[0].archived.startswith("https://web.archive.org/")
    by_id = {r.id: r for r in c.rows}
    assert decision[0].number in by_id["example-forum-a/2026-05-18-confirmation-decision"].sources
    assert decision[0].number in by_id["example-forum-a/2026-05-18-penalty"].sources
    assert [s.number for s in c.sources] == list(range(1, len(c.sources) + 1))


def test_the_working_appendix_adds_up(demo_site_data: SiteData) -> None:
    (working,) = platform_chronology(demo_site_data, FORUM_A).working
    assert (working.started_text, working.end_text, working.working_days) == (
        "2 June 2025",
        "6 October 2025",
        89,
    )
    assert working.holidays == (("25 August 2025", "Late Summer Bank Holiday"),)
    assert working.calendar_days - working.weekend_days - len(working.holidays) == working.working_days
    assert working.milestones == ((20, "30 June 2025"), (60, "26 August 2025"))


def test_the_regulator_chronology_has_every_platform_before_it_in_one_table(demo_site_data: SiteData) -> None:
    c = regulator_chronology(demo_site_data, "ofcom")
    owners = {r.id.split("/", 1)[0] for r in c.rows}
    ofcom_platforms = {p.id for p in demo_site_data.dataset.platforms if "ofcom" in p.regulators}
    assert owners == ofcom_platforms | {"ofcom"}
    assert [r.number for r in c.rows] == list(range(1, len(c.rows) + 1))
    assert [r.day for r in c.rows] == sorted(r.day for r in c.rows)
    # A platform reported to two regulators: only what concerns Ofcom (or no regulator) is here.
    forum_d = demo_site_data.platforms_by_id["example-forum-d"]
    assert {r.regulator for r in c.rows if r.id.startswith("example-forum-d/")} <= {"Ofcom", ""}
    other = [e for e in forum_d.events if e.regulator not in (None, "ofcom") and e.date <= DEMO_TODAY]
    assert other and not {f"example-forum-d/{e.id}" for e in other} & {r.id for r in c.rows}


def test_the_unnamed_platform_shows_its_alias_and_no_domain(demo_site_data: SiteData) -> None:
    c = regulator_chronology(demo_site_data, "ofcom")
    text = repr(c)
    assert "Image board X (not named, fictional)" in text
    assert "hidden-board.example" not in text and "hidden-board[.]" not in text


# --- the Word file ----------------------------------------------------------------------------------


def _docx(c: Chronology) -> docx.document.Document:
    return docx.Document(io.BytesIO(chronology_docx(c, ADDRESS)))


def _cell_dates(document: docx.document.Document) -> list[date]:
    table = document.tables[0]
    return [datetime.strptime(row.cells[1].text, "%d %B %Y").date() for row in table.rows[1:]]  # noqa: DTZ007


@pytest.mark.parametrize("kind", ["platform", "regulator"])
def test_the_docx_is_a_real_table_read_back_by_python_docx(demo_site_data: SiteData, kind: str) -> None:
    c = (
        platform_chronology(demo_site_data, FORUM_A)
        if kind == "platform"
        else regulator_chronology(demo_site_data, "ofcom")
    )
    document = _docx(c)
    (table,) = document.tables
    assert len(table.rows) == 1 + len(c.rows)
    numbers = [int(row.cells[0].text) for row in table.rows[1:]]
    assert numbers == list(range(1, len(c.rows) + 1))
    dates = _cell_dates(document)
    assert dates == sorted(dates)
    assert [row.cells[-1].text for row in table.rows[1:]] == [r.id for r in c.rows]
    if kind == "platform":
        assert len(c.rows) == _past_events_and_milestones(demo_site_data, FORUM_A)
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == c.title
    assert f"Figures as of {long_date(DEMO_TODAY)}. From {ADDRESS}." in texts
    assert "Documents relied on" in texts
    assert any(t.startswith("[1] ") for t in texts)
    header = document.sections[0].header.paragraphs[0].text
    assert header == f"{c.title} | figures as of {long_date(DEMO_TODAY)} | {ADDRESS}"
    section = document.sections[0]
    width, height = section.page_width, section.page_height
    assert width is not None and height is not None
    assert (round(width.mm), round(height.mm)) == (210, 297)
    # The header row repeats on every page; no row splits across two.
    flags = [[child.tag for child in (() if tr.trPr is None else tr.trPr)] for tr in table._tbl.tr_lst]
    assert f"{W}tblHeader" in flags[0]
    assert all(f"{W}cantSplit" in row for row in flags)


def test_the_docx_is_byte_reproducible(demo_site_data: SiteData) -> None:
    c = platform_chronology(demo_site_data, FORUM_A)
    data = chronology_docx(c, ADDRESS)
    assert chronology_docx(platform_chronology(demo_site_data, FORUM_A), ADDRESS) == data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {info.date_time for info in z.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    props = docx.Document(io.BytesIO(data)).core_properties
    as_of = datetime(DEMO_TODAY.year, DEMO_TODAY.month, DEMO_TODAY.day, tzinfo=UTC)
    assert (props.created, props.modified, props.last_printed) == (as_of, as_of, as_of)
    assert props.last_modified_by == "Regulator Inaction Tracker"


def test_the_docx_prints_addresses_as_text_never_as_hyperlinks(demo_site_data: SiteData) -> None:
    data = chronology_docx(regulator_chronology(demo_site_data, "ofcom"), ADDRESS)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith((".xml", ".rels")))
    assert 'TargetMode="External"' not in xml
    assert "<w:hyperlink" not in xml
    assert "HYPERLINK" not in xml


@pytest.mark.external
def test_libreoffice_opens_the_docx_and_it_renders(demo_site_data: SiteData, tmp_path: Path) -> None:
    soffice, pdftoppm = shutil.which("soffice"), shutil.which("pdftoppm")
    assert soffice and pdftoppm, "run `make test`: it installs libreoffice-writer-nogui and poppler-utils"
    c = platform_chronology(demo_site_data, FORUM_A)
    source = tmp_path / "chronology.docx"
    source.write_bytes(chronology_docx(c, ADDRESS))
    profile = (tmp_path / "profile").as_uri()
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=300,
    )
    pdf = tmp_path / "chronology.pdf"
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True)
    flat = " ".join(text.stdout.split())
    assert c.title in flat
    assert f"figures as of {long_date(DEMO_TODAY)}" in flat
    assert "[1] Ofcom acknowledgement (redacted, fictional)" in flat
    assert "Documents relied on" in flat
    assert re.search(r"Page 1 of [1-9]", flat)  # the PAGE and NUMPAGES fields, filled in by LibreOffice
    subprocess.run(
        [pdftoppm, "-r", "40", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
    )
    (image,) = tmp_path.glob("page*.png")
    assert image.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and image.stat().st_size > 2000


# --- the CSV, the page's header, and the built site -------------------------------------------------


def test_the_csv_has_the_same_rows(demo_site_data: SiteData) -> None:
    c = platform_chronology(demo_site_data, FORUM_A)
    rows = list(csv.reader(io.StringIO(chronology_csv(c).decode("utf-8"))))
    assert tuple(rows[0]) == CHRONOLOGY_CSV_COLUMNS
    assert [int(r[0]) for r in rows[1:]] == [r.number for r in c.rows]
    assert [r[1] for r in rows[1:]] == [r.id for r in c.rows]
    assert rows[2][-1] == (
        "[1] Ofcom acknowledgement (redacted, fictional) "
        "<https://campaign.example.net/documents/forum-a-acknowledgement>"
    )


CSS_HOSTILE = ['"', "'", "\\", "\n", "\r", "}", "{", ";", "<", "/", "*", "\u2028", "\x00", "\u202e", "@"]


@pytest.mark.parametrize("piece", CSS_HOSTILE)
def test_css_string_cannot_be_ended_by_data(piece: str) -> None:
    for text in (piece, f"a{piece}b", f'x{piece}"; }} body {{ display: none }} /*', piece * 3):
        quoted = css_string(text)
        assert re.fullmatch(r'"(?:[A-Za-z0-9 ,.:()-]|\\[0-9a-f]{6} )*"', quoted), quoted
        # Decoding it back as CSS does gives the text again.
        decoded = re.sub(r"\\([0-9a-f]{6}) ", lambda m: chr(int(m.group(1), 16)), quoted[1:-1])
        assert decoded == text


def test_the_site_links_and_writes_every_chronology(site: Path) -> None:
    for owner in ("platforms/example-forum-a", "platforms/example-hidden-board", "regulators/ofcom"):
        folder = site / owner / "chronology"
        assert {p.name for p in folder.iterdir()} == {
            "index.html",
            "chronology.css",
            "chronology.csv",
            "chronology.docx",
        }
        page = (site / owner / "index.html").read_text(encoding="utf-8")
        for name in ("chronology/", "chronology/chronology.docx", "chronology/chronology.csv"):
            assert f'{owner}/{name}"' in page
    css = (site / "platforms/example-forum-a/chronology/chronology.css").read_text(encoding="utf-8")
    assert (
        css_string(
            "Chronology: Example Forum A (fictional) | figures as of 27 November 2026 | "
            "https://regulator-inaction-tracker.example.org/platforms/example-forum-a/chronology/"
        )
        in css
    )
    assert "counter(page)" in css and "counter(pages)" in css
    data_page = (site / "data" / "index.html").read_text(encoding="utf-8")
    assert 'id="chronologies"' in data_page and "chronology.docx" in data_page


def _rows_through_python_docx(values: list[list[str]], widths_mm: list[int]) -> str:
    """The body rows as python-docx's own table API writes them: the reference the fast writer must match."""
    from docx.oxml import OxmlElement
    from docx.shared import Mm

    document = docx.Document()
    table = document.add_table(rows=0, cols=len(widths_mm))
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
    for row_values in values:
        row = table.add_row()
        for cell, value, width in zip(row.cells, row_values, widths_mm, strict=True):
            cell.text = value
            cell.width = Mm(width)
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    return _without_namespaces("".join(tr.xml for tr in table._tbl.tr_lst))


def _without_namespaces(xml: str) -> str:
    """A detached element is printed with every declaration of its document: not part of the row."""
    return re.sub(r' xmlns:\w+="[^"]*"', "", xml)


CELL_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters="\t\n\r &<>\"' \u00a0"),
    max_size=30,
)


@settings(deadline=None, max_examples=150)
@given(st.lists(st.lists(CELL_TEXT, min_size=5, max_size=5), min_size=1, max_size=4))
def test_the_fast_docx_rows_are_what_python_docx_writes(values: list[list[str]]) -> None:
    """The table body is written as XML in one piece (python-docx's add_row took 3 ms a row, a minute for
    a regulator's 20,000 rows); on generated cell texts (tabs, line breaks, outer spaces, markup
    characters) it must be exactly what python-docx's own API writes."""
    widths = [10, 24, 82, 22, 36]
    rows = table_rows_xml(values, widths)
    assert _without_namespaces("".join(tr.xml for tr in rows)) == _rows_through_python_docx(values, widths)


@settings(deadline=None, max_examples=60)
@given(st.lists(st.tuples(CELL_TEXT, CELL_TEXT, CELL_TEXT), min_size=0, max_size=6))
def test_the_spliced_docx_is_the_file_with_the_rows_in_the_tree(texts: list[tuple[str, str, str]]) -> None:
    """The body rows are put into the saved document.xml as text (parsing 20,000 rows took 250 MB); the
    file must be byte for byte the one with the rows parsed into python-docx's tree, whatever the cells
    hold (markup characters, tabs, line breaks, outer spaces)."""
    rows = tuple(
        ChronologyRow(
            number=n, id=f"p/e{n}", day=date(2025, 6, 2), date_text="2 June 2025", kind="recorded",
            platform=platform, type_label="Report", what=what, who=who, regulator="Ofcom", sources=(1,),
        )
        for n, (platform, what, who) in enumerate(texts, 1)
    )
    for kind in ("platform", "regulator"):
        c = Chronology(kind, "x", "Chronology: x", date(2026, 11, 27), "27 November 2026", rows, (), ())
        assert chronology_docx(c, ADDRESS) == chronology_docx(c, ADDRESS, reference=True)


def test_the_demo_chronologies_spliced_are_the_files_with_the_rows_in_the_tree(
    demo_site_data: SiteData,
) -> None:
    for c in (platform_chronology(demo_site_data, FORUM_A), regulator_chronology(demo_site_data, "ofcom")):
        assert chronology_docx(c, ADDRESS) == chronology_docx(c, ADDRESS, reference=True)
