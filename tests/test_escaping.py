"""Hostile texts in a place and a need (HTML, script, a template, odd Unicode, a
word longer than the paper, printer commands, spreadsheet formulas) show as text:
on the result screen, its speech script, the phone page, the contact card, the QR
code, the printed page, the receipt printer's bytes and the open-data exports."""

import csv
import io
import json
import re
from datetime import datetime
from html.parser import HTMLParser

import pytest

from kiosk.printing import PAPERS, slip_bytes
from kiosk.printing.images import wrap
from kiosk.ranking.hours import PARIS
from kiosk.takehome.referral import build_slip
from kiosk.web.security import spreadsheet_safe
from tests.conftest import make_kiosk, make_need, make_structure, relink
from tests.receipt import read
from tests.test_take_home import served_qr

BASE = "https://kiosque.example.fr"
SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
TEMPLATE = "{{7*7}}{% raw %}"
RLO = "\u202eelbisivni\u202c"  # right-to-left override
ZERO_WIDTH = "a\u200bb\u200dc"
LONG = ("Anticonstitutionnellement" * 12)[:300]  # 300 letters, no space
EMOJI = "🏛️👩🏽‍⚕️"
COMBINING = "e\u0301cole Z\u0335\u0321algo"
PRINTER = "Stop\x1bp\x00\x19\xfa\x1dV\x00\x10\x14\x01\x00\x05\x07here"  # drawer, cut
CRLF = "\r\nEMAIL:evil@example.org\rTEL:0"
FORMULAS = ["=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)"]
NAME = f"{SCRIPT} {EMOJI} {RLO}{CRLF}"


@pytest.fixture
def hostile(app):
    """A kiosk, a need and the one place answering it, every text hostile."""
    app.config["PUBLIC_BASE_URL"] = BASE
    make_kiosk(slug="hall", name="Hall")
    need = make_need(
        slug="hostile",
        label={"fr": f"{IMG} {TEMPLATE}"},
        to_bring={"fr": f"{SCRIPT} {PRINTER}"},
    )
    place = make_structure(
        standard_id="hostile-place",
        nom=NAME,
        adresse=f"{IMG} {ZERO_WIDTH}",
        complement_adresse=FORMULAS[2],
        commune=TEMPLATE,
        telephone="+33556102020",
        getting_there={"fr": f"{LONG} {PRINTER}"},
        to_bring={"fr": f"{EMOJI} {COMBINING} {SCRIPT}"},
        presentation_resume=FORMULAS[0],
        presentation_detail=FORMULAS[3],
        autres_formations_labels=FORMULAS[1],
        courriels=["contact@example.org"],
    )
    relink()
    return need, place


