"""Flagged platforms are never linked, and are named only defanged; unnamed platforms are not named at all.

A link to a flagged platform is refused wherever it is typed and however its host is spelled (case,
trailing dot, subdomain, IDN, percent-encoding, full-width dots, archive wrappers); invisible characters
cannot hide a flagged host from the check; the hashed domain of a platform with `named: false` cannot be
typed anywhere. In the hostile build (tests/hostile.py) every mention of a flagged host is printed defanged
and never as a link, in every output file.
"""

from __future__ import annotations

import hashlib
import html
from pathlib import Path

import pytest
from hostile import Hostile
from output_scan import docx_links, output_files, readable_texts, scan_flagged, scan_html
from samples import LINE_ACK_TITLE, LINE_NAMING, LINE_SOURCE_URL, LINE_SUMMARY, NAME, TODAY, replace, write

from tracker.check.validate import validate_file


@pytest.mark.parametrize("character", ["\u200b", "\u2060", "\ufeff", "\u200e", "\u180e", "\u2061", "\u061c"])
@pytest.mark.parametrize("escaped", [True, False], ids=["escaped", "literal"])
def test_invisible_characters_cannot_hide_a_flagged_host(
    tmp_path: Path, character: str, escaped: bool
) -> None:
    """`forum-a<U+200B>.example.invalid` shows on screen as the flagged host, but no longer matches it, so
    it would escape defanging: every invisible format character is refused, typed or escaped."""
    typed = f"\\u{ord(character):04x}" if escaped else character
    text = replace(LINE_ACK_TITLE, f'        title: "Ofcom acknowledged forum-a{typed}.example.invalid"')
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    assert [p.format() for p in result.problems] == [
        f"{NAME}:30:16: error: 'title' contains an invisible control character (U+{ord(character):04X}) (delete"
        " it: retype the text if you cannot see where it is)"
    ]


# --- links to a flagged platform, and the domains of unnamed ones -----------------------------------

FLAGGED_VALID = replace(
    "domains: [forum-a.example.invalid]", "domains: [forum-a.example.invalid, bäd-idn.example.invalid]"
)
PLAIN = "forum-a.example.invalid"
IDN = "xn--bd-idn-bua.example.invalid"
FLAGGED_URLS: tuple[tuple[str, str], ...] = (
    ("https://forum-a.example.invalid/thread/1", PLAIN),
    ("https://cdn.forum-a.example.invalid/x", PLAIN),
    ("https://FORUM-A.EXAMPLE.INVALID/", PLAIN),
    ("https://forum-a.example.invalid./", PLAIN),
    ("https://www.forum-a.example.invalid/", PLAIN),
    ("https://xn--bd-idn-bua.example.invalid/", IDN),
    ("https://BÄD-IDN.example.invalid/", IDN),
    ("https://forum-a%2Eexample.invalid/", PLAIN),
    ("https://%66orum-a.example.invalid/", PLAIN),
    ("https://forum-a。example。invalid/", PLAIN),
    ("https://web.archive.org/web/2026/https://forum-a.example.invalid/", PLAIN),
    ("https://archive.ph/newest/https://www.forum-a.example.invalid/", PLAIN),
)
# (name, line in FLAGGED_VALID, replacement with URL standing for the address)
PLACEMENTS: tuple[tuple[str, str, str], ...] = (
    ("source url", LINE_SOURCE_URL, "            url: URL"),
    ("source archived", LINE_SOURCE_URL, LINE_SOURCE_URL + "\n            archived: URL"),
    ("naming_source", LINE_NAMING, "    naming_source: URL"),
    ("regulator url", "    url: https://www.ofcom.org.uk/", "    url: URL"),
    ("event body link", LINE_ACK_TITLE, LINE_ACK_TITLE + "\n        body: See [the forum](URL) for context."),
    (
        "event body reference",
        LINE_ACK_TITLE,
        LINE_ACK_TITLE + '\n        body: "See [the forum][f].\\n\\n[f]: URL"',
    ),
    ("summary autolink", LINE_SUMMARY, "    summary: Reported at <URL> by a campaign group."),
    ("summary bare address", LINE_SUMMARY, "    summary: Reported at URL by a campaign group."),
    ("event title", LINE_ACK_TITLE, "        title: Ofcom acknowledged a report about URL today"),
    ("platform name", "    name: Example Forum A (fictional)", "    name: Forum at URL"),
    ("source title", "          - title: Ofcom acknowledgement (redacted)", "          - title: Copy of URL"),
)
FLAGGED_HINT = (
    "(link only to documents about the abuse (regulator notices, court papers, reporting), never to the"
    " platform itself)"
)


