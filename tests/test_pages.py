"""What the built pages say: figures equal derive's, every event appears once, no flagged domain is linked.

All tests read the demo site built once per session (`site`), parsing each page with html.parser.
"""

from __future__ import annotations

import re
from collections import Counter
from datetime import date
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import markdown
import pytest
from conftest import DEMO_TODAY

from tracker.derive.calendars import count_working_days
from tracker.derive.clocks import clock
from tracker.derive.sitedata import SiteData, build_site_data
from tracker.model.dataset import Dataset, Event, Platform, Regulator, Source
from tracker.model.vocabulary import (
    EVENT_TYPES,
    HARMS,
    LANE_SUMMARY,
    OUTCOMES,
    REGULATOR_LANE_ROLES,
    ROLES,
    STATUSES,
    lane,
)
from tracker.site.chart import Bar, inaction_chart
from tracker.site.headline import about
from tracker.site.pages import AddressTaken, check_content_addresses
from tracker.site.pagination import page_numbers, paginate
from tracker.site.sitemap import page_url, sitemap_xml
from tracker.site.view_builder import build_views
from tracker.site.views import status_class
from tracker.text.editorial import clean_editorial, markdown_settings
from tracker.text.flagged import FlaggedDomains
from tracker.text.hosts import domain_sha256

ROOT = Path(__file__).resolve().parent.parent
FIGURES_AS_OF = "Figures as of 27 November 2026."
EXIT_URL = "https://www.bbc.co.uk/weather"
CSP = "default-src 'none'; style-src 'self'; script-src 'self'; img-src 'self'; form-action 'none'; base-uri 'none'"


# --- parsing ------------------------------------------------------------------------------------------


class Parsed(HTMLParser):
    """Everything the tests look at in one page, gathered in one pass."""

    VOID = frozenset(
        {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
    )

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.text_parts: list[str] = []
        self.script_bodies: list[str] = []
        self._in_script = False
        self._by_id: dict[str, list[str]] = {}
        self._open: list[tuple[str, str | None]] = []  # (tag, id) of open elements
        self.feed(text)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.elements.append((tag, values))
        self._in_script = tag == "script"
        if tag in self.VOID:
            return
        element_id = values.get("id")
        if element_id is not None:
            self._by_id.setdefault(element_id, [])
        self._open.append((tag, element_id))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False
        for i in range(len(self._open) - 1, -1, -1):
            if self._open[i][0] == tag:
                del self._open[i:]
                break

    def handle_data(self, data: str) -> None:
        if self._in_script:
            self.script_bodies.append(data)
            return
        self.text_parts.append(data)
        for _tag, element_id in self._open:
            if element_id is not None:
                self._by_id[element_id].append(data)

    @property
    def text(self) -> str:
        return " ".join("".join(self.text_parts).split())

    def text_of(self, element_id: str) -> str:
        assert element_id in self._by_id, f"no element with id {element_id!r}"
        return " ".join("".join(self._by_id[element_id]).split())

    @property
    def ids(self) -> list[str]:
        return [v["id"] for _t, v in self.elements if v.get("id")]  # type: ignore[misc]

    def all(self, tag: str) -> list[dict[str, str | None]]:
        return [v for t, v in self.elements if t == tag]


@pytest.fixture(scope="module")
def pages(site: Path) -> dict[str, Parsed]:
    """Every HTML page of the built site, by path from the site root, parsed once."""
    return {
        path.relative_to(site).as_posix(): Parsed(path.read_text(encoding="utf-8"))
        for path in sorted(site.rglob("*.html"))
    }


@pytest.fixture(scope="module")
def flagged(demo_site_data: SiteData) -> FlaggedDomains:
    platforms = demo_site_data.dataset.platforms
    return FlaggedDomains.build(
        [d for p in platforms for d in p.domains], [h for p in platforms for h in p.domain_sha256]
    )


def _page(pages: dict[str, Parsed], url: str) -> Parsed:
    return pages[f"{url}index.html"]


# --- the overview -----------------------------------------------------------------------------------


def test_overview_counters_are_derive_counters(pages: dict[str, Parsed], demo_site_data: SiteData) -> None:
    counters = demo_site_data.counters
    overview = pages["index.html"]
    assert overview.text_of("counter-platforms-tracked") == f"{counters.platforms_tracked} platforms tracked"
    assert overview.text_of("counter-reports-made") == f"{counters.reports_made} reports made to regulators"
    assert overview.text_of("counter-no-substantive-action") == (
        f"{counters.no_substantive_action} reported platforms with no investigation or enforcement step by any"
        " regulator"
    )
    assert overview.text_of("counter-median-working-days").startswith(
        f"{counters.median_working_days} working days"
    )
    longest = demo_site_data.platforms_by_id[str(counters.longest_platform)]
    assert overview.text_of("counter-longest-working-days") == (
        f"{counters.longest_working_days} working days: the longest wait, {longest.name}"
    )
    # The demo's actual values, so a change in derive or in the demo data is noticed here too.
    assert (counters.platforms_tracked, counters.reports_made, counters.no_substantive_action) == (9, 8, 3)
    assert (counters.median_working_days, counters.longest_working_days) == (61, 222)


def test_overview_table_lists_every_platform_with_its_headline_status(
    pages: dict[str, Parsed], site: Path, demo_site_data: SiteData
) -> None:
    html = (site / "index.html").read_text(encoding="utf-8")
    body = html.split('id="platforms-table"', 1)[1].split("</table>", 1)[0]
    rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]
    assert len(rows) == len(demo_site_data.dataset.platforms)

    def wait(platform: Platform) -> tuple[bool, int]:
        span = demo_site_data.facts[platform.id].days_waiting
        return (span is None, -(span.working_days if span else 0))

    # Without JavaScript the table is in an order that means something: longest wait first.
    in_order = sorted(demo_site_data.dataset.platforms, key=wait)
    assert in_order[0].id == "example-hidden-board" and in_order[-1].id == "example-chat-h"
    for row, platform in zip(rows, in_order, strict=True):
        facts = demo_site_data.facts[platform.id]
        assert f'href="./platforms/{platform.id}/"' in row
        status = facts.headline_status
        assert (
            f'<strong class="tag tag--{status_class(status)}">{status[0].upper() + status[1:]}</strong>'
            in row
        )
        assert ('<strong class="overdue">Overdue</strong>' in row) == facts.primary_clock.overdue
        waiting = facts.days_waiting
        if waiting is None:
            assert "No report recorded" in row
        else:
            assert (
                f'href="./platforms/{platform.id}/working/#clock-{platform.primary_regulator}">{waiting.working_days}<'
                in row
            )


