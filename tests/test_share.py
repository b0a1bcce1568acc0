"""Sharing a platform's findings: the SVG badge says what the page's status box says, names no domain,
and holds to the safety scanner like every other file; the snippet on the page is absolute and inert."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hostile import Hostile
from output_scan import readable_texts, scan_html

from tracker.settings import TrackerSettings
from tracker.site.badges import ShareFacts, badge_svg, share_view

AS_OF = date(2026, 11, 27)

ROOT = Path(__file__).resolve().parent.parent


def _facts(**changes: object) -> ShareFacts:
    values: dict[str, object] = {
        "platform_id": "p",
        "platform": "Forum <A> & co",
        "regulator": "Ofcom",
        "status": "No response",
        "overdue": False,
        "running": True,
        "working_days": 12,
    }
    values.update(changes)
    return ShareFacts(**values)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({}, "No response: waiting 12 working days so far"),
        ({"overdue": True, "working_days": 222}, "No response, overdue: waiting 222 working days so far"),
        ({"working_days": 1}, "No response: waiting 1 working day so far"),
        (
            {"running": False, "status": "Investigating", "working_days": 89},
            "Investigating; first investigation or enforcement step after 89 working days",
        ),
        ({"working_days": None, "status": "Not reported"}, "Not reported"),
    ],
)
def test_badge_words_follow_the_clock(changes: dict[str, object], words: str) -> None:
    assert _facts(**changes).words == words


def test_the_badge_is_text_only_and_escaped() -> None:
    svg = badge_svg(_facts(overdue=True), AS_OF, "Tracker")
    title = "Forum &lt;A&gt; &amp; co with Ofcom: No response, overdue: waiting 12 working days so far. As of 27 November 2026, Tracker."
    assert f"<title>{title}</title>" in svg and f'aria-label="{title}"' in svg
    assert _lines(svg)[1:] == ["No response, overdue: waiting 12 working", "days so far"]
    assert 'fill="#942514"' in svg  # overdue, said in words as well
    assert not re.search(r"<(script|a|image|use|foreignObject|style)\b|href|on\w+=", svg)


def test_the_snippet_is_absolute_and_its_alt_text_never_goes_stale() -> None:
    settings = TrackerSettings(site_url="https://owner.github.io/repo", site_name="Tracker")
    view = share_view(_facts(platform_id="example-forum-a"), settings, AS_OF)
    assert view.snippet == (
        '<a href="https://owner.github.io/repo/platforms/example-forum-a/">'
        '<img src="https://owner.github.io/repo/platforms/example-forum-a/badge.svg" '
        'alt="Status of Forum &lt;A&gt; &amp; co with Ofcom, updated daily by the Tracker" width="'
        f'{view.width}" height="{view.height}"></a>'
    )
    assert (view.width, view.height) == (340, 74)  # stacked: see the phone-width tests below
    dev = share_view(
        _facts(), TrackerSettings(site_url="../..", feed_site_url="https://tracker.example.org/"), AS_OF
    )
    assert dev.snippet.startswith('<a href="https://tracker.example.org/platforms/p/">')


def _lines(svg: str) -> list[str]:
    return [html.unescape(line) for line in re.findall(r">([^<>]+)</text>", svg)]


_WORDS = [
    {"running": running, "overdue": overdue, "working_days": days, "status": status}
    for running in (True, False)
    for overdue in (True, False)
    for days in (0, 1, 99999, None)
    for status in ("No response", "Enforcement action", "Offline or blocked in UK", "Investigating")
]


@pytest.mark.parametrize("regulator", ["Ofcom", "ICO", "Information Commissioner's Office", "eSafety"])
@pytest.mark.parametrize("changes", _WORDS)
def test_every_badge_fits_a_phone_and_keeps_every_word(regulator: str, changes: dict[str, object]) -> None:
    """A badge wider than a phone is scaled down until its text is too small to read."""
    facts = _facts(regulator=regulator, **changes)
    svg = badge_svg(facts, AS_OF, "Tracker")
    size = re.search(r'<svg [^>]*width="(\d+)" height="(\d+)" viewBox="0 0 (\d+) (\d+)"', svg)
    assert size is not None
    width, height = int(size.group(1)), int(size.group(2))
    assert (width, height) == (int(size.group(3)), int(size.group(4)))
    assert width <= 380  # 13-pixel text stays at 11 pixels or more in a 320-pixel-wide column
    lines = _lines(svg)
    assert " ".join(lines) == f"{regulator} {facts.words}"  # wrapped, never cut
    widths = [int(w) for w in re.findall(r'textLength="(\d+)"', svg)]
    xs = [float(x) for x in re.findall(r'<text x="([\d.]+)"', svg)]
    assert all(x + w <= width for x, w in zip(xs, widths, strict=True))  # no line runs off the badge
    ys = [int(y) for y in re.findall(r' y="(\d+)" fill', svg)]
    assert ys == sorted(ys) and ys[-1] < height  # lines in reading order, all inside the badge


def test_a_short_badge_stays_on_one_line() -> None:
    svg = badge_svg(_facts(working_days=None, status="Not reported"), AS_OF, "Tracker")
    assert _lines(svg) == ["Ofcom", "Not reported"]
    assert 'height="28"' in svg and re.findall(r' y="(\d+)" fill', svg) == ["19", "19"]


def _status_box_words(page: str) -> str:
    """The words of the status box's first clock: the primary regulator's, which the badge shows."""
    box = re.search(r'<div class="status-box__clock".*?</div>', page, re.S)
    assert box is not None
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", box.group(0))).split())


def test_every_platform_has_a_badge_that_agrees_with_its_page(site: Path) -> None:
    pages = sorted(site.glob("platforms/*/index.html"))
    assert len(pages) >= 8
    for page in pages:
        text = page.read_text(encoding="utf-8")
        svg = (page.parent / "badge.svg").read_text(encoding="utf-8")
        right = " ".join(_lines(svg)[1:])
        box = _status_box_words(text)
        days = re.search(r"(\d+) working days?", right)
        if days:  # the same count, and the same running-or-stopped, as the status box
            assert f"{days.group(1)} working day" in box, page
            assert ("so far" in right) == ("so far" in box), page
        assert right.split(";")[0].split(":")[0].split(",")[0] in box, page  # the status label
        assert svg.rstrip("\n") in text  # the page shows the very badge it offers
        assert "&lt;a href=&#34;https://regulator-inaction-tracker.example.org/platforms/" in text


def test_an_unnamed_platform_badge_shows_its_alias_and_no_domain(site: Path) -> None:
    svg = (site / "platforms" / "example-hidden-board" / "badge.svg").read_text(encoding="utf-8")
    assert "Image board X (not named, fictional) with Ofcom: No response, overdue: waiting 222" in svg
    assert "hidden-board" not in svg.lower() and ".invalid" not in svg and "[.]" not in svg


def test_hostile_data_makes_badges_the_scanners_find_clean(hostile: Hostile) -> None:
    badges = sorted(hostile.output.glob("platforms/*/badge.svg"))
    assert len(badges) >= 10
    for badge in badges:
        assert scan_html(badge.as_posix(), badge.read_text(encoding="utf-8"), None).found == []
        for text in readable_texts(badge):
            assert hostile.flagged.mentions(text) == [], badge
            assert "hidden-board" not in text.lower(), badge


# --- share images ----------------------------------------------------------------------------------------


def _png_text(path: Path) -> dict[str, str]:
    from PIL import Image

    with Image.open(path) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (1200, 630), "L")
        return {str(k): str(v) for k, v in image.text.items()}  # type: ignore[attr-defined]


def test_every_platform_and_the_overview_have_a_share_image_saying_what_the_page_says(site: Path) -> None:
    overview = _png_text(site / "share.png")
    assert overview["Description"] == (
        "What was reported to online-safety regulators, when, and what they did"
        " 9 platforms tracked; 3 reported platforms with no investigation or enforcement step by any regulator"
        " 222 working days: the longest wait, Image board X (not named, fictional)"
        " As of 27 November 2026. Regulator Inaction Tracker"
    )
    index = (site / "index.html").read_text(encoding="utf-8")
    for number in ("9", "3", "222"):
        assert f'<span class="counter__value">{number}</span>' in index or f">{number}</a></span>" in index
    hidden = _png_text(site / "platforms" / "example-hidden-board" / "share.png")
    assert hidden == {
        "Title": "Image board X (not named, fictional)",
        "Description": "Image board X (not named, fictional) With Ofcom: No response, overdue: waiting 222"
        " working days so far As of 27 November 2026. Regulator Inaction Tracker",
    }
    for page in sorted(site.glob("platforms/*/index.html")):
        text = _png_text(page.parent / "share.png")["Description"]
        badge = (page.parent / "badge.svg").read_text(encoding="utf-8")
        assert re.findall(r">([^<>]+)</text>", badge)[1] in text, page  # the badge's words, the same
        assert ".invalid" not in text and "[.]" not in text, page  # no domain, not even defanged


def test_share_metadata_is_absolute_in_a_publish_build_only(site: Path) -> None:
    page = (site / "platforms" / "example-forum-a" / "index.html").read_text(encoding="utf-8")
    assert '<meta name="twitter:card" content="summary_large_image">' in page
    assert 'property="og:image"' not in page  # a development build has no address to give


def test_hostile_names_reach_the_share_images_defanged(hostile: Hostile) -> None:
    images = sorted(hostile.output.glob("platforms/*/share.png"))
    assert len(images) >= 10
    drawn = [_png_text(image)["Description"] for image in images]
    assert any("[.]" in text for text in drawn)  # a flagged host in a name is drawn, defanged
    for image, text in zip(images, drawn, strict=True):
        assert hostile.flagged.mentions(text) == [], image
        for raw in readable_texts(image):  # what a scanner reading the file's bytes sees
            assert hostile.flagged.mentions(raw) == [], image


def test_share_images_need_no_font_from_the_machine() -> None:
    """The font is Pillow's own, so a fresh machine builds the site and every machine draws alike: in a
    process where looking up a font file by name fails, an image is still drawn."""
    code = (
        "from PIL import ImageFont\n"
        "real = ImageFont.truetype\n"
        "def only_bundled(font=None, *args, **kwargs):\n"
        "    if isinstance(font, (str, bytes)) or hasattr(font, '__fspath__'):\n"
        "        raise OSError('no font file may be looked up on the machine')\n"
        "    return real(font, *args, **kwargs)\n"
        "ImageFont.truetype = only_bundled\n"
        "from datetime import date\n"
        "from tracker.site.share_image import ShareCard, share_png\n"
        "png = share_png(ShareCard('Example', ('A line.',), date(2026, 11, 27), 'Site'))\n"
        "print(png[:4] == b'\\x89PNG')\n"
    )
    run = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=False)
    assert (run.returncode, run.stdout.strip()) == (0, "True"), run.stderr
