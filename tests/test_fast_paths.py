"""Each shortcut the build takes for speed gives exactly what the straightforward code gives.

The build writes JSON, Atom and RSS as text instead of through json's pure-Python encoder and feedgen,
checks a valid file against the schema with compiled code before asking jsonschema, decides simple
addresses by their host alone, looks for host names only around dots, skips the link gate when a body has
no link, and folds a platform's events once for every status after each. Each is compared here with the
code it stands in for, on the demo data and on generated input.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from samples import VALID

from tracker.check.schema_messages import full_validator, quickly_valid
from tracker.derive.clocks import clock
from tracker.derive.sitedata import SiteData
from tracker.derive.statuses import as_at_each_event
from tracker.feeds import item_html as feed_content
from tracker.feeds.atom_rss import atom_bytes, feedgen_atom_bytes, feedgen_rss_bytes, rss_bytes
from tracker.feeds.items import Category, Feed, FeedItem, FeedSettings, feed_settings, status_as_at
from tracker.feeds.writer import build_feeds
from tracker.load.yaml_strict import load_text
from tracker.model.dates import LONDON
from tracker.settings import read_settings
from tracker.text import jsontext
from tracker.text import markdown_html as render
from tracker.text.flagged import NO_EXEMPTIONS, TEXT_HOST, FlaggedDomains, host_words
from tracker.text.markdown_html import render_markdown
from tracker.text.urls import full_url_problem, url_problem

ROOT = Path(__file__).resolve().parent.parent
SOME = settings(deadline=None, max_examples=500, suppress_health_check=[HealthCheck.too_slow])

# --- JSON ------------------------------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: st.lists(children) | st.dictionaries(st.text(), children),
    max_leaves=30,
)


@SOME
@given(JSON_VALUES)
def test_json_text_is_the_standard_library_s(value: object) -> None:
    assert jsontext.dumps(value) == json.dumps(value, ensure_ascii=False, indent=2)


@SOME
@given(JSON_VALUES, st.integers(0, 4))
def test_json_nested_pieces_fit_where_they_go(value: object, level: int) -> None:
    inner = json.dumps(value, ensure_ascii=False, indent=2)
    assert jsontext.dumps(value, level) == inner.replace("\n", "\n" + "  " * level)


def test_json_hands_other_values_to_the_standard_library() -> None:
    value = {"when": date(2026, 1, 2)}
    with pytest.raises(TypeError):
        jsontext.dumps(value)  # exactly as json.dumps refuses it


# --- feeds -----------------------------------------------------------------------------------------

TEXT = st.text(st.characters(blacklist_categories=["Cs"]), max_size=40)
SETTINGS = FeedSettings(
    authority="example.org,2026", base_url="https://example.org", site_name="Site & <Co>", rights="CC BY"
)


@st.composite
def feeds(draw: st.DrawFn) -> Feed:
    def moment() -> datetime:
        day = draw(st.dates(date(1990, 1, 1), date(2100, 12, 31)))
        return datetime(day.year, day.month, day.day, tzinfo=LONDON)

    items = tuple(
        FeedItem(
            id=draw(TEXT),
            title=draw(TEXT),
            url=draw(TEXT),
            published=moment(),
            updated=moment(),
            content_html=draw(TEXT),
            categories=tuple(Category(draw(TEXT), draw(TEXT)) for _ in range(draw(st.integers(0, 2)))),
        )
        for _ in range(draw(st.integers(0, 3)))
    )
    return Feed(
        path=draw(st.sampled_from(["feeds/all", "feeds/platforms/a-b"])),
        id=draw(TEXT),
        title=draw(TEXT),
        label=draw(TEXT),
        description=draw(TEXT),
        home_url=draw(TEXT),
        site_url="https://example.org",
        items=items,
        updated=moment(),
    )


@SOME
@given(feeds(), st.sampled_from([SETTINGS, FeedSettings("a", "https://b", "c", language="")]))
def test_atom_and_rss_text_are_feedgen_s(feed: Feed, feed_settings_: FeedSettings) -> None:
    for fast, reference in ((atom_bytes, feedgen_atom_bytes), (rss_bytes, feedgen_rss_bytes)):
        try:
            expected = reference(feed, feed_settings_)
        except ValueError as error:  # lxml refuses characters XML cannot carry, or feedgen empty fields
            with pytest.raises(ValueError, match=str(error)[:20]):
                fast(feed, feed_settings_)
            continue
        assert fast(feed, feed_settings_) == expected


def test_every_demo_feed_is_byte_for_byte_feedgen_s(demo_site_data: SiteData) -> None:
    from tracker.build.site import pelican_settings

    options = feed_settings(read_settings(pelican_settings(ROOT / "pelicanconf.py", {})))
    feed_set = build_feeds(demo_site_data, options)
    for feed in feed_set.all():
        assert atom_bytes(feed, options) == feedgen_atom_bytes(feed, options), feed.path
        assert rss_bytes(feed, options) == feedgen_rss_bytes(feed, options), feed.path


# --- the schema ------------------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(-2, 30), st.floats(allow_nan=False), st.text(max_size=8)
)


@st.composite
def documents(draw: st.DrawFn) -> object:
    """VALID's values with one value replaced, or one key added or removed, somewhere."""
    data = load_text(VALID, "x")[0].data
    node = data
    while True:
        keys = list(node) if isinstance(node, dict) else list(range(len(node)))
        if not keys:
            break
        key = draw(st.sampled_from(keys))
        if not isinstance(node[key], dict | list) or draw(st.booleans()):
            choice = draw(st.sampled_from(["replace", "delete", "add"]))
            if choice == "replace":
                node[key] = draw(SCALARS | st.lists(SCALARS, max_size=3))
            elif choice == "delete":
                del node[key]
            elif isinstance(node, dict):
                node[draw(st.text(max_size=6))] = draw(SCALARS)
            break
        node = node[key]
    return data


