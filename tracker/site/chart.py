"""The inaction chart: inline SVG drawn at build time, so no chart library ever runs in a reader's browser.

One bar per reported platform, longest wait first; the part of a bar beyond the regulator's response
window is hatched as well as darker (never colour alone); each bar ends in its number, with words above it
saying whether the clock still runs. A short dashed red mark crosses each bar at its own regulator's
response window, explained by a legend above the bars. The SVG is an image (`role="img"` with a title and
description); the page repeats every number in a table.

The SVG has no viewBox: horizontal positions are percentages of its width and text is in real pixels, so
bars stretch to fit a phone or a wide screen while the text stays readable at its normal size. Two rules
make that safe at any width, and tests/test_chart_geometry.py checks both on generated charts:
- text is wrapped here to fit a 320px screen (`LABEL_CHARS`, `SMALL_CHARS`, measured with a wide font);
- the window marks never share a height with text, except the bar's number, which always starts to the
  right of its mark. A mark through the whole chart would cross every label, because labels start at
  the left edge and the window is near it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Bar", "bar_caption", "inaction_chart", "tick_step", "wrap"]

SPAN = 84.0  # percent of the width the longest bar may take; the rest holds its number
FONT_SIZE = 16
SMALL = 14
# Characters per line that fit 288px (a 320px screen less the page's margins) in DejaVu Sans, wider than
# the fonts phones ship: 9.4px a character at 16px bold, 7.3px at 14px, with room for capitals.
LABEL_CHARS = 26
SMALL_CHARS = 34
LABEL_LINE = 20
SMALL_LINE = 18
BAR_GAP = 10  # between a row's last line of text and its bar: the window mark reaches 4px into it
BAR_HEIGHT = 22
ROW_GAP = 20
MARK_OVERHANG = 4  # how far a window mark reaches above and below its bar
NUMBER_DX = 8  # the bar's number starts this far right of the bar's end or of the window mark

TEXT = "#0b0c0c"
SECONDARY = "#505a5f"
BAR = "#1d70b8"
BEYOND = "#003078"
STRIPE = "#8eb8dc"
WINDOW_RULE = "#d4351c"
GRID = "#b1b4b6"


@dataclass(frozen=True)
class Bar:
    """One platform's primary clock. `label` is plain text (already defanged); it is escaped here."""

    label: str
    working_days: int
    window: int
    running: bool
    overdue: bool


def bar_caption(bar: Bar) -> str:
    """The words under a bar's label: whether the clock still runs, and how far beyond the window.

    Short, because on a phone each line holds about 34 characters: the table under the chart gives the
    full sentence, and the figure's caption says what stops a clock.
    """
    late = max(0, bar.working_days - bar.window)
    if not bar.running:
        text = f"Clock stopped after {bar.working_days} working days"
        return f"{text}: {late} beyond the window" if late else f"{text}, within the window"
    if late:
        return f"Still waiting after {bar.working_days} working days: {late} beyond the window"
    return f"Still waiting after {bar.working_days} working days, within the window"


def wrap(text: str, width: int) -> list[str]:
    """Words in lines of at most `width` characters; a longer word is cut, so no line is ever wider.

    SVG text does not wrap by itself, and a line wider than the screen would widen the page.
    """
    lines: list[str] = []
    line = ""
    for word in text.split():
        while len(word) > width:
            if line:
                lines.append(line)
                line = ""
            lines.append(word[:width])
            word = word[width:]
        if not word:
            continue
        if line and len(line) + 1 + len(word) <= width:
            line = f"{line} {word}"
        else:
            if line:
                lines.append(line)
            line = word
    if line:
        lines.append(line)
    return lines or [""]


def tick_step(maximum: int) -> int:
    """A round axis step giving at most six ticks."""
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000):
        if maximum / step <= 6:
            return step
    return int(10 ** len(str(maximum)))


def _attrs(**values: object) -> str:
    return "".join(f' {name.rstrip("_").replace("_", "-")}="{escape(str(v))}"' for name, v in values.items())


def _pct(value: float) -> str:
    return f"{round(value, 3):g}%"


def _text(x: str, y: float, content: str, **extra: object) -> str:
    # A white halo behind every glyph keeps text readable where it crosses a grid line.
    halo = {"stroke": "#ffffff", "stroke_width": 4, "stroke_linejoin": "round", "paint_order": "stroke"}
    return f"<text{_attrs(x=x, y=f'{y:g}', **extra, **halo)}>{escape(content)}</text>"


def _lines(x: str, first_baseline: float, lines: Sequence[str], step: int, **extra: object) -> list[str]:
    return [_text(x, first_baseline + step * k, line, **extra) for k, line in enumerate(lines)]


def _mark(x: str, y1: float, y2: float) -> str:
    return (
        f'<line class="chart-window" x1="{x}" y1="{y1:g}" x2="{x}" y2="{y2:g}"'
        f' stroke="{WINDOW_RULE}" stroke-width="3" stroke-dasharray="6 4"/>'
    )


@dataclass(frozen=True)
class _Frame:
    """Where things go: `top` and `bottom` of the rows, and the scale from days to a share of the width."""

    top: int
    bottom: int
    axis_max: int
    step: int
    chart_id: str

    def x(self, days: float) -> float:
        return days / self.axis_max * SPAN


