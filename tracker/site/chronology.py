"""The printable chronology pages: `/platforms/<id>/chronology/` and `/regulators/<id>/chronology/`.

The rows come from `tracker.derive.chronology`, as do the .docx and .csv downloads, so a lawyer who
prints the page and one who opens the Word file read the same numbers. Each page has a small
stylesheet of its own (`chronology.css` next to it) that carries the running header printed on every
sheet: Chromium's paged media can print a margin box only from a CSS string, a Content Security Policy
without inline style forbids writing it into the page, and it names the page, so it cannot be shared.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from tracker.derive.chronology import Chronology, page_address
from tracker.writing import ChronologyWriterDefaults

if TYPE_CHECKING:
    from tracker.writing import Output

__all__ = ["ChronologyPagesWriter", "css_string", "print_css"]

_PLAIN = re.compile(r"[A-Za-z0-9 ,.:()-]")


def css_string(text: str) -> str:
    """`text` as a quoted CSS string in which only letters, digits and a little punctuation are
    literal: anything else (a quote, a backslash, `<`, a newline) is a hex escape, so no data text can
    end the string or the rule."""
    return '"' + "".join(ch if _PLAIN.match(ch) else f"\\{ord(ch):06x} " for ch in text) + '"'


def print_css(chronology: Chronology, address: str) -> str:
    header = f"{chronology.title} | figures as of {chronology.as_of_text} | {address}"
    return (
        "/* This page's running header and page numbers when printed (tracker/site/chronology.py). */\n"
        "@page {\n"
        f"  @top-left {{ content: {css_string(header)}; }}\n"
        '  @bottom-right { content: "Page " counter(page) " of " counter(pages); }\n'
        "}\n"
    )


class ChronologyPagesWriter(ChronologyWriterDefaults):
    """A `tracker.writing.Writer`: the printable page and its print stylesheet."""

    group = "chronology"
    names = ("index.html", "chronology.css")

    def write(self, out: Output, chronology: Chronology) -> None:
        path = chronology.page_path
        address = page_address(out.settings.site_url, out.settings.feed_site_url, path)
        out.file(f"{path}chronology.css", print_css(chronology, address).encode("utf-8"))
        out.page(
            f"{path}index.html",
            "chronology",
            chronology=chronology,
            page_address=address,
            page_url=path,
        )
