"""Payloads refused before any build, each with the exact message and position a campaigner sees.

Script and data addresses, disguised links (spaces, a user name before '@', shorteners), images, contact
details, invisible control characters, over-long text, links to a flagged platform and YAML tags: the
validator turns each one away, so it never reaches a page. Refusal is a defence too.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from samples import LINE_ACK_TITLE, LINE_NAMING, LINE_SOURCE_URL, LINE_SUMMARY, NAME, TODAY, replace, write

from tracker.check.validate import validate_file

REFUSED: tuple[tuple[str, str, str, str], ...] = (
    (
        LINE_SOURCE_URL,
        "            url: javascript:alert(1)",
        "33:18",
        "'javascript:alert(1)' is not a web address (use a full address starting with https://)",
    ),
    (
        LINE_SOURCE_URL,
        "            url: JaVaScRiPt:alert(2)",
        "33:18",
        "'JaVaScRiPt:alert(2)' is not a web address (use a full address starting with https://)",
    ),
    (
        LINE_SOURCE_URL,
        "            url: 'data:text/html;base64,PHNjcmlwdD4='",
        "33:18",
        "'data:text/html;base64,PHNjcmlwdD4=' is not a web address (use a full address starting with https://)",
    ),
    (
        LINE_NAMING,
        "    naming_source: vbscript:msgbox(3)",
        "15:20",
        "'vbscript:msgbox(3)' is not a web address (use a full address starting with https://)",
    ),
    (
        LINE_SOURCE_URL,
        "            url: //news.example.org/protocol-relative",
        "33:18",
        "'//news.example.org/protocol-relative' is not a web address (use a full address starting with https://)",
    ),
    (
        LINE_SOURCE_URL,
        '            url: "https://news.example.org/<img src=x onerror=alert(4)>"',
        "33:18",
        "'https://news.example.org/<img src=x onerror=alert(4)>' cannot be used: the address contains spaces or"
        " line breaks; copy it again from the browser's address bar (link to the document itself)",
    ),
    (
        LINE_SOURCE_URL,
        "            url: https://news.example.org@xss.example.org/",
        "33:18",
        "'https://news.example.org@xss.example.org/' cannot be used: the address has a user name or password"
        " before '@', which can disguise where a link goes; remove everything between // and @ (link to the"
        " document itself)",
    ),
    (
        LINE_SOURCE_URL,
        "            url: https://bit.ly/xss",
        "33:18",
        "'https://bit.ly/xss' cannot be used: link shorteners hide where a link goes; open the link and use the"
        " full address of the document instead (link to the document itself)",
    ),
    (
        LINE_SUMMARY,
        "    summary: Proof ![x](https://img.example.org/x.png)",
        "18:20",
        "'summary' contains an image (images are not allowed)",
    ),
    (
        LINE_SUMMARY,
        "    summary: \"<style>@import 'https://xss.example.org/x.css';</style>\"",
        "18:22",
        "'summary' contains what looks like a handle (@import) (remove it: the tracker never publishes contact"
        " details or anything that could identify a person)",
    ),
    (
        LINE_SUMMARY,
        '    summary: "]]><script>alert(7)</script><![CDATA["',
        "18:44",
        "'summary' contains an image (images are not allowed)",
    ),
    (
        LINE_ACK_TITLE,
        "        title: '<a href=\"mailto:victim@example.org\">write</a>'",
        "30:33",
        "'title' contains what looks like an e-mail address (victim@example.org) (remove it: the tracker never"
        " publishes contact details or anything that could identify a person)",
    ),
    (
        LINE_ACK_TITLE,
        '        title: "Ofcom\\0 acknowledged <script>alert(5)</script>"',
        "30:16",
        "'title' contains an invisible control character (U+0000) (delete it: retype the text if you cannot"
        " see where it is)",
    ),
    (
        LINE_ACK_TITLE,
        '        title: "Ofcom acknowledged \\u202eevil.example.org"',
        "30:16",
        "'title' contains an invisible control character (U+202E) (delete it: retype the text if you cannot"
        " see where it is)",
    ),
    (
        LINE_ACK_TITLE,
        "        title: " + "<script>alert(6)</script>" * 13,
        "30:16",
        "'title' is longer than 300 characters (shorten it)",
    ),
    (
        LINE_ACK_TITLE,
        "        title: See [the forum](https://forum-a.example.invalid/)",
        "30:32",
        "this link points to a flagged platform (forum-a.example.invalid) (link only to documents about the"
        " abuse (regulator notices, court papers, reporting), never to the platform itself)",
    ),
    (
        LINE_ACK_TITLE,
        "        title: !!python/object/apply:os.system ['echo pwned']",
        "30:16",
        "YAML tags such as '!!python/object/apply:os.system' are not allowed (remove the tag; write the value"
        " as plain text)",
    ),
)


@pytest.mark.parametrize(("old", "new", "position", "message"), REFUSED, ids=[r[1].strip() for r in REFUSED])
def test_payloads_refused_at_validation(
    tmp_path: Path, old: str, new: str, position: str, message: str
) -> None:
    result = validate_file(write(tmp_path, replace(old, new)), TODAY, display=NAME)
    assert [p.format() for p in result.problems] == [f"{NAME}:{position}: error: {message}"]
