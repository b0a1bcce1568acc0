"""The inaction chart: inline SVG drawn at build time, so no chart library ever runs in a reader's browser.

One bar per reported platform, longest wait first; the part of a bar beyond the regulator's response
window is hatched as well as darker (never colour alone); each bar ends in its number, with words above it
saying whether the clock still runs; a labelled dashed rule marks the response window. The SVG is an
image (`role="img"` with a title and description); the page repeats every number in a table.

The SVG has no viewBox: horizontal positions are percentages of its width and text is in real pixels, so
bars stretch to fit a phone or a wide screen while the text stays readable at its normal size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

__all__ = ["Bar", "bar_caption", "inaction_chart", "tick_step"]

SPAN = 86.0  # percent of the width the longest bar may take; the rest holds its number
FONT_SIZE = 16
SMALL = 14
ROW = 80
BAR_HEIGHT = 22

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
    """The words under a bar's label: whether the clock still runs, and whether it is overdue."""
    late = max(0, bar.working_days - bar.window)
    if not bar.running:
        text = f"{bar.working_days} working days until an investigation or enforcement step"
        return f"{text}: {late} beyond the window" if late else text
    if late:
        return f"{bar.working_days} working days so far, still waiting: {late} beyond the window"
    return f"{bar.working_days} working days so far, still waiting"


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
    # A white halo behind every glyph keeps text readable where it crosses a grid line or the rule.
    halo = {"stroke": "#ffffff", "stroke_width": 4, "stroke_linejoin": "round", "paint_order": "stroke"}
    return f"<text{_attrs(x=x, y=f'{y:g}', **extra, **halo)}>{escape(content)}</text>"


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


def _row(frame: _Frame, i: int, bar: Bar) -> list[str]:
    x = frame.x
    row_top = frame.top + ROW * i
    bar_top = row_top + 46
    parts = ['<g class="chart-row">']
    parts.append(_text("0", row_top + 18, bar.label, fill=TEXT, font_weight="bold"))
    parts.append(_text("0", row_top + 38, bar_caption(bar), fill=TEXT, font_size=SMALL))
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
    parts.append(
        _text(
            _pct(x(bar.working_days)),
            bar_top + BAR_HEIGHT - 5,
            str(bar.working_days),
            dx=6,
            fill=TEXT,
            font_weight="bold",
        )
    )
    parts.append("</g>")
    return parts


def _window_rules(frame: _Frame, windows: Sequence[int]) -> list[str]:
    parts = []
    for j, window in enumerate(windows):
        label_y = frame.top - 8 - 22 * (len(windows) - 1 - j)
        at = _pct(frame.x(window))
        # Labels of rules past the middle sit to the left of their rule, so they never run off the edge.
        anchor, dx = ("start", 6) if frame.x(window) <= SPAN / 2 else ("end", -6)
        parts.append(
            f'<g class="chart-window"><line x1="{at}" y1="{label_y - 14}" x2="{at}" y2="{frame.bottom}"'
            f' stroke="{WINDOW_RULE}" stroke-width="3" stroke-dasharray="6 4"/>'
        )
        parts.append(
            _text(
                at, label_y, f"Response window: {window} working days", dx=dx, text_anchor=anchor, fill=TEXT
            )
            + "</g>"
        )
    return parts


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
    top = 8 + 22 * len(windows)  # one line per response-window label
    frame = _Frame(top, top + ROW * len(ordered), -(-maximum // step) * step, step, chart_id)
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
    parts += _axis(frame)
    for i, bar in enumerate(ordered):
        parts += _row(frame, i, bar)
    parts += _window_rules(frame, windows)
    parts.append("</svg>")
    return "".join(parts)