def test_overview_chart_is_an_svg_image_with_the_same_numbers_in_a_table(
    pages: dict[str, Parsed], site: Path, demo_site_data: SiteData
) -> None:
    overview = pages["index.html"]
    svg = overview.all("svg")
    assert len(svg) == 1 and svg[0]["role"] == "img"
    assert svg[0]["aria-labelledby"] == "inaction-chart-title inaction-chart-desc"
    assert overview.text_of("inaction-chart-title").startswith(
        "Working days each reported platform has waited"
    )
    html = (site / "index.html").read_text(encoding="utf-8")
    chart = html.split("<svg", 1)[1].split("</svg>", 1)[0]
    waits = sorted(
        (f.days_waiting.working_days for f in demo_site_data.facts.values() if f.days_waiting is not None),
        reverse=True,
    )
    bar_numbers = [int(n) for n in re.findall(r'font-weight="bold"[^>]*>(\d+)</text>', chart)]
    assert bar_numbers == waits == [222, 165, 89, 61, 57, 48, 13]
    table = html.split('id="waiting-table"', 1)[1].split("</table>", 1)[0]
    table_numbers = [int(n) for n in re.findall(r'working/#clock-[a-z-]+">(\d+)<', table)]
    assert table_numbers == waits
    assert chart.count('class="chart-bar-beyond"') == sum(1 for w in waits if w > 20)
    assert "Response window: 20 working days" in chart


def test_overview_lists_the_article(pages: dict[str, Parsed]) -> None:
    links = [a["href"] for a in pages["index.html"].all("a")]
    assert "./articles/about-the-demo-data/" in links
    article = _page(pages, "articles/about-the-demo-data/")
    assert "most of them are fictional examples" in article.text


# --- platform and regulator pages -------------------------------------------------------------------


def test_every_platform_and_regulator_has_its_page(
    pages: dict[str, Parsed], demo_site_data: SiteData
) -> None:
    for platform in demo_site_data.dataset.platforms:
        page = _page(pages, f"platforms/{platform.id}/")
        assert page.all("h1") and platform.name in page.text
    for regulator in demo_site_data.dataset.regulators:
        page = _page(pages, f"regulators/{regulator.id}/")
        assert regulator.name in page.text
    listed = {a["href"] for a in _page(pages, "platforms/").all("a")}
    assert {f"../platforms/{p.id}/" for p in demo_site_data.dataset.platforms} <= listed
    listed = {a["href"] for a in _page(pages, "regulators/").all("a")}
    assert {f"../regulators/{r.id}/" for r in demo_site_data.dataset.regulators} <= listed


def test_every_event_appears_exactly_once_on_its_owners_page(
    pages: dict[str, Parsed], demo_site_data: SiteData
) -> None:
    for platform in demo_site_data.dataset.platforms:
        anchors = [
            i[len("event-") :]
            for i in _page(pages, f"platforms/{platform.id}/").ids
            if i.startswith("event-")
        ]
        expected = [e.id for e in platform.events] + [
            m.id for m in demo_site_data.facts[platform.id].milestones
        ]
        assert sorted(anchors) == sorted(expected), platform.id
    for regulator in demo_site_data.dataset.regulators:
        anchors = [
            i[len("event-") :]
            for i in _page(pages, f"regulators/{regulator.id}/").ids
            if i.startswith("event-")
        ]
        assert sorted(anchors) == sorted(e.id for e in regulator.events), regulator.id


def test_platform_timeline_is_newest_first_with_dates_who_and_type(
    site: Path, demo_site_data: SiteData
) -> None:
    platform = demo_site_data.platforms_by_id["example-forum-a"]
    html = (site / "platforms" / platform.id / "index.html").read_text(encoding="utf-8")
    timeline = html.split('<ol class="timeline__list">', 1)[1].split("</ol>", 1)[0]
    entries = re.findall(
        r'<li class="timeline__entry ([^"]*)" id="event-([^"]+)">(.*?)(?=<li class="timeline__entry|$)',
        timeline,
        re.S,
    )
    days = [re.search(r'<time datetime="([0-9-]+)">', body).group(1) for _c, _i, body in entries]  # type: ignore[union-attr]
    assert days == sorted(days, reverse=True)
    events = {e.id: e for e in platform.events}
    for classes, event_id, body in entries:
        if event_id not in events:
            assert "timeline__entry--milestone" in classes
            continue
        event = events[event_id]
        assert f"timeline__entry--{lane(event.cls, event.regulator, event.by)}" in classes
        assert f'<time datetime="{event.date.isoformat()}">' in body
        assert f"Who: {ROLES[event.by]}." in body
        label = EVENT_TYPES[event.type].label if event.type != "scheduled" else "Upcoming"
        assert f'<span class="timeline__type">{label}</span>' in body
        for source in event.sources:
            assert f'<a href="{source.url}" rel="nofollow noopener noreferrer">' in body


