"""The chronology as files a court bundle takes: `chronology.docx` (a real Word table) and
`chronology.csv`, next to each chronology page.

Both are made from `tracker.derive.chronology`, the rows the printable page shows, so a row numbered 7
on paper is row 7 in Word and in the spreadsheet. The Word file is byte-reproducible: python-docx
stamps the save time into the zip entries and the document properties, so both are set to the as-of
date, and two builds of the same data give the same bytes (a lawyer can tell a changed file from an
unchanged one by its checksum). Addresses are printed as text, never as Word hyperlinks, and only the
addresses the page itself may show (no flagged host, ever).
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape as xml_escape

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Mm, Pt

from tracker.derive.chronology import Chronology, page_address
from tracker.downloads.csv_guard import guard_cell
from tracker.writing import ChronologyWriterDefaults

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.table import _Row
    from docx.text.paragraph import Paragraph

    from tracker.writing import Output

__all__ = [
    "CHRONOLOGY_CSV_COLUMNS",
    "ChronologyFilesWriter",
    "chronology_csv",
    "chronology_docx",
    "table_rows_text",
    "table_rows_xml",
]

CHRONOLOGY_CSV_COLUMNS = (
    "number",
    "id",
    "date",
    "kind",
    "platform",
    "type",
    "what",
    "by",
    "regulator",
    "sources",
)
_RUN_BREAKS = re.compile(r"(\t|[\r\n])")
# A zip entry's date cannot be before 1980; the as-of date is what the file describes.
_ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)


def chronology_csv(chronology: Chronology) -> bytes:
    """One row per chronology row; `sources` gives each document as "[n] title <address>"."""
    by_number = {s.number: s for s in chronology.sources}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CHRONOLOGY_CSV_COLUMNS)
    for r in chronology.rows:
        documents = []
        for n in r.sources:
            s = by_number[n]
            documents.append(f"[{n}] {s.title}" + (f" <{s.url}>" if s.url else ""))
        values = [str(r.number), r.id, r.day.isoformat(), r.kind, r.platform, r.type_label, r.what]
        values += [r.who, r.regulator, "; ".join(documents)]
        writer.writerow([guard_cell(v) for v in values])
    return buffer.getvalue().encode("utf-8")


def _repeat_and_keep(row: _Row, *, header: bool) -> None:
    """Word's own flags: a header row printed on every page, and no row split across two pages."""
    properties = row._tr.get_or_add_trPr()
    keep = OxmlElement("w:cantSplit")
    properties.append(keep)
    if header:
        properties.append(OxmlElement("w:tblHeader"))


def _field(paragraph: Paragraph, instruction: str) -> None:
    """A simple field (PAGE, NUMPAGES): Word and LibreOffice fill it in on each printed page."""
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def _page_setup(document: DocumentObject, chronology: Chronology, address: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(18)
    section.header.paragraphs[
        0
    ].text = f"{chronology.title} | figures as of {chronology.as_of_text} | {address}"
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    style = document.styles["Normal"]
    style.font.size = Pt(10)


def _run_xml(text: str) -> str:
    """A cell's run as python-docx's `cell.text = text` writes it (a tab as `w:tab`, a line break as
    `w:br`, `xml:space` kept where the text has outer spaces), so the file is the same, byte for byte."""
    parts: list[str] = []
    for i, piece in enumerate(_RUN_BREAKS.split(text)):
        if i % 2:
            parts.append("<w:tab/>" if piece == "\t" else "<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{xml_escape(piece)}</w:t>")
    return f"<w:r>{''.join(parts)}</w:r>" if parts else "<w:r/>"


def table_rows_text(values: Sequence[Sequence[str]], widths_mm: Sequence[int]) -> str:
    """Table rows (`w:tr`, each kept whole on one page) of `values` as the XML a saved document holds:
    what python-docx's `add_row` and `cell.text` would make, at a fraction of the cost. Text is escaped
    as lxml serialises it (`&`, `<`, `>`; line breaks and tabs are elements), so the text can stand in a
    saved document.xml for the parsed rows (tests compare the files)."""
    twips = [Mm(w).twips for w in widths_mm]
    return "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p>{_run_xml(v)}</w:p></w:tc>'
            for w, v in zip(twips, row, strict=True)
        )
        + "</w:tr>"
        for row in values
    )


def table_rows_xml(values: Sequence[Sequence[str]], widths_mm: Sequence[int]) -> list[Any]:
    """The same rows parsed (elements to put in a document's tree): the reference `table_rows_text`
    is held to, and itself held to python-docx's API by the tests."""
    rows = table_rows_text(values, widths_mm)
    return list(parse_xml(f"<w:tbl {nsdecls('w')}>{rows}</w:tbl>")) if rows else []


# Where the body rows go in a saved document.xml: an element no document has, replaced by their text.
_ROWS_MARK = "tracker-rows"


