"""What a static host and the web around it look for: the 404 page, robots.txt, the icons, and the
freshness guard that reads the published as-of date (`.github/freshness.py`, run by freshness.yml)."""

from __future__ import annotations

import functools
import http.server
import struct
import sys
import threading
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tracker.site.host_files import robots_txt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / ".github"))
from freshness import as_of, fetch, main, verdict  # noqa: E402

IMG = ROOT / "theme" / "static" / "img"


def test_robots_lets_every_crawler_in_and_names_the_absolute_sitemap() -> None:
    assert robots_txt("https://owner.github.io/repository") == (
        "# Every page of this site may be read and indexed.\n"
        "User-agent: *\n"
        "Allow: /\n"
        "Sitemap: https://owner.github.io/repository/sitemap.xml\n"
    )
    assert robots_txt("https://tracker.example.org/").endswith("Sitemap: https://tracker.example.org/sitemap.xml\n")
    assert "Sitemap:" not in robots_txt("") and "Sitemap:" not in robots_txt("../..")


def test_the_dev_build_writes_robots_and_the_404_page(site: Path) -> None:
    assert (site / "robots.txt").read_text(encoding="utf-8") == robots_txt("")
    page = (site / "404.html").read_text(encoding="utf-8")
    assert "<h1>Page not found</h1>" in page
    assert '<meta name="robots" content="noindex">' in page and 'rel="canonical"' not in page
    assert 'class="exit-this-page__link" href="https://www.bbc.co.uk/weather"' in page
    assert '<a href="./get-help/">Get help and support</a>' in page
    assert "404.html" not in (site / "sitemap.xml").read_text(encoding="utf-8")


def test_every_page_links_both_icons_and_states_its_as_of_date(site: Path) -> None:
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        text = path.read_text(encoding="utf-8")
        depth = len(path.relative_to(site).parts) - 1
        root = "." if depth == 0 else "/".join([".."] * depth)
        assert f'<link rel="icon" href="{root}/theme/img/favicon.svg" type="image/svg+xml">' in text, path
        assert f'<link rel="icon" href="{root}/theme/img/favicon.ico" sizes="16x16 32x32">' in text, path
        assert '<meta name="dcterms.modified" content="2026-11-27">' in text, path
        assert as_of(text) == date(2026, 11, 27)
    assert (site / "theme" / "img" / "favicon.ico").read_bytes() == (IMG / "favicon.ico").read_bytes()


def test_the_icons_are_what_browsers_read() -> None:
    svg = (IMG / "favicon.svg").read_text(encoding="utf-8")
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32">')
    assert "<script" not in svg and "href" not in svg  # nothing to run, nothing fetched
    ico = (IMG / "favicon.ico").read_bytes()
    reserved, kind, count = struct.unpack("<HHH", ico[:6])
    assert (reserved, kind, count) == (0, 1, 2)
    sizes = []
    for n in range(count):
        width, height, _, _, _, _, size, offset = struct.unpack("<BBBBHHII", ico[6 + 16 * n : 22 + 16 * n])
        assert ico[offset : offset + 8] == b"\x89PNG\r\n\x1a\n"
        assert struct.unpack(">II", ico[offset + 16 : offset + 24]) == (width, height)
        assert offset + size <= len(ico)
        sizes.append(width)
    assert sizes == [16, 32]


# --- the freshness guard ---------------------------------------------------------------------------------

PAGE = '<head><meta name="dcterms.modified" content="2026-11-27"></head>'


def test_the_guard_passes_todays_figures_and_names_a_stale_day() -> None:
    site = "https://owner.github.io/repository/"
    assert verdict(site, PAGE, date(2026, 11, 27)) == (
        True,
        "https://owner.github.io/repository/: figures as of 2026-11-27, today in London. Current.",
    )
    assert verdict(site, PAGE, date(2026, 11, 29)) == (
        False,
        "https://owner.github.io/repository/: figures as of 2026-11-27, 2 days before today (2026-11-29) in"
        " London. The daily deploy did not run or did not finish: see the latest runs of the 'Deploy site'"
        " workflow, and run it by hand once the cause is fixed.",
    )
    assert "1 day before today" in verdict(site, PAGE, date(2026, 11, 28))[1]
    assert verdict(site, "<html></html>", date(2026, 11, 27))[0] is False
    assert verdict(site, None, date(2026, 11, 27)) == (
        False,
        "https://owner.github.io/repository/ could not be read: the site may be down or its address has changed.",
    )


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def local_site(tmp_path: Path) -> Iterator[str]:
    (tmp_path / "index.html").write_text(PAGE, encoding="utf-8")
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def test_the_guard_reads_the_published_page_and_fails_when_it_is_old(
    local_site: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert as_of(fetch(local_site) or "") == date(2026, 11, 27)
    assert fetch(local_site + "missing/") is None
    assert main([local_site]) == 1  # 2026-11-27 is long past on any machine running this
    out, err = capsys.readouterr()
    assert out == "" and err.startswith(f"{local_site}: figures as of 2026-11-27, ")
    assert "The daily deploy did not run or did not finish" in err
    assert main([]) == 2
