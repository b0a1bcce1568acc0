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
import functools
import hashlib
import io
import zipfile
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from tracker.derive.chronology import Chronology, page_address, platform_chronology, regulator_chronology
from tracker.downloads.csv_guard import guard_cell
from tracker.writing import WriterDefaults

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from docx.document import Document as DocumentObject
    from docx.table import _Row
    from docx.text.paragraph import Paragraph

    from tracker.writing import Output

__all__ = ["CHRONOLOGY_CSV_COLUMNS", "ChronologyFilesWriter", "chronology_csv", "chronology_docx"]

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


def _table(document: DocumentObject, chronology: Chronology) -> None:
    regulator = chronology.kind == "regulator"
    heads = ["No.", "Date", *(["Platform"] if regulator else []), "What the record says", "Sources", "Id"]
    widths = [10, 24, *([26] if regulator else []), 56 if regulator else 82, 22, 36]  # mm: 174 in all
    table = document.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    table.autofit = False
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        cell.text = head
    _repeat_and_keep(table.rows[0], header=True)
    for r in chronology.rows:
        what = f"{r.type_label}. {r.what}"
        what += (
            " Derived by this tracker from the recorded dates." if r.kind == "derived" else f" By: {r.who}."
        )
        if r.regulator and r.kind != "derived":
            what += f" Regulator: {r.regulator}."
        sources = " ".join(f"[{n}]" for n in r.sources) or ("Appendix" if r.kind == "derived" else "None")
        values = [str(r.number), r.date_text, *([r.platform] if regulator else []), what, sources, r.id]
        row = table.add_row()
        for cell, value in zip(row.cells, values, strict=True):
            cell.text = value
        _repeat_and_keep(row, header=False)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice reads
        for cell in column.cells:
            cell.width = Mm(width)  # each cell, which Word reads


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
        end = "the date of these figures" if w.running else "the first substantive step recorded"
        text = (
            f"{w.platform}, with {w.regulator}: from {w.started_text} (first report) to {w.end_text} ({end}):"
            f" {w.calendar_days} calendar days, less {w.weekend_days} weekend days and {len(w.holidays)}"
            f" public holidays ({w.calendar}), is {w.working_days} working days."
        )
        if w.holidays:
            text += " Public holidays excluded: " + "; ".join(f"{d} ({n})" for d, n in w.holidays) + "."
        if w.milestones:
            text += (
                " Silence milestones: " + "; ".join(f"{n} working days on {d}" for n, d in w.milestones) + "."
            )
        document.add_paragraph(text)


def _fixed_zip(data: bytes) -> bytes:
    """The same entries in the same order, each dated 1980-01-01, so equal content gives equal bytes."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_EPOCH)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()


def chronology_docx(chronology: Chronology, address: str) -> bytes:
    document = Document()
    _page_setup(document, chronology, address)
    document.add_heading(chronology.title, level=1)
    document.add_paragraph(f"Figures as of {chronology.as_of_text}. From {address}.")
    document.add_paragraph(
        "Oldest first. Row numbers are positions as of the date above; the permanent id of each entry "
        "never changes. Each entry is what the record says happened, as reported in the sources listed; "
        "entries marked derived are worked out by this tracker from the recorded dates (see the appendix)."
    )
    _table(document, chronology)
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
    return _fixed_zip(buffer.getvalue())


class ChronologyFilesWriter(WriterDefaults):
    """A `tracker.writing.Writer`: each platform's files are one of its units, the regulators' (every
    platform reported to them) a whole-site step."""

    def __init__(self, out: Output) -> None:
        self.platform_ids = [p.id for p in out.site.dataset.platforms]

    @staticmethod
    def _write(out: Output, chronology: Chronology) -> None:
        path = chronology.page_path
        out.file(f"{path}chronology.csv", chronology_csv(chronology))
        out.file(
            f"{path}chronology.docx",
            chronology_docx(
                chronology, page_address(out.settings.site_url, out.settings.feed_site_url, path)
            ),
        )

    def platform(self, out: Output, index: int) -> None:
        platform_id = self.platform_ids[index]
        path = f"platforms/{platform_id}/chronology/"
        files = (f"{path}chronology.csv", f"{path}chronology.docx")
        if out.reuse(
            f"chronology-files:{platform_id}", out.platform_key("chronology-files", platform_id), files
        ):
            return
        self._write(out, platform_chronology(out.site, platform_id))

    def regulators(self, out: Output) -> None:
        """A regulator's files show every platform reported to it, so almost every edit reaches their
        inputs, but few reach what they print (titles, dates, sources: not an event's body): they are
        kept when the chronology itself is unchanged (its .docx costs seconds per thousand rows)."""
        for regulator in out.site.dataset.regulators:
            chronology = regulator_chronology(out.site, regulator.id)
            path = chronology.page_path
            digest = hashlib.sha256(repr(chronology).encode("utf-8")).hexdigest()
            files = (f"{path}chronology.csv", f"{path}chronology.docx")
            if not out.reuse(f"chronology-files:{path}", out.key("chronology-files", path, digest), files):
                self._write(out, chronology)

    def whole_site(self, out: Output) -> Sequence[Callable[[], object]]:
        return (functools.partial(self.regulators, out),)
