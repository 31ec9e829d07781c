"""The tablet's own endpoints through the Flask client: heartbeat, usage events,
offline page, service worker, and the settings the scripts read from <body>."""

import json
import re
import time
from pathlib import Path
from unittest.mock import ANY

import pytest
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.fleet.printer import wait_for_probes
from kiosk.kiosks import device_token, revoke_devices
from kiosk.models import KioskStatus, UsageCount
from kiosk.usage.counting import flush_counts
from tests.conftest import enrol, make_kiosk, make_need
from tests.fake_printer import NO_PAPER, PAPER_OK, BlackholePrinter, FakePrinter

STATIC = Path(__file__).resolve().parent.parent / "kiosk" / "static"
BEAT = {"version": "0.1.0", "screen": "1280x800"}


@pytest.fixture
def hall(app):
    kiosk = make_kiosk(slug="hall", name="Hall", idle_seconds=90)
    make_need(slug="passeport", label={"fr": "Passeport"})
    return kiosk


def csrf_token(client, url="/fr/") -> str:
    html = client.get(url).get_data(as_text=True)
    return re.search(r'"X-CSRFToken": "([^"]+)"', html).group(1)


def post_json(client, url, payload, token=None):
    token = token if token is not None else csrf_token(client)
    return client.post(url, json=payload, headers={"X-CSRFToken": token})


def counts() -> list[tuple]:
    flush_counts()  # what this process counted, written now rather than in 2 s
    rows = db.session.scalars(select(UsageCount).order_by(UsageCount.id))
    return [(r.language, r.need, r.kind, r.count) for r in rows]


def test_heartbeat_is_stored_for_the_tablet_of_the_cookie(client, hall):
    enrol(client, hall)
    response = post_json(client, "/kiosk/heartbeat", BEAT)
    assert response.status_code == 200
    assert response.get_json()["recorded"] is True
    assert response.get_json()["csrf"]  # a fresh token for the page's next requests
    status = db.session.get(KioskStatus, hall.id)
    assert (status.version, status.screen) == ("0.1.0", "1280x800")


def printer_state(kiosk_id: int) -> str:
    """Return the printer state stored for a kiosk, once the probes under way end."""
    wait_for_probes()
    db.session.expire_all()  # written by the probe's own session
    return db.session.get(KioskStatus, kiosk_id).printer_state


def test_a_tablet_cannot_say_how_the_printer_is(client, hall):
    # The server prints, so the server knows: an older page's "printer" is ignored.
    enrol(client, hall)
    assert (
        post_json(client, "/kiosk/heartbeat", {**BEAT, "printer": "ok"}).status_code
        == 200
    )
    assert printer_state(hall.id) == ""


def receipt_desk(client, port: int):
    """Return a kiosk printing on the loopback printer at `port`, and the CSRF token
    of a tablet set up as that kiosk."""
    desk = make_kiosk(
        slug="desk", print_route="escpos", printer_host="127.0.0.1", printer_port=port
    )
    enrol(client, desk)
    return desk, csrf_token(client)


def test_a_heartbeat_has_the_receipt_printer_asked_how_it_is(client, app):
    printer = FakePrinter(paper_status=NO_PAPER)
    desk, token = receipt_desk(client, printer.port)
    try:
        assert post_json(client, "/kiosk/heartbeat", BEAT, token).status_code == 200
        assert printer_state(desk.id) == "no-paper"
        assert printer.slip == b""  # asked, nothing printed
        printer.paper_status = PAPER_OK  # staff put a roll in
        post_json(client, "/kiosk/heartbeat", BEAT, token)  # a minute later
        assert printer_state(desk.id) == "ok"  # a problem is asked at each beat
        asked = printer.connections
        post_json(client, "/kiosk/heartbeat", BEAT, token)
        assert printer_state(desk.id) == "ok"
        assert printer.connections == asked  # fine: not asked again for 5 minutes
    finally:
        printer.close()


def test_a_printer_that_never_answers_does_not_slow_the_heartbeat(client, app):
    app.config["PRINTER_TIMEOUT"] = "1"
    hole = BlackholePrinter()  # connecting hangs, like a printer unplugged
    desk, token = receipt_desk(client, hole.port)
    try:
        start = time.monotonic()
        assert post_json(client, "/kiosk/heartbeat", BEAT, token).status_code == 200
        assert time.monotonic() - start < 0.5  # the probe runs behind it
        assert printer_state(desk.id) == "offline"  # after PRINTER_TIMEOUT
    finally:
        hole.close()


def test_no_probe_for_a_kiosk_the_server_prints_nothing_for(client, hall):
    enrol(client, hall)  # prints through the browser
    post_json(client, "/kiosk/heartbeat", BEAT)
    assert printer_state(hall.id) == ""


def test_heartbeat_needs_the_csrf_token(client, hall):
    enrol(client, hall)
    response = client.post("/kiosk/heartbeat", json=BEAT)
    assert response.status_code == 400
    assert db.session.get(KioskStatus, hall.id) is None


