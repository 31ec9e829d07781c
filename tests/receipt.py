"""A reader of the ESC/POS bytes the kiosk sends: what a receipt printer would print.

It knows exactly the commands the slip uses and fails on any other, so a test
notices when the printer would get something unexpected. `preview()` draws the
receipt (text in a monospace font, pictures as sent) for decoding and looking.
"""

from dataclasses import dataclass, field

from PIL import Image, ImageChops, ImageDraw, ImageFont

ESC, GS, LF = 0x1B, 0x1D, 0x0A
# Commands with one parameter byte (after ESC or GS) that only change the style.
ONE_BYTE = {
    (ESC, ord("t")),  # code page
    (ESC, ord("!")),  # print mode
    (ESC, ord("{")),  # upside down
    (ESC, ord("E")),  # bold
    (ESC, ord("-")),  # underline
    (ESC, ord("M")),  # font
    (ESC, ord("a")),  # alignment
    (ESC, ord("d")),  # feed n lines
    (GS, ord("b")),  # smoothing
    (GS, ord("B")),  # reverse
    (GS, ord("!")),  # character size
}
CODE_PAGES = {2: "cp850"}


@dataclass
class Line:
    """A line of text with the style it was printed in."""

    text: str
    bold: bool = False
    double_height: bool = False
    align: int = 0


@dataclass
class Receipt:
    """What the bytes print: text lines and pictures in order, and the commands."""

    items: list = field(default_factory=list)  # Line or PIL image
    cuts: int = 0
    code_page: int = 0

    @property
    def lines(self) -> list[Line]:
        """Return the text lines."""
        return [item for item in self.items if isinstance(item, Line)]

    @property
    def images(self) -> list[Image.Image]:
        """Return the pictures."""
        return [item for item in self.items if isinstance(item, Image.Image)]

    @property
    def text(self) -> str:
        """Return all text lines joined by newlines."""
        return "\n".join(line.text for line in self.lines)

    @property
    def words(self) -> str:
        """Return all text as one line, single-spaced: phrases wrapped at the
        paper's columns read whole again."""
        return " ".join(self.text.split())

    @property
    def sketches(self) -> list[Image.Image]:
        """Return the pictures framed in black all round: the map sketch."""
        return [image for image in self.images if framed(image)]


def read(data: bytes) -> Receipt:
    """Return the Receipt of ESC/POS bytes; raise ValueError on an unknown command."""
    receipt, i, text = Receipt(), 0, bytearray()
    style = {"bold": False, "double_height": False, "align": 0}
    while i < len(data):
        byte = data[i]
        if byte == LF:
            encoding = CODE_PAGES.get(receipt.code_page, "cp437")
            receipt.items.append(Line(text.decode(encoding), **style))
            text, i = bytearray(), i + 1
        elif byte == ESC and data[i + 1] == ord("@"):
            i += 2
        elif byte in (ESC, GS) and (byte, data[i + 1]) in ONE_BYTE:
            _style(receipt, style, data[i + 1], data[i + 2], byte)
            i += 3
        elif byte == GS and data[i + 1] == ord("V"):
            receipt.cuts += 1
            i += 3
        elif byte == GS and data[i + 1 : i + 3] == b"v0":
            image, i = _raster(data, i)
            receipt.items.append(image)
        elif byte < 0x20:
            raise ValueError(f"unexpected control byte {byte:#04x} at {i}")
        else:
            text.append(byte)
            i += 1
    if text:
        raise ValueError(f"text without a line feed at the end: {bytes(text)!r}")
    return receipt


def _style(receipt: Receipt, style: dict, command: int, value: int, prefix: int):
    """Apply a one-byte style command."""
    if prefix == ESC and command == ord("t"):
        receipt.code_page = value
    elif prefix == ESC and command == ord("E"):
        style["bold"] = bool(value)
    elif prefix == ESC and command == ord("!"):
        style["double_height"] = bool(value & 0x10)
    elif prefix == ESC and command == ord("a"):
        style["align"] = value
    elif prefix == ESC and command == ord("d"):
        receipt.items.extend(Line("") for _ in range(value))


def _raster(data: bytes, i: int) -> tuple[Image.Image, int]:
    """Return the picture of a GS v 0 command at i, and the index after it."""
    width_bytes = data[i + 4] + 256 * data[i + 5]
    height = data[i + 6] + 256 * data[i + 7]
    start = i + 8
    end = start + width_bytes * height
    if end > len(data):
        raise ValueError("picture data cut short")
    # ESC/POS: a set bit is a black dot; Pillow's "1" mode: a set bit is white.
    bits = bytes(255 - b for b in data[start:end])
    image = Image.frombytes("1", (width_bytes * 8, height), bits)
    return image, end


def framed(image: Image.Image) -> bool:
    """Return True when every dot on the picture's edges is black."""
    width, height = image.size
    edges = [(0, 0, width, 1), (0, height - 1, width, height)]
    edges += [(0, 0, 1, height), (width - 1, 0, width, height)]
    return all(image.crop(edge).getbbox() is None for edge in edges)  # no white


def black_box(image: Image.Image) -> tuple[int, int, int, int] | None:
    """Return the bounding box of a picture's black dots (None when blank)."""
    return ImageChops.invert(image.convert("L")).getbbox()


def preview(receipt: Receipt, dots: int = 576) -> Image.Image:
    """Return the receipt drawn as paper: font A text (12 x 24 dots) and pictures."""
    mono = "/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf"
    regular = ImageFont.truetype(mono, 20)
    height = sum(_height(item) for item in receipt.items) + 48
    paper = Image.new("L", (dots, height), 255)
    draw, y = ImageDraw.Draw(paper), 24
    for item in receipt.items:
        if isinstance(item, Line):
            scale = 2 if item.double_height else 1
            font = ImageFont.truetype(mono, 20 * scale) if scale > 1 else regular
            x = (dots - 12 * len(item.text)) // 2 if item.align == 1 else 0
            draw.text((x, y), item.text, font=font, fill=0)
        else:
            x = (dots - item.width) // 2
            paper.paste(item.convert("L"), (x, y))
        y += _height(item)
    return paper


def _height(item) -> int:
    if isinstance(item, Line):
        return 48 if item.double_height else 24
    return item.height