@SOME
@given(documents())
def test_the_quick_schema_check_never_accepts_what_jsonschema_refuses(document: object) -> None:
    if quickly_valid(document):
        assert list(full_validator().iter_errors(document)) == []


def test_the_quick_schema_check_accepts_the_demo_data() -> None:
    data = load_text((ROOT / "data" / "platforms.yaml").read_text(encoding="utf-8"), "x")[0].data
    assert quickly_valid(data)


# --- addresses and host names ---------------------------------------------------------------------

FLAGGED = FlaggedDomains.build(["bad.invalid", "t.co.example"], [])
URL_PARTS = st.sampled_from(
    [
        "https://",
        "http://",
        "HTTP://",
        "bad.invalid",
        "ok.example",
        "www.",
        "bit.ly",
        "/",
        "?",
        "&",
        "=",
        "%2e",
        "%",
        "@",
        ":",
        "#",
        "\\",
        " ",
        "web.archive.org/web/2020/",
        "a",
        "-",
        ".",
        "x.y",
        "é",
    ]
)


@SOME
@given(st.lists(URL_PARTS, min_size=1, max_size=8).map("".join))
def test_simple_addresses_get_the_full_check_s_verdict(url: str) -> None:

    assert url_problem(url) == full_url_problem(url)
    full = FLAGGED.match_nested(url, NO_EXEMPTIONS) or FLAGGED.match_anywhere(url, NO_EXEMPTIONS)
    assert FLAGGED.match(url) == full
    # A fresh set (nothing remembered yet) answers as the one that has seen every address before.
    assert FlaggedDomains.build(["bad.invalid", "t.co.example"], []).match(url) == FLAGGED.match(url)


HOST_TEXT = st.text(st.sampled_from(list("ab.-%4E \u3002\uff0e\u00ad\u200c\u0301é_/:x")), max_size=40)


@SOME
@given(HOST_TEXT)
def test_host_names_in_text_are_found_as_the_full_pattern_finds_them(text: str) -> None:
    assert [(m.span(), m.group()) for m in host_words(text)] == [
        (m.span(), m.group()) for m in TEXT_HOST.finditer(text)
    ]


# --- Markdown --------------------------------------------------------------------------------------

MARKDOWN = st.lists(
    st.sampled_from(
        [
            "word",
            " ",
            "\n",
            "\n\n",
            "*em*",
            "[a](https://ok.example/x)",
            "bad.invalid",
            "<b>",
            "&amp;",
            "https://bad.invalid/p",
            "`code`",
            "- item",
            "\u00a0",
            "[x](https://bit.ly/y)",
            "[e]()",
            "[r](/relative)",
            "<https://ok.example/a?b=1&c=2>",
            '[q](https://ok.example/?a=1&b="x")',
            "[w](https://web.archive.org/web/2020/https://bad.invalid/)",
        ]
    ),
    max_size=12,
).map("".join)


@SOME
@given(MARKDOWN)
def test_skipping_the_link_gate_changes_nothing(text: str) -> None:

    for flagged in (None, FLAGGED):
        fast = render_markdown(text, flagged=flagged)
        md = render.markdown_instance()
        md.reset()
        cleaned = render.CLEANER.clean(md.convert(render.CONTROL_CHARACTERS.sub("", text)))
        md.reset()
        gate = render.LinkGate(flagged)
        gate.feed(cleaned)
        assert fast == render.CLEANER.clean(gate.result())


# --- statuses after each event ------------------------------------------------------------------


def test_one_fold_gives_the_status_and_clock_after_each_event(demo_site_data: SiteData) -> None:
    regulators = demo_site_data.regulators_by_id
    calendars = demo_site_data.calendars
    for platform in demo_site_data.dataset.platforms:
        for regulator_id in platform.regulators:
            regulator = regulators[regulator_id]
            folded = as_at_each_event(platform, regulator, calendars)
            assert folded == tuple(status_as_at(platform, i, regulator, calendars) for i in range(len(platform.events)))