def test_a_fresh_token_can_be_fetched_when_the_page_one_is_too_old(client, hall):
    enrol(client, hall)
    token = client.get("/kiosk/heartbeat").get_json()["csrf"]
    assert post_json(client, "/kiosk/heartbeat", BEAT, token).status_code == 200


def test_a_desk_browser_without_the_kiosk_cookie_is_not_a_heartbeat(client, hall):
    response = post_json(client, "/kiosk/heartbeat", BEAT)
    assert response.status_code == 200
    assert response.get_json()["recorded"] is False
    assert db.session.scalars(select(KioskStatus)).all() == []


def test_only_an_enrolled_tablet_beats_and_counts(client, app, hall):
    # Issue 19, finding 2: a forged heartbeat made a dead kiosk "online, 9.9.9-forged",
    # and 2,000 forged events went into the usage figures in 10 s.
    client.get("/k/hall")  # any browser may show the kiosk's screens
    token = csrf_token(client)
    forged = {"version": "9.9.9", "screen": "1280x800"}
    answer = post_json(client, "/kiosk/heartbeat", forged, token)
    assert answer.get_json()["recorded"] is False
    event = {"kind": "listen", "language": "fr", "need": "passeport"}
    for _ in range(50):
        assert post_json(client, "/kiosk/event", event, token).status_code == 403
    assert not [row for row in counts() if row[2] == "listen"]
    assert db.session.get(KioskStatus, hall.id) is None
    # Staff's link enrols the tablet: then it counts.
    link = f"/k/hall/tablette/{device_token(hall)}"
    assert client.get(link).status_code == 302
    with app.app_context():  # requests of their own, as on a server
        token = csrf_token(client)
        beat = post_json(client, "/kiosk/heartbeat", BEAT, token)
        assert beat.get_json()["recorded"] is True
        assert post_json(client, "/kiosk/event", event, token).status_code == 204
    assert ("fr", "passeport", "listen", 1) in counts()


def test_a_new_link_revokes_the_tablets_enrolled_before(client, app, hall):
    enrol(client, hall)
    token = csrf_token(client)
    assert post_json(client, "/kiosk/heartbeat", BEAT, token).get_json()["recorded"]
    old = device_token(hall)
    revoke_devices(hall)
    with app.app_context():  # a request of its own, as on a server
        answer = post_json(client, "/kiosk/heartbeat", BEAT, token).get_json()
    assert answer == {"recorded": False, "csrf": ANY}
    assert client.get(f"/k/hall/tablette/{old}").status_code == 403  # the old link
    forged = old[:-3] + ("AAA" if old[-3:] != "AAA" else "BBB")
    assert client.get(f"/k/hall/tablette/{forged}").status_code == 403
    other = make_kiosk(slug="other", name="Other")
    stolen = device_token(other)  # a real token, for another kiosk
    assert client.get(f"/k/hall/tablette/{stolen}").status_code == 403


@pytest.mark.parametrize(
    "payload",
    [
        {**BEAT, "screen": "big"},
        {**BEAT, "version": "1.0; DROP TABLE"},
        {"screen": "1280x800"},
        ["not", "an", "object"],
    ],
)
def test_a_bad_heartbeat_is_refused_and_nothing_stored(client, hall, payload):
    enrol(client, hall)
    assert post_json(client, "/kiosk/heartbeat", payload).status_code == 400
    assert db.session.get(KioskStatus, hall.id) is None


# Bodies no tablet sends, raw (issue 19, finding 5): each was a 500 before.
HOSTILE_BODIES = {
    "nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "nested 2,000 deep in a key": '{"kind": ' + "[" * 2000 + "]" * 2000 + "}",
    "a lone surrogate": '{"kind": "listen", "language": "fr", "need": "\\ud800"}',
    "a lone surrogate in a heartbeat": '{"version": "0.1.0", "screen": "\\udfff"}',
    "not UTF-8": b'{"kind": "listen", "need": "\xff\xfe"}',
    "not JSON": "{kind: listen}",
}


@pytest.mark.parametrize("url", ["/kiosk/event", "/kiosk/heartbeat"])
@pytest.mark.parametrize("body", list(HOSTILE_BODIES))
def test_hostile_json_is_refused_with_400_and_nothing_stored(client, hall, url, body):
    enrol(client, hall)
    token = csrf_token(client)
    before = counts()
    headers = {"X-CSRFToken": token, "Content-Type": "application/json"}
    answer = client.post(url, data=HOSTILE_BODIES[body], headers=headers)
    assert answer.status_code == 400, answer.get_data(as_text=True)[:300]
    assert counts() == before and db.session.get(KioskStatus, hall.id) is None


