"""The built site in a real browser: axe-core at WCAG 2.2 AA, keyboard-only use, JS on and off, screenshots.

Debian's chromium is driven by Playwright's Python package (no browser download). These tests fail, never
skip, when chromium or axe-core is missing: `make test` installs both.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import chromium, running, server_on_free_port

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "tests" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
EXIT_URL = "https://www.bbc.co.uk/weather"
# Demo platforms whose harms include child sexual abuse material, and intimate images (deepfakes too).
CSAM_PLATFORMS = 2
NCII_PLATFORMS = 9

# One page of every type.
PAGES = {
    "overview": "",
    "platforms": "platforms/",
    "platform (named)": "platforms/example-forum-a/",
    "platform (not named)": "platforms/example-hidden-board/",
    "platform (two regulators)": "platforms/example-forum-d/",
    "platform (the real record)": "platforms/unnamed-image-boards-2026/",
    "chronology": "platforms/example-forum-a/chronology/",
    "data": "data/",
    "subscribe": "subscribe/",
    "working": "platforms/example-hidden-board/working/",
    "timeline page 1": "timeline/",
    "timeline page 2": "timeline/page/2/",
    "regulators": "regulators/",
    "regulator": "regulators/ofcom/",
    "methodology": "methodology/",
    "get help": "get-help/",
    "corrections": "corrections/",
    "article": "articles/about-the-demo-data/",
    "not found": "404.html",
}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def base_url(site: Path) -> Iterator[str]:
    """The built site over http on a free local port, for the module's tests."""
    with running(server_on_free_port(site)) as port:
        yield f"http://127.0.0.1:{port}/"


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    assert AXE.exists(), f"{AXE} is missing: run `make test`, which installs the npm test packages"
    with chromium() as browser:
        yield browser


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("screenshots")


def _axe_violations(page: Any) -> list[dict[str, Any]]:
    page.add_script_tag(path=str(AXE))
    result: dict[str, Any] = page.evaluate(
        "async (tags) => await axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    return list(result["violations"])


def _describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for v in violations:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['failureSummary']}")
    return "\n".join(lines)


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_axe_finds_no_violations_on_every_page_type(browser: Any, base_url: str, width: int) -> None:
    # bypass_csp lets the test inject axe inline; the site's own CSP forbids inline scripts.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    failures = {}
    try:
        for name, path in PAGES.items():
            page.goto(base_url + path)
            violations = _axe_violations(page)
            if violations:
                failures[name] = _describe(violations)
    finally:
        context.close()
    assert not failures, "\n".join(f"{name}:\n{text}" for name, text in failures.items())


