"""The rules for every free-text field and every link, wherever they stand in the file.

Feed readers, mail clients and spreadsheets turn a bare address in any text into a link, and a reviewer
reads every field, so no field is exempt: no invisible characters, no personal data, no images, no link
to a flagged platform and no mention of an unnamed one.
"""

from __future__ import annotations

import re
from typing import Any

from tracker.check.context import Context
from tracker.check.personal_data import find_personal_data
from tracker.check.schema import WEB_ADDRESS
from tracker.load.located import Path_
from tracker.model.problems import Problem
from tracker.text.flagged import HASHED_DESCRIPTION, defang
from tracker.text.markdown_html import markdown_links
from tracker.text.urls import url_problem

# Free-text fields checked for personal data (ids, dates and addresses have their own rules).
TEXT_FIELDS = ("name", "title", "body", "summary", "jurisdiction", "law")
MARKDOWN_FIELDS = ("body", "summary")
# Characters no campaigner means to type: C0/C1 controls (XML feeds cannot even hold most of them, so one
# would break the build), noncharacters, unpaired surrogates, and the invisible format characters (Unicode
# category Cf): zero-width spaces and joiners, bidirectional marks, overrides and isolates. Those can make
# text read differently from what the reviewer saw, and can hide a flagged domain from defanging while it
# still shows on screen (`bad<U+200B>.invalid`). Kept: the soft hyphen and ZWNJ/ZWJ (words and emoji in
# some scripts need them, and the flagged-domain matcher sees through them), and the tag characters of
# emoji flags.
INVISIBLE = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
    "\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e\u200b\u200e\u200f\u202a-\u202e"
    "\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\U000110bd\U000110cd\U00013430-\U0001343f"
    "\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001]"
)

# A character written as a numeric entity (`&#x1b;`, `&#27`) is the character itself to Markdown, nh3 and
# the feed writers, so it is refused like the character typed.
_NUMERIC_ENTITY = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}))")


def hidden_character(text: str) -> tuple[int, str] | None:
    """(offset, how it is written) of the first invisible character in `text`, typed or as an entity."""
    found: list[tuple[int, str]] = []
    typed = INVISIBLE.search(text)
    if typed is not None:
        found.append((typed.start(), f"U+{ord(typed.group()):04X}"))
    if "&#" in text:
        for m in _NUMERIC_ENTITY.finditer(text):
            code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
            if code == 0 or code > 0x10FFFF or INVISIBLE.match(chr(code)):
                found.append((m.start(), f"{m.group()} (U+{min(code, 0x10FFFF + 1):04X})"))
                break
    return min(found) if found else None


def _url(ctx: Context, path: Path_, url: Any, own_hosts: frozenset[str]) -> list[Problem]:
    if not isinstance(url, str) or not WEB_ADDRESS.match(url):
        return []  # the schema already said it is not a web address
    hit = ctx.flagged.match(url, exempt=own_hosts)
    if hit:
        return [
            ctx.at(
                path,
                f"this link points to a flagged platform ({hit})",
                "link only to documents about the abuse (regulator notices, court papers, reporting),"
                " never to the platform itself",
            )
        ]
    problem = url_problem(url)
    if problem:
        return [ctx.at(path, f"'{url}' cannot be used: {problem}", "link to the document itself")]
    return []


def _article(noun: str) -> str:
    return "an" if noun[:1] in "aeiou" else "a"


def _free_text(
    ctx: Context, path: Path_, record: dict[str, Any], own: frozenset[str] = frozenset()
) -> list[Problem]:
    problems = []
    for field in TEXT_FIELDS:
        value = record.get(field)
        if not isinstance(value, str):
            continue
        invisible = hidden_character(value)
        if invisible is not None:
            problems.append(
                ctx.at(
                    (*path, field),
                    f"'{field}' contains an invisible control character ({invisible[1]})",
                    "delete it: retype the text if you cannot see where it is",
                )
            )
        if ctx.flagged.hashes:
            problems += _hidden_domains(ctx, (*path, field), field, value)
        if ctx.flagged.hosts and invisible is None:  # an invisible character is refused on its own
            problems += _disguised_hosts(ctx, (*path, field), field, value)
        for finding in find_personal_data(value):
            problems.append(
                ctx.at_text(
                    (*path, field),
                    finding.text,
                    f"'{field}' contains what looks like {_article(finding.kind)} {finding.kind}"
                    f" ({finding.text})",
                    "remove it: the tracker never publishes contact details or anything that could"
                    " identify a person",
                )
            )
        if field in MARKDOWN_FIELDS and "![" in value:
            problems.append(
                ctx.at_text((*path, field), "![", f"'{field}' contains an image", "images are not allowed")
            )
        # Plain-text fields too: feed readers, mail clients and spreadsheets turn a bare address in a
        # title or name into a link, whatever the site does with it.
        for _, url in markdown_links(value):
            for problem in _url(ctx, (*path, field), url, own):
                problems.append(ctx.at_text((*path, field), url, problem.message, problem.hint))
    return problems


def _hidden_domains(ctx: Context, path: Path_, field: str, value: str) -> list[Problem]:
    """A domain given only as `domain_sha256` must not be typed anywhere: defanged, it is still readable.

    The message never repeats the domain, which is the point of hashing it.
    """
    problems = []
    for offset, found in ctx.flagged.mentions(value):
        if found == HASHED_DESCRIPTION:
            needle = value[offset:].split(maxsplit=1)[0]
            problems.append(
                ctx.at_text(
                    path,
                    needle,
                    f"'{field}' contains the domain of a platform that is not named ({found})",
                    "remove it: the tracker shows no domain at all for a platform with 'named: false',"
                    " not even defanged",
                )
            )
    return problems


def _disguised_hosts(ctx: Context, path: Path_, field: str, value: str) -> list[Problem]:
    """A flagged host a reader sees but the text hides from the matcher as typed: split by emphasis or a
    code span, a dot as an entity or an escape, look-alike letters, invisible characters between letters.

    Outputs defang these too (the renderer reads the same form), but no honest text needs such a
    spelling, and a reviewer reading the YAML can miss the host: refused, with the host named (it is
    flagged, so it is printed defanged anyway). Written plainly or defanged (`[.]`, `(dot)`) it is fine.
    """
    problems = []
    for mention in ctx.flagged.reader_mentions(value):
        if mention.plain or mention.defanged or mention.found == HASHED_DESCRIPTION:
            continue
        needle = value[mention.start : mention.end]
        problems.append(
            ctx.at_text(
                path,
                needle.split(maxsplit=1)[0] if needle.strip() else needle,
                f"'{field}' spells the flagged domain {defang(mention.found)} in a disguised form",
                f"write it plainly ({defang(mention.found)} is printed defanged) or leave it out;"
                " emphasis, code, entities, escapes and look-alike letters inside a domain hide it",
            )
        )
    return problems
