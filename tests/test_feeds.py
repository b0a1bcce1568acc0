"""Feeds for journalists: formats that parse, stable ids, what each item says, and a real feed reader.

The demo feeds come from the session `site` build. Tests about edits build small datasets from
`samples.VALID` and call the feed builders directly, without a site build.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import replace
from datetime import date, datetime
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import feedparser
import icalendar
import pytest
import samples
from conftest import DEMO_TODAY, ROOT

from tracker.build.site import build_site
from tracker.check.validate import load_dataset
from tracker.derive.sitedata import SiteData, build_site_data
from tracker.feeds.item_index import all_items
from tracker.feeds.items import FeedItem, FeedSettings, feed_settings
from tracker.feeds.writer import FeedSet, build_feeds, render_files
from tracker.settings import read_settings

AUTHORITY = "regulator-inaction-tracker.example.org,2026"
TAG = f"tag:{AUTHORITY}:"
BASE = "https://regulator-inaction-tracker.example.org"
LONDON = ZoneInfo("Europe/London")
TEST_SETTINGS = FeedSettings(
    authority="example.org,2026", base_url="https://tracker.example.org", site_name="T"
)
TEST_TAG = "tag:example.org,2026:"


# --- helpers ------------------------------------------------------------------------------------------


def xml_feeds(site: Path) -> list[Path]:
    return sorted(p for p in (site / "feeds").rglob("*.xml"))


def json_feeds(site: Path) -> list[Path]:
    return sorted((site / "feeds").rglob("*.json"))


def parse(path: Path) -> feedparser.FeedParserDict:
    return feedparser.parse(path.read_bytes())


def small_site(tmp_path: Path, text: str, today: date = samples.TODAY) -> SiteData:
    path = samples.write(tmp_path, text)
    return build_site_data(load_dataset(path, today), today)


def small_feeds(site: SiteData, articles: list[object] | None = None) -> FeedSet:
    return build_feeds(site, TEST_SETTINGS, articles or [])


def ids(feed_items: Iterable[FeedItem]) -> list[str]:
    return [item.id for item in feed_items]


class _Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self.hrefs += [v for k, v in attrs if k == "href" and v is not None]


def hrefs(html: str) -> list[str]:
    parser = _Links()
    parser.feed(html)
    return parser.hrefs


# --- every feed file, every format --------------------------------------------------------------------


def test_every_feed_file_is_written(site: Path, demo_site_data: SiteData) -> None:
    expected = {"feeds/upcoming.ics"}
    owners = ["all"]
    owners += [f"platforms/{p.id}" for p in demo_site_data.dataset.platforms]
    owners += [f"regulators/{r.id}" for r in demo_site_data.dataset.regulators]
    for owner in owners:
        expected |= {f"feeds/{owner}.atom.xml", f"feeds/{owner}.rss.xml", f"feeds/{owner}.json"}
    written = {str(p.relative_to(site)) for p in (site / "feeds").rglob("*") if p.is_file()}
    assert written == expected
    assert len(written) == 3 * (1 + 9 + 2) + 1


def test_every_xml_feed_parses_cleanly(site: Path) -> None:
    feeds = xml_feeds(site)
    assert len(feeds) == 24
    for path in feeds:
        parsed = parse(path)
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("atom10" if path.name.endswith(".atom.xml") else "rss20"), path


def test_json_feeds_are_json_feed_1_1(site: Path) -> None:
    for path in json_feeds(site):
        document = json.loads(path.read_text(encoding="utf-8"))
        assert document["version"] == "https://jsonfeed.org/version/1.1"
        assert document["title"].startswith("Regulator Inaction Tracker: ")
        assert document["feed_url"] == f"{BASE}/{path.relative_to(site)}"
        assert document["home_page_url"].startswith(f"{BASE}/")
        for item in document["items"]:
            assert item["id"].startswith(TAG)
            assert item["url"].startswith(f"{BASE}/")
            assert item["title"]
            assert item["content_html"].startswith("<p><strong>" if "#event-" in item["url"] else "<")
            assert datetime.fromisoformat(item["date_published"]).time().isoformat() == "12:00:00"


def test_all_three_formats_carry_the_same_items_in_the_same_order(site: Path) -> None:
    for path in json_feeds(site):
        base = str(path)[: -len(".json")]
        wanted = [item["id"] for item in json.loads(path.read_text(encoding="utf-8"))["items"]]
        assert [e.id for e in parse(Path(base + ".atom.xml")).entries] == wanted
        assert [e.id for e in parse(Path(base + ".rss.xml")).entries] == wanted


def test_ids_are_unique_within_each_feed(site: Path) -> None:
    for path in xml_feeds(site):
        found = [e.id for e in parse(path).entries]
        assert len(found) == len(set(found)), path


def test_site_wide_feed_is_newest_first_and_dated_by_its_newest_item(
    site: Path, demo_site_data: SiteData
) -> None:
    parsed = parse(site / "feeds" / "all.atom.xml")
    days = [datetime.fromisoformat(e.published) for e in parsed.entries]
    assert days == sorted(days, reverse=True)
    events = [e for e in demo_site_data.all_events() if e.date <= DEMO_TODAY]
    milestones = [m for facts in demo_site_data.facts.values() for m in facts.milestones]
    articles = list((ROOT / "content").glob("*.md"))
    assert len(parsed.entries) == len(events) + len(milestones) + len(articles)
    assert sum(1 for e in parsed.entries if ":articles/" in e.id) == len(articles)
    # The newest item's date, not the build time.
    assert parsed.feed.updated == max(e.updated for e in parsed.entries)
    newest_data_item = next(e for e in parsed.entries if ":articles/" not in e.id)
    assert newest_data_item.id == TAG + "platforms/example-forum-g/2026-11-10-reported"
    rss = (site / "feeds" / "all.rss.xml").read_text(encoding="utf-8")
    last_build = re.search(r"<lastBuildDate>(.*)</lastBuildDate>", rss)
    assert last_build is not None
    assert last_build.group(1) == parse(site / "feeds" / "all.rss.xml").entries[0].published
    assert "<generator>Regulator Inaction Tracker</generator>" in rss
    assert "feedgen" not in rss
    ofcom = parse(site / "feeds" / "regulators" / "ofcom.atom.xml")
    assert ofcom.feed.updated == "2026-11-10T12:00:00+00:00"


def test_self_and_alternate_links(site: Path) -> None:
    atom = parse(site / "feeds" / "platforms" / "example-forum-a.atom.xml")
    links = {link.rel: link.href for link in atom.feed.links}
    assert links == {
        "self": f"{BASE}/feeds/platforms/example-forum-a.atom.xml",
        "alternate": f"{BASE}/platforms/example-forum-a/",
    }
    rss_text = (site / "feeds" / "platforms" / "example-forum-a.rss.xml").read_text(encoding="utf-8")
    # feedgen makes the last link added the RSS channel link: it must be the HTML page, not the feed.
    assert f"<link>{BASE}/platforms/example-forum-a/</link>" in rss_text
    assert f'<atom:link href="{BASE}/feeds/platforms/example-forum-a.rss.xml" rel="self"' in rss_text


# --- ids and what items say ---------------------------------------------------------------------------


def entry(site: Path, feed: str, item_id: str) -> feedparser.FeedParserDict:
    matches = [e for e in parse(site / "feeds" / feed).entries if e.id == item_id]
    assert len(matches) == 1, (feed, item_id)
    return matches[0]


def test_known_event_id_link_and_date(site: Path) -> None:
    item_id = TAG + "platforms/unnamed-image-boards-2026/2026-03-06-investigation-opened"
    for feed in ("all.atom.xml", "platforms/unnamed-image-boards-2026.atom.xml", "regulators/ofcom.atom.xml"):
        found = entry(site, feed, item_id)
        assert (
            found.link == f"{BASE}/platforms/unnamed-image-boards-2026/#event-2026-03-06-investigation-opened"
        )
        assert found.published == "2026-03-06T12:00:00+00:00"
        assert found.title == (
            "Two image boards (not named by Ofcom): "
            "Ofcom opens an investigation into the provider of two image boards"
        )
        assert [t.term for t in found.tags] == ["investigation-opened", "ncii"]


def test_known_milestone_item(site: Path) -> None:
    item_id = TAG + "platforms/example-forum-a/silence-ofcom-60"
    found = entry(site, "platforms/example-forum-a.atom.xml", item_id)
    assert found.title == (
        "Example Forum A (fictional): 60 working days since the first report, and no investigation or"
        " enforcement step by Ofcom"
    )
    assert found.link == f"{BASE}/platforms/example-forum-a/#event-silence-ofcom-60"
    # 60 working days from 2 June 2025, skipping weekends and the August bank holiday; British Summer Time.
    assert found.published == "2025-08-26T12:00:00+01:00"
    assert "Waiting: <strong>60 working days</strong> since the first report on 2 June 2025" in found.summary
    assert entry(site, "regulators/ofcom.atom.xml", item_id).id == item_id
    assert entry(site, "all.atom.xml", item_id).id == item_id


def test_item_says_status_and_waiting_time_as_at_that_event(site: Path) -> None:
    feed = "platforms/example-forum-a.atom.xml"
    acknowledged = entry(site, feed, TAG + "platforms/example-forum-a/2025-06-20-acknowledged").summary
    assert "Status with Ofcom: <strong>initial steps only</strong>." in acknowledged
    assert (
        "Waiting: <strong>14 working days</strong> since the first report on 2 June 2025 (18 calendar days)"
        in (acknowledged)
    )
    assert "enforcement action" not in acknowledged
    opened = entry(site, feed, TAG + "platforms/example-forum-a/2025-10-06-investigation-opened").summary
    assert "Status with Ofcom: <strong>under investigation</strong>." in opened
    assert (
        "Ofcom took an investigation or enforcement step on 6 October 2025, 89 working days after the first"
        " report on 2 June 2025. Clock stopped after 89 working days: 69 beyond the 20-day window."
        in (opened)
    )
    penalty = entry(site, feed, TAG + "platforms/example-forum-a/2026-05-18-penalty").summary
    assert "Status with Ofcom: <strong>enforcement action</strong>." in penalty


def test_recorded_and_updated_dates(site: Path) -> None:
    late = entry(site, "all.atom.xml", TAG + "platforms/example-forum-b/2025-11-03-reported")
    assert late.published == "2026-04-02T12:00:00+01:00"  # the day it was added, so it reaches readers
    # Its title starts with the day it happened, so the day it was added is not mistaken for it.
    assert late.title == "3 November 2025: Example Forum B (fictional): Reported to Ofcom by a survivor"
    assert late.id == TAG + "platforms/example-forum-b/2025-11-03-reported"
    assert "Added to this record on 2 April 2026." in late.summary
    corrected = entry(site, "all.atom.xml", TAG + "platforms/example-forum-c/2026-06-22-investigation-closed")
    assert corrected.published == "2026-06-22T12:00:00+01:00"
    assert corrected.title.startswith("Example Forum C (fictional): ")  # recorded on its own day: no date
    assert corrected.updated == "2026-07-03T12:00:00+01:00"
    assert "Last corrected on 3 July 2026." in corrected.summary


def test_regulator_feed_has_its_events_the_platform_events_naming_it_and_its_milestones(site: Path) -> None:
    found = {e.id for e in parse(site / "feeds" / "regulators" / "example-regulator.atom.xml").entries}
    assert found == {
        TAG + "platforms/example-forum-d/report-example-regulator",
        TAG + "platforms/example-forum-d/2026-05-06-no-action",
        TAG + "platforms/example-forum-d/silence-example-regulator-20",
    }
    ofcom = {e.id for e in parse(site / "feeds" / "regulators" / "ofcom.atom.xml").entries}
    assert TAG + "regulators/ofcom/2026-03-05-legal-action" in ofcom
    assert TAG + "platforms/example-forum-d/report-ofcom" in ofcom
    assert TAG + "platforms/example-forum-d/report-example-regulator" not in ofcom
    # A press report names no regulator: it is in the platform's feed, not the regulator's.
    assert TAG + "platforms/example-forum-a/2026-07-10-media" not in ofcom


def test_links_are_absolute_with_the_feed_site_url_in_a_dev_build(site: Path) -> None:
    for path in xml_feeds(site):
        for item in parse(path).entries:
            assert item.link.startswith(f"{BASE}/"), (path, item.link)
            assert ("#event-" in item.link) != (":articles/" in item.id), item.link


# --- scheduled events and the calendar ----------------------------------------------------------------


def test_future_scheduled_event_is_only_in_the_calendar(site: Path) -> None:
    future = "platforms/example-forum-a/2027-01-20-scheduled"
    for path in (site / "feeds").rglob("*"):
        if path.is_file() and path.suffix != ".ics":
            assert future not in path.read_text(encoding="utf-8"), path
    calendar = icalendar.Calendar.from_ical((site / "feeds" / "upcoming.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    event = events[0]
    assert str(event["UID"]) == TAG + future
    assert event.decoded("DTSTART") == date(2027, 1, 20)
    assert event.decoded("DTEND") == date(2027, 1, 21)
    assert str(event["SUMMARY"]) == (
        "Example Forum A (fictional): Court hearing on Ofcom's application for an access restriction order"
    )
    # From the data (the newest item's day), not the clock.
    assert event.decoded("DTSTAMP") == datetime(2026, 11, 10, 12, tzinfo=ZoneInfo("UTC"))


def test_past_scheduled_event_is_an_ordinary_item_on_its_date(site: Path) -> None:
    item_id = TAG + "regulators/ofcom/2026-03-19-scheduled"
    for feed in ("all.atom.xml", "regulators/ofcom.atom.xml"):
        found = entry(site, feed, item_id)
        assert found.published == "2026-03-19T12:00:00+00:00"
        assert found.title == (
            "Ofcom: Scheduled date reached: "
            "Usual 14-day reply period for the pre-action letter ends (not a known deadline)"
        )
        assert found.link == f"{BASE}/regulators/ofcom/#event-2026-03-19-scheduled"


def test_scheduled_event_moves_from_calendar_to_feed_on_its_day(tmp_path: Path) -> None:
    text = samples.VALID + (
        "      - date: 2026-12-01\n"
        "        type: scheduled\n"
        "        regulator: ofcom\n"
        "        by: court\n"
        "        title: Hearing\n"
        "        sources:\n"
        "          - title: Court list\n"
        "            url: https://courts.example.net/list\n"
    )
    item_id = TEST_TAG + "platforms/example-forum-a/2026-12-01-scheduled"
    before = small_site(tmp_path, text, date(2026, 11, 30))
    assert item_id not in ids(small_feeds(before).site.items)
    assert [e.id for _, e in small_feeds(before).upcoming] == ["2026-12-01-scheduled"]
    on_the_day = small_site(tmp_path, text, date(2026, 12, 1))
    feeds = small_feeds(on_the_day)
    assert ids(feeds.site.items)[0] == item_id
    assert feeds.site.items[0].title == "Example Forum A (fictional): Scheduled date reached: Hearing"
    after = small_feeds(small_site(tmp_path, text, date(2026, 12, 2)))
    assert after.upcoming == ()
    assert ids(after.site.items)[0] == item_id


# --- safety -------------------------------------------------------------------------------------------


def test_no_flagged_domain_is_written_plainly_or_linked(site: Path, demo_site_data: SiteData) -> None:
    domains = [d for p in demo_site_data.dataset.platforms for d in p.domains]
    assert len(domains) == 7
    flagged = demo_site_data.flagged
    for path in (site / "feeds").rglob("*"):
        if not path.is_file():
            continue
        text = path.read_text(encoding="utf-8").lower()
        for domain in domains:
            assert domain not in text, (path, domain)
        if path.suffix == ".xml":
            contents = [e.summary for e in parse(path).entries]
        elif path.suffix == ".json":
            contents = [i["content_html"] for i in json.loads(text)["items"]]
        else:
            continue
        links = [href for content in contents for href in hrefs(content)]
        assert links, path
        for href in links:
            assert flagged.match(href) is None, (path, href)
    own = (site / "feeds" / "platforms" / "example-forum-a.json").read_text(encoding="utf-8")
    assert "Domain (written so that it is not a link): forum-a[.]example[.]invalid" in own


def test_unnamed_platforms_show_no_domain(site: Path) -> None:
    for platform in ("unnamed-image-boards-2026", "example-hidden-board"):
        text = (site / "feeds" / "platforms" / f"{platform}.json").read_text(encoding="utf-8")
        assert "Domain" not in text
        assert "[.]" not in text


def test_item_html_is_sanitised_and_links_carry_rel(tmp_path: Path) -> None:
    text = samples.replace(
        "        title: Ofcom acknowledged the report\n",
        "        title: Ofcom acknowledged <b>the</b> report\n"
        "        body: 'Text <script>alert(1)</script> and [a link](https://news.example.org/x), "
        "see forum-a.example.invalid'\n",
    )
    site = small_site(tmp_path, text)
    item = next(i for i in all_items(site, TEST_SETTINGS) if i.id.endswith("2026-02-02-acknowledged"))
    assert item.title == "Example Forum A (fictional): Ofcom acknowledged <b>the</b> report"
    assert (
        "<p><strong>Example Forum A (fictional): Ofcom acknowledged &lt;b&gt;the&lt;/b&gt; report</strong></p>"
        in (item.content_html)
    )
    assert "<script" not in item.content_html
    assert "&lt;script&gt;" in item.content_html
    assert "see forum-a[.]example[.]invalid" in item.content_html
    assert hrefs(item.content_html) == ["https://news.example.org/x", "https://news.example.org/ack"]
    assert item.content_html.count('rel="nofollow noopener noreferrer"') == 2


# --- stability under edits ----------------------------------------------------------------------------


def test_ids_do_not_change_when_a_title_and_body_are_edited(tmp_path: Path) -> None:
    before = small_feeds(small_site(tmp_path, samples.VALID))
    edited_text = samples.replace(
        "        title: Ofcom acknowledged the report\n",
        "        title: Ofcom acknowledged the report by letter\n        body: A corrected description.\n",
    )
    after = small_feeds(small_site(tmp_path, edited_text))
    for old, new in zip(before.all(), after.all(), strict=True):
        assert ids(old.items) == ids(new.items)
    assert ids(before.site.items) == [
        TEST_TAG + "platforms/example-forum-a/silence-ofcom-120",
        TEST_TAG + "platforms/example-forum-a/silence-ofcom-60",
        TEST_TAG + "platforms/example-forum-a/silence-ofcom-20",
        TEST_TAG + "platforms/example-forum-a/2026-02-02-acknowledged",
        TEST_TAG + "platforms/example-forum-a/2026-01-14-reported",
    ]
    changed = [
        (a.title, b.title)
        for a, b in zip(before.site.items, after.site.items, strict=True)
        if a.title != b.title
    ]
    assert changed == [
        (
            "Example Forum A (fictional): Ofcom acknowledged the report",
            "Example Forum A (fictional): Ofcom acknowledged the report by letter",
        )
    ]
    assert "A corrected description." in after.site.items[3].content_html


def test_an_added_event_is_exactly_one_new_item(tmp_path: Path) -> None:
    before = small_feeds(small_site(tmp_path, samples.VALID))
    added = samples.VALID + (
        "      - date: 2026-03-10\n"
        "        type: media\n"
        "        by: journalist\n"
        "        title: Press report on the forum\n"
        "        sources:\n"
        "          - title: Example News\n"
        "            url: https://news.example.org/forum-a-story\n"
    )
    after = small_feeds(small_site(tmp_path, added))
    new_id = TEST_TAG + "platforms/example-forum-a/2026-03-10-media"
    assert set(ids(after.site.items)) - set(ids(before.site.items)) == {new_id}
    assert set(ids(before.site.items)) - set(ids(after.site.items)) == set()
    platform_before, platform_after = before.platforms[0][1], after.platforms[0][1]
    assert set(ids(platform_after.items)) - set(ids(platform_before.items)) == {new_id}
    # It names no regulator, so Ofcom's feed is unchanged.
    assert ids(after.regulators[0][1].items) == ids(before.regulators[0][1].items)


def test_feed_without_items_takes_the_site_wide_date(tmp_path: Path) -> None:
    text = samples.VALID + (
        "  - id: example-forum-z\n"
        "    name: Example Forum Z (fictional)\n"
        "    named: true\n"
        "    naming_source: https://news.example.org/forum-z\n"
        "    domains: [forum-z.example.invalid]\n"
        "    harms: [ncii]\n"
        "    summary: A fictional forum.\n"
        "    regulators: [ofcom]\n"
        "    events:\n"
        "      - date: 2027-02-01\n"
        "        type: scheduled\n"
        "        regulator: ofcom\n"
        "        by: court\n"
        "        title: Hearing\n"
        "        sources:\n"
        "          - title: Court list\n"
        "            url: https://courts.example.net/z\n"
    )
    site = small_site(tmp_path, text)
    feeds = small_feeds(site)
    empty = dict((p.id, f) for p, f in feeds.platforms)["example-forum-z"]
    assert empty.items == ()
    # Milestone 120 of the sample's report of 14 January, the newest item.
    assert empty.updated == feeds.site.updated == datetime(2026, 7, 7, 12, tzinfo=LONDON)
    files = render_files(feeds, site, TEST_SETTINGS)
    parsed = feedparser.parse(files["feeds/platforms/example-forum-z.atom.xml"])
    assert parsed.bozo == 0
    assert parsed.feed.updated == "2026-07-07T12:00:00+01:00"
    assert b"forum-z.example.invalid" not in files["feeds/upcoming.ics"]
    assert b"forum-z[.]example[.]invalid" not in files["feeds/upcoming.ics"]


def test_newest_items_only(tmp_path: Path) -> None:
    site = small_site(tmp_path, samples.VALID)
    full = build_feeds(site, TEST_SETTINGS)
    limited = build_feeds(site, replace(TEST_SETTINGS, max_items=2))
    assert ids(limited.site.items) == ids(full.site.items)[:2]
    assert limited.site.updated == full.site.updated


# --- articles -----------------------------------------------------------------------------------------


def test_articles_are_site_wide_items(tmp_path: Path) -> None:
    site = small_site(tmp_path, samples.VALID)
    article = SimpleNamespace(
        title="Why silence matters",
        url="articles/why-silence-matters/",
        slug="why-silence-matters",
        date=datetime(2026, 11, 20, 9, 30, tzinfo=LONDON),
        content='<h2>Why</h2><p>See <a href="../../platforms/example-forum-a/">the record</a> and '
        '<a href="https://forum-a.example.invalid/">this</a> at forum-a.example.invalid.</p>'
        "<script>alert(1)</script><img src=x>",
    )
    feeds = small_feeds(site, [article])
    item = feeds.site.items[0]
    assert item.id == TEST_TAG + "articles/why-silence-matters"
    assert item.url == "https://tracker.example.org/articles/why-silence-matters/"
    assert item.published == datetime(2026, 11, 20, 12, tzinfo=LONDON)
    assert item.content_html == (
        "<h2>Why</h2><p>See "
        '<a href="https://tracker.example.org/platforms/example-forum-a/" rel="nofollow noopener noreferrer">'
        'the record</a> and <a rel="nofollow noopener noreferrer">this</a> at forum-a[.]example[.]invalid.</p>'
    )
    assert item.id not in ids(feeds.platforms[0][1].items)
    assert item.id not in ids(feeds.regulators[0][1].items)


# --- reproducibility ----------------------------------------------------------------------------------


def _files(folder: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield str(path.relative_to(folder)), path.read_bytes()


def test_two_builds_with_the_same_today_give_byte_identical_feeds(site: Path, tmp_path: Path) -> None:
    again = build_site(
        today=DEMO_TODAY,
        settings_file=ROOT / "pelicanconf.py",
        output=tmp_path / "output",
        data=ROOT / "data" / "platforms.yaml",
        extra_settings={"PATH": str(ROOT / "content"), "THEME": str(ROOT / "theme")},
    ).output
    first = dict(_files(site / "feeds"))
    second = dict(_files(again / "feeds"))
    assert len(first) == 37
    assert first.keys() == second.keys()
    for name, data in first.items():
        assert data == second[name], name
    assert (site / "subscribe" / "index.html").read_bytes() == (
        again / "subscribe" / "index.html"
    ).read_bytes()


def test_publish_settings_use_an_absolute_siteurl() -> None:
    settings = feed_settings(
        read_settings(
            {"SITEURL": "https://tracker.example.net/", "FEED_SITE_URL": BASE, "FEED_ID_AUTHORITY": AUTHORITY}
        )
    )
    assert settings.base_url == "https://tracker.example.net"
    assert settings.tag("platforms/x/y") == TAG + "platforms/x/y"
    dev = feed_settings(
        read_settings({"SITEURL": "", "FEED_SITE_URL": BASE + "/", "FEED_ID_AUTHORITY": AUTHORITY})
    )
    assert dev.base_url == BASE
    with pytest.raises(ValueError, match="FEED_SITE_URL"):
        feed_settings(read_settings({"SITEURL": "", "FEED_ID_AUTHORITY": AUTHORITY}))


# --- the subscribe page -------------------------------------------------------------------------------


def test_subscribe_page_lists_every_feed(site: Path, demo_site_data: SiteData) -> None:
    page = (site / "subscribe" / "index.html").read_text(encoding="utf-8")
    links = set(hrefs(page))
    expected = {"../feeds/upcoming.ics"}
    owners = ["all"] + [f"platforms/{p.id}" for p in demo_site_data.dataset.platforms]
    owners += [f"regulators/{r.id}" for r in demo_site_data.dataset.regulators]
    for owner in owners:
        expected |= {f"../feeds/{owner}.atom.xml", f"../feeds/{owner}.rss.xml", f"../feeds/{owner}.json"}
    assert expected <= links
    assert f"<code>{BASE}/feeds/all.atom.xml</code>" in page
    assert f"<code>{BASE}/feeds/upcoming.ics</code>" in page
    assert page.count("<caption") == 3
    assert "12:00 (noon) London time" in page
    assert 'aria-label="Atom feed for Example Forum A (fictional)"' in page


# --- a real feed reader -------------------------------------------------------------------------------


@pytest.mark.external
@pytest.mark.parametrize("feed", ["all.atom.xml", "all.rss.xml", "platforms/example-forum-a.atom.xml"])
def test_newsboat_reads_every_item(site: Path, tmp_path: Path, feed: str) -> None:
    newsboat = shutil.which("newsboat")
    if newsboat is None:
        pytest.fail("newsboat is not installed: run `make test`, which installs the tools the tests drive")
    path = site / "feeds" / feed
    (tmp_path / "urls").write_text(path.resolve().as_uri() + "\n", encoding="utf-8")
    (tmp_path / "config").write_text("", encoding="utf-8")
    result = subprocess.run(
        [newsboat, "-x", "reload", "print-unread", "-u", "urls", "-c", "cache.db", "-C", "config"],
        cwd=tmp_path,
        env={**os.environ, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    # newsboat exits 0 even when it cannot read a feed (it then reports 0 unread): compare the count.
    match = re.search(r"^(\d+) unread articles?$", result.stdout, re.MULTILINE)
    assert match, (result.stdout, result.stderr)
    expected = len(parse(path).entries)
    assert expected > 0
    assert int(match.group(1)) == expected, (result.stdout, result.stderr)