class Page(HTMLParser):
    """The elements and the text of a page, as a browser would build them."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.elements, self.texts = [], []
        self.feed(html)
        self.text = " ".join(self.texts)

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.texts.append(data)


def assert_shown_as_text(html: str, *texts: str) -> Page:
    """Assert that no element came from the data and that `texts` are text."""
    page = Page(html)
    for tag, attrs in page.elements:
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        assert attrs.get("src") != "x", tag
        if tag == "script":
            assert attrs.get("src", "").startswith("/static/"), attrs
    for text in texts:
        assert text in page.text, text
    assert "&lt;script&gt;alert(1)" in html  # escaped once, not twice
    assert "&amp;lt;" not in html
    return page


def test_the_result_screen_and_its_speech_show_the_texts_as_text(client, hostile):
    for headers in ({}, {"HX-Request": "true"}):
        html = client.get("/fr/besoin/hostile", headers=headers).get_data(True)
        assert_shown_as_text(html, SCRIPT, IMG, TEMPLATE, RLO, ZERO_WIDTH, LONG)
        speech = re.search(r'<template id="speech-script".*?</template>', html, re.S)
        assert SCRIPT in Page(speech[0]).text and IMG in Page(speech[0]).text
    assert "49" not in Page(html).text.split(TEMPLATE[:7])[0][-3:]  # not evaluated


def test_the_qr_code_carries_only_the_short_url(client, hostile):
    html = client.get("/fr/besoin/hostile").get_data(as_text=True)
    assert re.fullmatch(BASE + r"/p/[a-z2-7]{6}\?l=fr", served_qr(html))


def phone_code(client) -> str:
    html = client.get("/fr/besoin/hostile").get_data(as_text=True)
    return served_qr(html).split("/p/")[1].split("?")[0]


def test_the_phone_page_and_the_printed_page_show_the_texts_as_text(client, hostile):
    code = phone_code(client)
    phone = client.get(f"/p/{code}?l=fr").get_data(as_text=True)
    assert_shown_as_text(phone, SCRIPT, IMG, TEMPLATE, RLO, ZERO_WIDTH, LONG)
    printed = client.get("/fr/besoin/hostile/lieu/hostile-place/fiche")
    assert printed.status_code == 200
    assert_shown_as_text(printed.get_data(as_text=True), SCRIPT, IMG, LONG)


def test_the_contact_card_cannot_be_given_another_property(client, hostile):
    code = phone_code(client)
    card = client.get(f"/p/{code}.vcf?l=fr").get_data(as_text=True)
    lines = card.replace("\r\n ", "").split("\r\n")
    assert lines[-1] == ""
    names = [re.split(r"[:;]", line, maxsplit=1)[0] for line in lines[:-1]]
    assert names.count("EMAIL") == 1 and names.count("TEL") == 1  # the real ones
    assert set(names) <= {
        "BEGIN", "VERSION", "N", "FN", "ORG", "X-ABShowAs", "ADR", "LABEL",
        "TEL", "EMAIL", "GEO", "URL", "NOTE", "END",
    }  # fmt: skip
    assert "\r" not in card.replace("\r\n", "")
    assert "FN:<script>alert(1)</script> " in lines[3]


@pytest.mark.parametrize("paper_mm", [80, 58])
@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_the_receipt_prints_the_texts_and_no_command_from_them(hostile, paper_mm, lang):
    need, place = hostile
    from kiosk.extensions import db
    from kiosk.models import Kiosk

    kiosk = db.session.query(Kiosk).one()
    now = datetime(2026, 11, 24, 10, 30, tzinfo=PARIS)
    slip = build_slip(need, place, kiosk, now, lang, f"{BASE}/p/abcdef?l=fr", "50 m")
    receipt = read(slip_bytes(slip, paper_mm))  # fails on any unknown command
    paper = PAPERS[paper_mm]
    assert receipt.cuts == 1  # the cut of the data was not sent as a cut
    for line in receipt.lines:
        assert len(line.text) <= paper.columns, line.text
        assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in line.text)
    assert all(image.width <= paper.dots for image in receipt.images)
    if lang == "fr":  # French text is text: the long word is there, cut to fit
        assert LONG in receipt.text.replace("\n", "")
        assert "Stop p" in receipt.text and "here" in receipt.text


def test_a_word_wider_than_the_paper_is_cut_into_pieces_that_fit():
    lines = wrap(f"Tram {LONG} A", 200, lambda text: 10 * len(text))
    assert all(len(line) <= 20 for line in lines)
    assert "".join(lines).replace(" ", "") == f"Tram{LONG}A"


def test_csv_exports_never_start_a_formula(client, hostile):
    text = client.get("/opendata/lieux-de-mediation-numerique.csv").get_data(True)
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 1
    row = rows[0]
    for cell in row.values():
        assert (
            not cell or cell[0] not in "=+-@" or re.fullmatch(r"[+-]?\d+(\.\d+)?", cell)
        ), cell
    assert row["presentation_resume"] == "'" + FORMULAS[0]
    assert row["autres_formations_labels"] == "'" + FORMULAS[1]
    assert row["complement_adresse"] == "'" + FORMULAS[2]
    assert row["presentation_detail"] == "'" + FORMULAS[3]
    assert row["telephone"] == "+33556102020"  # a number stays as the standard wants
    assert row["nom"] == NAME and row["commune"] == TEMPLATE


@pytest.mark.parametrize(
    "value, safe",
    [
        ("=1+1", "'=1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("+33556102020", "+33556102020"),
        ("-0.5792", "-0.5792"),
        ("-2+3", "'-2+3"),
        ("\t=1", "'\t=1"),
        ("Mairie", "Mairie"),
        ("", ""),
    ],
)
def test_spreadsheet_safe(value, safe):
    assert spreadsheet_safe(value) == safe


def test_json_exports_are_valid_and_carry_the_texts_unchanged(client, hostile):
    names = {
        "lieux-de-mediation-numerique.json": lambda d: d[0]["nom"],
        "lieux-de-mediation-numerique.geojson": lambda d: d["features"][0][
            "properties"
        ]["nom"],
        "structures-services-data-inclusion.json": lambda d: d["structures"][0]["nom"],
    }
    for name, nom in names.items():
        data = json.loads(client.get(f"/opendata/{name}").get_data(as_text=True))
        assert nom(data) == NAME, name
