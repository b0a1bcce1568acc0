"""The public pages: one small function per page type, from the views to a template.

Views are built once (`views.SiteViews`), so no page scans the whole dataset for its own records. A page
made only from one platform's record (its page, its working), or a timeline page whose entries are all
unchanged, is kept from the previous build when the inputs it was made from are the same
(`Output.reuse`); pages that show every platform are rendered each time.
"""

from __future__ import annotations

import functools
import posixpath
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from tracker.model.vocabulary import LANE_SUMMARY, NO_COUNTED_STEP
from tracker.site.badges import BADGE, badge_svg, share_facts, share_view
from tracker.site.chart import Bar, inaction_chart
from tracker.site.headline import headline
from tracker.site.methodology import methodology
from tracker.site.pagination import page_count, timeline_page, view_digest
from tracker.site.share_image import SHARE, ShareCard, share_png
from tracker.site.view_builder import SiteViews, TimelineSource
from tracker.site.views import ClockView, PlatformRow, TimelinePage

if TYPE_CHECKING:
    from collections.abc import Callable, Mapping, Sequence

    from tracker.writing import Output

# Addresses the tracker's writers own. Pelican lets an article pick its own file (`Save_as:`) and then
# silently drops any later page written to it, so a content pull request could replace a platform's
# record; the build refuses instead (and the previous site stays up).
RESERVED_FILES = frozenset({"index.html", "sitemap.xml", "_headers", "robots.txt", "404.html", "share.png"})
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
# The overview share image's title: what the site is, as the page's description says.
SITE_SUBTITLE = "What was reported to online-safety regulators, when, and what they did"
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
        title="Working days each reported platform has waited for an investigation or enforcement step"
        " by its primary regulator",
        description=(
            "Horizontal bar chart, one bar per reported platform, longest wait first. "
            "The same figures are in the table that follows the chart."
        ),
    )
    return Markup(svg)  # noqa: S704 - chart.py escapes every piece of text it draws


def write_overview(out: Output, views: SiteViews) -> None:
    # Longest wait first, so the table means something without JavaScript; no clock last, in file order.
    rows = sorted(
        (p.row for p in views.platforms), key=lambda row: (row.days_waiting is None, -(row.days_waiting or 0))
    )
    waits = sorted(
        ((p.row, p.primary) for p in views.platforms if p.primary.working_days is not None),
        key=lambda pair: -(pair[1].working_days or 0),
    )
    longest_id = out.site.counters.longest_platform
    longest = next((p.row for p in views.platforms if p.id == longest_id), None)
    card = overview_card(out, longest)
    page_of_values(
        out,
        "index.html",
        "overview",
        rows=rows,
        counters=out.site.counters,
        longest=longest,
        waits=waits,
        share_image=SHARE,
        share_alt=card.text,
        headline=headline(views.regulators, {p.id: p.harms for p in out.site.dataset.platforms}),
        made={"chart": lambda: _chart(waits)},
    )
    if not out.reuse("share:overview", out.key("share", card.text), (SHARE,)):
        out.file(SHARE, share_png(card))
    page_of_values(out, "platforms/index.html", "platforms", rows=rows)


def overview_card(out: Output, longest: PlatformRow | None) -> ShareCard:
    """The overview's share image: the counters, in the overview's own words."""
    counters = out.site.counters
    lines = [
        f"{counters.platforms_tracked} platforms tracked; {counters.no_substantive_action} reported platforms"
        f" with {NO_COUNTED_STEP} by any regulator",
    ]
    if counters.longest_working_days is not None and longest is not None:
        name = longest.name.striptags()
        lines.append(f"{counters.longest_working_days} working days: the longest wait, {name}")
    return ShareCard(SITE_SUBTITLE, tuple(lines), out.site.today, out.settings.site_name)