def test_sources_are_linked_nofollow_noopener_noreferrer(
    site: Path, pages: dict[str, Parsed], demo_site_data: SiteData
) -> None:
    blocks = 0
    for path in pages:
        html = (site / path).read_text(encoding="utf-8")
        for block in re.findall(r'<div class="sources">(.*?)</div>', html, re.S):
            anchors = re.findall(r"<a ([^>]*)>", block)
            assert anchors, path
            for attrs in anchors:
                assert re.fullmatch(r'href="https?://[^"]+" rel="nofollow noopener noreferrer"', attrs), (
                    path,
                    attrs,
                )
            blocks += 1
    owners: list[Platform | Regulator] = [*demo_site_data.dataset.platforms, *demo_site_data.dataset.regulators]
    assert blocks == sum(1 for owner in owners for e in owner.events if e.sources) == 42


def test_milestones_are_shown_distinctly_and_link_to_their_working(
    site: Path, demo_site_data: SiteData
) -> None:
    seen = 0
    for platform in demo_site_data.dataset.platforms:
        html = (site / "platforms" / platform.id / "index.html").read_text(encoding="utf-8")
        for m in demo_site_data.facts[platform.id].milestones:
            entry = html.split(f'id="event-{m.id}"', 1)[1].split("</li>", 1)[0]
            before = html.split(f'id="event-{m.id}"', 1)[0].rsplit("<li", 1)[1]
            assert "timeline__entry--milestone" in before
            who = demo_site_data.regulators_by_id[m.regulator_id].name
            assert f"{m.title} by {who}" in entry
            assert m.title == f"{m.n} working days since the first report, and no investigation or enforcement step"
            assert f'<time datetime="{m.date.isoformat()}">' in entry
            assert f'href="../../platforms/{platform.id}/working/#milestone-{m.regulator_id}-{m.n}"' in entry
            seen += 1
    assert seen == 13


def test_named_platforms_show_their_domains_defanged_and_unnamed_ones_none(
    pages: dict[str, Parsed], site: Path, demo_site_data: SiteData
) -> None:
    for platform in demo_site_data.dataset.platforms:
        html = (site / "platforms" / platform.id / "index.html").read_text(encoding="utf-8")
        if platform.named:
            for domain in platform.domains:
                assert f'<span class="domain" translate="no">{domain.replace(".", "[.]")}</span>' in html
        else:
            assert 'class="domain' not in html
            assert "[.]" not in html.replace("Written with [.]", "")
    unnamed_hashes = [h for p in demo_site_data.dataset.platforms for h in p.domain_sha256]
    assert unnamed_hashes
    for path, page in pages.items():
        for digest in unnamed_hashes:
            assert digest not in page.text, path


def test_status_box_shows_each_regulators_status_as_words(
    pages: dict[str, Parsed], demo_site_data: SiteData
) -> None:
    for platform in demo_site_data.dataset.platforms:
        page = _page(pages, f"platforms/{platform.id}/")
        facts = demo_site_data.facts[platform.id]
        for regulator_id, status in facts.statuses.items():
            text = page.text_of(f"status-{regulator_id}")
            regulator = demo_site_data.regulators_by_id[regulator_id]
            assert text.startswith(f"With {regulator.name}"), text
            assert status[0].upper() + status[1:] in text
            assert ("Overdue" in text) == facts.clocks[regulator_id].overdue


def test_every_status_tag_carries_its_words(pages: dict[str, Parsed], site: Path) -> None:
    tags = 0
    for path in pages:
        html = (site / path).read_text(encoding="utf-8")
        for slug, words in re.findall(r'<strong class="tag tag--([a-z-]+)">([^<]*)</strong>', html):
            status = {s.lower(): s for s in STATUSES}[words.lower()]
            assert words == status[0].upper() + status[1:], (path, words)
            assert status_class(status) == slug
            tags += 1
        assert 'class="tag ' not in re.sub(r'<strong class="tag tag--[a-z-]+">[^<]+</strong>', "", html), path
    assert tags > 40


def test_working_page_lists_the_exact_days_left_out(site: Path, demo_site_data: SiteData) -> None:
    platform = demo_site_data.platforms_by_id["example-hidden-board"]
    ofcom = demo_site_data.regulators_by_id["ofcom"]
    the_clock = clock(platform, ofcom, DEMO_TODAY, demo_site_data.calendars)
    assert the_clock.started == date(2026, 1, 14) and the_clock.running
    expected = count_working_days(the_clock.started, DEMO_TODAY, ofcom, demo_site_data.calendars)
    html = (site / "platforms" / platform.id / "working" / "index.html").read_text(encoding="utf-8")
    section = html.split('id="clock-ofcom"', 1)[1].split("</section>", 1)[0]
    listed = re.findall(r'class="excluded-day"><(?:td><)?time datetime="([0-9-]+)">', section)
    holidays = [e.day.isoformat() for e in expected.excluded if e.day.weekday() < 5]
    weekends = [e.day.isoformat() for e in expected.excluded if e.day.weekday() >= 5]
    assert listed == holidays + weekends  # the bank holidays first: they are what a reader checks
    assert len(listed) == 95 and len(holidays) == 5
    assert "Left out 95: 90 weekend days and 5 bank holidays (listed below)" in " ".join(
        re.sub(r"<[^>]+>", " ", section).split()
    )
    assert "<summary>and 90 weekend days</summary>" in section
    # The bank holidays left out, by name, and the sum a reader can check.
    for holiday in (
        "Good Friday",
        "Easter Monday",
        "May Day",
        "Spring Bank Holiday",
        "Late Summer Bank Holiday",
    ):
        assert f"Bank holiday: {holiday}" in section
    assert "317 − 95 = 222" in section
    assert "England and Wales (<code>GB-ENG</code>)" in section