def _tab_until_cycle(page: Any, limit: int = 400) -> list[dict[str, str]]:
    """Press Tab from the top of the page until focus comes back round; what got focus, in order."""
    seen: list[dict[str, str]] = []
    first_key = None
    for _ in range(limit):
        page.keyboard.press("Tab")
        info = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el || el === document.body) return null;
                if (!el.dataset.tabProbe) el.dataset.tabProbe = String(Math.random());
                return {key: el.dataset.tabProbe, tag: el.tagName.toLowerCase(), id: el.id || '',
                        href: el.getAttribute('href') || '', text: (el.textContent || '').trim()};
            }"""
        )
        if info is None:
            continue
        if info["key"] == first_key:
            return seen
        if first_key is None:
            first_key = info["key"]
        seen.append(info)
    raise AssertionError(f"focus did not cycle within {limit} presses of Tab")


def test_keyboard_alone_reaches_the_filter_and_every_link_on_the_overview(
    browser: Any, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url)
        links = page.evaluate(
            "() => Array.from(document.querySelectorAll('a[href]'))"
            ".map(a => { a.dataset.tabProbe = a.dataset.tabProbe || String(Math.random());"
            " return a.dataset.tabProbe; })"
        )
        focused = _tab_until_cycle(page)
    finally:
        context.close()
    keys = [f["key"] for f in focused]
    assert focused[0]["text"] == "Skip to main content"
    assert focused[1]["href"] == EXIT_URL, "the Exit control is the first thing after the skip link"
    assert "platforms-table-filter" in [f["id"] for f in focused]
    missing = [key for key in links if key not in keys]
    assert not missing, f"{len(missing)} of {len(links)} links were never reached with Tab"


def test_filter_hides_rows_that_do_not_match(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url)
        rows = page.locator("#platforms-table tbody tr")
        assert rows.count() == 9
        page.get_by_label("Filter platforms").fill("forum b")
        visible = [r.inner_text() for r in rows.all() if r.is_visible()]
        assert len(visible) == 1 and "Example Forum B (fictional)" in visible[0]
        assert page.locator("#platforms-table-filter-count").inner_text() == "Showing 1 of 9 platforms."
        page.get_by_label("Filter platforms").fill("no response")
        assert sum(1 for r in rows.all() if r.is_visible()) == 2
        # Harms by the short names readers search for.
        page.get_by_label("Filter platforms").fill("CSAM")
        assert sum(1 for r in rows.all() if r.is_visible()) == CSAM_PLATFORMS
        page.get_by_label("Filter platforms").fill("ncii")
        assert sum(1 for r in rows.all() if r.is_visible()) == NCII_PLATFORMS
        page.get_by_label("Filter platforms").fill("")
        assert sum(1 for r in rows.all() if r.is_visible()) == 9
    finally:
        context.close()


def test_sorting_by_working_days_puts_the_longest_wait_first(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url)
        button = page.locator("#platforms-table thead button", has_text="Working days waiting")
        button.click()
        header = page.locator("#platforms-table thead th").nth(4)
        assert header.get_attribute("aria-sort") == "ascending"
        button.click()
        assert header.get_attribute("aria-sort") == "descending"
        first = page.locator("#platforms-table tbody tr").first.locator("th").inner_text()
        assert first == "Image board X (not named, fictional)"
    finally:
        context.close()


def test_without_javascript_the_table_is_complete_and_no_dead_filter_shows(
    browser: Any, base_url: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(base_url)
        rows = page.locator("#platforms-table tbody tr")
        assert rows.count() == 9
        assert all(r.is_visible() for r in rows.all())
        assert rows.first.locator("th").inner_text() == "Image board X (not named, fictional)"  # longest wait
        assert not page.locator(".table-filter").is_visible()
        assert page.locator("#platforms-table thead button").count() == 0
        exit_link = page.get_by_role("link", name="Exit this page")
        assert exit_link.is_visible()
        assert exit_link.get_attribute("href") == EXIT_URL
    finally:
        context.close()


def test_exit_control_leaves_by_click_and_by_pressing_shift_three_times(browser: Any, base_url: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    # The neutral site is never contacted: the test only checks that the browser tried to go there.
    requested: list[str] = []

    def fake_exit(route: Any) -> None:
        requested.append(route.request.url)
        route.fulfill(status=200, content_type="text/html", body="<title>neutral</title>")

    context.route("https://www.bbc.co.uk/**", fake_exit)
    page = context.new_page()
    try:
        page.goto(base_url + "platforms/example-forum-a/")
        page.get_by_role("link", name="Exit this page").click()
        page.wait_for_url(EXIT_URL)
        assert requested == [EXIT_URL]

        page.goto(base_url + "platforms/example-forum-a/")
        page.locator("body").click(position={"x": 5, "y": 300})
        for _ in range(3):
            page.keyboard.press("Shift")
        page.wait_for_url(EXIT_URL)
        assert requested == [EXIT_URL, EXIT_URL]

        # Two presses and another key do nothing.
        page.goto(base_url + "methodology/")
        page.keyboard.press("Shift")
        page.keyboard.press("Shift")
        page.keyboard.press("a")
        page.keyboard.press("Shift")
        page.wait_for_timeout(200)
        assert page.url == base_url + "methodology/"
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize(("name", "path"), [("overview", ""), ("platform", "platforms/example-forum-a/")])
def test_screenshots(browser: Any, base_url: str, shots: Path, name: str, path: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url + path)
        target = shots / f"{name}-{width}.png"
        page.screenshot(path=str(target), full_page=True)
        # The page fits its width: only tables and the chart may scroll, inside their own containers.
        overflow = page.evaluate("() => document.documentElement.scrollWidth - window.innerWidth")
    finally:
        context.close()
    assert target.stat().st_size > 10_000
    print(f"screenshot: {target}")
    assert overflow <= 0, f"the page is {overflow}px wider than a {width}px screen"


# --- printing: the court chronology and the platform page -------------------------------------------


def _pdf_pages(pdf: Path) -> list[str]:
    """Each printed page's text with all white space removed (a long address wraps in the header)."""
    import subprocess

    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    assert "(A4)" in info, info
    count = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    pages = []
    for number in range(1, count + 1):
        text = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
        pages.append("".join(text.split()))
    return pages