def position_of(text: str, needle: str) -> str:
    offset = text.index(needle)
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return f"{line}:{column}"


@pytest.mark.parametrize(("url", "host"), FLAGGED_URLS, ids=[u for u, _ in FLAGGED_URLS])
@pytest.mark.parametrize(("place", "old", "new"), PLACEMENTS, ids=[p[0] for p in PLACEMENTS])
def test_flagged_link_refused_everywhere(
    tmp_path: Path, url: str, host: str, place: str, old: str, new: str
) -> None:
    text = replace(old, new.replace("URL", url), FLAGGED_VALID)
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    expected = f"{NAME}:{position_of(text, url)}: error: this link points to a flagged platform ({host}) {FLAGGED_HINT}"
    assert [p.format() for p in result.problems] == [expected]


UNNAMED = (
    "  - id: unnamed-board\n"
    "    name: Image board B (not named)\n"
    "    named: false\n"
    f"    domain_sha256: [{hashlib.sha256(b'hidden.example.invalid').hexdigest()}]\n"
    "    harms: [ncii]\n"
    "    summary: SUMMARY\n"
    "    regulators: [ofcom]\n"
    "    events: []\n"
)


@pytest.mark.parametrize(
    "mention",
    [
        "hidden.example.invalid",
        "WWW.HIDDEN.EXAMPLE.INVALID",
        "cdn.hidden.example.invalid.",
        "hidden。example。invalid",
    ],
)
def test_the_domain_of_an_unnamed_platform_cannot_be_typed_anywhere(tmp_path: Path, mention: str) -> None:
    """Defanged is still readable: a platform deliberately not named must not be named by its domain."""
    text = replace("platforms:\n", "platforms:\n" + UNNAMED.replace("SUMMARY", f"Mirrors {mention} and more"))
    result = validate_file(write(tmp_path, text), TODAY, display=NAME)
    messages = [p.format() for p in result.problems]
    assert messages == [
        f"{NAME}:{position_of(text, mention)}: error: 'summary' contains the domain of a platform that is not"
        " named (a hashed domain of an unnamed platform) (remove it: the tracker shows no domain at all for a"
        " platform with 'named: false', not even defanged)"
    ]
    assert "hidden" not in messages[0].lower()


def test_no_output_file_prints_a_flagged_host_undefanged(hostile: Hostile) -> None:
    """Every place a flagged host is printed (pages, feeds, downloads) shows it defanged, however typed:
    the scanner reads each output in the canonical reader's form (tests/output_scan.py)."""
    assert scan_flagged(hostile.output, hostile.flagged) == []


def test_no_output_file_links_a_flagged_host(hostile: Hostile) -> None:
    found = []
    for path in output_files(hostile.output):
        links: list[str] = []
        if path.suffix == ".html":
            links = scan_html("", path.read_text(encoding="utf-8"), None).links
        elif path.suffix == ".docx":
            links = docx_links(path)
        found += [
            f"{path.relative_to(hostile.output)}: {href}" for href in links if hostile.flagged.match(href)
        ]
    assert found == []


def test_the_chronology_files_were_read_as_word_reads_them(hostile: Hostile) -> None:
    """The two tests above read each .docx's XML, not its compressed bytes: the hostile build's Word
    chronologies contain the defanged mentions, which only the XML shows."""
    word = [p for p in output_files(hostile.output) if p.suffix == ".docx"]
    assert word
    assert any("[.]" in text for path in word for text in readable_texts(path))


def test_the_unnamed_platform_domain_appears_nowhere(hostile: Hostile) -> None:
    found = [
        str(path.relative_to(hostile.output))
        for path in output_files(hostile.output)
        if any("hidden-board" in text.lower() for text in readable_texts(path))
    ]
    assert found == []


def test_defanged_forms_are_what_readers_see(hostile: Hostile) -> None:
    page = html.unescape(
        (hostile.output / "platforms" / "mentions" / "index.html").read_text(encoding="utf-8")
    )
    assert "defang-me[.]example[.]invalid" in page