def test_every_working_day_figure_links_to_its_working(
    pages: dict[str, Parsed], demo_site_data: SiteData
) -> None:
    for platform in demo_site_data.dataset.platforms:
        page = _page(pages, f"platforms/{platform.id}/")
        links = {(a.get("href")) for a in page.all("a")}
        for regulator_id, the_clock in demo_site_data.facts[platform.id].clocks.items():
            if the_clock.span is None:
                continue
            assert f"../../platforms/{platform.id}/working/#clock-{regulator_id}" in links
            assert f"{the_clock.span.working_days} working days" in page.text_of(f"status-{regulator_id}")


# --- the site-wide timeline ----------------------------------------------------------------------------


def _timeline_pages(pages: dict[str, Parsed]) -> list[str]:
    found = ["timeline/index.html"]
    n = 2
    while f"timeline/page/{n}/index.html" in pages:
        found.append(f"timeline/page/{n}/index.html")
        n += 1
    return found


def test_timeline_has_every_event_once_across_its_pages(
    pages: dict[str, Parsed], demo_site_data: SiteData
) -> None:
    expected = [f"platforms--{e.owner}--{e.id}" for p in demo_site_data.dataset.platforms for e in p.events]
    expected += [
        f"regulators--{e.owner}--{e.id}" for r in demo_site_data.dataset.regulators for e in r.events
    ]
    expected += [
        f"platforms--{f.platform_id}--{m.id}" for f in demo_site_data.facts.values() for m in f.milestones
    ]
    found: list[str] = []
    per_page = []
    for path in _timeline_pages(pages):
        ids = [i for i in pages[path].ids if i.startswith(("platforms--", "regulators--"))]
        per_page.append(len(ids))
        found += ids
    assert sorted(found) == sorted(expected)
    assert len(expected) == 47 + 13
    assert per_page == [50, 10]
    assert [i for i in Counter(found).values() if i > 1] == []


def test_timeline_is_newest_first_across_pages_with_folder_pagination(
    site: Path, pages: dict[str, Parsed]
) -> None:
    days: list[str] = []
    for path in _timeline_pages(pages):
        html = (site / path).read_text(encoding="utf-8")
        days += re.findall(r'<p class="timeline__meta"><time datetime="([0-9-]+)">', html)
    assert days == sorted(days, reverse=True) and len(days) == 60
    first = [(a.get("href"), a.get("rel")) for a in pages["timeline/index.html"].all("a")]
    assert ("../timeline/page/2/", "next") in first
    second = [(a.get("href"), a.get("rel")) for a in pages["timeline/page/2/index.html"].all("a")]
    assert ("../../../timeline/", "prev") in second


def test_paginate_splits_at_the_page_size_into_folders(demo_site_data: SiteData) -> None:
    entries = build_views(demo_site_data).timeline
    result = paginate(entries, 25)
    assert [p.url for p in result] == ["timeline/", "timeline/page/2/", "timeline/page/3/"]
    assert [p.save_as for p in result][1] == "timeline/page/2/index.html"
    assert [sum(len(items) for _m, items in p.months) for p in result] == [25, 25, 10]
    assert (result[1].first, result[1].last, result[1].total) == (26, 50, 60)
    assert result[0].previous_url is None and result[-1].next_url is None
    assert paginate((), 50)[0].total == 0
    assert [p.numbers for p in result] == [(1, 2, 3), (1, 2, 3), (1, 2, 3)]


def test_pager_shows_first_last_and_neighbours_with_gaps() -> None:
    assert page_numbers(1, 1) == (1,)
    assert page_numbers(1, 40) == (1, 2, None, 40)
    assert page_numbers(5, 40) == (1, None, 4, 5, 6, None, 40)
    assert page_numbers(3, 40) == (1, 2, 3, 4, None, 40)
    assert page_numbers(40, 40) == (1, None, 39, 40)


# --- regulators and methodology ----------------------------------------------------------------------


def test_regulator_page_shows_its_record_and_upcoming_dates(
    pages: dict[str, Parsed], demo_site_data: SiteData
) -> None:
    ofcom = _page(pages, "regulators/ofcom/")
    assert (
        "7 of 9 platforms were reported to Ofcom; 3 still wait for an investigation or enforcement step,"
        " 2 of them"
    ) in ofcom.text
    upcoming = ofcom.text_of("upcoming-heading")
    assert upcoming == "Coming up"
    assert (
        "20 January 2027: Court hearing on Ofcom's application for an access restriction order" in ofcom.text
    )
    other = _page(pages, "regulators/example-regulator/")
    assert "1 of 1 platform was reported to Example Regulator (fictional)" in other.text
    assert "No future hearings or deadlines are recorded." in other.text


def test_methodology_is_generated_from_the_vocabularies(pages: dict[str, Parsed], site: Path) -> None:
    page = _page(pages, "methodology/")
    html = (site / "methodology" / "index.html").read_text(encoding="utf-8")
    for name, kind in EVENT_TYPES.items():
        assert f'<tr id="type-{name}"><th scope="row"><code>{name}</code></th><td>{kind.label}</td>' in html
        assert kind.definition.replace("'", "&#39;") in html or kind.definition in page.text
    positions = [html.index(f'id="status-{status_class(s)}"') for s in STATUSES]
    assert positions == sorted(positions), "statuses are listed in precedence order"
    for definition in STATUSES.values():
        assert definition in page.text
    for vocabulary in (HARMS, ROLES, OUTCOMES):
        for code, meaning in vocabulary.items():
            assert f"<code>{code}</code>" in html and meaning in page.text
    for words in (
        "day zero",
        "Alaveteli",
        "GB-ENG",
        "England and Wales",
        "neither a report of the platform to that regulator nor any event of that regulator",
        "Response window",
    ):
        assert words in page.text