@pytest.mark.parametrize(
    ("path", "title"),
    [
        ("platforms/example-forum-a/chronology/", "Chronology: Example Forum A (fictional)"),
        ("regulators/ofcom/chronology/", "Chronology: Ofcom and the platforms in this tracker"),
    ],
)
def test_the_printed_chronology_has_its_header_and_number_on_every_page(
    browser: Any, base_url: str, tmp_path: Path, path: str, title: str
) -> None:
    """Chromium prints the page as a reader's browser would (its own @page rules, A4); every sheet
    carries the title, the as-of date, the page's address and "Page n of N", and none the navigation."""
    page = browser.new_page()
    try:
        page.goto(base_url + path)
        pdf = tmp_path / "chronology.pdf"
        page.pdf(path=str(pdf), prefer_css_page_size=True)
    finally:
        page.close()
    pages = _pdf_pages(pdf)
    header = (
        f"{title} | figures as of 27 November 2026 | https://regulator-inaction-tracker.example.org/{path}"
    )
    # pdftotext drops the hyphen where the address wraps at one ("example-forum-" / "a/chronology").
    squeezed = "".join(header.split()).replace("-", "")
    print(f"{path}: {len(pages)} printed pages")
    assert len(pages) >= 2
    for number, text in enumerate(pages, start=1):
        assert text.replace("-", "").startswith(squeezed), (number, text[:200])
        assert text.endswith(f"Page{number}of{len(pages)}"), (number, text[-80:])
        for absent in ("Skiptomaincontent", "Exitthispage", "Contentwarning", "Correctionsandrightofreply"):
            assert absent not in text, (number, absent)
    assert "Thischronologylistsreportedevents" in pages[0]
    assert "Appendix:howtheworkingdayswerecounted" in "".join(pages)


