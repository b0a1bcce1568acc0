"""The chronology as files a court bundle takes: `chronology.docx` (a real Word table) and
`chronology.csv`, next to each chronology page.

Both are made from `tracker.derive.chronology`, the rows the printable page shows, so a row numbered 7
on paper is row 7 in Word and in the spreadsheet. The Word file is byte-reproducible: its dates are the
as-of date, and its zip entries are dated 1980-01-01 (`docx_zip`), so two builds of the same data give
the same bytes. It is laid out by python-docx once per process and filled with each chronology's text
(`docx_template`). Addresses are printed as text, never as Word hyperlinks, and only the
addresses the page itself may show (no flagged host, ever).
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from tracker.derive.chronology import Chronology, page_address
from tracker.downloads.csv_guard import guard_cell
from tracker.downloads.docx_document import DocxTexts, docx_texts, saved_document
from tracker.downloads.docx_template import filled_docx
from tracker.downloads.docx_zip import fixed_zip, saved_entries
from tracker.writing import ChronologyWriterDefaults

if TYPE_CHECKING:
    from tracker.writing import Output

__all__ = [
    "CHRONOLOGY_CSV_COLUMNS",
    "ChronologyFilesWriter",
    "chronology_csv",
    "chronology_docx",
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


def _reference_docx(texts: DocxTexts) -> bytes:
    return fixed_zip(saved_entries(saved_document(texts)))


def chronology_docx(chronology: Chronology, address: str, *, reference: bool = False) -> bytes:
    """The Word file, filled into the template (`docx_template`). `reference` makes it through
    python-docx instead, every row in its tree: the slow file the tests hold the usual one to."""
    texts = docx_texts(chronology, address)
    return _reference_docx(texts) if reference else filled_docx(texts, _reference_docx)


class ChronologyFilesWriter(ChronologyWriterDefaults):
    """A `tracker.writing.Writer`: the Word and CSV files beside each chronology page."""

    group = "chronology-files"
    names = ("chronology.csv", "chronology.docx")

    def write(self, out: Output, chronology: Chronology) -> None:
        path = chronology.page_path
        out.file(f"{path}chronology.csv", chronology_csv(chronology))
        address = page_address(out.settings.site_url, out.settings.feed_site_url, path)
        out.file(f"{path}chronology.docx", chronology_docx(chronology, address))
