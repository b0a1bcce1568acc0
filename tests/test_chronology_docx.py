"""The Word file filled into a template is the file python-docx makes, byte for byte.

Each chronology's .docx is its texts put into one document python-docx laid out once, and a zip of parts
compressed beforehand; `chronology_docx(..., reference=True)` makes it through python-docx instead. A
lawyer compares files by checksum, so the two must agree on every text a chronology may hold (markup
characters, quotes, tabs, line breaks, outer spaces, text outside the Basic Multilingual Plane, empty
fields, long texts, no rows or many) and on every chronology of the demo data.
"""

from __future__ import annotations

import io
import zipfile
from datetime import date

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from tracker.derive.chronology import (
    Chronology,
    ChronologyRow,
    ChronologySource,
    ClockWorking,
    platform_chronology,
    regulator_chronology,
)
from tracker.derive.sitedata import SiteData
from tracker.downloads.chronology_files import chronology_docx
from tracker.downloads.docx_zip import deflated, deflated_zip, fixed_zip

ADDRESS = "https://tracker.example.org/platforms/example-forum-a/chronology/"
# Texts that look like the template's own marks and stamp: a chronology holding them is still only text.
LOOKALIKES = ["@tracker:title@", "@tracker:rows@", "<w:tracker-rows/>", "1999-12-31T23:58:58Z", ""]
AWKWARD = "\t\n\r &<>\"' \u00a0\x85\u2028\u3000é\U0001f600a;#"
TEXT = st.one_of(
    st.text(st.sampled_from(AWKWARD), max_size=12),  # each awkward character often, and side by side
    st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"), include_characters=AWKWARD), max_size=40),
    st.sampled_from(LOOKALIKES),
)
TITLE = TEXT.filter(lambda t: len(t) <= 255)
ROW = st.builds(
    ChronologyRow,
    number=st.integers(1, 10_000),
    id=TEXT,
    day=st.just(date(2025, 6, 2)),
    date_text=TEXT,
    kind=st.sampled_from(["recorded", "derived"]),
    platform=TEXT,
    type_label=TEXT,
    what=TEXT,
    who=TEXT,
    regulator=TEXT,
    sources=st.lists(st.integers(1, 99), max_size=3).map(tuple),
)
SOURCE = st.builds(
    ChronologySource, number=st.integers(1, 99), title=TEXT, url=st.none() | TEXT, archived=st.none() | TEXT
)
WORKING = st.builds(
    ClockWorking,
    platform=TEXT,
    regulator=TEXT,
    calendar=TEXT,
    started_text=TEXT,
    end_text=TEXT,
    running=st.booleans(),
    working_days=st.integers(0, 400),
    calendar_days=st.integers(0, 600),
    weekend_days=st.integers(0, 200),
    holidays=st.lists(st.tuples(TEXT, TEXT), max_size=3).map(tuple),
    window=st.integers(0, 90),
    milestones=st.lists(st.tuples(st.integers(0, 90), TEXT), max_size=3).map(tuple),
)
NAME = st.from_regex(r"[a-zA-Z0-9_/.\[\]]{1,30}", fullmatch=True)
CHRONOLOGY = st.builds(
    Chronology,
    kind=st.sampled_from(["platform", "regulator"]),
    owner_id=st.just("x"),
    title=TITLE,
    as_of=st.dates(min_value=date(1980, 1, 1), max_value=date(2200, 12, 31)),
    as_of_text=TEXT,
    rows=st.lists(ROW, max_size=8).map(tuple),
    sources=st.lists(SOURCE, max_size=4).map(tuple),
    working=st.lists(WORKING, max_size=3).map(tuple),
)


EVERY_AWKWARD = Chronology(
    "regulator", "x", f" {AWKWARD} ", date(2026, 11, 27), AWKWARD,
    (ChronologyRow(1, AWKWARD, date(2025, 6, 2), "", "derived", "", AWKWARD, "", "", "", ()),),
    (ChronologySource(1, "", None, AWKWARD),),
    (ClockWorking("", AWKWARD, "", "", "", True, 0, 0, 0, ((AWKWARD, ""),), 0, ((0, AWKWARD),)),),
)


@settings(deadline=None, max_examples=200)
@given(CHRONOLOGY, TEXT)
@example(EVERY_AWKWARD, AWKWARD)
@example(EVERY_AWKWARD, "")
def test_the_filled_docx_is_python_docx_s_file(chronology: Chronology, address: str) -> None:
    assert chronology_docx(chronology, address) == chronology_docx(chronology, address, reference=True)


def _chronology(kind: str, rows: int, text: str) -> Chronology:
    made = tuple(
        ChronologyRow(n, f"p/e{n}", date(2025, 6, 2), "2 June 2025", "recorded", f"P {n}", "Report", text,
                      "A campaign group", "Ofcom", (1,))
        for n in range(1, rows + 1)
    )
    sources = (ChronologySource(1, text, "https://a.example/x", None),)
    return Chronology(kind, "x", f"Chronology: {text[:200]}", date(2026, 11, 27), "27 November 2026", made,
                      sources, ())


@pytest.mark.parametrize("kind", ["platform", "regulator"])
@pytest.mark.parametrize(("rows", "text"), [(0, "x"), (2000, "A & B <c> \"d\" 'e'\tf\ng"), (3, "é " * 20_000)])
def test_many_rows_none_and_long_texts_are_python_docx_s_file(kind: str, rows: int, text: str) -> None:
    c = _chronology(kind, rows, text)
    assert chronology_docx(c, ADDRESS) == chronology_docx(c, ADDRESS, reference=True)


def test_every_demo_chronology_is_python_docx_s_file(demo_site_data: SiteData) -> None:
    chronologies = [platform_chronology(demo_site_data, p.id) for p in demo_site_data.dataset.platforms]
    chronologies += [regulator_chronology(demo_site_data, r) for r in demo_site_data.regulators_by_id]
    for c in chronologies:
        assert chronology_docx(c, ADDRESS) == chronology_docx(c, ADDRESS, reference=True), c.page_path


@pytest.mark.parametrize("title", ["Title\x00", "T" * 256])
def test_what_python_docx_refuses_is_refused_as_it_always_was(title: str) -> None:
    """A text lxml will not hold, or a title too long for a document property: the same error either way."""
    c = _chronology("platform", 1, "x")
    bad = Chronology(c.kind, c.owner_id, title, c.as_of, c.as_of_text, c.rows, c.sources, c.working)
    with pytest.raises(ValueError):
        chronology_docx(bad, ADDRESS, reference=True)
    with pytest.raises(ValueError):
        chronology_docx(bad, ADDRESS)


@settings(deadline=None, max_examples=100)
@given(st.lists(st.tuples(NAME, st.binary(max_size=3000)), unique_by=lambda e: e[0]))
def test_the_zip_of_compressed_parts_is_zipfile_s(entries: list[tuple[str, bytes]]) -> None:
    """`deflated_zip` lays out parts compressed once per process; the bytes are zipfile's own."""
    made = deflated_zip([deflated(name, content) for name, content in entries])
    assert made == fixed_zip(entries)
    with zipfile.ZipFile(io.BytesIO(made)) as archive:
        assert archive.testzip() is None
        assert [(i.filename, archive.read(i)) for i in archive.infolist()] == entries
