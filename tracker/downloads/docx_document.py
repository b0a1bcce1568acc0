"""A chronology's Word document through python-docx: the reference every file is held to, and the maker
of the template the files are actually filled from (`docx_template`).

The texts are worked out once (`DocxTexts`); the same code lays them out whether they are a chronology's
or the template's marks, so the template is this document with holes, and a test that compares the
two files compares only how the text was written into them.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from docx.text.paragraph import Paragraph

from tracker.derive.chronology import Chronology
from tracker.downloads.docx_xml import table_rows_xml

if TYPE_CHECKING:
    from docx.document import Document as DocumentObject
    from docx.table import _Row

__all__ = ["AUTHOR", "ROWS_MARK", "DocxTexts", "columns", "docx_texts", "saved_document"]

AUTHOR = "Regulator Inaction Tracker"
# Where the body rows go when they are not in the tree: an element no document has.
ROWS_MARK = "tracker-rows"
INTRODUCTION = (
    "Oldest first. Row numbers are positions as of the date above; the permanent id of each entry "
    "never changes. Each entry is what the record says happened, as reported in the sources listed; "
    "entries marked derived are worked out by this tracker from the recorded dates (see the appendix)."
)
WORKING_DAY = (
    "A working day is a day that is neither a Saturday, a Sunday nor a public holiday in the "
    "regulator's calendar. The day of the report is day zero."
)


@dataclass(frozen=True)
class DocxTexts:
    """Every text that differs between two chronologies' Word files. `rows` None puts a mark where the
    body rows go (their text is spliced into the saved file: parsed, 20,000 rows were 250 MB)."""

    regulator: bool  # a regulator's table has a Platform column
    title: str
    stated: str  # the line under the title: as of when, and from where
    header: str
    rows: Sequence[Sequence[str]] | None
    sources: tuple[str, ...]  # a paragraph each
    working: tuple[str, ...]
    stamp: datetime  # the document's dates: the as-of day


def columns(regulator: bool) -> tuple[list[str], list[int]]:
    """The table's heads and widths in mm (174 in all)."""
    heads = ["No.", "Date", *(["Platform"] if regulator else []), "What the record says", "Sources", "Id"]
    return heads, [10, 24, *([26] if regulator else []), 56 if regulator else 82, 22, 36]


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


def _source_texts(chronology: Chronology) -> Iterator[str]:
    for s in chronology.sources:
        text = f"[{s.number}] {s.title}. " + (f"{s.url}." if s.url else "Address not published.")
        yield text + (f" Archived copy: {s.archived}." if s.archived else "")
    if not chronology.sources:
        yield "No source documents are recorded."


def _working_texts(chronology: Chronology) -> Iterator[str]:
    for w in chronology.working:
        text = f"{w.platform}, with {w.regulator}: {w.counted_text}"
        if w.holidays:
            text += " Public holidays excluded: " + "; ".join(f"{d} ({n})" for d, n in w.holidays) + "."
        if w.milestones:
            text += (
                " Silence milestones: " + "; ".join(f"{n} working days on {d}" for n, d in w.milestones) + "."
            )
        yield text


def docx_texts(chronology: Chronology, address: str) -> DocxTexts:
    as_of = chronology.as_of
    return DocxTexts(
        regulator=chronology.kind == "regulator",
        title=chronology.title,
        stated=f"Figures as of {chronology.as_of_text}. From {address}.",
        header=f"{chronology.title} | figures as of {chronology.as_of_text} | {address}",
        rows=list(_row_values(chronology)),
        sources=tuple(_source_texts(chronology)),
        working=tuple(_working_texts(chronology)),
        stamp=datetime(as_of.year, as_of.month, as_of.day, tzinfo=UTC),
    )


def _repeat_and_keep(row: _Row) -> None:
    """Word's own flags: a header row printed on every page, and no row split across two pages."""
    properties = row._tr.get_or_add_trPr()
    properties.append(OxmlElement("w:cantSplit"))
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


def _page_setup(document: DocumentObject, header: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(18)
    section.top_margin = section.bottom_margin = Mm(18)
    section.header.paragraphs[0].text = header
    footer = section.footer.paragraphs[0]
    footer.text = "Page "
    _field(footer, "PAGE")
    footer.add_run(" of ")
    _field(footer, "NUMPAGES")
    style = document.styles["Normal"]
    style.font.size = Pt(10)


def _table(document: DocumentObject, texts: DocxTexts) -> None:
    heads, widths = columns(texts.regulator)
    table = document.add_table(rows=1, cols=len(heads))
    table.style = "Table Grid"
    table.autofit = False
    for cell, head in zip(table.rows[0].cells, heads, strict=True):
        cell.text = head
    _repeat_and_keep(table.rows[0])
    for column, cell, width in zip(table.columns, table.rows[0].cells, widths, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice reads
        cell.width = Mm(width)  # each cell, which Word reads
    if texts.rows is None:
        table._tbl.append(OxmlElement(f"w:{ROWS_MARK}"))
    else:
        table._tbl.extend(table_rows_xml(texts.rows, widths))


def _paragraph_adder(document: DocumentObject) -> Callable[[str], None]:
    """`document.add_paragraph` without its search: python-docx looks through every child of the body for
    the section properties before each paragraph it adds, so a regulator's file, a paragraph per source
    and per clock of every platform, cost O(N^2) in the platforms (212 s of a 2500 x 20 build). The
    paragraph goes where python-docx would put it, so the bytes are the same."""
    body = document._body
    section = body._element.sectPr

    def add(text: str) -> None:
        paragraph = OxmlElement("w:p")
        if section is None:
            body._element.append(paragraph)
        else:
            section.addprevious(paragraph)
        Paragraph(paragraph, body).add_run(text)

    return add


def saved_document(texts: DocxTexts) -> bytes:
    """The document as python-docx saves it (its own zip: dated now, entries as python-docx lists them)."""
    document = Document()
    _page_setup(document, texts.header)
    document.add_heading(texts.title, level=1)
    document.add_paragraph(texts.stated)
    document.add_paragraph(INTRODUCTION)
    _table(document, texts)
    add = _paragraph_adder(document)
    document.add_heading("Documents relied on", level=2)
    for text in texts.sources:
        add(text)
    document.add_heading("Appendix: how the working days were counted", level=2)
    document.add_paragraph(WORKING_DAY)
    for text in texts.working:
        add(text)
    props = document.core_properties
    props.created = props.modified = props.last_printed = texts.stamp
    props.author = props.last_modified_by = AUTHOR
    props.title = texts.title
    props.revision = 1
    props.comments = ""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
