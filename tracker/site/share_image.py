"""Share images: the 1200x630 PNG a social network shows beside a link to the overview or a platform.

Drawn at build time with Pillow in the font Pillow itself ships (Aileron, `ImageFont.load_default`),
so a fresh machine builds the site with nothing installed by hand and every machine draws the same
pixels; the bold lines are the same font with a one-pixel stroke. Made from the same derived facts as
the page: a platform's name as the page shows it
(the alias when it is not named, a flagged host defanged), its primary regulator, its status and working
days. No domain is ever drawn. The same lines are stored in the PNG's `Description` text chunk, so the
safety scanner (and a screen reader's alt text, via `og:image:alt`) reads what the picture says.

Byte-reproducible: no time or software chunk, fixed compression, and the same input draws the same
pixels with the pinned Pillow (which brings its own FreeType, zlib and this font).
"""

from __future__ import annotations

import functools
import io
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from PIL import Image, ImageDraw, ImageFont, PngImagePlugin

from tracker.model.dates import long_date

__all__ = ["HEIGHT", "SHARE", "WIDTH", "ShareCard", "share_png"]

SHARE = "share.png"
WIDTH, HEIGHT = 1200, 630
MARGIN = 64
# Grey levels: a greyscale PNG at compression level 6 takes about a sixth of the time of a colour one at
# level 9 (tens of milliseconds, which count on a site of thousands of platforms); the site is black on white.
INK, PAPER, BAND, RULE = 11, 255, 11, 120
TITLE_SIZES = (60, 52, 46)
# The stroke that makes the bundled regular font bold: the width in pixels, by kind of text.
STROKE = {"regular": 0, "bold": 1}


@dataclass(frozen=True)
class ShareCard:
    """What one image says, in plain text: a title (a platform's name or the site's), then lines."""

    title: str
    lines: tuple[str, ...]
    as_of: date
    site_name: str

    @property
    def text(self) -> str:
        """Everything drawn, in reading order: the `Description` chunk and the image's alt text."""
        return " ".join((self.title, *self.lines, f"As of {long_date(self.as_of)}.", self.site_name))


@functools.cache
def _font(kind: str, size: int) -> ImageFont.FreeTypeFont:
    font = ImageFont.load_default(size)
    assert isinstance(font, ImageFont.FreeTypeFont), "Pillow was built without FreeType"
    return font


def _wrap(text: str, font: ImageFont.FreeTypeFont, width: int, max_lines: int) -> list[str]:
    """Words in lines no wider than `width`; the last line ends in "…" when the text does not fit."""
    lines: list[str] = []
    words = text.split()
    while words and len(lines) < max_lines:
        line = words.pop(0)
        while words and font.getlength(f"{line} {words[0]}") <= width:
            line = f"{line} {words.pop(0)}"
        lines.append(line)
    if words:
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1]
        lines[-1] = last.rstrip() + "…"
    return lines


def _draw_lines(
    draw: ImageDraw.ImageDraw, y: int, lines: Sequence[str], font: ImageFont.FreeTypeFont, stroke: int = 0
) -> int:
    size = int(font.size)
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=INK, stroke_width=stroke, stroke_fill=INK)
        y += round(size * 1.25)
    return y


def share_png(card: ShareCard) -> bytes:
    """The image. A wide band with the site's name, the title large, the lines, the as-of date."""
    image = Image.new("L", (WIDTH, HEIGHT), PAPER)
    draw = ImageDraw.Draw(image)
    inner = WIDTH - 2 * MARGIN
    draw.rectangle((0, 0, WIDTH, 96), fill=BAND)
    draw.rectangle((0, 96, WIDTH, 104), fill=RULE)
    bold = STROKE["bold"]
    draw.text(
        (MARGIN, 28), card.site_name, font=_font("bold", 36), fill=PAPER, stroke_width=bold, stroke_fill=PAPER
    )
    # The title as large as lets it fit in two lines; a very long name is cut with "…" at the smallest.
    for size in TITLE_SIZES:
        title = _wrap(card.title, _font("bold", size), inner, 2)
        if not title[-1].endswith("…"):
            break
    y = _draw_lines(draw, 140, title, _font("bold", size), bold)
    y += 16
    body = _font("regular", 40)
    for line in card.lines:
        y = _draw_lines(draw, y, _wrap(line, body, inner, 2), body)
    as_of = f"Figures as of {long_date(card.as_of)}"
    draw.text((MARGIN, HEIGHT - 72), as_of, font=_font("regular", 32), fill=INK)
    info = PngImagePlugin.PngInfo()
    info.add_itxt("Title", card.title, zip=False)
    info.add_itxt("Description", card.text, zip=False)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info, compress_level=6)
    return out.getvalue()