def test_get_help_lists_the_configured_services(pages: dict[str, Parsed]) -> None:
    page = _page(pages, "get-help/")
    links = {a.get("href"): a for a in page.all("a")}
    for name, url in (
        ("Revenge Porn Helpline", "https://revengepornhelpline.org.uk/"),
        ("StopNCII.org", "https://stopncii.org/"),
        ("Internet Watch Foundation", "https://report.iwf.org.uk/"),
        ("Report Harmful Content", "https://reportharmfulcontent.com/"),
    ):
        assert url in links and name in page.text


def test_corrections_page_gives_the_contact(pages: dict[str, Parsed]) -> None:
    page = _page(pages, "corrections/")
    assert "mailto:corrections@example.org" in {a.get("href") for a in page.all("a")}
    assert "Corrections and right of reply" in page.text


# --- every page -------------------------------------------------------------------------------------


def test_every_page_says_figures_as_of_today_and_has_the_exit_control(pages: dict[str, Parsed]) -> None:
    assert len(pages) >= 27
    for path, page in pages.items():
        assert FIGURES_AS_OF in page.text, path
        anchors = page.all("a")
        assert anchors[0].get("href") == "#main"
        assert anchors[1].get("href") == EXIT_URL and anchors[1].get("class") == "exit-this-page__link", path


def test_every_page_has_csp_canonical_social_meta_and_feed_autodiscovery(pages: dict[str, Parsed]) -> None:
    for path, page in pages.items():
        metas = page.all("meta")
        assert {"http-equiv": "Content-Security-Policy", "content": CSP} in metas, path
        properties = {m.get("property") or m.get("name") for m in metas}
        assert {"og:title", "og:description", "og:type", "twitter:card", "description"} <= properties, path
        links = page.all("link")
        canonical = [link["href"] for link in links if link.get("rel") == "canonical"]
        depth = path.count("/")
        root = "." if depth == 0 else "/".join([".."] * depth)
        if path == "404.html":  # served at every missing address: no address of its own
            assert canonical == [] and {"name": "robots", "content": "noindex"} in metas
        else:
            assert canonical == [f"{root}/{page_url(path)}"], path
        feeds = {link["href"] for link in links if link.get("rel") == "alternate"}
        assert {
            f"{root}/feeds/all.atom.xml",
            f"{root}/feeds/all.rss.xml",
            f"{root}/feeds/all.json",
        } <= feeds, path
        if re.fullmatch(r"(platforms|regulators)/[a-z0-9-]+/index.html", path):
            kind, owner = path.split("/")[:2]
            for ext in ("atom.xml", "rss.xml", "json"):
                assert f"../../feeds/{kind}/{owner}.{ext}" in feeds


def test_no_inline_script_style_or_event_handlers_and_no_third_party_assets(
    pages: dict[str, Parsed], site: Path
) -> None:
    for path, page in pages.items():
        html = (site / path).read_text(encoding="utf-8")
        assert "<style" not in html, path
        assert not "".join(page.script_bodies).strip(), f"inline script in {path}"
        for tag, attrs in page.elements:
            assert "style" not in attrs, (path, tag)
            assert not [name for name in attrs if name.startswith("on")], (path, tag, attrs)
            if tag == "script":
                assert attrs.get("src") and not re.match(r"(?i)^(https?:)?//", attrs["src"] or ""), path
            if tag in ("link", "img", "iframe", "source", "object", "embed"):
                address = attrs.get("href") or attrs.get("src") or ""
                assert not re.match(r"(?i)^(https?:)?//", address), (path, tag, address)
        assert not page.all("img") and not page.all("iframe"), path


def test_content_warning_on_pages_that_describe_abuse(pages: dict[str, Parsed]) -> None:
    for path, page in pages.items():
        warned = "content-warning-title" in page.ids
        describes_abuse = re.fullmatch(
            r"index\.html|platforms/([a-z0-9-]+/)?index\.html|timeline/.*|regulators/[a-z0-9-]+/index\.html",
            path,
        )
        assert warned == bool(describes_abuse), path


def test_local_links_resolve_to_files_and_anchors_at_every_depth(
    pages: dict[str, Parsed], site: Path
) -> None:
    checked = 0
    for path, page in pages.items():
        folder = (site / path).parent
        for tag, attrs in page.elements:
            address = (
                attrs.get("href") if tag in ("a", "link") else attrs.get("src") if tag == "script" else None
            )
            if not address or re.match(r"(?i)^[a-z][a-z0-9+.-]*:", address):
                continue
            target, fragment = urldefrag(address)
            resolved = (folder / unquote(target)).resolve() if target else (site / path)
            if resolved.is_dir():
                resolved = resolved / "index.html"
            assert resolved.is_file(), f"{path}: {address} does not resolve"
            assert site.resolve() in resolved.parents or resolved.parent == site.resolve()
            if fragment and resolved.suffix == ".html":
                target_page = pages[resolved.relative_to(site.resolve()).as_posix()]
                assert fragment in target_page.ids, f"{path}: {address} has no #{fragment}"
            checked += 1
    assert checked > 1000


# --- safety -----------------------------------------------------------------------------------------


def test_no_link_anywhere_leads_to_a_flagged_domain(
    pages: dict[str, Parsed], flagged: FlaggedDomains
) -> None:
    assert flagged.hosts and flagged.hashes
    external = 0
    for path, page in pages.items():
        for tag, attrs in page.elements:
            for name in ("href", "src", "action", "content"):
                value = attrs.get(name)
                if value and re.match(r"(?i)^\s*(https?:)?//", value):
                    assert flagged.match(value) is None, (path, tag, value)
                    external += tag == "a"
    assert external > 100


