"""A publish build served as GitHub Pages serves a project site: under a sub-path of its host.

The site is built with publishconf.py and `SITEURL=http://127.0.0.1:<port>/owner-repo/site`, served on
127.0.0.1 under that sub-path only (anything outside it is a 404, as another repository's pages would
be), and every page type is loaded in Debian's chromium: the stylesheet applies, the console shows no
Content-Security-Policy violation or failed request, and every link, stylesheet, script and icon on our
own host resolves. A missing address gets the site's 404 page, with a 404 status, as the host sends it.
"""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urldefrag, urlsplit
from zoneinfo import ZoneInfo

import pytest
from browsing import QuietHandler, chromium, running, server_on_free_port

from tracker.build.site import build_site
from tracker.settings import PublishAddressError, publish_site_url

ROOT = Path(__file__).resolve().parent.parent
SUB_PATH = "/owner-repo/site"
TODAY = "2026-11-27"
LONDON = ZoneInfo("Europe/London")

# One page of every type the build writes, from the site root.
PAGES = (
    "",
    "platforms/",
    "platforms/example-forum-a/",
    "platforms/example-hidden-board/",
    "platforms/example-hidden-board/working/",
    "timeline/",
    "timeline/page/2/",
    "regulators/",
    "regulators/ofcom/",
    "methodology/",
    "data/",
    "subscribe/",
    "get-help/",
    "corrections/",
    "articles/about-the-demo-data/",
    "404.html",
)


