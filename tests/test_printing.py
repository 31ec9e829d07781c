"""The receipt printer: the slip's bytes, and talking to a printer on loopback."""

import re
from datetime import datetime

import pytest

from kiosk.printing import PAPERS, PrinterProblem, send_to_printer, slip_bytes
from kiosk.printing.images import text_image
from kiosk.printing.render import SIZES, printer_for
from kiosk.ranking.hours import PARIS
from kiosk.takehome.referral import build_slip
from tests.conftest import make_kiosk, make_need, make_structure
from tests.fake_printer import (
    NO_PAPER,
    OFFLINE,
    PAPER_LOW,
    FakePrinter,
    RefusingPrinter,
)
from tests.qr_decode import decode
from tests.receipt import Line, black_box, preview, read

NOW = datetime(2026, 11, 24, 10, 30, tzinfo=PARIS)
URL = "https://kiosque.example.fr/p/k3x9m2?l="
# How a printer could be sent Cyrillic as text: UTF-8 or one of its code pages.
CYRILLIC_ENCODINGS = (
    "utf-8",
    "cp866",
    "cp855",
    "cp1251",
    "koi8-r",
    "koi8-u",
    "iso8859-5",
)


@pytest.fixture
def make_slip(app):
    """Return a function building the slip of a town hall for a passport."""
    kiosk = make_kiosk(name="Hall de la mairie")
    need = make_need(
        slug="passeport",
        label={
            "fr": "Passeport",
            "ar": "جواز السفر",
            "uk": "Закордонний паспорт",
            "ru": "Заграничный паспорт",
        },
        to_bring={
            "fr": "Une photo d'identité",
            "ar": "صورة شخصية",
            "uk": "Фотографія на документи",
            "ru": "Фотография на документы",
        },
    )
    place = make_structure(
        nom="Hôtel de Ville",
        adresse="Place Pey Berland",
        telephone="+33556102020",
        horaires="Mo-Fr 08:30-17:00; Sa 09:00-12:00; PH off",
        getting_there={"fr": "Tram A, arrêt Hôtel de Ville"},
        latitude=44.8420,
        longitude=-0.5740,
    )

    def build(lang: str = "fr"):
        return build_slip(need, place, kiosk, NOW, lang, URL + lang, "650 m")

    return build


@pytest.fixture
def printer():
    printer = FakePrinter()
    yield printer
    printer.close()