def test_flagged_domains_appear_only_defanged_in_every_output_file(
    site: Path, flagged: FlaggedDomains
) -> None:
    hosts = sorted(flagged.hosts)
    files = [p for p in site.rglob("*") if p.is_file()]
    assert len(files) > 40
    defanged_seen = 0
    for path in files:
        data = path.read_bytes()
        lowered = data.lower()
        for host in hosts:
            assert host.encode("ascii") not in lowered, f"{host} undefanged in {path.relative_to(site)}"
            defanged_seen += lowered.count(host.replace(".", "[.]").encode("ascii"))
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            continue
        # Catches other spellings too (upper case, www., hashed domains of unnamed platforms).
        assert flagged.mentions(text) == [], path.relative_to(site)
    assert defanged_seen >= 7


def test_views_defang_and_unlink_flagged_domains_even_in_unvalidated_text() -> None:
    """Defence in depth: the validator refuses all of this, and the pages must not depend on it."""
    ofcom = Regulator(
        "ofcom",
        "Ofcom",
        "United Kingdom",
        "Online Safety Act 2023",
        "https://www.ofcom.org.uk/",
        20,
        "GB-ENG",
    )
    event = Event(
        owner_kind="platforms",
        owner="bad",
        id="2026-01-05-reported",
        date=date(2026, 1, 5),
        type="reported",
        by="public",
        title="Reported: see https://bad.example.invalid/thread",
        body="Posted on [the site](https://www.bad.example.invalid/x) and at hidden.example.invalid.",
        regulator="ofcom",
        sources=(
            Source("Copy on bad.example.invalid", "https://bad.example.invalid/page"),
            Source(
                "Archive",
                "https://news.example.org/a",
                "https://web.archive.org/web/2026/https://bad.example.invalid/",
            ),
        ),
    )
    platform = Platform(
        id="bad",
        name="Bad Board (bad.example.invalid)",
        named=True,
        harms=("ncii",),
        summary="Mirrors at BAD.example.invalid.",
        regulators=("ofcom",),
        events=(event,),
        naming_source="https://bad.example.invalid/about",
        domains=("bad.example.invalid",),
    )
    hidden = Platform(
        id="hidden",
        name="Hidden board",
        named=False,
        harms=("ncii",),
        summary="Not named.",
        regulators=("ofcom",),
        events=(),
        domain_sha256=(domain_sha256("hidden.example.invalid"),),
    )
    site_data = build_site_data(Dataset((ofcom,), (platform, hidden)), date(2026, 3, 1))
    view = build_views(site_data).platforms[0]
    entry = view.entries[-1] if view.entries[-1].kind == "event" else view.entries[0]
    rendered = " ".join(
        [str(view.row.name), str(view.summary), str(entry.title), str(entry.body)]
        + [str(s.title) for s in entry.sources]
    )
    assert "bad.example.invalid" not in rendered.lower() and "hidden.example.invalid" not in rendered
    assert "bad[.]example[.]invalid" in rendered and "hidden[.]example[.]invalid" in rendered
    assert "<a " not in str(entry.body)
    assert [s.url for s in entry.sources] == [None, "https://news.example.org/a"]
    assert [s.archived for s in entry.sources] == [None, None]
    assert view.naming_source is None
    assert view.domains == ("bad[.]example[.]invalid",)


def test_chart_escapes_every_label_and_marks_the_part_beyond_the_window() -> None:
    svg = inaction_chart(
        [
            Bar("<script>alert(1)</script> & co", 30, 20, running=True, overdue=True),
            Bar("Second", 45, 20, running=False, overdue=False),
            Bar("Third", 5, 20, running=True, overdue=False),
        ],
        title='Title "quoted"',
        description="Desc <b>",
    )
    # The label is wrapped to fit a phone: its 30 characters take two lines.
    assert "<script>" not in svg and ">&lt;script&gt;alert(1)&lt;/script&gt;</text>" in svg
    assert '<title id="inaction-chart-title">Title &quot;quoted&quot;</title>' in svg
    assert "Desc &lt;b&gt;" in svg
    labels = re.findall(r'font-weight="bold"[^>]*>([^<]+)</text>', svg)
    assert labels == ["Second", "45", "&lt;script&gt;alert(1)&lt;/script&gt;", "&amp; co", "30", "Third", "5"]
    assert svg.count('class="chart-bar-beyond"') == 2
    # Captions are wrapped into lines that fit a phone; read them back as one text.
    words = " ".join(re.findall(r">([^<]+)</text>", svg))
    assert "Still waiting after 30 working days: 10 beyond the window" in words
    assert "Clock stopped after 45 working days: 25 beyond the window" in words
    assert "Still waiting after 5 working days, within the window" in words
    assert inaction_chart([], title="t", description="d") == ""


# --- sitemap ----------------------------------------------------------------------------------------


def test_sitemap_lists_every_page_relative_in_a_dev_build(site: Path, pages: dict[str, Parsed]) -> None:
    text = (site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]*)</loc>", text)
    assert sorted(locs) == sorted(page_url(p) or "./" for p in pages if p != "404.html")
    assert all(not urlsplit(loc).scheme for loc in locs)


def test_sitemap_is_absolute_with_an_absolute_siteurl() -> None:
    xml = sitemap_xml(["index.html", "platforms/a/index.html", "x&y.html"], "https://tracker.example.org/")
    assert b"<loc>https://tracker.example.org/</loc>" in xml
    assert b"<loc>https://tracker.example.org/platforms/a/</loc>" in xml
    assert b"<loc>https://tracker.example.org/x&amp;y.html</loc>" in xml


# --- content/ is untrusted too ------------------------------------------------------------------------


