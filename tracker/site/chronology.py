"""The printable chronology pages: `/platforms/<id>/chronology/` and `/regulators/<id>/chronology/`.

The rows come from `tracker.derive.chronology`, as do the .docx and .csv downloads, so a lawyer who
prints the page and one who opens the Word file read the same numbers. Each page has a small
stylesheet of its own (`chronology.css` next to it) that carries the running header printed on every
sheet: Chromium's paged media can print a margin box only from a CSS string, a Content Security Policy
without inline style forbids writing it into the page, and it names the page, so it cannot be shared.
"""

from __future__ import annotations

import functools
import re
from typing import TYPE_CHECKING

from tracker.derive.chronology import Chronology, page_address, platform_chronology, regulator_chronology
from tracker.writing import WriterDefaults

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

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


class ChronologyPagesWriter(WriterDefaults):
    """A `tracker.writing.Writer`: a platform's chronology is one of its units; the regulators'
    chronologies, which show every platform reported to them, are whole-site steps."""

    def __init__(self, out: Output) -> None:
        self.platform_ids = [p.id for p in out.site.dataset.platforms]

    def _write(self, out: Output, chronology: Chronology) -> None:
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

    def platform(self, out: Output, index: int) -> None:
        platform_id = self.platform_ids[index]
        path = f"platforms/{platform_id}/chronology/"
        files = (f"{path}index.html", f"{path}chronology.css")
        if out.reuse(f"chronology:{platform_id}", out.platform_key("chronology", platform_id), files):
            return
        self._write(out, platform_chronology(out.site, platform_id))

    def regulators(self, out: Output) -> None:
        for regulator in out.site.dataset.regulators:
            self._write(out, regulator_chronology(out.site, regulator.id))

    def whole_site(self, out: Output) -> Sequence[Callable[[], object]]:
        return (functools.partial(self.regulators, out),)
