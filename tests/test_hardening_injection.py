"""Hostile pull requests never reach readers: one full build carrying every payload, then a scan of every file.

Every text field of the data and of `content/` carries a script, markup or template payload (tests/hostile.py)
and the whole site is built once (the `hostile` fixture). Each output file is then read the way its consumer
reads it (tests/output_scan.py: pages, feeds, JSON and CSV downloads, the calendar, the Word
chronologies' XML) and must contain no
script, handler, dangerous address, evaluated template, spreadsheet formula or added calendar line. A
content file's metadata must not be able to replace one of the tracker's own pages either.

Payloads the validator refuses (and which therefore never reach a build) are in
tests/test_hardening_refused.py, each with the exact located message a campaigner sees: refusal is a
defence too.
"""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import zipfile
from pathlib import Path

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from hostile import FIELD_MARKERS, XSS_PAYLOADS, Hostile, hostile_data
from output_scan import ics_lines, output_files, scan_output
from samples import NAME, TODAY, VALID, write

from tracker.build.site import build_site
from tracker.check.validate import validate_file

ROOT = Path(__file__).resolve().parent.parent


def test_the_hostile_data_is_accepted_by_the_validator(tmp_path: Path) -> None:
    """The payloads above are only text: the build (not the validator) is what must neutralise them."""
    result = validate_file(write(tmp_path, hostile_data()), TODAY, display=NAME)
    assert [p.format() for p in result.problems] == []
    assert result.dataset is not None
    assert len(result.dataset.platforms) == len(XSS_PAYLOADS) + 2


def test_the_scanner_catches_what_it_looks_for(tmp_path: Path) -> None:
    """A scan that cannot fail proves nothing: planted hazards of every kind are each reported."""
    (tmp_path / "theme" / "js").mkdir(parents=True)
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<html><head><meta http-equiv="refresh" content="0"><base href="/"></head><body>'
        '<script>alert(1)</script><script src="https://cdn.example.org/x.js"></script>'
        '<img src="https://img.example.org/x.png"><p style="color:red" onclick="x()">'
        '<a href=" &#106;avascript:alert(1)">x</a><a href="java\tscript:x">y</a>'
        '<svg><a xlink:href="data:text/html,x">z</a><animate attributeName="href" values="javascript:x"/></svg>'
        '<iframe src="https://example.org/"></iframe><form><button formaction="vbscript:x">b</button></form>'
        "tplA49tplZ</body></html>",
        encoding="utf-8",
    )
    (tmp_path / "feed.xml").write_text(
        '<rss version="2.0"><channel><item><link>javascript:alert(1)</link>'
        "<description>&lt;img src=x onerror=alert(1)&gt;</description></item></channel></rss>",
        encoding="utf-8",
    )
    (tmp_path / "feed.json").write_text(
        json.dumps({"items": [{"content_html": "<script>x</script>", "url": "data:text/html,x"}]}),
        encoding="utf-8",
    )
    (tmp_path / "events.csv").write_text('title\n"=HYPERLINK(""x"")"\n', encoding="utf-8")
    (tmp_path / "upcoming.ics").write_text(
        "BEGIN:VCALENDAR\r\nSUMMARY:injected-ics\r\nURL:javascript:x\r\nEND:VCALENDAR\r\n", encoding="utf-8"
    )
    _planted_docx(tmp_path / "chronology.docx")
    found = scan_output(tmp_path)
    expected_fragments = [
        "http-equiv='refresh'",
        "<base> element is not allowed",
        "inline script",
        "<script> with inline code",
        "script that is not one of the theme's: 'https://cdn.example.org/x.js'",
        "image that is not one of the site's own files",
        "style attribute",
        "event handler onclick",
        "dangerous address href=' javascript:alert(1)'",
        "dangerous address href='java\\tscript:x'",
        "dangerous address xlink:href='data:text/html,x'",
        "animation to a script address",
        "<iframe> element is not allowed",
        "dangerous address formaction='vbscript:x'",
        "evaluated template text 'tplA49tplZ'",
        "feed.xml: <link> dangerous address 'javascript:alert(1)'",
        "feed.xml <item/description>: <img> event handler onerror",
        "feed.json content_html: <script> with inline code",
        "feed.json: url is a dangerous address",
        "events.csv: row 2: cell starts like a formula",
        "upcoming.ics: a title added its own calendar line",
        "upcoming.ics: dangerous URL line",
        "chronology.docx: dangerous address 'javascript:alert(1)'",
        "chronology.docx: dangerous address 'vbscript:x'",
        "chronology.docx: active content part 'word/vbaProject.bin'",
        "chronology.docx: evaluated template text 'tplBtplB'",
    ]
    missing = [f for f in expected_fragments if not any(f in line for line in found)]
    assert missing == [], found