class _SubPathHandler(QuietHandler):
    """Serves the folder under SUB_PATH only; a missing file gets `404.html` with a 404, as Pages does."""
    def translate_path(self, path: str) -> str:
        path = urlsplit(path).path
        if path != SUB_PATH and not path.startswith(SUB_PATH + "/"):
            return os.path.join(self.directory, "no-such-file-outside-the-sub-path")
        return super().translate_path(path[len(SUB_PATH) :] or "/")

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The publish build, served; yields its base address (ending in `/`)."""
    output = tmp_path_factory.mktemp("publish") / "output"
    output.mkdir()
    server = server_on_free_port(output, _SubPathHandler)
    base = f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SITEURL", base + "/")  # as the Pages configuration gives it: with a slash
        build_site(
            today=date.fromisoformat(TODAY),
            settings_file=ROOT / "publishconf.py",
            output=output,
            data=ROOT / "data" / "platforms.yaml",
            extra_settings={"PATH": str(ROOT / "content"), "THEME": str(ROOT / "theme")},
        )
    with running(server):
        yield base + "/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with chromium() as browser:
        yield browser


def _status(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return int(response.status)
    except urllib.error.HTTPError as error:
        return error.code


# The addresses a page makes a reader's browser fetch or follow.
LINKS = """() => Array.from(document.querySelectorAll('a[href], link[href], script[src], img[src]'))
    .map((e) => e.href || e.src).concat(Array.from(document.querySelectorAll(
      'meta[property="og:image"], meta[name="twitter:image"], meta[property="og:url"]')).map((e) => e.content))"""
SHARE_IMAGE = """() => document.querySelector('meta[property="og:image"]').content"""
STYLED = """() => getComputedStyle(document.querySelector('.exit-this-page__link')).display !== 'inline'
    && document.styleSheets.length > 0 && document.styleSheets[0].cssRules.length > 10"""


@pytest.mark.browser
def test_every_page_type_works_under_a_sub_path(browser: Any, served: str) -> None:
    origin = served.split(SUB_PATH)[0]
    page = browser.new_page()
    console: list[str] = []
    page.on("console", lambda m: console.append(f"{m.type}: {m.text}") if m.type in ("error", "warning") else None)
    page.on("requestfailed", lambda r: console.append(f"failed: {r.url}"))
    page.on("response", lambda r: console.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    links: set[str] = set()
    for path in PAGES:
        response = page.goto(served + path)
        assert response is not None and response.status == 200, path
        assert page.evaluate(STYLED), f"{path or 'overview'}: the stylesheet did not apply"
        links.update(urldefrag(link)[0] for link in page.evaluate(LINKS))
        own = f"{served}{path}share.png" if path.startswith("platforms/example") and path.count("/") == 2 else ""
        assert page.evaluate(SHARE_IMAGE) == (own or served + "share.png"), path
    page.goto(served + "platforms/example-forum-a/")
    snippet = page.locator("#badge-snippet").input_value()  # what a reader copies, as they copy it
    links.update(re.findall(r'(?:href|src)="([^"]+)"', snippet))
    assert f'src="{served}platforms/example-forum-a/badge.svg"' in snippet
    page.close()
    assert console == []
    ours = sorted(link for link in links if link.startswith(origin))
    assert all(link.startswith(served) for link in ours), [x for x in ours if not x.startswith(served)]
    assert len(ours) > 40
    broken = [link for link in ours if _status(link) != 200]
    assert broken == []


@pytest.mark.browser
def test_a_missing_address_gets_the_404_page_with_its_way_out(browser: Any, served: str) -> None:
    page = browser.new_page()
    failed: list[str] = []
    page.on("requestfailed", lambda r: failed.append(r.url))
    page.on("console", lambda m: failed.append(m.text) if m.type == "error" and "404" not in m.text else None)
    response = page.goto(served + "platforms/no-such-platform/deeper/")
    assert response is not None and response.status == 404
    assert page.evaluate(STYLED)
    assert page.locator("h1").inner_text() == "Page not found"
    assert page.locator(".exit-this-page__link").get_attribute("href") == "https://www.bbc.co.uk/weather"
    assert page.get_by_role("link", name="Get help", exact=True).first.get_attribute("href") == served + "get-help/"
    nav = page.get_by_role("navigation", name="Main").get_by_role("link")
    assert nav.count() == 7
    page.close()
    assert failed == []


def test_publish_build_without_an_address_stops_with_a_message() -> None:
    with pytest.raises(PublishAddressError, match=r"^publishconf\.py: SITEURL is not set\. A publish build"):
        publish_site_url(None)
    with pytest.raises(PublishAddressError, match="SITEURL is not set"):
        publish_site_url("  ")
    with pytest.raises(PublishAddressError, match=r"SITEURL 'owner\.github\.io/repo' is not a site address"):
        publish_site_url("owner.github.io/repo")
    with pytest.raises(PublishAddressError, match="is not a site address"):
        publish_site_url("https://owner.github.io/repo?x=1")
    assert publish_site_url("https://owner.github.io/repo/\n") == "https://owner.github.io/repo"
    assert publish_site_url("https://tracker.example.org") == "https://tracker.example.org"


AGE = ".figures-age"


@pytest.mark.browser
@pytest.mark.parametrize(
    ("reader_today", "notice"),
    [
        ("2026-11-27T09:00:00", None),
        ("2026-11-29T23:30:00", None),
        ("2026-11-30T00:30:00", "These figures are 3 days old: the site has not been updated since then."),
        ("2027-01-05T12:00:00", "These figures are 39 days old: the site has not been updated since then."),
    ],
)
def test_the_page_says_how_old_its_figures_are_after_two_days(
    browser: Any, served: str, reader_today: str, notice: str | None
) -> None:
    page = browser.new_page(timezone_id="Europe/London")  # the reader's own today, in their own zone
    page.clock.set_fixed_time(datetime.fromisoformat(reader_today).replace(tzinfo=LONDON))
    page.goto(served + "platforms/example-forum-a/")
    top = page.locator("main > p.figures-as-of")
    assert top.locator("time").get_attribute("datetime") == TODAY
    if notice is None:
        assert page.locator(AGE).is_hidden()
        assert top.inner_text() == "Figures as of 27 November 2026."
    else:
        assert page.locator(AGE).inner_text().strip() == notice
        assert top.inner_text() == f"Figures as of 27 November 2026. {notice}"
    page.close()


@pytest.mark.browser
def test_without_javascript_the_as_of_date_stays_at_the_top(browser: Any, served: str) -> None:
    context = browser.new_context(java_script_enabled=False, timezone_id="Europe/London")
    page = context.new_page()
    page.clock.set_fixed_time(datetime(2027, 1, 5, 12, tzinfo=LONDON))
    page.goto(served)
    # The first thing in the page after the demonstration banner (a setting of the shipped demo).
    first = page.locator("main > :not(.demo-banner)").first
    assert first.inner_text() == "Figures as of 27 November 2026."
    assert page.locator(AGE).is_hidden()
    context.close()
