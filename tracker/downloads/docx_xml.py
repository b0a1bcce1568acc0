"""A Word file's text as the XML python-docx would save for it, written as strings.

python-docx builds an element tree for every paragraph and table cell, and a chronology of 20,000 rows
cost a minute and 250 MB that way. These functions write the same XML directly, escaped as lxml
serialises text, so it can stand in a saved part for the elements (tests compare the files byte for
byte with python-docx's own).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from docx.shared import Mm

__all__ = [
    "paragraph_xml",
    "property_text",
    "run_xml",
    "table_rows_text",
    "table_rows_xml",
    "xml_compatible",
]

_RUN_BREAKS = re.compile(r"(\t|[\r\n])")
# What lxml refuses to put in a document ("All strings must be XML compatible"), surrogates included.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_compatible(text: str) -> bool:
    """Whether lxml would take `text`: where it would not, python-docx's error is the one to give."""
    return _NOT_XML.search(text) is None


def run_xml(text: str) -> str:
    """A run as python-docx's `run.text = text` writes it (a tab as `w:tab`, each line break as `w:br`,
    `xml:space` kept where the text has outer spaces); `<w:r/>` for no text, as `add_run(None)`."""
    parts: list[str] = []
    for i, piece in enumerate(_RUN_BREAKS.split(text)):
        if i % 2:
            parts.append("<w:tab/>" if piece == "\t" else "<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if len(piece.strip()) < len(piece) else ""
            parts.append(f"<w:t{space}>{xml_escape(piece)}</w:t>")
    return f"<w:r>{''.join(parts)}</w:r>" if parts else "<w:r/>"


def paragraph_xml(text: str, style_id: str = "") -> str:
    """A paragraph as `add_paragraph(text, style)` writes it: no run at all for an empty text, and an
    element with no children printed self-closed, as lxml prints it."""
    inner = (f'<w:pPr><w:pStyle w:val="{style_id}"/></w:pPr>' if style_id else "") + (
        run_xml(text) if text else ""
    )
    return f"<w:p>{inner}</w:p>" if inner else "<w:p/>"


def property_text(text: str) -> str:
    """A document property's text as lxml serialises it: markup characters escaped, and a carriage
    return as a character reference (a parser would read a raw one as a line feed)."""
    return xml_escape(text).replace("\r", "&#13;")


def table_rows_text(values: Sequence[Sequence[str]], widths_mm: Sequence[int]) -> str:
    """Table rows (`w:tr`, each kept whole on one page) of `values` as the XML a saved document holds:
    what python-docx's `add_row` and `cell.text` would make, at a fraction of the cost."""
    twips = [Mm(w).twips for w in widths_mm]
    return "".join(
        "<w:tr><w:trPr><w:cantSplit/></w:trPr>"
        + "".join(
            f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{w}"/></w:tcPr><w:p>{run_xml(v)}</w:p></w:tc>'
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
