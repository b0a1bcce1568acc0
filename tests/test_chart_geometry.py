"""The chart's response-window marks never cross a piece of text, at any screen width, and its text fits a phone.

The SVG mixes units: horizontal positions are percentages of the chart's width, text is in pixels. So a
test at one width proves little; instead these tests read the geometry the SVG states and prove, for every
width at once, that each window mark and each text are apart: either no height is shared, or the text
starts right of the mark in both units (a larger or equal percentage, and more pixels than the mark's
half-width plus the text's white halo). tests/test_browser.py measures the real boxes in Chromium too.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.site.chart import LABEL_CHARS, SMALL_CHARS, Bar, inaction_chart, wrap

SVG = "{http://www.w3.org/2000/svg}"
HALO = 2.0  # half the white stroke drawn behind every glyph
ASCENT, DESCENT = 0.95, 0.25  # of the font size, above and below the baseline (DejaVu Sans: 0.93, 0.24)
MARK_HALF_WIDTH = 1.5
SOME = settings(deadline=None, max_examples=300, suppress_health_check=[HealthCheck.too_slow])


@dataclass(frozen=True)
class Position:
    """A horizontal position as the SVG writes it: a percentage of the width plus pixels."""

    percent: float
    pixels: float


def _position(x: str, dx: str | None = None) -> Position:
    extra = float(dx) if dx else 0.0
    if x.endswith("%"):
        return Position(float(x[:-1]), extra)
    return Position(0.0, float(x) + extra)


@dataclass(frozen=True)
class Text:
    content: str
    at: Position
    anchor: str
    top: float
    bottom: float
    size: float
    bold: bool


@dataclass(frozen=True)
class Mark:
    at: Position
    top: float
    bottom: float


def _parse(svg: str) -> tuple[list[Text], list[Mark], list[ET.Element]]:
    root = ET.fromstring(svg)
    base = float(root.get("font-size", "16"))
    texts = []
    for t in root.iter(f"{SVG}text"):
        size = float(t.get("font-size", base))
        y = float(t.get("y", "0"))
        texts.append(
            Text(
                content=t.text or "",
                at=_position(t.get("x", "0"), t.get("dx")),
                anchor=t.get("text-anchor", "start"),
                top=y - ASCENT * size - HALO,
                bottom=y + DESCENT * size + HALO,
                size=size,
                bold=t.get("font-weight") == "bold",
            )
        )
    marks = [
        Mark(_position(line.get("x1", "0")), float(line.get("y1", "0")), float(line.get("y2", "0")))
        for line in root.iter(f"{SVG}line")
        if line.get("class") == "chart-window"
    ]
    bars = [r for r in root.iter(f"{SVG}rect") if r.get("class") in ("chart-bar", "chart-bar-beyond")]
    return texts, marks, bars


def _apart(mark: Mark, text: Text) -> bool:
    """True when `mark` and `text` cannot meet at any width of the chart."""
    if text.bottom <= mark.top or text.top >= mark.bottom:
        return True
    # Sharing a height: only a left-aligned text that starts right of the mark, in both units, is safe.
    return (
        text.anchor == "start"
        and text.at.percent >= mark.at.percent
        and text.at.pixels - HALO > mark.at.pixels + MARK_HALF_WIDTH
    )


labels = st.text(
    alphabet=st.characters(min_codepoint=32, max_codepoint=0x2FFF, exclude_categories=("Cs", "Cc")),
    min_size=1,
    max_size=90,
)
bar_lists = st.lists(
    st.builds(
        Bar,
        label=labels,
        working_days=st.integers(0, 1500),
        window=st.sampled_from([1, 5, 10, 20, 30, 60, 90, 400]),
        running=st.booleans(),
        overdue=st.booleans(),
    ),
    min_size=1,
    max_size=8,
)


def _chart(bars: list[Bar]) -> str:
    return inaction_chart(bars, title="t", description="d")


@SOME
@given(bar_lists)
def test_no_window_mark_ever_crosses_a_text(bars: list[Bar]) -> None:
    texts, marks, _ = _parse(_chart(bars))
    crossings = [(m, t.content) for m in marks for t in texts if not _apart(m, t)]
    assert crossings == []


@SOME
@given(bar_lists)
def test_every_bar_is_crossed_by_its_own_window_mark(bars: list[Bar]) -> None:
    """The marks exist (a chart with none would pass the test above): one per bar, at that bar's window,
    reaching above and below the bar, plus one in the legend."""
    svg = _chart(bars)
    _, marks, rects = _parse(svg)
    ordered = sorted(bars, key=lambda b: -b.working_days)
    on_bars = marks[1:]
    assert len(on_bars) == len(ordered)
    for bar, mark in zip(ordered, on_bars, strict=True):
        bar_rects = [r for r in rects if float(r.get("y", "0")) == mark.top + 4]
        assert mark.bottom - mark.top > 22
        if bar.working_days > bar.window:
            # The hatched part begins exactly at the mark.
            beyond = [r for r in bar_rects if r.get("class") == "chart-bar-beyond"]
            assert [_position(r.get("x", "0")) for r in beyond] == [mark.at]
        elif 0 < bar.working_days < bar.window:
            (within,) = bar_rects
            assert _position(within.get("width", "0")).percent < mark.at.percent


@SOME
@given(bar_lists)
def test_every_line_of_text_fits_a_320px_screen(bars: list[Bar]) -> None:
    """288px is a 320px screen less the page's margins; widths per character are DejaVu Sans's widest
    ordinary text (measured in Chromium), wider than the fonts phones ship."""
    texts, _, _ = _parse(_chart(bars))
    for text in texts:
        per_char = 10.0 if text.bold else 8.9 if text.size == 16 else 7.8
        if text.anchor != "start" or (text.at.percent > 0 and int(text.content) > 999):
            continue  # axis ticks are centred on their line; no wait is 1,000 working days (4 years)
        right = text.at.percent / 100 * 288 + text.at.pixels + per_char * len(text.content)
        assert right <= 288, text
    assert all(len(t.content) <= (LABEL_CHARS if t.bold else SMALL_CHARS) for t in texts)


@SOME
@given(st.text(alphabet=st.sampled_from("ab c\n"), max_size=200), st.integers(1, 40))
def test_wrap_keeps_every_character_and_no_line_is_too_long(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(len(line) <= width for line in lines)
    assert "".join("".join(line.split()) for line in lines) == "".join(text.split())
    # When every word fits, none is cut.
    if all(len(word) <= width for word in text.split()):
        assert [word for line in lines for word in line.split()] == text.split()


def test_the_demo_style_chart_states_its_window_and_captions() -> None:
    svg = _chart(
        [
            Bar("Image board X (not named, fictional)", 222, 20, running=True, overdue=True),
            Bar("Example Forum G (fictional)", 13, 20, running=True, overdue=False),
        ]
    )
    texts, marks, _ = _parse(svg)
    assert [t.content for t in texts if t.bold] == [
        "Image board X (not named,",
        "fictional)",
        "222",
        "Example Forum G",
        "(fictional)",
        "13",
    ]
    assert "Response window: 20 working days" in [t.content for t in texts]
    # The short bar's number is placed right of its window mark, not at the bar's end.
    number = next(t for t in texts if t.content == "13")
    assert number.at == Position(marks[-1].at.percent, 8.0)
