"""The public pages. Each page type is one small function from SiteData to a template."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .plugin import Output


def write(out: Output) -> None:
    site = out.site
    rows = [(p, site.facts[p.id]) for p in site.dataset.platforms]
    out.page("index.html", "overview", rows=rows, counters=site.counters)
