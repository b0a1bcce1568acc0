"""A platform's summary view: its overview row, its clocks, what it is and where its feeds are.

The overview, the platform list and every regulator page show every platform, so a summary leaves out
the timeline entries (`entry_views`), which only the platform's own page needs.
"""

from __future__ import annotations

from markupsafe import Markup

from tracker.derive.facts import PlatformFacts
from tracker.model.dataset import Platform
from tracker.model.dates import long_date
from tracker.model.vocabulary import HARM_SHORT_NAMES, HARMS
from tracker.site.clock_views import clock_view
from tracker.site.view_context import ViewContext, feed_links
from tracker.site.views import (
    STATUS_ORDER,
    ClockView,
    PlatformRow,
    PlatformView,
    _cleaned,
    status_class,
    status_label,
)
from tracker.text.flagged import defang


def _row(
    ctx: ViewContext, platform: Platform, facts: PlatformFacts, name: Markup, primary: ClockView
) -> PlatformRow:
    """The headline status is the platform's; the wait shown beside it is at its primary regulator."""
    primary_regulator = ctx.regulators[platform.primary_regulator]
    return PlatformRow(
        id=platform.id,
        name=name,
        url=f"platforms/{platform.id}/",
        harms=tuple(
            f"{HARMS.get(h, h)} ({HARM_SHORT_NAMES[h]})" if h in HARM_SHORT_NAMES else HARMS.get(h, h)
            for h in platform.harms
        ),
        status=facts.headline_status,
        status_label=status_label(facts.headline_status),
        status_slug=status_class(facts.headline_status),
        status_rank=STATUS_ORDER[facts.headline_status],
        overdue=primary.overdue,
        wait_text=primary.wait_text,
        beyond_window=primary.beyond_window,
        first_reported=facts.first_reported,
        first_reported_text=long_date(facts.first_reported) if facts.first_reported else None,
        days_waiting=primary.working_days,
        running=primary.running,
        working_url=primary.working_url,
        regulator_name=ctx.text(primary_regulator.name),
    )


def platform_summary(ctx: ViewContext, platform: Platform) -> PlatformView:
    """Everything about a platform except its timeline entries: an unnamed platform shows no domains
    and no naming source, and the description (a plain-text meta tag) is defanged like everything else."""
    facts = ctx.site.facts[platform.id]
    clocks = tuple(
        clock_view(ctx, platform, c, facts.statuses[rid], facts.milestones) for rid, c in facts.clocks.items()
    )
    row = _row(ctx, platform, facts, ctx.text(platform.name), clocks[0])
    summary_text = " ".join(platform.summary.split())
    return PlatformView(
        row=row,
        named=platform.named,
        domains=tuple(defang(d) for d in platform.domains) if platform.named else (),
        naming_source=ctx.link(platform.naming_source) if platform.named else None,
        harm_names=row.harms,
        summary=_cleaned(ctx.markdown(platform.summary)),
        clocks=clocks,
        entries=(),
        feeds=feed_links("platforms", platform.id, f"Updates on {ctx.flagged.defang_in(platform.name)}"),
        description=ctx.flagged.defang_in(summary_text.replace("**", "")),
    )