def _axis(frame: _Frame) -> list[str]:
    # Grid and axis first, so bars and labels are drawn over them.
    parts = ['<g class="chart-axis">']
    for tick in range(0, frame.axis_max + 1, frame.step):
        at = _pct(frame.x(tick))
        parts.append(
            f'<line x1="{at}" y1="{frame.top}" x2="{at}" y2="{frame.bottom}"'
            f' stroke="{GRID}" stroke-width="1"/>'
        )
        anchor = "start" if tick == 0 else "middle"
        parts.append(
            _text(at, frame.bottom + 20, str(tick), text_anchor=anchor, fill=SECONDARY, font_size=SMALL)
        )
    parts.append(_text("0", frame.bottom + 44, "Working days", fill=SECONDARY, font_size=SMALL))
    parts.append("</g>")
    return parts


def _row_height(bar: Bar) -> int:
    label = len(wrap(bar.label, LABEL_CHARS))
    caption = len(wrap(bar_caption(bar), SMALL_CHARS))
    return LABEL_LINE * label + SMALL_LINE * caption + BAR_GAP + BAR_HEIGHT + ROW_GAP


def _row(frame: _Frame, row_top: int, bar: Bar) -> list[str]:
    x = frame.x
    label = wrap(bar.label, LABEL_CHARS)
    caption = wrap(bar_caption(bar), SMALL_CHARS)
    caption_top = row_top + LABEL_LINE * len(label)
    bar_top = caption_top + SMALL_LINE * len(caption) + BAR_GAP
    parts = ['<g class="chart-row">']
    parts += _lines("0", row_top + 16, label, LABEL_LINE, fill=TEXT, font_weight="bold")
    parts += _lines("0", caption_top + 14, caption, SMALL_LINE, fill=TEXT, font_size=SMALL)
    within = min(bar.working_days, bar.window)
    if within > 0:
        parts.append(
            f'<rect class="chart-bar" x="0" y="{bar_top}" width="{_pct(x(within))}"'
            f' height="{BAR_HEIGHT}" fill="{BAR}"/>'
        )
    if bar.working_days > bar.window:
        parts.append(
            f'<rect class="chart-bar-beyond" x="{_pct(x(bar.window))}" y="{bar_top}"'
            f' width="{_pct(x(bar.working_days) - x(bar.window))}" height="{BAR_HEIGHT}"'
            f' fill="url(#{frame.chart_id}-hatch)" stroke="{BEYOND}" stroke-width="1"/>'
        )
    parts.append(_mark(_pct(x(bar.window)), bar_top - MARK_OVERHANG, bar_top + BAR_HEIGHT + MARK_OVERHANG))
    # A bar shorter than its window puts its number past the mark, so the mark never crosses it.
    number_at = _pct(x(max(bar.working_days, bar.window)))
    number = str(bar.working_days)
    baseline = bar_top + BAR_HEIGHT - 5
    parts.append(_text(number_at, baseline, number, dx=NUMBER_DX, fill=TEXT, font_weight="bold"))
    parts.append("</g>")
    return parts


def _legend(windows: Sequence[int]) -> tuple[list[str], int]:
    """What the red marks mean, above the bars; returns the markup and the height it takes."""
    if len(windows) == 1:
        text = f"Response window: {windows[0]} working days"
    else:
        listed = ", ".join(str(w) for w in windows[:-1]) + f" or {windows[-1]}"
        text = f"Response windows: {listed} working days (each bar is marked at its own)"
    lines = wrap(text, SMALL_CHARS - 2)
    height = SMALL_LINE * len(lines)
    parts = ['<g class="chart-legend">', _mark("4", 2, height)]
    parts += _lines("0", 14, lines, SMALL_LINE, dx=16, fill=TEXT, font_size=SMALL)
    parts.append("</g>")
    return parts, height + 12


def inaction_chart(
    bars: Sequence[Bar], *, title: str, description: str, chart_id: str = "inaction-chart"
) -> str:
    """SVG markup for `bars`, sorted longest first (ties keep their given order).

    Every piece of text is escaped here, so callers pass plain strings. Returns "" when there is nothing
    to draw: the page then says so in words.
    """
    if not bars:
        return ""
    ordered = sorted(bars, key=lambda b: -b.working_days)
    windows = sorted({b.window for b in ordered})
    maximum = max(max(b.working_days for b in ordered), max(windows), 1)
    step = tick_step(maximum)
    legend, top = _legend(windows)
    heights = [_row_height(b) for b in ordered]
    frame = _Frame(top, top + sum(heights), -(-maximum // step) * step, step, chart_id)
    height = frame.bottom + 52
    parts: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="100%" height="{height}"'
        f' role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
        f'<defs><pattern id="{chart_id}-hatch" patternUnits="userSpaceOnUse" width="8" height="8"'
        ' patternTransform="rotate(45)">'
        f'<rect width="8" height="8" fill="{BEYOND}"/>'
        f'<line x1="0" y1="0" x2="0" y2="8" stroke="{STRIPE}" stroke-width="3"/></pattern></defs>',
    ]
    parts += legend
    parts += _axis(frame)
    row_top = frame.top
    for bar, row_height in zip(ordered, heights, strict=True):
        parts += _row(frame, row_top, bar)
        row_top += row_height
    parts.append("</svg>")
    return "".join(parts)
