"""The staff page "Kiosks" through the Flask client."""

import re
from datetime import timedelta

import pytest

from kiosk import clock
from kiosk.fleet.printer import record_printer
from kiosk.fleet.status import Heartbeat, record_heartbeat
from tests.conftest import make_kiosk

RECEIPT = dict(print_route="escpos", printer_host="192.0.2.7", printer_port=9100)


def test_fleet_page_shows_each_kiosk_state_problems_first(staff_client, app):
    client = staff_client
    now = clock.utcnow()
    fine = make_kiosk(slug="fine", name="A fine kiosk")
    gone = make_kiosk(slug="gone", name="B gone kiosk")
    paper = make_kiosk(slug="paper", name="C no paper", **RECEIPT)
    make_kiosk(slug="new", name="D never seen")
    record_heartbeat(fine, Heartbeat("0.1.0", "1280x800"), now)
    record_heartbeat(gone, Heartbeat("0.1.0", "1280x800"), now - timedelta(hours=2))
    record_heartbeat(paper, Heartbeat("0.1.0", "800x1280"), now)
    record_printer(paper.id, "no_paper")  # what its last print found

    response = client.get("/admin/parc/?l=en")  # staff strings asserted in English
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    rows = html.split('<tr class="')[1:]
    states = {row.split('data-kiosk="')[1].split('"')[0]: row for row in rows}
    assert [row.split('data-kiosk="')[1].split('"')[0] for row in rows] == [
        "gone",
        "paper",
        "new",
        "fine",
    ]
    assert states["fine"].startswith("fine") and "Online" in states["fine"]
    assert states["gone"].startswith("attention") and "Offline" in states["gone"]
    assert "Out of paper" in states["paper"] and "800x1280" in states["paper"]
    assert "Never seen" in states["new"] and "/k/new" in states["new"]


def test_fleet_page_with_no_kiosk_says_how_to_add_one(staff_client, app):
    client = staff_client
    html = client.get("/admin/parc/?l=en").get_data(as_text=True)
    assert "kiosk-add" in html


def printer_cell(client, slug: str) -> str:
    html = client.get("/admin/parc/?l=en").get_data(as_text=True)
    row = html.split(f'data-kiosk="{slug}"')[1].split("</tr>")[0]
    cell = row.split('class="printer">')[1].split("</td>")[0]
    return " ".join(re.sub(r"<[^>]+>", " ", cell).split())  # its text


@pytest.mark.parametrize(
    ("outcome", "shown"),
    [
        (None, "Not checked yet 192.0.2.7:9100"),
        ("printed", "Ready 192.0.2.7:9100"),
        ("paper_low", "Paper running low"),
        ("no_paper", "Out of paper"),
        ("silent", "Not responding"),
    ],
)
def test_the_printer_column_shows_what_the_server_found(staff_client, outcome, shown):
    kiosk = make_kiosk(slug="hall", **RECEIPT)
    record_heartbeat(kiosk, Heartbeat("0.1.0", "1280x800"))
    if outcome:
        record_printer(kiosk.id, outcome)
    assert shown in printer_cell(staff_client, "hall")


@pytest.mark.parametrize(
    ("route", "shown"),
    [("browser", "The tablet's own printer (not monitored)"), ("none", "No printer")],
)
def test_a_kiosk_without_a_receipt_printer_says_so(staff_client, route, shown):
    kiosk = make_kiosk(slug="hall", print_route=route)
    record_heartbeat(kiosk, Heartbeat("0.1.0", "1280x800"))
    assert printer_cell(staff_client, "hall") == shown
