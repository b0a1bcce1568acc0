"""The files a static host looks for by name: `404.html` and `robots.txt`.

GitHub Pages, Netlify and Cloudflare Pages all serve `404.html` from the site's root, with a 404 status,
for any address that has no file; without it a mistyped address showed the host's own page, with no
Exit control and no way to the help page. `robots.txt` lets every crawler in and names the sitemap.

Both are whole-site steps of `HostFilesWriter`, a `tracker.writing.Writer`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tracker.writing import WriterDefaults

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

    from tracker.writing import Output

__all__ = ["NOT_FOUND", "ROBOTS", "HostFilesWriter", "robots_txt"]

NOT_FOUND = "404.html"
ROBOTS = "robots.txt"
SITEMAP = "sitemap.xml"  # tracker/site/sitemap.py writes it


def robots_txt(site_url: str) -> str:
    """Everything may be crawled. The `Sitemap:` line must be an absolute address, so a development
    build (no public address) leaves it out rather than print one that points elsewhere."""
    lines = ["# Every page of this site may be read and indexed.", "User-agent: *", "Allow: /"]
    if site_url.startswith(("http://", "https://")):
        lines.append(f"Sitemap: {site_url.rstrip('/')}/{SITEMAP}")
    else:
        lines.append("# A publish build adds the sitemap's address here.")
    return "\n".join(lines) + "\n"


class HostFilesWriter(WriterDefaults):
    """`404.html` and `robots.txt` at the root of the site."""

    def whole_site(self, out: Output) -> Sequence[Callable[[], object]]:
        return (
            lambda: out.page(NOT_FOUND, "404"),
            lambda: out.file(ROBOTS, robots_txt(out.settings.site_url).encode("utf-8")),
        )

