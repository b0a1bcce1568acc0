"""Each chronology's Word file filled into one template, made by python-docx once per process.

python-docx took 20 to 30 ms a file (a new package parsed, a tree built, saved, the zip read and written
again): at 300 platforms, the Word files were half the clean build, and their trees' garbage 66 MB of its
peak. The template is `docx_document`'s own document with marks for texts (`DocxTexts` of marks), saved
once for each kind of table; its parts are cut at the marks, and the parts no mark is in are compressed
once. A file is then the chronology's text, escaped as lxml escapes it (`docx_xml`), put between the
pieces, and a zip of the compressed parts (`docx_zip`). The bytes are the reference's
(`chronology_docx(..., reference=True)`), which the tests compare on generated and demo chronologies.
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from tracker.downloads.docx_document import ROWS_MARK, DocxTexts, columns, saved_document
from tracker.downloads.docx_xml import (
    paragraph_xml,
    property_text,
    run_xml,
    table_rows_text,
    xml_compatible,
)
from tracker.downloads.docx_zip import Deflated, deflated, deflated_zip, fits, fixed_zip, saved_entries

__all__ = ["filled_docx"]

# A stamp no chronology is dated with, found in the saved properties and made a hole there.
_STAMP = datetime(1999, 12, 31, 23, 58, 58, tzinfo=UTC)
_STAMP_TEXT = "1999-12-31T23:58:58Z"
_STAMP_FORMAT = "%Y-%m-%dT%H:%M:%SZ"  # python-docx's, for the document's dates
# python-docx refuses a longer property (ValueError); the reference gives that error.
_PROPERTY_LIMIT = 255


def _mark(name: str) -> str:
    return f"@tracker:{name}@"


# A paragraph holding only a mark is wholly a hole, written again with its text (python-docx gives an
# empty text no run, and a paragraph with nothing in it is self-closed); the header's mark is a hole for
# its run (`paragraph.text = ""` keeps an empty run); a mark in plain text is the title's property.
_HOLES = re.compile(
    rb"<w:p>(?:<w:pPr>(?:(?!</w:pPr>).)*</w:pPr>)?<w:r><w:t>@tracker:(?P<p>title|stated|sources|working)@</w:t>"
    rb"</w:r></w:p>"
    rb"|<w:r><w:t>@tracker:(?P<r>\w+)@</w:t></w:r>|@tracker:(?P<t>\w+)@|<w:(?P<e>"
    + ROWS_MARK.encode("ascii")
    + rb")/>|(?P<s>"
    + _STAMP_TEXT.encode("ascii")
    + rb")"
)
_MARKS = DocxTexts(
    regulator=False,
    title=_mark("title"),
    stated=_mark("stated"),
    header=_mark("header"),
    rows=None,
    sources=(_mark("sources"),),
    working=(_mark("working"),),
    stamp=_STAMP,
)
_HOLE_NAMES = {
    b"title": "title", b"stated": "stated", b"header": "header", b"sources": "sources",
    b"working": "working", ROWS_MARK.encode("ascii"): "rows", _STAMP_TEXT.encode("ascii"): "stamp",
}
_EXPECTED_HOLES = sorted([*_HOLE_NAMES.values(), "property_title", "stamp", "stamp"])
# A mark in text, not in a run, is the title's in the document properties: a hole for it as a property.
_TEXT_HOLES = {"title": "property_title"}


@dataclass(frozen=True)
class _Part:
    """A saved part cut at its holes: `pieces[i]`, the text of hole `holes[i]`, ..., `pieces[-1]`."""

    name: str
    pieces: tuple[bytes, ...]
    holes: tuple[str, ...]


@dataclass(frozen=True)
class _Template:
    entries: tuple[Deflated | _Part, ...]
    contents: dict[str, bytes]  # each unchanging part as saved, for a file too big for `deflated_zip`


def _cut(name: str, content: bytes) -> _Part:
    pieces: list[bytes] = []
    holes: list[str] = []
    start = 0
    for found in _HOLES.finditer(content):
        kind = found.lastgroup or ""
        hole = _HOLE_NAMES[found[kind]]
        holes.append(_TEXT_HOLES[hole] if kind == "t" else hole)
        pieces.append(content[start : found.start()])
        start = found.end()
    return _Part(name, (*pieces, content[start:]), tuple(holes))


@functools.cache
def _template(regulator: bool) -> _Template:
    """Made on first use in each process (a worker makes its own: 50 ms), kept for the process."""
    marks = dataclasses.replace(_MARKS, regulator=regulator)
    entries: list[Deflated | _Part] = []
    contents: dict[str, bytes] = {}
    for name, content in saved_entries(saved_document(marks)):
        part = _cut(name, content)
        if part.holes:
            entries.append(part)
        else:
            entries.append(deflated(name, content))
            contents[name] = content
    holes = sorted(h for e in entries if isinstance(e, _Part) for h in e.holes)
    if holes != _EXPECTED_HOLES:
        raise RuntimeError(f"the Word template's holes are not where they were expected: {holes}")
    return _Template(tuple(entries), contents)


def _hole_texts(texts: DocxTexts) -> dict[str, str]:
    rows = texts.rows or ()
    return {
        "title": paragraph_xml(texts.title, "Heading1"),
        "stated": paragraph_xml(texts.stated),
        "header": run_xml(texts.header),
        "rows": table_rows_text(rows, columns(texts.regulator)[1]),
        "sources": "".join(paragraph_xml(t) for t in texts.sources),
        "working": "".join(paragraph_xml(t) for t in texts.working),
        "property_title": property_text(texts.title),
        "stamp": texts.stamp.strftime(_STAMP_FORMAT),
    }


def _fillable(texts: DocxTexts) -> bool:
    """Whether the template writes what python-docx would: text lxml refuses, or a title too long for
    a property, is left to the reference, to fail as it always did."""
    strings = [texts.title, texts.stated, texts.header, *texts.sources, *texts.working]
    strings += [v for row in texts.rows or () for v in row]
    return len(texts.title) <= _PROPERTY_LIMIT and all(xml_compatible(s) for s in strings)


def filled_docx(texts: DocxTexts, reference: Callable[[DocxTexts], bytes]) -> bytes:
    """The Word file of `texts`; `reference(texts)` where the template cannot stand in for it."""
    if not _fillable(texts):
        return reference(texts)
    template = _template(texts.regulator)
    holes = {k: v.encode("utf-8") for k, v in _hole_texts(texts).items()}
    filled = {e.name: _filled(e, holes) for e in template.entries if isinstance(e, _Part)}
    if not fits([*filled.items(), *template.contents.items()]):
        return fixed_zip([(e.name, {**template.contents, **filled}[e.name]) for e in template.entries])
    return deflated_zip(
        [deflated(e.name, filled[e.name]) if isinstance(e, _Part) else e for e in template.entries]
    )


def _filled(part: _Part, holes: dict[str, bytes]) -> bytes:
    pieces = [part.pieces[0]]
    for hole, piece in zip(part.holes, part.pieces[1:], strict=True):
        pieces += (holes[hole], piece)
    return b"".join(pieces)
