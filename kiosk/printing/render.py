"""The referral slip as ESC/POS bytes, for 80 mm and 58 mm receipt paper.

Text that code page 850 can hold (French, English, Spanish, Portuguese: most
Latin text) is sent as text, which prints crisply and fast; anything else
(Arabic, Cyrillic, Turkish or Romanian letters) is sent as a picture. Both
papers use the Epson TM-T20II command set (python-escpos profile); the 58 mm
one with its 384-dot width and 32 columns.
"""

import textwrap
import unicodedata
from copy import deepcopy
from dataclasses import dataclass

from escpos.printer import Dummy
from PIL import Image

from ..languages import direction
from ..takehome.qr import qr_image, qr_matrix
from ..takehome.referral import Slip
from ..takehome.sketch import layout
from ..web.templating import phone_display
from .images import place_marker, sketch_image, text_image, you_marker

CODE_PAGE = "CP850"
QR_MODULE_DOTS = 8  # 1 mm at 203 dpi: a version-3 code is 37 mm wide
SIZES = {"small": 22, "normal": 26, "big": 36}  # picture text, in dots
# Typography code page 850 lacks, and what a receipt prints instead.
TYPOGRAPHY = str.maketrans(
    {
        "’": "'",
        "‘": "'",
        "“": '"',
        "”": '"',
        "–": "-",
        "—": "-",
        "…": "...",
        "\u00a0": " ",
        "\u202f": " ",
        "\u2009": " ",
    }
)


@dataclass(frozen=True)
class Paper:
    """A receipt paper width: printable dots at 203 dpi and Font A columns."""

    mm: int
    dots: int
    columns: int


PAPERS = {80: Paper(80, 576, 48), 58: Paper(58, 384, 32)}


def printer_for(paper: Paper) -> Dummy:
    """Return a python-escpos Dummy printer (it keeps the bytes) for a paper."""
    printer = Dummy(profile="TM-T20II")
    data = deepcopy(printer.profile.profile_data)
    data["media"]["width"] = {"mm": paper.dots / 8, "pixels": paper.dots}
    data["fonts"]["0"]["columns"] = paper.columns
    printer.profile.profile_data = data  # this printer only, not the shared class
    return printer


def without_controls(text: str) -> str:
    """Return `text` with every control character (ESC, GS, line feeds…) a space:
    data must never send the printer a command."""
    return "".join(
        " " if unicodedata.category(c) == "Cc" else c
        for c in unicodedata.normalize("NFC", text)
    )


def printable(text: str) -> str | None:
    """Return `text` as the printer can print it as text, or None (a picture then).

    Invisible format characters (zero-width, direction overrides) are left out: a
    receipt printer has no use for them and code page 850 has none of them.
    """
    plain = without_controls(text).translate(TYPOGRAPHY)
    plain = "".join(c for c in plain if unicodedata.category(c) != "Cf")
    try:
        plain.encode(CODE_PAGE)
    except UnicodeEncodeError:
        return None
    return plain


class SlipWriter:
    """Writes a slip's parts to a Dummy printer: text when it can, pictures else."""

    def __init__(self, paper: Paper):
        self.paper = paper
        self.printer = printer_for(paper)
        self.printer.hw("INIT")
        self.printer.charcode(CODE_PAGE)

    def text(self, value: str, lang: str, size="normal", bold=False, align="left"):
        """Print a paragraph in `lang`."""
        value = without_controls(value)
        plain = printable(value) if direction(lang) == "ltr" else None
        if plain is None:
            picture = text_image(value, lang, self.paper.dots, SIZES[size], bold)
            self.printer.image(picture)
            return
        big = size == "big"
        self.printer.set_with_default(align=align, bold=bold, double_height=big)
        for line in textwrap.wrap(plain, self.paper.columns) or [""]:
            self.printer.textln(line)

    def heading(self, value: str, lang: str) -> None:
        """Print a section title: a blank line, then bold text."""
        self.printer.ln()
        self.text(value, lang, bold=True)

    def rule(self) -> None:
        """Print a line across the paper."""
        self.printer.set_with_default()
        self.printer.textln("-" * self.paper.columns)

    def picture(self, image: Image.Image) -> None:
        """Print a picture, centred."""
        self.printer.image(image, center=True)

    def finish(self) -> bytes:
        """Feed, cut and return every byte written."""
        self.printer.cut()
        return self.printer.output