def test_editorial_html_is_cleaned_and_flagged_hosts_defanged() -> None:
    flagged = FlaggedDomains.build(["bad.example.invalid"])
    dirty = (
        '<h2 id="x" onclick="a()">Heading</h2><script>alert(1)</script>'
        '<p><a href="../../methodology/">ours</a> <a href="javascript:alert(2)">js</a> '
        '<a href="https://news.example.org/a">news</a> <a href="https://www.bad.example.invalid/">bad</a> '
        '<a href="//evil.example.org/">scheme-relative</a> <a href="mailto:corrections@example.org">mail</a> '
        "<img src=x onerror=alert(3)>seen on bad.example.invalid</p>"
    )
    assert clean_editorial(dirty, flagged) == (
        '<h2 id="x">Heading</h2>'
        '<p><a href="../../methodology/">ours</a> js '
        '<a href="https://news.example.org/a" rel="nofollow noopener noreferrer">news</a> bad '
        'scheme-relative <a href="mailto:corrections@example.org">mail</a> '
        "seen on bad[.]example[.]invalid</p>"
    )


def test_raw_html_in_content_markdown_is_shown_as_typed() -> None:
    md = markdown.Markdown(**markdown_settings())
    html = md.convert(
        'Intro\n\n<math><style><img src=x onerror=alert(1)>\n\nStill here, <b onclick="x">bold</b>.'
    )
    assert "<style" not in html and "<img" not in html and "<b " not in html
    assert "&lt;math&gt;&lt;style&gt;" in html
    assert "Still here" in html


def test_a_content_file_cannot_take_a_tracker_page_address() -> None:
    class Article:
        def __init__(self, save_as: str) -> None:
            self.save_as = save_as
            self.source_path = "content/x.md"
            self.translations: list[Article] = []

    check_content_addresses(
        {"articles": [Article("articles/fine/index.html")], "pages": [Article("get-help/index.html")]}
    )
    for taken in (
        "platforms/example-forum-a/index.html",
        "/index.html",
        "timeline/page/2/index.html",
        "feeds/all.json",
    ):
        with pytest.raises(AddressTaken, match="the tracker's own page"):
            check_content_addresses({"articles": [Article(taken)]})
    translated = Article("articles/fine/index.html")
    translated.translations = [Article("regulators/ofcom/index.html")]
    with pytest.raises(AddressTaken):
        check_content_addresses({"pages": [translated]})


# --- findings agree with the events on the page (issue 12) ------------------------------------------


def test_the_unnamed_boards_are_under_investigation_with_no_waiting_clock(pages: dict[str, Parsed]) -> None:
    """Ofcom's own investigation counts although no report is recorded; there is then no clock."""
    page = _page(pages, "platforms/unnamed-image-boards-2026/")
    assert page.text_of("status-ofcom") == (
        "With Ofcom: Under investigation No report of this platform to Ofcom is recorded here, so there is"
        " no waiting clock. What this means."
    )
    overview = _page(pages, "")
    assert "Two image boards (not named by Ofcom) Non-consensual intimate images (NCII) Under investigation" in (
        overview.text_of("platforms-table")
    )


def test_a_late_answer_is_stated_as_a_fact_never_as_not_overdue(pages: dict[str, Parsed]) -> None:
    table = _page(pages, "").text_of("waiting-table")
    assert "Overdue" not in table and " No " not in f"{table} "
    assert (
        "Example Forum A (fictional) Ofcom 2 June 2025 6 October 2025 89 working days: see the working 20"
        " Clock stopped after 89 working days: 69 beyond the 20-day window"
    ) in table
    assert "Example App E (fictional) Ofcom 7 April 2026 None yet: still waiting" in table
    assert "Still waiting: 145 working days beyond the window" in table
    forum_a = _page(pages, "platforms/example-forum-a/").text_of("status-ofcom")
    # The status box gives the number once (linked to the working), then what it means against the window.
    assert forum_a.endswith("after 89 working days, which stopped the clock, 69 beyond the 20-day window.")
    assert forum_a.count("89 working days") == 1


def test_app_e_shows_initial_steps_only_beside_its_information_notice(pages: dict[str, Parsed]) -> None:
    page = _page(pages, "platforms/example-app-e/")
    assert page.text_of("status-ofcom").startswith("With Ofcom: Initial steps only Overdue First reported")
    assert "No investigation or enforcement step by Ofcom is recorded since" in page.text_of("status-ofcom")
    assert "Information notice" in page.text and "Acknowledged only" not in page.text


def test_the_overview_opens_with_one_sentence_of_findings(pages: dict[str, Parsed], site: Path) -> None:
    """Regulator, law and harm named, one denominator (the regulator page's own), days with months."""
    # The demo's figures are mostly about fictional platforms: the sentence says so before naming Ofcom.
    assert _page(pages, "").text_of("headline") == (
        "In this demonstration data, Ofcom has taken no investigation or enforcement step on 3 of the 7 platforms reported to it under"
        " the Online Safety Act 2023 for intimate-image abuse, child sexual abuse material or sexual"
        " extortion; the longest of them has waited 222 working days (about 10 months)."
    )
    assert "7 of 9 platforms were reported to Ofcom; 3 still wait" in _page(pages, "regulators/ofcom/").text
    html = (site / "index.html").read_text(encoding="utf-8")
    headline = html.split('id="headline">', 1)[1].split("</p>", 1)[0]
    assert re.findall(r'href="([^"]+)"', headline) == [
        "#waiting-heading",
        "./platforms/example-hidden-board/working/#clock-ofcom",
    ]


def test_every_page_of_the_demo_says_its_data_is_a_demonstration(pages: dict[str, Parsed]) -> None:
    assert len(pages) > 20
    for path, page in pages.items():
        assert "Demonstration data: most platforms on this site are fictional examples" in page.text, path