def test_french_slip_is_text_with_a_qr_picture_and_a_cut(make_slip):
    receipt = read(slip_bytes(make_slip("fr"), 80))
    assert receipt.cuts == 1
    assert receipt.code_page == 2  # CP850: French accents as text
    text, words = receipt.text, receipt.words
    need = receipt.lines[receipt.lines.index(Line("Votre demande")) + 1]
    assert need == Line("Passeport", bold=True, double_height=True)  # as asked
    assert "Hôtel de Ville" in text and "Place Pey Berland" in text
    assert "05 56 10 20 20" in text
    assert "mardi 24 novembre: 08:30-17:00" in text  # the seven days ahead
    assert "dimanche 29 novembre: " in text and "lundi 30 novembre" in text
    assert "À apporter\n- Une photo d'identité" in text
    assert "Pour y aller\nTram A, arrêt Hôtel de Ville" in text
    assert "À 650 m au nord-est, environ 16 minutes à pied" in text
    assert "Imprimé le 24 novembre 2026 sur la borne « Hall de la mairie »" in words
    assert "pour l'accueil" not in text.lower()  # no desk line for French readers
    assert [URL + "fr"] in [decode(image) for image in receipt.images]


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_the_sketch_is_a_paper_wide_picture_after_the_way_in_words(make_slip, paper_mm):
    dots = PAPERS[paper_mm].dots
    receipt = read(slip_bytes(make_slip("fr"), paper_mm))
    [sketch] = receipt.sketches
    assert sketch.size == (dots, dots // 2)
    # Inside its frame: the dot, the pin, the dashed way and the north arrow.
    inside = sketch.crop((4, 4, dots - 4, dots // 2 - 4))
    black = inside.histogram()[0] / (inside.width * inside.height)
    assert 0.01 < black < 0.25, black
    items = receipt.items
    way = next(
        i
        for i, item in enumerate(items)
        if isinstance(item, Line) and item.text.startswith("À 650 m au nord-est")
    )
    qr = next(
        i for i, item in enumerate(items) if not isinstance(item, Line) and decode(item)
    )
    assert way < items.index(sketch) < qr


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_nothing_is_wider_than_the_paper(make_slip, paper_mm):
    paper = PAPERS[paper_mm]
    dots_per_mm = printer_for(paper).profile.profile_data["media"]["dpi"] / 25.4
    for lang in ("fr", "ar"):
        receipt = read(slip_bytes(make_slip(lang), paper_mm))
        assert max(image.width for image in receipt.images) == paper.dots
        assert max(len(line.text) for line in receipt.lines) <= paper.columns
        qr = next(image for image in receipt.images if decode(image))
        assert decode(qr) == [URL + lang]
        # The symbol itself, quiet zone left out, is at least 25 mm: 1 mm modules
        # make a version-3 code 29 mm (37 mm with its quiet zone).
        left, top, right, bottom = black_box(qr)
        assert min(right - left, bottom - top) / dots_per_mm >= 25


def test_arabic_is_printed_as_pictures_and_the_desk_line_in_french(make_slip):
    data = slip_bytes(make_slip("ar"), 80)
    assert "جواز".encode() not in data  # never sent as text: printers cannot shape it
    receipt = read(data)
    assert len(receipt.images) > 10
    # Latin data stays text; the desk line speaks French and names the language.
    assert "Hôtel de Ville" in receipt.text
    desk = " ".join(line.text for line in receipt.lines if line.bold)
    assert "Passeport" in desk and "arabe" in desk


@pytest.mark.parametrize(("lang", "language"), [("uk", "ukrainien"), ("ru", "russe")])
def test_cyrillic_is_printed_as_pictures_and_the_desk_line_in_french(
    make_slip, lang, language
):
    slip = make_slip(lang)
    data = slip_bytes(slip, 80)
    texts = [*slip.headings.values(), slip.need.value, slip.state, slip.directions]
    texts += [slip.printed, *(item.value for item in slip.to_bring)]
    texts += [line.day for line in slip.hours]
    words = {word for text in texts for word in re.findall(r"[Ѐ-ӿ]{5,}", text)}
    assert len(words) > 20
    for word in words:  # never sent as text, whatever code page the printer has
        for encoded in encodings(word, CYRILLIC_ENCODINGS):
            assert encoded not in data, (word, encoded)
    receipt = read(data)
    # The need in the visitor's words is a picture, big and bold.
    need = text_image(slip.need.value, lang, 576, SIZES["big"], bold=True)
    assert need.tobytes() in [image.tobytes() for image in receipt.images]
    assert len(receipt.images) > 10
    # Latin data stays text; the desk line speaks French and names the language.
    assert "Hôtel de Ville" in receipt.text
    desk = " ".join(line.text for line in receipt.lines if line.bold)
    assert "Passeport" in desk and language in desk


def encodings(word: str, names) -> list[bytes]:
    """Return `word` in each encoding of `names` that can hold it."""
    found = []
    for name in names:
        try:
            found.append(word.encode(name))
        except UnicodeEncodeError:
            continue
    return found


def test_a_58_mm_preview_decodes_too(make_slip):
    receipt = read(slip_bytes(make_slip("uk"), 58))
    paper = preview(receipt, dots=384)
    assert decode(paper) == [URL + "uk"]


def test_a_ready_printer_gets_the_slip(printer):
    data = b"\x1b@hello\n\x1dV\x00"
    assert send_to_printer("127.0.0.1", printer.port, data) == "printed"
    assert printer.slip == data
    # Asked before (status, paper) and after (status) the slip.
    assert printer.received.startswith(b"\x10\x04\x01\x10\x04\x04")
    assert printer.received.endswith(b"\x10\x04\x01")


def test_paper_near_its_end_still_prints(printer):
    printer.paper_status = PAPER_LOW
    assert send_to_printer("127.0.0.1", printer.port, b"x\n") == "paper_low"


@pytest.mark.parametrize(
    ("setting", "kind"),
    [
        ({"paper_status": NO_PAPER}, "no_paper"),
        ({"printer_status": OFFLINE}, "offline"),
    ],
)
def test_a_printer_that_cannot_print_gets_nothing(printer, setting, kind):
    for name, value in setting.items():
        setattr(printer, name, value)
    with pytest.raises(PrinterProblem) as problem:
        send_to_printer("127.0.0.1", printer.port, b"slip\n")
    assert problem.value.kind == kind
    assert printer.slip == b""


def test_refused_connection_is_unreachable():
    with pytest.raises(PrinterProblem) as problem:
        send_to_printer("127.0.0.1", RefusingPrinter().port, b"x\n")
    assert problem.value.kind == "unreachable"


def test_no_host_is_unreachable():
    with pytest.raises(PrinterProblem) as problem:
        send_to_printer("", 9100, b"x\n")
    assert problem.value.kind == "unreachable"


def test_a_silent_printer_times_out_quickly(printer):
    printer.behaviour = "silent"
    started = datetime.now()
    with pytest.raises(PrinterProblem) as problem:
        send_to_printer("127.0.0.1", printer.port, b"x\n", timeout=0.5)
    assert problem.value.kind == "silent"
    assert (datetime.now() - started).total_seconds() < 3
    assert printer.slip == b""


def test_a_printer_that_hangs_up_mid_slip_is_reported(printer, make_slip):
    printer.behaviour, printer.close_after = "close_mid_slip", 3000
    data = slip_bytes(make_slip("ar"), 80)
    with pytest.raises(PrinterProblem) as problem:
        send_to_printer("127.0.0.1", printer.port, data, print_timeout=5)
    assert problem.value.kind == "interrupted"
    assert 3000 <= len(printer.slip) < len(data)


def test_without_dejavu_latin_slips_still_print(make_slip, monkeypatch, tmp_path):
    from kiosk.printing import images

    monkeypatch.setattr(images, "FONT_DIR", tmp_path)  # no DejaVu there
    images.font.cache_clear()
    try:
        receipt = read(slip_bytes(make_slip("fr"), 80))
    finally:
        images.font.cache_clear()
    assert "Hôtel de Ville" in receipt.text
    assert [URL + "fr"] in [decode(image) for image in receipt.images]
