"""`sitemap.xml`, listing every HTML page the build wrote (ours, Pelican's and the other writers').

It runs last, so it sees every page: it lists what is on disk rather than what some writer meant to write.
A sitemap must use absolute addresses. With an absolute `SITEURL` (a publish build) each `<loc>` is
absolute; a development build (`SITEURL = ""`, relative links so it works from `output/`) has no address
to be absolute against, so its `<loc>`s are relative to the sitemap itself. Search engines only ever see
the publish build.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape

from tracker.site.host_files import NOT_FOUND
from tracker.writing import WriterDefaults

if TYPE_CHECKING:
    from tracker.writing import Output

__all__ = ["SITEMAP", "SitemapWriter", "html_pages", "page_url", "sitemap_xml"]

SITEMAP = "sitemap.xml"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def html_pages(root: str) -> list[str]:
    """Every `.html` file under `root`, as sorted `/`-separated paths relative to it."""
    found: list[str] = []
    folders = [(root, "")]
    while folders:
        folder, relative = folders.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    folders.append((entry.path, f"{relative}{entry.name}/"))
                elif entry.name.endswith(".html"):
                    found.append(relative + entry.name)
    return sorted(found)


def page_url(path: str) -> str:
    """`platforms/x/index.html` -> `platforms/x/`; `index.html` -> ``: the address readers use."""
    if path == "index.html":
        return ""
    if path.endswith("/index.html"):
        return path[: -len("index.html")]
    return path


def sitemap_xml(paths: Iterable[str], siteurl: str) -> bytes:
    absolute = siteurl.startswith(("http://", "https://"))
    base = siteurl.rstrip("/") + "/" if absolute else ""
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', f'<urlset xmlns="{SITEMAP_NS}">']
    for path in paths:
        url = page_url(path)
        loc = base + url if absolute else (url or "./")
        lines.append(f"  <url><loc>{escape(loc)}</loc></url>")
    lines.append("</urlset>")
    return ("\n".join(lines) + "\n").encode("utf-8")


class SitemapWriter(WriterDefaults):
    """`sitemap.xml` (a `tracker.writing.Writer` that only finishes): it comes last and lists what is on
    disk, so files an earlier build left in the staging folder must be gone first."""

    def finish(self, out: Output) -> None:
        # The 404 page is served at addresses that have no page: it is no page of its own to list.
        pages = [page for page in out.html_pages(still_to_come=(SITEMAP,)) if page != NOT_FOUND]
        out.file(SITEMAP, sitemap_xml(pages, out.settings.site_url))
