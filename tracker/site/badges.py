"""What a platform's findings look like away from the site: an embeddable SVG badge and its snippet.

A campaigner's blog or a newsroom's page can show `platforms/<id>/badge.svg` ("Ofcom | No response,
overdue: waiting 222 working days so far"), linked to the platform's page. The words are the status box's
own (the primary regulator's clock), made from the same view as the page, so a badge can never say what
the page does not. The platform's name comes from the view, so it is already the alias for an unnamed
platform and defanged for a flagged host; the badge names no domain at all. The SVG is text only: no
script, no link, no external font or image, and the safety scanner reads it like every other file.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from html import escape

from markupsafe import Markup

from tracker.model.dates import long_date
from tracker.model.vocabulary import COUNTED_STEP
from tracker.settings import TrackerSettings
from tracker.site.views import PlatformView

__all__ = [
    "BADGE",
    "BadgeShape",
    "ShareFacts",
    "ShareView",
    "badge_shape",
    "badge_svg",
    "public_base",
    "share_facts",
    "share_view",
]

BADGE = "badge.svg"
HEIGHT = 28
FONT_SIZE = 13
# Wide enough for DejaVu Sans or Verdana at 13px; `textLength` squeezes a wider font to fit exactly.
CHAR_WIDTH = 8.2
PADDING = 10
LEFT_BG, LEFT_FG = "#0b0c0c", "#ffffff"  # 19.8:1
RIGHT_BG, RIGHT_FG = "#1d70b8", "#ffffff"  # 5.2:1
OVERDUE_BG = "#942514"  # 8.6:1 with white: an overdue wait is not told by colour alone (the words say it)
# A badge at most this wide keeps its text at 11 pixels or more on a 320-pixel screen (WCAG's reflow width).
MAX_WIDTH = 380
WRAP_AT = 40  # characters a wrapped line holds: 40 x 8.2 + 20 = 348 pixels
LINE_HEIGHT = 18


def _days(count: int) -> str:
    return f"{count} working day{'' if count == 1 else 's'}"


@dataclass(frozen=True)
class ShareFacts:
    """A platform's headline, in plain text: its primary regulator's clock, as the status box states it."""

    platform_id: str
    platform: str  # the page's name for it: the alias when not named, flagged hosts defanged
    regulator: str
    status: str  # the status label, as on the page ("No response")
    overdue: bool
    running: bool
    working_days: int | None

    @property
    def words(self) -> str:
        """The badge's right-hand words."""
        if self.working_days is None:
            return self.status
        if self.running:
            overdue = ", overdue" if self.overdue else ""
            return f"{self.status}{overdue}: waiting {_days(self.working_days)} so far"
        return f"{self.status}; first {COUNTED_STEP.removeprefix('an ')} after {_days(self.working_days)}"

    @property
    def line(self) -> str:
        """The finding in one line, for the share image under the platform's name."""
        return f"With {self.regulator}: {self.words}"

    def sentence(self, as_of: date, site_name: str) -> str:
        """The whole finding as one sentence: the badge's title and the snippet's alt text."""
        return f"{self.platform} with {self.regulator}: {self.words}. As of {long_date(as_of)}, {site_name}."


def share_facts(view: PlatformView) -> ShareFacts:
    clock = view.primary
    return ShareFacts(
        platform_id=view.id,
        platform=view.row.name.striptags(),
        regulator=clock.regulator_name.striptags(),
        status=clock.status_label,
        overdue=clock.overdue and clock.running,
        running=clock.running,
        working_days=clock.working_days if clock.started is not None else None,
    )


def _width(text: str) -> int:
    return round(len(text) * CHAR_WIDTH) + 2 * PADDING


def _text(x: float, y: int, colour: str, text: str) -> str:
    inner = _width(text) - 2 * PADDING
    return (
        f'<text x="{x:g}" y="{y}" fill="{colour}" textLength="{inner}" lengthAdjust="spacingAndGlyphs">'
        f"{escape(text)}</text>"
    )