def test_the_printed_platform_page_keeps_every_timeline_dot_on_the_sheet(browser: Any, base_url: str) -> None:
    """On a wide screen the timeline has two lanes with dots on either side of a central line; printed,
    it is one lane, and each dot must sit inside the page (the right-hand ones used to be cut off)."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        page.goto(base_url + "platforms/example-forum-a/")
        page.emulate_media(media="print")
        outside = page.evaluate(
            """() => [...document.querySelectorAll('.timeline__entry')].filter((e) => {
                const box = e.getBoundingClientRect();
                const dot = getComputedStyle(e, '::before');
                const left = box.left + parseFloat(dot.left);
                return left < 0 || left + parseFloat(dot.width) > document.documentElement.clientWidth
                    || Math.abs(left - document.querySelector('.timeline__entry').getBoundingClientRect().left
                        - parseFloat(getComputedStyle(document.querySelector('.timeline__entry'), '::before').left)) > 1;
            }).map((e) => e.id)"""
        )
    finally:
        page.close()
    assert outside == []


# --- phones: reflow, tables as cards, the first screen ---------------------------------------------

# Every element whose right edge is past the viewport, unless a scrolling box that fits holds it (a table
# may scroll inside its own container: WCAG 1.4.10 excepts data tables, not pages).
_PAST_THE_EDGE = """() => {
    const width = window.innerWidth;
    const held = (el) => {
        for (let p = el.parentElement; p; p = p.parentElement) {
            const style = getComputedStyle(p);
            if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)
                && p.getBoundingClientRect().right <= width + 0.5) return true;
        }
        return false;
    };
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
        const box = el.getBoundingClientRect();
        if ((box.width === 0 && box.height === 0) || box.right <= width + 0.5 || held(el)) continue;
        const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '');
        out.push(`${name} ends at ${Math.round(box.right)}px: ${(el.textContent || '').trim().slice(0, 60)}`);
    }
    return {scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}"""


def test_no_page_the_build_writes_is_wider_than_a_320px_screen(
    browser: Any, base_url: str, site: Path
) -> None:
    """WCAG 1.4.10 (reflow): every page, not one of each type, so a long name or address anywhere fails."""
    paths = sorted(str(p.relative_to(site)).removesuffix("index.html") for p in site.rglob("*.html"))
    assert {"", "platforms/", "data/", "subscribe/", "404.html", "timeline/page/2/"} <= set(paths)
    assert len(paths) > 35
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    failures = {}
    try:
        for path in paths:
            page.goto(base_url + path)
            found = page.evaluate(_PAST_THE_EDGE)
            if found["scroll"] > found["width"] or found["out"]:
                failures[path or "/"] = found
    finally:
        context.close()
    print(f"reflow at 320px: {len(paths)} pages")
    assert not failures, "\n".join(f"{path}: {found}" for path, found in failures.items())


# What a phone must show of each row without sideways scrolling, by table.
CARD_CELLS = {
    "platforms-table": ("Status", "Working days waiting", "Against the response window"),
    "waiting-table": ("Working days", "Against the response window"),
}


@pytest.mark.parametrize("width", [320, 390])
@pytest.mark.parametrize(
    ("path", "table_id"), [("", "platforms-table"), ("", "waiting-table"), ("platforms/", "platforms-table")]
)
def test_on_a_phone_each_row_shows_its_name_status_days_and_time_beyond_the_window(
    browser: Any, base_url: str, path: str, table_id: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 844})
    page = context.new_page()
    try:
        page.goto(base_url + path)
        rows = page.evaluate(
            """([id, labels]) => {
                const width = window.innerWidth;
                const container = document.getElementById(id).closest('.table-container');
                const shown = (el) => {
                    if (!el) return 'missing';
                    const box = el.getBoundingClientRect();
                    if (box.width === 0 || box.left < 0 || box.right > width + 0.5) return 'off screen';
                    return el.innerText.trim();
                };
                return {
                    scrolls: container.scrollWidth > container.clientWidth,
                    rows: [...document.querySelectorAll(`#${id} tbody tr`)].map((tr) => ({
                        name: shown(tr.querySelector('th[scope=row]')),
                        cells: labels.map((label) => {
                            const td = tr.querySelector(`td[data-label="${label}"]`);
                            return [shown(td), td ? getComputedStyle(td, '::before').content : ''];
                        }),
                    })),
                };
            }""",
            [table_id, list(CARD_CELLS[table_id])],
        )
    finally:
        context.close()
    assert not rows["scrolls"], "the table scrolls sideways"
    assert len(rows["rows"]) >= 7
    for row in rows["rows"]:
        assert row["name"] not in ("missing", "off screen") and row["name"].endswith(")"), row
        for label, (text, before) in zip(CARD_CELLS[table_id], row["cells"], strict=True):
            assert text not in ("missing", "off screen", ""), (row["name"], label, text)
            # The visible label, with empty alternative text so a screen reader does not hear it twice.
            assert before == f'"{label}: " / ""', (label, before)


def test_the_phone_cards_are_still_a_table_to_a_screen_reader(browser: Any, base_url: str) -> None:
    """CSS `display: block` must not strip the table's roles; each cell's name is its content alone."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(base_url)
        cdp = context.new_cdp_session(page)
        cdp.send("Accessibility.enable")
        root = cdp.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]

        def ax(selector: str) -> dict[str, Any]:
            node = cdp.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
            found: dict[str, Any] = cdp.send(
                "Accessibility.getPartialAXTree", {"nodeId": node, "fetchRelatives": False}
            )
            return dict(found["nodes"][0])

        def role(selector: str) -> tuple[str, str]:
            node = ax(selector)
            return node["role"]["value"], node.get("name", {}).get("value", "")

        assert role("#platforms-table") == ("table", "All platforms tracked (9)")
        assert role("#platforms-table tbody tr")[0] == "row"
        assert role("#platforms-table thead th:nth-child(3)") == ("columnheader", "Status")
        assert role("#platforms-table tbody th") == ("rowheader", "Image board X (not named, fictional)")
        assert role('#platforms-table tbody td[data-label="Status"]') == ("cell", "No response Overdue")
        assert role("#waiting-table tbody td[data-label=Regulator]") == ("cell", "Ofcom")
    finally:
        context.close()