def _row_values(chronology: Chronology) -> Iterator[list[str]]:
    regulator = chronology.kind == "regulator"
    for r in chronology.rows:
        what = f"{r.type_label}. {r.what}"
        what += (
            " Derived by this tracker from the recorded dates." if r.kind == "derived" else f" By: {r.who}."
        )
        if r.regulator and r.kind != "derived":
            what += f" Regulator: {r.regulator}."
        sources = " ".join(f"[{n}]" for n in r.sources) or ("Appendix" if r.kind == "derived" else "None")
        yield [str(r.number), r.date_text, *([r.platform] if regulator else []), what, sources, r.id]


def _table(document: DocumentObject, chronology: Chronology, in_tree: bool) -> str:
    """The header row through python-docx; the body rows written as XML, because python-docx's
    `add_row` and `cell.text` cost about 3 ms a row: a regulator's chronology of 20,000 rows took a
    minute. The XML is what those calls wrote (tests compare it, and the demo's files are
    byte-identical). Unless `in_tree`, the rows are not parsed at all: a mark stands in the tree, and
    their text (returned) replaces it in the saved file. Parsed, 20,000 rows were 250 MB of elements."""
    regulator = chronology.kind == "regulator"
    heads = ["No.", "Date", *(["Platform"] if regulator else []), "What the record says", "Sources", "Id"]
    widths = [10, 24, *([26] if regulator else []), 56 if regulator else 82, 22, 36]  # mm: 174 in all
    table = document.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    table.autofit = False
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        cell.text = head
    _repeat_and_keep(table.rows[0], header=True)
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice reads
        cell.width = Mm(width)  # each cell, which Word reads
    values = list(_row_values(chronology))
    if in_tree:
        table._tbl.extend(table_rows_xml(values, widths))
        return ""
    table._tbl.append(OxmlElement(f"w:{_ROWS_MARK}"))
    return table_rows_text(values, widths)


def _sources_and_working(document: DocumentObject, chronology: Chronology) -> None:
    document.add_heading("Documents relied on", level=2)
    for s in chronology.sources:
        text = f"[{s.number}] {s.title}. " + (f"{s.url}." if s.url else "Address not published.")
        if s.archived:
            text += f" Archived copy: {s.archived}."
        document.add_paragraph(text)
    if not chronology.sources:
        document.add_paragraph("No source documents are recorded.")
    document.add_heading("Appendix: how the working days were counted", level=2)
    document.add_paragraph(
        "A working day is a day that is neither a Saturday, a Sunday nor a public holiday in the "
        "regulator's calendar. The day of the report is day zero."
    )
    for w in chronology.working:
        text = f"{w.platform}, with {w.regulator}: {w.counted_text}"
        if w.holidays:
            text += " Public holidays excluded: " + "; ".join(f"{d} ({n})" for d, n in w.holidays) + "."
        if w.milestones:
            text += (
                " Silence milestones: " + "; ".join(f"{n} working days on {d}" for n, d in w.milestones) + "."
            )
        document.add_paragraph(text)


def _fixed_zip(data: bytes, rows: str) -> bytes:
    """The same entries in the same order, each dated 1980-01-01, so equal content gives equal bytes;
    the body rows' text put in place of their mark in document.xml."""
    out = io.BytesIO()
    mark = f"<w:{_ROWS_MARK}/>".encode("ascii")
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            content = source.read(info.filename)
            if info.filename == "word/document.xml" and mark in content:
                before, _, after = content.partition(mark)
                content = b"".join((before, rows.encode("utf-8"), after))
            target.writestr(fixed, content)
    return out.getvalue()


def chronology_docx(chronology: Chronology, address: str, *, rows_in_tree: bool = False) -> bytes:
    """The Word file. `rows_in_tree` puts the body rows in python-docx's tree (the slower reference
    the tests compare the usual file with)."""
    document = Document()
    _page_setup(document, chronology, address)
    document.add_heading(chronology.title, level=1)
    document.add_paragraph(f"Figures as of {chronology.as_of_text}. From {address}.")
    document.add_paragraph(
        "Oldest first. Row numbers are positions as of the date above; the permanent id of each entry "
        "never changes. Each entry is what the record says happened, as reported in the sources listed; "
        "entries marked derived are worked out by this tracker from the recorded dates (see the appendix)."
    )
    rows = _table(document, chronology, rows_in_tree)
    _sources_and_working(document, chronology)
    props = document.core_properties
    stamp = datetime(chronology.as_of.year, chronology.as_of.month, chronology.as_of.day, tzinfo=UTC)
    props.created = props.modified = props.last_printed = stamp
    props.author = props.last_modified_by = "Regulator Inaction Tracker"
    props.title = chronology.title
    props.revision = 1
    props.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return _fixed_zip(buffer.getvalue(), rows)


class ChronologyFilesWriter(ChronologyWriterDefaults):
    """A `tracker.writing.Writer`: the Word and CSV files beside each chronology page."""

    group = "chronology-files"
    names = ("chronology.csv", "chronology.docx")

    def write(self, out: Output, chronology: Chronology) -> None:
        path = chronology.page_path
        out.file(f"{path}chronology.csv", chronology_csv(chronology))
        address = page_address(out.settings.site_url, out.settings.feed_site_url, path)
        out.file(f"{path}chronology.docx", chronology_docx(chronology, address))
