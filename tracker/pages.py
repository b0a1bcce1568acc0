"""The public pages: one small function per page type, from the views to a template.

Views are built once (`views.build_views`), so no page scans the whole dataset for its own records.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .chart import Bar, inaction_chart
from .methodology import methodology
from .views import ClockView, PlatformRow, Views, build_views, paginate

if TYPE_CHECKING:
    from .plugin import Output

DEFAULT_TIMELINE_PAGE_SIZE = 50
# Addresses the tracker's writers own. Pelican lets an article pick its own file (`Save_as:`) and then
# silently drops any later page written to it, so a content pull request could replace a platform's
# record; the build refuses instead (and the previous site stays up).
RESERVED_FILES = frozenset({"index.html", "sitemap.xml", "_headers", "robots.txt"})
RESERVED_FOLDERS = (
    "platforms/",
    "regulators/",
    "timeline/",
    "methodology/",
    "feeds/",
    "data/",
    "subscribe/",
    "theme/",
)
CONTENT_KINDS = ("articles", "pages", "hidden_articles", "hidden_pages", "drafts", "draft_pages")


class AddressTaken(ValueError):
    """A file in content/ asks to be written where a tracker page goes."""


def content_addresses(context: dict[str, Any]) -> list[tuple[str, str]]:
    """(source file, save_as) of every article and page Pelican read, translations included."""
    found: list[tuple[str, str]] = []
    for kind in CONTENT_KINDS:
        for item in context.get(kind) or ():
            for content in (item, *getattr(item, "translations", ())):
                save_as = str(getattr(content, "save_as", "") or "")
                found.append((str(getattr(content, "source_path", "?")), save_as))
    return found


def check_content_addresses(context: dict[str, Any]) -> None:
    for source, save_as in content_addresses(context):
        path = posixpath.normpath(save_as.replace("\\", "/").lstrip("/")) if save_as else ""
        if path in RESERVED_FILES or any(f"{path}/".startswith(folder) for folder in RESERVED_FOLDERS):
            raise AddressTaken(
                f"{source}: it asks to be written to {save_as!r}, which is the tracker's own page; "
                "remove its Save_as (or URL) setting so it gets an address of its own"
            )


def _chart(waits: list[tuple[PlatformRow, ClockView]]) -> Markup:
    bars = [
        Bar(
            label=row.name.striptags(),
            working_days=clock.working_days or 0,
            window=clock.window,
            running=clock.running,
            overdue=clock.overdue,
        )
        for row, clock in waits
    ]
    svg = inaction_chart(
        bars,
        title="Working days each reported platform has waited for a formal step by its primary regulator",
        description=(
            "Horizontal bar chart, one bar per reported platform, longest wait first. "
            "The same figures are in the table that follows the chart."
        ),
    )
    return Markup(svg)  # noqa: S704 - chart.py escapes every piece of text it draws


def write_overview(out: Output, views: Views) -> None:
    rows = [p.row for p in views.platforms]
    waits = sorted(
        ((p.row, p.primary) for p in views.platforms if p.primary.working_days is not None),
        key=lambda pair: -(pair[1].working_days or 0),
    )
    longest_id = out.site.counters.longest_platform
    longest = next((p.row for p in views.platforms if p.id == longest_id), None)
    out.page(
        "index.html",
        "overview",
        rows=rows,
        counters=out.site.counters,
        longest=longest,
        waits=waits,
        chart=_chart(waits),
    )
    out.page("platforms/index.html", "platforms", rows=rows)


def write_platforms(out: Output, views: Views) -> None:
    for platform in views.platforms:
        out.page(f"{platform.url}index.html", "platform", platform=platform)
        if platform.working_page_url:
            out.page(f"{platform.working_page_url}index.html", "working", platform=platform)


def write_timeline(out: Output, views: Views) -> None:
    size = int(out.settings.get("TIMELINE_PAGE_SIZE") or DEFAULT_TIMELINE_PAGE_SIZE)
    for page in paginate(views.timeline, size):
        out.page(page.save_as, "timeline", tl=page)


def write_regulators(out: Output, views: Views) -> None:
    out.page("regulators/index.html", "regulators", regulators=views.regulators)
    for regulator in views.regulators:
        out.page(f"{regulator.url}index.html", "regulator", regulator=regulator)


def write_methodology(out: Output, views: Views) -> None:
    out.page(
        "methodology/index.html",
        "methodology",
        method=methodology(),
        regulators=views.regulators,
        calendars=views.calendars,
    )


def write(out: Output) -> None:
    check_content_addresses(out.context)
    views = build_views(out.site)
    write_overview(out, views)
    write_platforms(out, views)
    write_timeline(out, views)
    write_regulators(out, views)
    write_methodology(out, views)