def slip_bytes(slip: Slip, paper_mm: int = 80) -> bytes:
    """Return the ESC/POS bytes of a referral slip on 80 or 58 mm paper (else 80)."""
    out = SlipWriter(PAPERS.get(paper_mm, PAPERS[80]))
    lang, titles = slip.lang, slip.headings
    out.text(titles["title"], lang, size="big", bold=True, align="center")
    out.text(titles["need"], lang)
    out.text(slip.need.value, slip.need.lang, size="big", bold=True)
    out.rule()
    _place(out, slip)
    _hours(out, slip)
    _practical(out, slip)
    _way(out, slip)
    out.printer.ln()
    out.picture(_qr(slip.url, out.paper))
    out.text(titles["scan"], lang, align="center")
    if slip.desk_line is not None:
        out.rule()
        out.text(slip.desk_line.value, slip.desk_line.lang, bold=True)
    out.rule()
    out.text(slip.printed, lang, size="small")
    return out.finish()


def _place(out: SlipWriter, slip: Slip) -> None:
    """Print the place: name, address, phone, open now."""
    out.text(slip.name, "fr", size="big", bold=True)
    for line in slip.address:
        out.text(line, "fr")
    if slip.phone:
        out.heading(slip.headings["phone"], slip.lang)
        out.text(phone_display(slip.phone), "fr", size="big", bold=True)
    out.printer.ln()
    out.text(slip.state, slip.lang, bold=True)
    for note in slip.notes:
        if note.text:
            out.text(note.text, slip.lang, bold=True)
        if note.notice:
            out.text(note.notice.value, note.notice.lang)


def _hours(out: SlipWriter, slip: Slip) -> None:
    """Print the hours of the seven days ahead (or that they are unknown)."""
    out.heading(slip.headings["hours"], slip.lang)
    if not slip.hours_known:
        out.text(slip.hours[0].hours, slip.lang)
        return
    for line in slip.hours:
        out.text(f"{line.day}: {line.hours}", slip.lang, bold=line.today)


def _practical(out: SlipWriter, slip: Slip) -> None:
    """Print whether to book, what to bring and how to get there."""
    out.heading(slip.headings["appointment"], slip.lang)
    out.text(slip.appointment, slip.lang)
    if slip.to_bring:
        out.heading(slip.headings["to_bring"], slip.lang)
        for item in slip.to_bring:
            out.text(f"- {item.value}", item.lang)
            if item.lang != slip.lang:
                out.text(slip.headings["in_french"], slip.lang, size="small")
    if slip.getting_there is not None:
        out.heading(slip.headings["getting_there"], slip.lang)
        out.text(slip.getting_there.value, slip.getting_there.lang)


def _way(out: SlipWriter, slip: Slip) -> None:
    """Print the way in words, the sketch and its legend."""
    out.heading(slip.headings["way"], slip.lang)
    out.text(slip.directions, slip.lang)
    dots = out.paper.dots
    margin = round(64 * dots / 480)  # the pin stands 56 (scaled) above its point
    sketch = layout(slip.origin, slip.destination, dots, dots // 2, margin=margin)
    out.picture(sketch_image(sketch, slip.headings["north"], slip.lang))
    rtl = slip.dir == "rtl"
    you = _legend(you_marker(36), slip.headings["you"], slip.lang, dots, rtl)
    out.picture(you)
    out.picture(_legend(place_marker(36), slip.name, "fr", dots, rtl))


def _legend(marker, label: str, lang: str, width: int, rtl: bool) -> Image.Image:
    """Return one legend row: the marker, then its label (mirrored when RTL)."""
    room = width - marker.width - 12
    words = text_image(label, lang, room, SIZES["normal"], right=rtl)
    row = Image.new("1", (width, max(marker.height, words.height)), 1)
    row.paste(marker, (room + 12, 0) if rtl else (0, 0))
    row.paste(words, (0, 0) if rtl else (marker.width + 12, 0))
    return row


def _qr(url: str, paper: Paper) -> Image.Image:
    """Return the QR code image, 1 mm modules unless the paper is too narrow."""
    modules = len(qr_matrix(url))
    return qr_image(url, max(1, min(QR_MODULE_DOTS, paper.dots // modules)))
