"""The Print button through the Flask client: both routes, failures, double taps."""

import re
from html import unescape

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.fleet.status import Heartbeat, record_heartbeat
from kiosk.languages import direction
from kiosk.models import Kiosk, KioskStatus, PrintJob, UsageCount
from kiosk.printing import PAPERS, jobs
from kiosk.usage.counting import flush_counts
from tests.conftest import enrol, make_kiosk, make_need, make_structure, relink
from tests.fake_printer import (
    NO_PAPER,
    PAPER_LOW,
    PAPER_OK,
    FakePrinter,
    RefusingPrinter,
)
from tests.qr_decode import decode, svg_image
from tests.receipt import read

HX = {"HX-Request": "true"}
PRINT = "/{lang}/besoin/passeport/lieu/mairie/imprimer"


@pytest.fixture
def printer():
    printer = FakePrinter()
    yield printer
    printer.close()


@pytest.fixture
def setup(app):
    """Return a function that adds the passport need, the town hall and a kiosk."""
    app.config["PUBLIC_BASE_URL"] = "https://kiosque.example.fr"

    def add(**kiosk):
        make_kiosk(slug="hall", name="Hall de la mairie", **kiosk)
        make_need(
            slug="passeport",
            label={"fr": "Passeport", "ar": "جواز السفر"},
            to_bring={"fr": "Une photo d'identité", "ar": "صورة شخصية"},
        )
        make_structure(
            standard_id="mairie",
            nom="Hôtel de Ville",
            adresse="Place Pey Berland",
            telephone="0556",
            getting_there={"fr": "Tram A, arrêt Hôtel de Ville"},
            latitude=44.8420,  # 620 m north-east of the kiosk
            longitude=-0.5740,
        )
        relink()

    return add


def tap_print(client, lang="en", htmx=True):
    """Open the result, then press Print as the kiosk does (CSRF header from <body>).

    Each request gets a fresh app context, as in production: the test's own
    context would otherwise keep `g` (the language, the kiosk) between requests.
    The client is the kiosk's enrolled tablet: only such a tablet prints.
    """
    enrol(client, db.session.scalar(select(Kiosk).where(Kiosk.slug == "hall")))
    with client.application.app_context():
        html = client.get(f"/{lang}/besoin/passeport").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html)[1]
    headers = {"X-CSRFToken": token, **(HX if htmx else {})}
    with client.application.app_context():
        return client.post(PRINT.format(lang=lang), headers=headers)


def outcomes():
    return [job.outcome for job in db.session.scalars(select(PrintJob))]


def slips_counted() -> list[tuple[str, int]]:
    """Return (language, count) of the "slip" usage counters."""
    flush_counts()
    query = select(UsageCount).where(UsageCount.kind == "slip")
    return sorted((row.language, row.count) for row in db.session.scalars(query))