def test_client_events_are_counted(client, hall):
    enrol(client, hall)
    token = csrf_token(client)
    for kind in ("listen", "listen", "reset"):
        payload = {"kind": kind, "language": "ar", "need": "passeport"}
        assert post_json(client, "/kiosk/event", payload, token).status_code == 204
    assert ("ar", "passeport", "listen", 2) in counts()
    assert ("ar", "passeport", "reset", 1) in counts()


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "slip", "language": "fr", "need": "passeport"},  # server-side only
        {"kind": "qr", "language": "fr", "need": "passeport"},  # the server counts it
        {"kind": "screen", "language": "fr", "need": ""},
        {"kind": "dance", "language": "fr", "need": ""},
        {"kind": "listen", "language": "xx", "need": ""},
        {"kind": "listen", "language": "fr", "need": "no-such-need"},
        {"kind": "listen", "language": "fr", "need": "Mme Dupont, 06 12 34 56 78"},
        {"kind": "listen", "language": "fr", "need": 12},
        "listen",
    ],
)
def test_unknown_events_are_refused_and_nothing_stored(client, hall, payload):
    enrol(client, hall)
    token = csrf_token(client)
    before = counts()
    assert post_json(client, "/kiosk/event", payload, token).status_code == 400
    assert counts() == before


def test_screens_shown_by_the_server_are_counted(client, demo):
    client.get("/k/hotel-de-ville")
    client.get("/fr/")
    client.get("/fr/besoin/papiers", headers={"HX-Request": "true"})
    client.get("/fr/besoin/passeport", headers={"HX-Request": "true"})
    client.get("/ar/besoin/passeport")
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    other = re.search(r'href="(/fr/besoin/passeport/lieu/[^"]+)"', html).group(1)
    client.get(other)
    client.get("/fr/besoin/nope")  # a 404 is not a screen anyone asked for
    assert sorted(counts()) == [
        ("ar", "passeport", "qr", 1),
        ("ar", "passeport", "result", 1),
        ("ar", "passeport", "screen", 1),
        ("fr", "", "screen", 1),
        ("fr", "papiers", "screen", 1),
        ("fr", "passeport", "qr", 3),  # each result, and the alternative's own QR
        ("fr", "passeport", "result", 2),
        ("fr", "passeport", "screen", 3),  # choosing an alternative: a screen
    ]


def test_body_carries_the_kiosk_settings_for_the_scripts(client, hall):
    enrol(client, hall)
    html = client.get("/fr/").get_data(as_text=True)
    assert 'data-idle-seconds="90"' in html
    assert 'data-warning-seconds="30"' in html
    assert 'data-home-url="/"' in html and 'data-clean-home="/fr/"' in html
    assert 'data-attract="off"' in html and 'id="attract"' not in html
    countdown = re.search(r"data-countdown='([^']+)'", html).group(1)
    assert len(json.loads(countdown)) == 30
    assert "<script>" not in html  # no inline script: a strict CSP stays possible


def test_idle_time_is_kept_between_60_and_600_seconds(client, app):
    make_kiosk(slug="odd", idle_seconds=5, attract_screen=True)
    client.get("/k/odd")
    html = client.get("/fr/").get_data(as_text=True)
    assert 'data-idle-seconds="60"' in html
    assert 'data-attract="on"' in html and 'id="attract"' in html


def test_offline_page_has_every_language_and_nothing_of_a_visitor(client, hall):
    response = client.get("/offline")
    html = response.get_data(as_text=True)
    assert (
        response.status_code == 200 and "no-cache" in response.headers["Cache-Control"]
    )
    for code in ("fr", "en", "ar", "uk"):
        assert f'data-language="{code}"' in html
    assert 'lang="ar" dir="rtl"' in html
    assert "X-CSRFToken" not in html and "besoin" not in html


def test_service_worker_is_served_at_the_root_never_cached(client, app):
    with client.get("/sw.js") as response:
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"
        assert "no-cache" in response.headers["Cache-Control"]


def test_service_worker_does_not_claim_the_page_that_installed_it():
    # Claiming it mid-visit made Chromium fetch and rebuild every picture that page
    # had shown (docs/decisions.md); the next full load is the first page it controls.
    code = re.sub(r"//[^\n]*", "", (STATIC / "sw.js").read_text())
    assert "clients.claim" not in code


def shell() -> list[str]:
    text = (STATIC / "sw.js").read_text()
    block = re.search(r"var SHELL = \[(.*?)\];", text, re.S).group(1)
    return re.findall(r'"(/[^"]+)"', block)


def test_service_worker_keeps_every_file_the_shell_needs(client, hall):
    enrol(client, hall)
    pages = client.get("/fr/").get_data(as_text=True)
    pages += client.get("/offline").get_data(as_text=True)
    pages += (STATIC / "css" / "fonts.css").read_text().replace("../", "/static/")
    needed = set(re.findall(r'(?:src|href)="(/static/[^"]+\.(?:js|css))"', pages))
    needed |= set(re.findall(r"url\((/static/fonts/[^)]+)\)", pages))
    assert needed <= set(shell()), needed - set(shell())
    for path in shell():
        with client.get(path) as response:
            assert response.status_code == 200, path