@dataclass(frozen=True)
class BadgeShape:
    """Where the badge's words go. One line while it fits a phone's width; past that the regulator goes
    on a band of its own and the words wrap under it, because a 700-pixel badge scaled into a 360-pixel
    screen prints its 13-pixel text at 6 pixels, which nobody can read."""

    left: tuple[str, ...]
    right: tuple[str, ...]
    stacked: bool

    @property
    def width(self) -> int:
        if not self.stacked:
            return _width(self.left[0]) + _width(self.right[0])
        return max(_width(line) for line in self.left + self.right)

    @property
    def height(self) -> int:
        bands = (self.left, self.right) if self.stacked else (self.left,)
        return sum(_band_height(lines) for lines in bands)


def _band_height(lines: Sequence[str]) -> int:
    return HEIGHT + LINE_HEIGHT * (len(lines) - 1)


def badge_shape(facts: ShareFacts) -> BadgeShape:
    if _width(facts.regulator) + _width(facts.words) <= MAX_WIDTH:
        return BadgeShape((facts.regulator,), (facts.words,), stacked=False)
    wrap = functools.partial(textwrap.wrap, width=WRAP_AT, break_long_words=False, break_on_hyphens=False)
    return BadgeShape(tuple(wrap(facts.regulator)), tuple(wrap(facts.words)), stacked=True)


def _band(top: int, lines: Sequence[str], colour: str) -> str:
    return "".join(_text(PADDING, top + 19 + LINE_HEIGHT * n, colour, line) for n, line in enumerate(lines))


def badge_svg(facts: ShareFacts, as_of: date, site_name: str) -> str:
    """The badge: the regulator, then the words (beside it, or under it once too wide for a phone), with
    the whole sentence as its accessible name."""
    shape = badge_shape(facts)
    width, height = shape.width, shape.height
    title = escape(facts.sentence(as_of, site_name))
    right_bg = OVERDUE_BG if facts.overdue else RIGHT_BG
    if shape.stacked:
        top = _band_height(shape.left)
        rects = (
            f'<rect width="{width}" height="{top}" fill="{LEFT_BG}"/>'
            f'<rect y="{top}" width="{width}" height="{height - top}" fill="{right_bg}"/>'
        )
        texts = _band(0, shape.left, LEFT_FG) + _band(top, shape.right, RIGHT_FG)
    else:
        left = _width(facts.regulator)
        rects = (
            f'<rect width="{left}" height="{HEIGHT}" fill="{LEFT_BG}"/>'
            f'<rect x="{left}" width="{width - left}" height="{HEIGHT}" fill="{right_bg}"/>'
        )
        texts = _text(PADDING, 19, LEFT_FG, facts.regulator)
        texts += _text(left + PADDING, 19, RIGHT_FG, facts.words)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" aria-label="{title}">'
        f"<title>{title}</title>{rects}"
        f'<g font-family="Verdana,DejaVu Sans,sans-serif" font-size="{FONT_SIZE}">{texts}</g></svg>\n'
    )


def public_base(settings: TrackerSettings) -> str:
    """The absolute address a snippet pasted elsewhere must use: the public one in a publish build, the
    feeds' address in a development build (whose own links are relative to each page)."""
    site_url = settings.site_url
    base = site_url if site_url.startswith(("http://", "https://")) else settings.feed_site_url
    return base.rstrip("/")


@dataclass(frozen=True)
class ShareView:
    """The platform page's "Share these findings" section."""

    badge: str  # from the site root
    alt: str
    width: int
    height: int
    snippet: str  # HTML to copy, printed escaped
    svg: Markup  # the badge itself, drawn inline: the site's pages carry no <img> at all


def share_view(facts: ShareFacts, settings: TrackerSettings, as_of: date) -> ShareView:
    page = f"platforms/{facts.platform_id}/"
    base = public_base(settings)
    # Not today's figures: the page it is pasted into keeps this text while the badge changes daily.
    alt = f"Status of {facts.platform} with {facts.regulator}, updated daily by the {settings.site_name}"
    shape = badge_shape(facts)
    snippet = (
        f'<a href="{escape(base)}/{page}"><img src="{escape(base)}/{page}{BADGE}" '
        f'alt="{escape(alt)}" width="{shape.width}" height="{shape.height}"></a>'
    )
    svg = Markup(badge_svg(facts, as_of, settings.site_name))  # noqa: S704 - badge_svg escapes all text
    return ShareView(
        badge=f"{page}{BADGE}", alt=alt, width=shape.width, height=shape.height, snippet=snippet, svg=svg
    )