def page_of_values(
    out: Output,
    save_as: str,
    template: str,
    made: Mapping[str, Callable[[], Any]] | None = None,
    **values: Any,
) -> None:
    """A page that shows every platform, kept from the previous build when it is given equal values.

    Such a page is rendered from `values` and the site-wide settings, theme and content alone (which
    `Output.key` covers); its template must show nothing else that changes with the data. `made` are
    values worked out from `values` alone (the overview's chart from its waits), made only when the page
    is: a one-event edit that leaves the waits as they were no longer draws the chart to learn that.
    """
    digest = view_digest(values)
    key = out.key("page", template, digest) if digest else ""
    if not out.reuse(f"page:{save_as}", key, (save_as,)):
        out.page(save_as, template, **values, **{name: make() for name, make in (made or {}).items()})


class PagesWriter:
    """The pages of one build (a `tracker.writing.Writer`): `platform(i)` for a platform's own pages,
    numbered units for the timeline's pages, whole-site steps for the pages that show every platform."""

    def __init__(self, out: Output) -> None:
        self.views = SiteViews(out.site, out.remember)
        self.size = out.settings.timeline_page_size
        # Worked out once here, before any worker forks: every process may make timeline pages.
        self.sources = self.views.timeline_sources()
        self.count = page_count(len(self.sources), self.size)
        # An entry is made from its owner's record (a regulator's is in every key already).
        self.owners = [out.platform_key("entries", view.id) for view in self.views.platforms]

    def platform(self, out: Output, index: int) -> None:
        """A platform's page, its badge and share image (made from the same view, so they agree), and
        its working page."""
        summary = self.views.platforms[index]
        page, badge, image = (f"{summary.url}{name}" for name in ("index.html", BADGE, SHARE))
        files: tuple[str, ...] = (page, badge, image)
        if summary.working_page_url:
            files += (f"{summary.working_page_url}index.html",)
        if out.reuse(f"pages:{summary.id}", out.platform_key("pages", summary.id), files):
            return
        platform = self.views.platform(index)
        today, site_name = out.site.today, out.settings.site_name
        facts = share_facts(summary)
        card = ShareCard(facts.platform, (facts.line,), today, site_name)
        share = share_view(facts, out.settings, today)
        out.page(
            page,
            "platform",
            platform=platform,
            share=share,
            share_image=image,
            share_alt=card.text,
            lane_summary=LANE_SUMMARY,
        )
        out.file(badge, badge_svg(facts, today, site_name).encode("utf-8"))
        out.file(image, share_png(card))
        if len(files) > 3:
            out.page(files[3], "working", platform=platform)

    def _source_key(self, source: TimelineSource) -> str:
        owner, item = source
        owner_key = self.owners[owner] if owner < len(self.owners) else "regulator"
        return f"{owner_key}/{owner}/{type(item).__name__}/{item.id}"

    def timeline(self, out: Output, number: int) -> None:
        size, total = self.size, len(self.sources)
        chunk = self.sources[(number - 1) * size : number * size]
        save_as = f"{TimelinePage.page_url(number)}index.html"
        parts = [str(size), str(number), str(self.count), str(total)]
        key = out.key("timeline", *parts, *(self._source_key(source) for source in chunk))
        if not all(self.owners[owner] for owner, _ in chunk if owner < len(self.owners)):
            key = ""  # an owner's record has no digest: make the page
        if out.reuse(f"timeline:{number}", key, (save_as,)):
            return
        page = timeline_page(number, self.count, [self.views.timeline_entry(s) for s in chunk], size, total)
        out.page(page.save_as, "timeline", tl=page)

    @property
    def units(self) -> int:
        return self.count

    def unit(self, out: Output, number: int) -> None:
        self.timeline(out, number + 1)

    def whole_site(self, out: Output) -> Sequence[Callable[[], object]]:
        return (
            functools.partial(write_overview, out, self.views),
            functools.partial(write_regulators, out, self.views),
            functools.partial(write_methodology, out, self.views),
        )

    def finish(self, out: Output) -> None:
        """Nothing waits for every unit."""


def write_regulators(out: Output, views: SiteViews) -> None:
    page_of_values(out, "regulators/index.html", "regulators", regulators=views.regulators)
    for regulator in views.regulators:
        page_of_values(out, f"{regulator.url}index.html", "regulator", regulator=regulator)


def write_methodology(out: Output, views: SiteViews) -> None:
    page_of_values(
        out,
        "methodology/index.html",
        "methodology",
        method=methodology(),
        regulators=views.regulators,
        calendars=views.calendars,
    )