@pytest.mark.parametrize(
    ("calendar_days", "words"),
    [(1, "about 1 week"), (20, "about 3 weeks"), (61, "about 2 months"), (317, "about 10 months"),
     (800, "about 2 years")],
)
def test_a_wait_has_a_calendar_equivalent(calendar_days: int, words: str) -> None:
    assert about(calendar_days) == words


def test_lanes_follow_who_acts_toward_whom(site: Path) -> None:
    """A letter to the regulator and a hearing on its application sit in its lane beside the order the
    hearing led to; Parliament and the press stay in the other lane."""
    def lane_of(platform_id: str, event_id: str) -> str:
        html = (site / "platforms" / platform_id / "index.html").read_text(encoding="utf-8")
        classes = html.split(f'id="event-{event_id}"', 1)[0].rsplit("<li", 1)[1]
        found = re.search(r"timeline__entry--(regulator|other)", classes)
        assert found is not None
        return found.group(1)

    assert lane_of("example-hidden-board", "2026-09-07-other") == "regulator"
    assert lane_of("example-forum-a", "2027-01-20-scheduled") == "regulator"  # the court hearing
    assert lane_of("example-forum-a", "2026-07-09-service-restriction-order") == "regulator"
    assert lane_of("example-forum-a", "2026-07-10-media") == "other"
    assert lane_of("example-forum-d", "2026-09-15-parliamentary") == "other"
    assert lane("external", "ofcom", "court") == "regulator"
    assert lane("external", "ofcom", "journalist") == lane("external", None, "court") == "other"
    assert lane("platform", "ofcom", "regulator") == "other"


def test_the_timeline_says_which_lane_is_which_in_the_rule_it_follows(site: Path) -> None:
    """The page once said court cases were in the other lane, above a court order in the regulator's."""
    html = (site / "platforms" / "example-forum-a" / "index.html").read_text(encoding="utf-8")
    intro = re.search(r"<p>Newest first\. (.*?) Entries marked", html, re.S)
    assert intro is not None and intro.group(1).replace("&#39;", "'") == LANE_SUMMARY
    assert "court decisions on its applications" in LANE_SUMMARY and "court" in REGULATOR_LANE_ROLES
    assert "the press" in LANE_SUMMARY and "journalist" not in REGULATOR_LANE_ROLES


def test_working_page_plurals_and_a_weekend_holiday_shown_once(site: Path) -> None:
    """Forum A's wait crossed one bank holiday: singular words, and the holiday listed before weekends."""
    html = (site / "platforms" / "example-forum-a" / "working" / "index.html").read_text(encoding="utf-8")
    text = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert "Left out 37: 36 weekend days and 1 bank holiday (listed below)" in text
    assert "1 bank holidays" not in text
    assert "Clock stopped after 89 working days: 69 beyond the 20-day window." in text
    # 2025 to 2026 has no weekend holiday; the rule is checked on 2021, whose Christmas fell on a Saturday.


def test_a_holiday_on_a_weekend_is_shown_once_beside_its_substitute() -> None:
    site = build_site_data(
        Dataset(
            regulators=(
                Regulator("ofcom", "Ofcom", "United Kingdom", "Online Safety Act 2023", "https://www.ofcom.org.uk/",
                          20, "GB-ENG"),
            ),
            platforms=(
                Platform("p", "P", False, ("ncii",), "A platform.", ("ofcom",), (
                    Event("platforms", "p", "r", date(2021, 12, 1), "reported", "survivor", "Reported",
                          regulator="ofcom"),
                )),
            ),
        ),
        date(2022, 1, 10),
    )
    clock_view = build_views(site).platforms[0].clocks[0]
    names = [(h.date_text, h.name) for h in clock_view.holidays if h.day.month == 12]
    assert names == [
        ("27 December 2021", "Christmas Day: substitute day for Saturday 25 December 2021"),
        ("28 December 2021", "Boxing Day: substitute day for Sunday 26 December 2021"),
        ("26 December 2022", "Boxing Day"),
        ("27 December 2022", "Christmas Day: substitute day for Sunday 25 December 2022"),
    ]


def test_the_platforms_table_says_no_order_its_sorting_could_make_untrue(pages: dict[str, Parsed]) -> None:
    for url in ("", "platforms/"):
        page = _page(pages, url)
        assert page.text_of("platforms-table-caption") == "All platforms tracked (9)"
        assert "in the order they were added" not in page.text
        assert "The table opens with the longest wait first" in page.text
        assert "Child sexual abuse material (CSAM)" in page.text_of("platforms-table")


def test_regulator_page_counts_read_as_english(pages: dict[str, Parsed]) -> None:
    text = _page(pages, "regulators/example-regulator/").text
    assert "1 of 1 platform was reported to Example Regulator (fictional); 0 still wait" in text
    assert "platforms were" not in text


# A count printed straight before a unit ("{{ n }} working days") says "1 working days" when n is 1.
_COUNT_BEFORE_UNIT = re.compile(r"\{\{[^{}]*\}\}\s*working days?\b")


def test_no_template_prints_a_count_before_a_fixed_plural(root: Path) -> None:
    found = [
        f"{path.name}: {match.group(0)}"
        for path in sorted((root / "theme" / "templates").glob("*.html"))
        for match in _COUNT_BEFORE_UNIT.finditer(path.read_text(encoding="utf-8"))
        if "|join(" not in match.group(0)  # a list of milestones, always several
    ]
    assert found == []


@pytest.mark.parametrize(("days", "words"), [(0, "0 working days"), (1, "1 working day"), (2, "2 working days")])
def test_the_working_days_filter_reads_aloud(days: int, words: str) -> None:
    from tracker.text.editorial import working_days_filter

    assert working_days_filter(days) == words
