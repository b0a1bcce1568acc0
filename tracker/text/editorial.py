"""Editorial pages and articles from `content/`, made as safe to print as data text.

Anyone can open a pull request that edits `content/`, and Pelican's Markdown passes raw HTML through, so
an article is treated like any other untrusted text: its HTML is cleaned by nh3 against an allowlist
(wider than for data text: headings, tables, definition lists), links keep only http(s), `mailto:` and
same-site relative addresses, links to flagged domains lose their link, and flagged host names in the
text are defanged. Titles and summaries are printed as plain text, defanged.

Two layers, like data text: Pelican's Markdown reader is configured (`markdown_settings`, used as
`MARKDOWN` in `pelicanconf.py`) to show raw HTML typed into Markdown as the characters typed, never as
markup (a stray `<style>` would otherwise swallow the rest of an article); then the `editorial` Jinja
filter cleans whatever HTML Markdown made. The filters are registered in `pelicanconf.py`
(`JINJA_FILTERS`) because Pelican writes articles with its own Jinja environment, before the tracker's
generator runs; they read the flagged domains from the `tracker` entry the generator puts into the
shared context.
"""

from __future__ import annotations

import html
import re
from typing import Any

import nh3
from jinja2 import pass_context
from jinja2.runtime import Context
from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor
from markupsafe import Markup

from tracker.model.dates import long_date, weekday
from tracker.text.brackets import defuse_brackets
from tracker.text.flagged import FlaggedDomains
from tracker.text.markdown_html import ALLOWED_TAGS, LINK_REL, LinkGate, render_inline
from tracker.text.urls import ABSOLUTE_HTTP, url_problem

__all__ = [
    "EDITORIAL_TAGS",
    "JINJA_FILTERS",
    "RawHtmlAsText",
    "clean_editorial",
    "editorial_filter",
    "markdown_settings",
    "plain_filter",
    "working_days_filter",
]

EDITORIAL_TAGS: frozenset[str] = ALLOWED_TAGS | frozenset(
    {
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "dl",
        "dt",
        "dd",
        "abbr",
        "del",
        "sub",
        "sup",
    }
)
_ATTRIBUTES = {
    "a": {"href"},
    "abbr": {"title"},
    "th": {"scope", "colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
    **{f"h{n}": {"id"} for n in range(2, 7)},
    "*": set(),
}
_CLEANER = nh3.Cleaner(
    tags=set(EDITORIAL_TAGS),
    clean_content_tags={"script", "style"},
    attributes=_ATTRIBUTES,
    strip_comments=True,
    link_rel=None,
    url_schemes={"https", "http", "mailto"},
    url_relative="pass_through",
)
# What a browser drops from an address before reading it (controls, spaces, tabs, newlines).
_IGNORED = re.compile(r"[\x00-\x20\x7f]")


class _Gate(LinkGate):
    """The data's link gate (tracker/render.py) with editorial text's wider rule: mailto: and same-site
    relative links stay, and links leaving the site get `rel`."""

    def _link(self, href: str | None) -> tuple[bool, list[tuple[str, str | None]]]:
        if href is None:
            return False, []
        compact = _IGNORED.sub("", href)
        if self._flagged and (self._flagged.match(compact) or self._flagged.mentions(compact)):
            return False, []
        if compact.lower().startswith("mailto:"):
            return True, []
        if ABSOLUTE_HTTP.match(compact):
            return url_problem(compact) is None, [("rel", LINK_REL)]
        # Same-site relative addresses only: no scheme, no `//host`, no backslash tricks.
        relative = not re.match(r"^[a-z][a-z0-9+.-]*:", compact, re.IGNORECASE) and not compact.startswith(
            ("//", "\\", "/\\")
        )
        return relative and "\\" not in compact, []


# nh3 keeps `rel` only when allowed; the final pass allows it on links, where the gate put it.
_FINAL = nh3.Cleaner(
    tags=set(EDITORIAL_TAGS),
    clean_content_tags={"script", "style"},
    attributes={**_ATTRIBUTES, "a": {"href", "rel"}},
    strip_comments=True,
    link_rel=None,
    url_schemes={"https", "http", "mailto"},
    url_relative="pass_through",
)


def clean_editorial(text: str, flagged: FlaggedDomains | None = None) -> str:
    """Editorial HTML (Pelican's rendering of a Markdown file) cleaned for printing unescaped."""
    gate = _Gate(flagged)
    gate.feed(_CLEANER.clean(text))
    return _FINAL.clean(gate.result())


def _flagged(context: Context) -> FlaggedDomains | None:
    """The `flagged` of the site data the generator shares as `tracker`, read by name: the type that holds
    it is made in a layer above this one."""
    flagged = getattr(context.get("tracker"), "flagged", None)
    return flagged if isinstance(flagged, FlaggedDomains) else None


@pass_context
def editorial_filter(context: Context, value: Any) -> Markup:
    """`{{ article.content|editorial }}`: cleaned HTML, safe to print."""
    return Markup(clean_editorial(str(value or ""), _flagged(context)))  # noqa: S704 - nh3 output


@pass_context
def plain_filter(context: Context, value: Any) -> Markup:
    """`{{ article.title|plain }}`: any markup removed, the text escaped and flagged hosts defanged."""
    text = html.unescape(nh3.clean(str(value or ""), tags=set()))
    return Markup(render_inline(text, flagged=_flagged(context)))  # noqa: S704 - escaped by render_inline


def long_date_filter(value: Any) -> str:
    """`{{ TODAY|long_date }}` -> `27 November 2026`, in English whatever the machine's locale."""
    return long_date(value.date() if hasattr(value, "date") and callable(value.date) else value)


def weekday_filter(value: Any) -> str:
    return weekday(value.date() if hasattr(value, "date") and callable(value.date) else value)


def working_days_filter(value: int) -> str:
    """`{{ n|working_days }}`: "1 working day" where a template would otherwise say "1 working days", which
    reads as a slip in a figure a lawyer may quote."""
    return f"{value} working day" if value == 1 else f"{value} working days"


JINJA_FILTERS = {
    "editorial": editorial_filter,
    "working_days": working_days_filter,
    "plain": plain_filter,
    "long_date": long_date_filter,
    "weekday": weekday_filter,
}


class RawHtmlAsText(Extension):
    """Raw HTML in `content/` Markdown comes out as the characters typed, as it does for data text."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.deregister("html_block", strict=False)
        md.inlinePatterns.deregister("html", strict=False)
        # `<name@example.org>` would become an obfuscated mailto: link to a person's address.
        md.inlinePatterns.deregister("automail", strict=False)
        # Runs of unmatched `[` made Python-Markdown quadratic (tracker/text/brackets.py).
        md.preprocessors.register(_DefuseBrackets(md), "defuse-brackets", 25)


class _DefuseBrackets(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        return defuse_brackets("\n".join(lines)).split("\n")


def markdown_settings() -> dict[str, Any]:
    """Pelican's default Markdown set-up with `RawHtmlAsText` last, after `extra` has registered its own
    raw-HTML handling (Pelican only appends the configured extensions that are not listed already)."""
    configs: dict[str, dict[str, Any]] = {
        "markdown.extensions.codehilite": {"css_class": "highlight"},
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    }
    return {
        "extension_configs": configs,
        "extensions": [*configs, RawHtmlAsText()],
        "output_format": "html5",
    }
