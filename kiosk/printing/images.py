"""Pictures for the receipt printer: text a printer cannot print as text, the sketch.

Receipt printers only know a few 8-bit code pages and print Arabic as isolated
letters, left to right. Such text is drawn here with Pillow, whose libraqm layout
shapes Arabic and orders mixed right-to-left and left-to-right text (bidi).
Pillow cannot fall back from one font to another, so one font must cover Latin,
Cyrillic and Arabic: DejaVu Sans (Debian's fonts-dejavu-core). The kiosk's own
web fonts are per-script subsets and could not draw a mixed line.
"""

import logging
from functools import lru_cache
from math import atan2, cos, hypot, sin
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

from ..languages import direction
from ..takehome.sketch import Sketch

FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")
FONTS = {False: "DejaVuSans.ttf", True: "DejaVuSans-Bold.ttf"}
FALLBACK_DIR = Path(__file__).resolve().parent.parent / "static" / "fonts"
FALLBACKS = {
    False: "atkinson-hyperlegible-next-latin-400.woff2",
    True: "atkinson-hyperlegible-next-latin-700.woff2",
}
LINE_SPACING = 1.3
BLACK, WHITE = 0, 255


@lru_cache(maxsize=16)
def font(size: int, bold: bool = False):
    """Return DejaVu Sans at `size` pixels, laid out with libraqm (shaping, bidi)."""
    path = FONT_DIR / FONTS[bold]
    if not path.exists():
        # Still print, with the kiosk's own Latin font, and say what is missing.
        logging.getLogger(__name__).warning(
            "%s is missing: install Debian's fonts-dejavu-core to print Arabic "
            "and Cyrillic slips.",
            path,
        )
        path = FALLBACK_DIR / FALLBACKS[bold]
    return ImageFont.truetype(str(path), size, layout_engine=ImageFont.Layout.RAQM)


def text_image(
    text: str,
    lang: str,
    width: int,
    size: int = 26,
    bold: bool = False,
    right: bool | None = None,
) -> Image.Image:
    """Return `text` wrapped to `width` pixels as a 1-bit image.

    Aligned right when `right`, by default when the language is right-to-left.
    """
    face, rtl = font(size, bold), direction(lang) == "rtl"
    right = rtl if right is None else right
    options = {"direction": "rtl" if rtl else "ltr", "language": lang}
    lines = wrap(text, width, lambda line: face.getlength(line, **options))
    line_height = round(size * LINE_SPACING)
    image = Image.new("L", (width, max(1, line_height * len(lines))), WHITE)
    draw = ImageDraw.Draw(image)
    for number, line in enumerate(lines):
        x, anchor = (width - 1, "ra") if right else (0, "la")
        y = number * line_height + round(size * 0.1)
        draw.text((x, y), line, font=face, fill=BLACK, anchor=anchor, **options)
    return to_bitmap(image)


def wrap(text: str, width: float, measure) -> list[str]:
    """Return `text` cut at spaces into lines no wider than `width` when possible."""
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        line = ""
        for whole in paragraph.split():
            for word in _pieces(whole, width, measure):
                candidate = f"{line} {word}" if line else word
                if line and measure(candidate) > width:
                    lines.append(line)
                    line = word
                else:
                    line = candidate
        lines.append(line)
    return lines


def _pieces(word: str, width: float, measure) -> list[str]:
    """Return a word wider than the paper cut into pieces that fit (else itself)."""
    if measure(word) <= width:
        return [word]
    pieces, piece = [], ""
    for char in word:
        if piece and measure(piece + char) > width:
            pieces.append(piece)
            piece = char
        else:
            piece += char
    return [*pieces, piece]


def to_bitmap(image: Image.Image) -> Image.Image:
    """Return a greyscale image as pure black and white, without dithering."""
    return image.point(lambda value: 255 if value >= 128 else 0).convert(
        "1", dither=Image.Dither.NONE
    )


def sketch_image(sketch: Sketch, north: str, lang: str) -> Image.Image:
    """Return the offline map sketch as a 1-bit image of sketch.width x height."""
    image = Image.new("L", (sketch.width, sketch.height), WHITE)
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, sketch.width - 1, sketch.height - 1), outline=BLACK, width=3)
    if not sketch.same_spot:
        _dashed(draw, sketch.you, sketch.place, dash=18, gap=12, width=6)
    _pin(draw, *sketch.place, scale=sketch.width / 480)
    x, y = sketch.you
    radius = round(16 * sketch.width / 480)
    draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=BLACK)
    _north(image, draw, north, lang)
    return to_bitmap(image)


def you_marker(size: int) -> Image.Image:
    """Return the "you are here" dot of the sketch, for the slip's legend."""
    image = Image.new("L", (size, size), WHITE)
    ImageDraw.Draw(image).ellipse((4, 4, size - 5, size - 5), fill=BLACK)
    return to_bitmap(image)


def place_marker(size: int) -> Image.Image:
    """Return the place's pin of the sketch, for the slip's legend."""
    image = Image.new("L", (size, size), WHITE)
    _pin(ImageDraw.Draw(image), size / 2, size - 2, scale=size / 64)
    return to_bitmap(image)


def _pin(draw: ImageDraw.ImageDraw, x: float, y: float, scale: float) -> None:
    """Draw a map pin whose point is at (x, y)."""
    r = 20 * scale
    cy = y - 36 * scale
    tip = [(x, y), (x - r * 0.87, cy + r * 0.5), (x + r * 0.87, cy + r * 0.5)]
    draw.polygon(tip, fill=BLACK)
    draw.ellipse((x - r, cy - r, x + r, cy + r), fill=BLACK)
    hole = 7 * scale
    draw.ellipse((x - hole, cy - hole, x + hole, cy + hole), fill=WHITE)


def _dashed(draw, start, end, dash: int, gap: int, width: int) -> None:
    """Draw a dashed line from start to end."""
    (x1, y1), (x2, y2) = start, end
    length, angle = hypot(x2 - x1, y2 - y1), atan2(y2 - y1, x2 - x1)
    position = 0.0
    while position < length:
        stop = min(position + dash, length)
        draw.line(
            (
                x1 + cos(angle) * position,
                y1 + sin(angle) * position,
                x1 + cos(angle) * stop,
                y1 + sin(angle) * stop,
            ),
            fill=BLACK,
            width=width,
        )
        position = stop + gap


def _north(image: Image.Image, draw: ImageDraw.ImageDraw, label: str, lang: str):
    """Draw the north arrow and its word in the top right corner."""
    word = text_line(label, lang, size=18, bold=True)
    x = image.width - max(32 * image.width / 480, word.width / 2 + 8)
    draw.polygon([(x, 14), (x + 12, 44), (x - 12, 44)], fill=BLACK)
    image.paste(word.convert("L"), (round(x - word.width / 2), 50))


def text_line(text: str, lang: str, size: int, bold: bool = False) -> Image.Image:
    """Return one line of text as a 1-bit image just as wide as the text."""
    face = font(size, bold)
    options = {"direction": direction(lang), "language": lang}
    width = max(1, round(face.getlength(text, **options)))
    image = Image.new("L", (width, round(size * LINE_SPACING)), WHITE)
    ImageDraw.Draw(image).text(
        (0, round(size * 0.1)), text, font=face, fill=BLACK, **options
    )
    return to_bitmap(image)