def _planted_docx(path: Path) -> None:
    """A Word file with a hyperlink relationship, a HYPERLINK field, a macro part, and evaluated
    template text split across two runs (as Word splits text), for the scanner to find."""
    document = docx.Document()
    paragraph = document.add_paragraph()
    paragraph.add_run("tplB")
    paragraph.add_run("tplB")
    document.part.relate_to("javascript:alert(1)", RT.HYPERLINK, is_external=True)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), 'HYPERLINK "vbscript:x"')
    paragraph._p.append(field)
    buffer = io.BytesIO()
    document.save(buffer)
    with zipfile.ZipFile(path, "w") as target, zipfile.ZipFile(buffer) as source:
        for name in source.namelist():
            target.writestr(name, source.read(name))
        target.writestr("word/vbaProject.bin", b"macro")


def test_no_output_file_carries_a_working_payload(hostile: Hostile) -> None:
    assert scan_output(hostile.output, hostile.flagged) == []


def test_the_demo_site_is_clean_too(site: Path) -> None:
    assert scan_output(site) == []


def test_every_kind_of_output_was_scanned(hostile: Hostile) -> None:
    """Pages, feeds in three formats, downloads and the calendar all exist, so the scan above covered them."""
    suffixes = {p.suffix for p in output_files(hostile.output)}
    assert {".html", ".xml", ".json", ".csv", ".ics", ".docx"} <= suffixes
    names = {p.relative_to(hostile.output).as_posix() for p in output_files(hostile.output)}
    assert {"feeds/all.atom.xml", "feeds/all.rss.xml", "feeds/all.json", "feeds/upcoming.ics"} <= names
    assert "_headers" in names


def test_every_text_field_reaches_the_pages(hostile: Hostile) -> None:
    """Every field was printed somewhere a reader looks, so the clean scan is about real output."""
    pages = "\n".join(p.read_text(encoding="utf-8") for p in hostile.output.rglob("*.html"))
    missing = [field for field, marker in FIELD_MARKERS.items() if not re.search(rf"{marker}\d", pages)]
    assert missing == []


def test_payload_text_is_shown_escaped_not_dropped(hostile: Hostile) -> None:
    """Readers see what was typed, as text: the platform page escapes the script tag of payload 1."""
    page = (hostile.output / "platforms" / "p0" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#34;xss-1&#34;)&lt;/script&gt; plname0" in page or (
        "&lt;script&gt;alert(&quot;xss-1&quot;)&lt;/script&gt; plname0" in page
    )


def test_template_syntax_in_data_is_printed_not_run(hostile: Hostile) -> None:
    texts = "\n".join(html.unescape(p.read_text(encoding="utf-8")) for p in hostile.output.rglob("*.html"))
    assert "tplA{{ 7*7 }}tplZ" in texts
    assert "{{ 7777*7777 }}" in texts
    assert "{% for x in range(3) %}tplX{% endfor %}" in texts


def test_calendar_titles_cannot_add_lines(hostile: Hostile) -> None:
    from icalendar import Calendar

    text = (hostile.output / "feeds" / "upcoming.ics").read_text(encoding="utf-8")
    calendar = Calendar.from_ical(text)
    summaries = [str(event.get("SUMMARY")) for event in calendar.walk("VEVENT")]
    assert not any(line.startswith("SUMMARY:injected-ics") for line in ics_lines(text))
    assert len(summaries) == len(XSS_PAYLOADS)  # one scheduled event per payload platform
    assert any("schedtitle0" in summary for summary in summaries)


def test_content_metadata_cannot_take_over_a_tracker_page(tmp_path: Path) -> None:
    """Pelican lets an article choose its own file (`Save_as:`) and writes it with "override", which makes
    Pelican silently drop the tracker's own page at that address. A content pull request must not be able to
    replace a platform's record: the build either fails (and the old site stays) or keeps the record."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    (content / "takeover.md").write_text(
        "Title: Takeover\nDate: 2026-01-01\nSave_as: platforms/example-forum-a/index.html\n\nTAKEN-OVER\n",
        encoding="utf-8",
    )
    output = tmp_path / "site" / "output"
    try:
        build_site(
            today=TODAY,
            settings_file=ROOT / "pelicanconf.py",
            output=output,
            data=write(tmp_path, VALID),
            extra_settings={"PATH": str(content), "THEME": str(ROOT / "theme")},
        )
    except Exception:  # refusing to build is a correct outcome
        assert not output.exists()
        return
    page = (output / "platforms" / "example-forum-a" / "index.html").read_text(encoding="utf-8")
    assert "TAKEN-OVER" not in page
    assert "Example Forum A (fictional)" in page
