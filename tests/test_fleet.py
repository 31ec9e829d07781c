"""The staff page "Kiosks" through the Flask client."""

from datetime import timedelta

from kiosk.fleet.status import Heartbeat, record_heartbeat, utc_now
from tests.conftest import make_kiosk


def test_fleet_page_shows_each_kiosk_state_problems_first(staff_client, app):
    client = staff_client
    now = utc_now()
    fine = make_kiosk(slug="fine", name="A fine kiosk")
    gone = make_kiosk(slug="gone", name="B gone kiosk")
    paper = make_kiosk(slug="paper", name="C no paper")
    make_kiosk(slug="new", name="D never seen")
    record_heartbeat(fine, Heartbeat("0.1.0", "1280x800", "ok"), now)
    record_heartbeat(
        gone, Heartbeat("0.1.0", "1280x800", "ok"), now - timedelta(hours=2)
    )
    record_heartbeat(paper, Heartbeat("0.1.0", "800x1280", "no-paper"), now)

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