@pytest.mark.parametrize("javascript", [True, False])
def test_the_first_phone_screen_shows_the_whole_headline_after_the_notices(
    browser: Any, base_url: str, javascript: bool
) -> None:
    """At 390x844 the demonstration banner, the as-of line (with its "days old" warning, which JavaScript
    adds to a demo built for a past day) and the content warning come first, and the sentence of findings
    still fits on the first screen."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=javascript)
    page = context.new_page()
    try:
        page.goto(base_url)
        boxes = page.evaluate(
            """() => Object.fromEntries(['.demo-banner', '#figures-as-of', '.content-warning', '#headline']
                .map((s) => { const b = document.querySelector(s).getBoundingClientRect();
                              return [s, [b.top, b.bottom, b.height]]; }))"""
        )
        stale = page.locator(".figures-age").is_visible()
        warning = page.get_by_role("note", name="Content warning:")
        assert warning.is_visible()
        assert "child sexual abuse material" in warning.inner_text()
    finally:
        context.close()
    assert stale == javascript
    order = [boxes[s][0] for s in (".demo-banner", "#figures-as-of", ".content-warning", "#headline")]
    assert order == sorted(order) and all(boxes[s][2] > 0 for s in boxes)
    top, bottom, _ = boxes["#headline"]
    print(f"headline at 390px: {top:.0f}-{bottom:.0f}px (JavaScript {'on' if javascript else 'off'})")
    assert top > 0 and bottom <= 844, f"the headline runs from {top:.0f} to {bottom:.0f}px"


@pytest.mark.parametrize("width", [320, 390, 1280])
def test_the_charts_window_marks_cross_no_text_as_drawn(browser: Any, base_url: str, width: int) -> None:
    """The boxes Chromium draws (tests/test_chart_geometry.py proves the same for any width, on paper)."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        page.goto(base_url)
        found = page.evaluate(
            """() => {
                const svg = document.querySelector('svg.chart');
                const marks = [...svg.querySelectorAll('line.chart-window')].map((l) => l.getBoundingClientRect());
                const texts = [...svg.querySelectorAll('text')].map((t) => [t.textContent, t.getBoundingClientRect()]);
                const meet = (a, b) => a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
                const crossings = [];
                for (const m of marks) for (const [text, box] of texts) if (meet(m, box)) crossings.push(text);
                const edge = svg.getBoundingClientRect().right;
                return {marks: marks.length, crossings,
                        past: texts.filter(([, box]) => box.right > edge + 0.5).map(([text]) => text)};
            }"""
        )
    finally:
        context.close()
    assert found["marks"] == 8  # the legend's and one on each of the seven bars
    assert found["crossings"] == []
    assert found["past"] == []


def test_on_a_phone_a_focused_sort_button_is_shown(browser: Any, base_url: str) -> None:
    """The cards hide the header row; a keyboard user who tabs into its sort buttons must see them."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    try:
        page.goto(base_url + "platforms/")
        button = page.locator("#platforms-table thead button").first
        # Clipped content is not hit: the point at the button's centre finds it only when it is shown.
        hit = """(b) => { b.scrollIntoView({block: 'center'}); const r = b.getBoundingClientRect();
                        return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === b; }"""
        before = button.evaluate(hit)
        button.focus()
        after = button.evaluate(hit)
        box = button.bounding_box()
        button.press("Enter")
        sorted_first = page.locator("#platforms-table tbody th").first.inner_text()
    finally:
        context.close()
    assert (before, after) == (False, True)
    assert box is not None and box["height"] >= 24 and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert sorted_first == "Example App E (fictional)"  # by name, A to Z