MARKDOWN_PIECES = st.lists(
    st.sampled_from(
        [
            "word",
            " ",
            "  ",
            "\n",
            "\n\n",
            "\t",
            "\r",
            "\r\n",
            "*",
            "_",
            "`",
            "\\",
            "[",
            "]",
            "(",
            ")",
            "!",
            "<",
            ">",
            "&",
            ";",
            "#",
            "- ",
            "1. ",
            "> ",
            "    ",
            "https://ok.example/x",
            "&amp;",
            "&#42;",
            "[a]: https://ok.example/r",
            "[a]",
            "[a][]",
            "![i](https://ok.example/i.png)",
            "<https://ok.example>",
        ]
    ),
    max_size=20,
).map("".join)


@settings(deadline=None, max_examples=1500, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWN_PIECES)
def test_leaving_out_inline_patterns_that_cannot_match_changes_nothing(text: str) -> None:

    source = render.CONTROL_CHARACTERS.sub("", text)
    full = render.new_markdown()
    pruned = render.markdown_instance(source)
    assert pruned.convert(source) == full.convert(source)
    pruned.reset()


# --- feed item HTML -------------------------------------------------------------------------------

ITEM_HTML = st.lists(
    st.sampled_from(
        [
            "<p>",
            "</p>",
            "text ",
            '<a href="https://ok.example/x">ok</a>',
            '<a href="https://ok.example/?a=1&amp;b=2" rel="nofollow">ok</a>',
            '<a href="https://bad.invalid/p">bad</a>',
            '<a href="https://sub.bad.invalid">bad</a>',
            '<a href="https://bit.ly/y">short</a>',
            '<a href="javascript:alert(1)">js</a>',
            '<a href="/relative">relative</a>',
            '<a href="">empty</a>',
            "<a>no address</a>",
            '<A HREF="https://bad.invalid/">upper</A>',
            '<a title="t" href="https://bad.invalid/">second</a>',
            '<a\nhref="https://bad.invalid/">newline</a>',
            "<a href=https://bad.invalid/>unquoted</a>",
            '<a href="https://ok.example/" href="https://bad.invalid/">twice</a>',
            '<a href="https://web.archive.org/web/2020/https://bad.invalid/">archived</a>',
            "&lt;a href=&quot;https://bad.invalid/&quot;&gt;",
            "<strong>",
            "</strong>",
        ]
    ),
    max_size=10,
).map("".join)


@SOME
@given(ITEM_HTML, st.sampled_from([None, "https://site.example/articles/a/"]))
def test_leaving_out_the_link_filter_when_links_were_checked_changes_nothing(
    markup: str, base_url: str | None
) -> None:

    for flagged in (None, FLAGGED):
        full = feed_content.item_cleaner(flagged, frozenset(), base_url).clean(markup)
        if feed_content.links_checked(markup, flagged, base_url):
            quick = feed_content.item_cleaner(flagged, frozenset(), base_url, filtered=False).clean(markup)
            assert quick == full
        assert feed_content.clean_html(markup, flagged, base_url=base_url, defanged=True) == full


def test_the_link_filter_is_left_out_only_for_checked_links() -> None:

    assert feed_content.links_checked('<p><a href="https://ok.example/x">ok</a></p>', FLAGGED, None)
    for markup in (
        '<a href="https://bad.invalid/">bad</a>',
        '<A HREF="https://ok.example/">upper case is not the form checked</A>',
        '<a title="t" href="https://ok.example/">address not first</a>',
    ):
        assert not feed_content.links_checked(markup, FLAGGED, None)


def test_item_text_is_defanged_as_it_goes_in(demo_site_data: SiteData) -> None:
    """Items made from data skip the defanging pass over their whole HTML, so each text is defanged as it
    is put in: a regulator's name and a source's title too."""
    import dataclasses


    platform = next(p for p in demo_site_data.dataset.platforms if any(e.sources for e in p.events))
    event = next(e for e in platform.events if e.sources)
    regulator = dataclasses.replace(
        demo_site_data.regulators_by_id[platform.regulators[0]], name="Regulator of bad.invalid"
    )
    event = dataclasses.replace(
        event, sources=(dataclasses.replace(event.sources[0], title="Copy of sub.bad.invalid"),)
    )
    the_clock = clock(platform, regulator, demo_site_data.today, demo_site_data.calendars)
    status = feed_content.status_html("Reported", the_clock, regulator, "Name", FLAGGED)
    shown = feed_content.event_html(event, "Title", FLAGGED, platform=platform, statuses=[status])
    assert "Regulator of bad[.]invalid" in shown
    assert "Copy of sub[.]bad[.]invalid" in shown
    assert FLAGGED.mentions(shown) == []