@pytest.mark.parametrize("paper_mm", [80, 58])
def test_receipt_printer_prints_the_slip_and_says_so(client, setup, printer, paper_mm):
    setup(
        print_route="escpos",
        printer_host="127.0.0.1",
        printer_port=printer.port,
        paper_width_mm=paper_mm,
    )
    response = tap_print(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 200 and "<html" not in html  # the print area
    assert 'role="status"' in html and "Your slip is printing" in html
    assert 'href="/en/besoin/passeport/lieu/mairie"' in html  # the way back
    receipt, paper = read(printer.slip), PAPERS[paper_mm]
    assert receipt.cuts == 1
    assert max(image.width for image in receipt.images) == paper.dots
    assert max(len(line.text) for line in receipt.lines) <= paper.columns
    [url] = [decode(image)[0] for image in receipt.images if decode(image)]
    assert re.fullmatch(r"https://kiosque\.example\.fr/p/[a-z2-7]{6}\?l=en", url)
    with client.application.app_context():
        phone = client.get(url.removeprefix("https://kiosque.example.fr"))
    assert "Hôtel de Ville" in phone.get_data(as_text=True)  # the place's page
    assert outcomes() == ["printed"]


def test_the_receipt_holds_the_whole_slip(client, setup, printer):
    setup(print_route="escpos", printer_host="127.0.0.1", printer_port=printer.port)
    tap_print(client)
    receipt = read(printer.slip)
    words = receipt.words  # the need falls back to French: no English label
    assert "Your request Passeport" in words
    assert "Hôtel de Ville Place Pey Berland 33000 Bordeaux Phone 0556" in words
    assert "Tuesday 24 November: 9:00 AM-5:00 PM" in words
    assert "Monday 30 November: 9:00 AM-5:00 PM" in words
    assert "What to bring - Une photo d'identité" in words
    assert "How to get there Tram A, arrêt Hôtel de Ville" in words
    assert "620 m to the north-east, about 16 minutes on foot" in words
    [sketch] = receipt.sketches
    assert sketch.size == (576, 288)
    assert "pour « Passeport ». Langue parlée : anglais." in words  # the desk
    assert "Printed on November 24, 2026 at Hall de la mairie" in words


def test_a_double_tap_prints_once(client, setup, printer):
    setup(print_route="escpos", printer_host="127.0.0.1", printer_port=printer.port)
    tap_print(client)
    second = tap_print(client).get_data(as_text=True)
    assert "already printing" in second
    assert printer.slip.count(b"\x1dV") == 1
    assert printer.connections == 1 and outcomes() == ["printed"]
    assert slips_counted() == [("en", 1)]  # the figures count the slip once


def test_only_the_kiosk_s_enrolled_tablet_prints(client, setup, printer):
    # Issue 19, finding 2: 999 anonymous print requests in 20 s cut 264 slips.
    setup(print_route="escpos", printer_host="127.0.0.1", printer_port=printer.port)
    with client.application.app_context():
        html = client.get("/uk/besoin/passeport").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', html)[1]
    for _ in range(30):  # a script with the page's own token, but no tablet's
        with client.application.app_context():
            answer = client.post(
                PRINT.format(lang="uk"), headers={"X-CSRFToken": token, **HX}
            ).get_data(as_text=True)
    assert "Цей екран не може друкувати" in answer  # in the visitor's language
    assert printer.slip == b"" and outcomes() == []


def test_a_kiosk_prints_one_slip_at_a_time_and_so_many_an_hour(
    client, setup, printer, monkeypatch
):
    monkeypatch.setattr(jobs, "REPEAT_SECONDS", 0)  # no double tap: other slips
    setup(print_route="escpos", printer_host="127.0.0.1", printer_port=printer.port)
    kiosk = db.session.scalar(select(Kiosk).where(Kiosk.slug == "hall"))
    kiosk.prints_per_hour = 3
    db.session.commit()
    assert "Your slip is printing" in tap_print(client).get_data(as_text=True)
    _age_jobs(seconds=11)  # the double-tap window is over, the gap too
    printed = tap_print(client, "fr").get_data(as_text=True)  # another slip at once
    assert "Votre fiche s" in printed
    again = tap_print(client, "ar").get_data(as_text=True)  # within 10 s of it
    assert "الطابعة تحتاج" in again  # the printer needs a moment
    _age_jobs(seconds=11)
    tap_print(client, "es")  # the third slip of the hour
    _age_jobs(seconds=11)
    fourth = tap_print(client, "en").get_data(as_text=True)
    assert "The printer needs a moment" in fourth  # three an hour, here
    assert printer.slip.count(b"\x1dV") == 3
    assert outcomes() == ["printed"] * 3


def _age_jobs(seconds: float) -> None:
    """Move every print job `seconds` into the past (as if that time had gone by)."""
    from datetime import timedelta

    for job in db.session.scalars(select(PrintJob)):
        job.created_at -= timedelta(seconds=seconds)
    db.session.commit()


def test_out_of_paper_says_so_in_the_visitors_language(client, setup, printer):
    printer.paper_status = NO_PAPER
    setup(print_route="escpos", printer_host="127.0.0.1", printer_port=printer.port)
    html = tap_print(client).get_data(as_text=True)
    assert "out of paper" in html and "scan the QR code" in html
    assert 'class="print-outcome problem"' in html
    assert printer.slip == b""
    arabic = tap_print(client, "ar").get_data(as_text=True)  # a failure does not count
    assert 'role="status"' in arabic and "/ar/besoin/passeport/lieu/mairie" in arabic
    assert outcomes() == ["no_paper", "no_paper"]
    assert slips_counted() == []  # nothing came out: no slip in the figures


def test_a_printer_that_is_off_answers_at_once(client, setup, app):
    setup(
        print_route="escpos",
        printer_host="127.0.0.1",
        printer_port=RefusingPrinter().port,
    )
    html = tap_print(client).get_data(as_text=True)
    assert "The printer does not answer" in html
    assert outcomes() == ["unreachable"]


def test_without_htmx_the_whole_result_page_shows_the_outcome(client, setup, printer):
    setup(print_route="escpos", printer_host="127.0.0.1", printer_port=printer.port)
    html = tap_print(client, htmx=False).get_data(as_text=True)
    assert html.startswith("<!doctype html>") and "Your slip is printing" in html


def test_browser_route_opens_the_page_print(client, setup):
    setup(print_route="browser")
    response = tap_print(client, "ar")
    assert response.headers["HX-Redirect"] == (
        "/ar/besoin/passeport/lieu/mairie/fiche?print=1"
    )
    # A second tap, whatever the language, is the same slip: not printed twice.
    assert "already printing" in tap_print(client, "en").get_data(as_text=True)
    plain = tap_print(client, "en", htmx=False)  # within the window: not again
    assert "already" in plain.get_data(as_text=True)
    assert outcomes() == ["opened"]
    assert slips_counted() == [("ar", 1)]


def test_browser_route_repeats_after_the_window(client, setup, monkeypatch):
    setup(print_route="browser", print_gap_seconds=0)  # each tap is a print
    monkeypatch.setattr(jobs, "REPEAT_SECONDS", 0)
    tap_print(client)
    response = tap_print(client, htmx=False)
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/fiche?print=1")
    assert outcomes() == ["opened", "opened"]


def test_no_print_route_no_button(client, setup):
    setup(print_route="none")
    html = client.get("/en/besoin/passeport").get_data(as_text=True)
    assert "/imprimer" not in html
    assert tap_print(client).status_code == 404
    assert outcomes() == []


def test_a_stale_form_reloads_the_page_instead_of_failing(client, setup):
    setup(print_route="browser")
    response = client.post(PRINT.format(lang="en"), headers=HX)
    assert response.headers["HX-Refresh"] == "true"
    assert outcomes() == []


def test_the_button_is_a_form_that_works_with_and_without_htmx(client, setup):
    setup(print_route="escpos", printer_host="127.0.0.1")
    html = client.get("/en/besoin/passeport").get_data(as_text=True)
    form = re.search(r"<form[^>]*>", html)[0]
    assert 'method="post" action="/en/besoin/passeport/lieu/mairie/imprimer"' in form
    assert 'hx-target="#print-area"' in form and 'hx-disabled-elt="find button"' in form
    assert 'name="csrf_token"' in html


# What the page print says in each language, beyond the place's own data.
PAGE_SLIP = {
    "fr": {
        "need": "Passeport",
        "to_bring": "Une photo d'identité",
        "way": "À 620\u202fm au nord-est, environ 16 minutes à pied",
        "printed": "Imprimé le 24 novembre 2026 sur la borne « Hall de la mairie »",
    },
    "ar": {
        "need": "جواز السفر",
        "to_bring": "صورة شخصية",
        "way": "على بعد 620 مترًا نحو الشمال الشرقي، حوالي 16 دقيقة مشيًا",
        "printed": "طُبعت بتاريخ 24 نوفمبر 2026 في Hall de la mairie",
    },
}


@pytest.mark.parametrize("lang", ["fr", "ar"])
def test_page_print_holds_the_slip(client, setup, lang):
    setup(print_route="browser")
    html = client.get(f"/{lang}/besoin/passeport/lieu/mairie/fiche").get_data(True)
    assert "print.css" in html and "print.js" in html
    assert "data-autoprint" not in html
    text = unescape(html)
    expected = PAGE_SLIP[lang]
    assert f'<h1 lang="{lang}" dir="{direction(lang)}">{expected["need"]}</h1>' in text
    assert "Hôtel de Ville" in html and "Place Pey Berland" in html and "0556" in html
    assert 'class="hours"' in html and len(re.findall(r"<tr", html)) == 7
    assert f'<li lang="{lang}" dir="{direction(lang)}">{expected["to_bring"]}' in text
    assert '<p lang="fr" dir="ltr">Tram A, arrêt Hôtel de Ville</p>' in text
    assert f"<p>{expected['way']}</p>" in text
    sketch = re.search(r'<div class="fiche-sketch"><svg[^>]*>.*?</svg>', html, re.S)[0]
    assert 'class="sketch-svg"' in sketch and f'aria-label="{expected["way"]}"' in (
        unescape(sketch)
    )
    assert "<line " in sketch and 'class="sketch-place"' in sketch
    assert 'class="sketch-you"' in sketch
    svg = re.search(r'<svg[^>]*class="qr".*?</svg>', html, re.S)[0]
    assert decode(svg_image(svg))[0].endswith(f"?l={lang}")
    assert ('class="fiche-desk" lang="fr"' in html) == (lang != "fr")
    assert f'<p class="fiche-printed">{expected["printed"]}</p>' in text


def test_page_print_prints_itself_when_asked(client, setup):
    setup(print_route="browser")
    html = client.get("/fr/besoin/passeport/lieu/mairie/fiche?print=1").get_data(True)
    assert 'data-autoprint="1"' in html
    # Once printed, the result again, saying that the slip is coming.
    assert 'data-return-url="/fr/besoin/passeport/lieu/mairie?imprime=1"' in html


def test_each_print_tells_the_fleet_page_how_the_printer_is(
    client, setup, printer, monkeypatch
):
    monkeypatch.setattr(jobs, "REPEAT_SECONDS", 0)  # each tap is a print
    setup(
        print_route="escpos",
        printer_host="127.0.0.1",
        printer_port=printer.port,
        print_gap_seconds=0,
    )
    kiosk = db.session.scalar(select(Kiosk).where(Kiosk.slug == "hall"))
    record_heartbeat(kiosk, Heartbeat("0.1.0", "1280x800"))  # it is on the page

    def state_after_a_print() -> str:
        tap_print(client)
        db.session.expire_all()
        return db.session.get(KioskStatus, kiosk.id).printer_state

    printer.paper_status = NO_PAPER
    assert state_after_a_print() == "no-paper"
    printer.paper_status = PAPER_LOW
    assert state_after_a_print() == "paper-low"
    printer.paper_status = PAPER_OK
    assert state_after_a_print() == "ok"
    printer.close()  # switched off
    assert state_after_a_print() == "offline"
