"""What every view of one build shares: the site's lookups, and each data text rendered once.

The same name or title is shown many times (a regulator's name on every clock of every platform), so it
is rendered once per build and every view gets the same markup. Links are checked here, with the
validator's own rules, so no view module can print an address the validator would refuse.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable

from markupsafe import Markup

from tracker.derive.sitedata import SiteData
from tracker.model.dataset import Source
from tracker.site.views import FEED_FORMATS, FeedLink, SourceView, _cleaned
from tracker.text.markdown_html import render_inline
from tracker.text.urls import url_problem


def feed_links(kind: str, owner_id: str, title: str) -> tuple[FeedLink, ...]:
    return tuple(
        FeedLink(f"feeds/{kind}/{owner_id}.{ext}", media, label, f"{title} ({label})")
        for ext, media, label in FEED_FORMATS
    )


class ViewContext:
    """One per build of the views: the cache of rendered texts must not outlive the flagged set it used."""

    def __init__(self, site: SiteData) -> None:
        self.site = site
        self.today = site.today
        self.flagged = site.flagged
        self.markdown = site.texts.markdown
        self.regulators = site.regulators_by_id
        self._texts: dict[str, Markup] = {}

    def text(self, value: str) -> Markup:
        cached = self._texts.get(value)
        if cached is None:
            cached = self._texts[value] = _cleaned(render_inline(value, flagged=self.flagged))
        return cached

    def link(self, url: str | None, exempt: Collection[str] = ()) -> str | None:
        """The address if a page may link it (the validator's own rules, again); else None."""
        if not url or url_problem(url) is not None or self.flagged.match(url, exempt) is not None:
            return None
        return url

    def sources(self, sources: Iterable[Source], exempt: Collection[str]) -> tuple[SourceView, ...]:
        return tuple(
            SourceView(self.text(s.title), self.link(s.url, exempt), self.link(s.archived, exempt))
            for s in sources
        )
