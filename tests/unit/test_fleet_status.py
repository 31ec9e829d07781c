"""Heartbeat rules, without a request: parsing, online since, offline after 3 min."""

from datetime import datetime, timedelta

import pytest

from kiosk.fleet.printer import OUTCOME_STATES, probe_due
from kiosk.fleet.status import (
    OFFLINE_AFTER,
    Heartbeat,
    apply_heartbeat,
    fleet_row,
    parse_heartbeat,
)
from kiosk.models import Kiosk
from kiosk.printing.network import KINDS

NOON = datetime(2026, 11, 24, 12, 0)
BEAT = Heartbeat("0.1.0", "1280x800")


def test_parse_heartbeat_accepts_what_a_tablet_sends():
    payload = {"version": "1.2.3+dev", "screen": "800x1280"}
    assert parse_heartbeat(payload) == Heartbeat("1.2.3+dev", "800x1280")


def test_a_printer_state_from_an_older_page_is_ignored():
    # The server prints, so the server knows: a tablet cannot tell it otherwise.
    payload = {"version": "0.1.0", "screen": "1280x800", "printer": "no-paper"}
    assert parse_heartbeat(payload) == Heartbeat("0.1.0", "1280x800")


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        {"version": "0.1.0"},
        {"version": "", "screen": "1280x800"},
        {"version": "x" * 21, "screen": "1280x800"},
        {"version": "0.1.0", "screen": "1280 x 800"},
        {"version": 1, "screen": "1280x800"},
    ],
)
def test_parse_heartbeat_refuses_anything_else(payload):
    assert parse_heartbeat(payload) is None


def test_first_heartbeat_starts_online_since():
    status = apply_heartbeat(None, 7, BEAT, NOON)
    assert (status.kiosk_id, status.last_seen, status.online_since) == (7, NOON, NOON)


def test_regular_heartbeats_keep_online_since():
    status = apply_heartbeat(None, 7, BEAT, NOON)
    for minute in range(1, 6):
        status = apply_heartbeat(status, 7, BEAT, NOON + timedelta(minutes=minute))
    assert status.online_since == NOON
    assert status.last_seen == NOON + timedelta(minutes=5)


def test_a_gap_longer_than_three_minutes_starts_a_new_online_period():
    status = apply_heartbeat(None, 7, BEAT, NOON)
    back = NOON + OFFLINE_AFTER + timedelta(seconds=1)
    status.printer_state = "no-paper"  # found by a print
    status = apply_heartbeat(status, 7, Heartbeat("0.2.0", "1280x800"), back)
    assert status.online_since == back
    assert status.version == "0.2.0"
    assert status.printer_state == "no-paper"  # a heartbeat leaves it as it was


def test_online_until_three_minutes_without_heartbeat_then_offline_since_the_last():
    kiosk = Kiosk(slug="hall", name="Hall")
    status = apply_heartbeat(None, 1, BEAT, NOON)
    row = fleet_row(kiosk, status, NOON + OFFLINE_AFTER)
    assert row.online and row.since == NOON and not row.needs_attention
    row = fleet_row(kiosk, status, NOON + OFFLINE_AFTER + timedelta(seconds=1))
    assert not row.online and row.since == NOON and row.needs_attention


def test_printer_problems_need_attention_even_online():
    kiosk = Kiosk(slug="hall", name="Hall", print_route="escpos", printer_host="p")
    status = apply_heartbeat(None, 1, BEAT, NOON)
    for state in ("no-paper", "offline"):
        status.printer_state = state
        row = fleet_row(kiosk, status, NOON)
        assert row.online and row.printer == state and row.needs_attention
    for state in ("ok", "paper-low", ""):  # low paper still prints; "" not checked
        status.printer_state = state
        assert not fleet_row(kiosk, status, NOON).needs_attention


@pytest.mark.parametrize("route", ["browser", "none"])
def test_a_kiosk_the_server_prints_nothing_for_has_no_printer_state(route):
    # A stale state from when it printed on a receipt printer is not a problem now.
    kiosk = Kiosk(slug="hall", name="Hall", print_route=route)
    status = apply_heartbeat(None, 1, BEAT, NOON)
    status.printer_state = "no-paper"
    row = fleet_row(kiosk, status, NOON)
    assert row.printer == route and not row.needs_attention


@pytest.mark.parametrize(
    ("state", "last", "due"),
    [
        ("", None, True),  # never asked in this process
        ("ok", 0, False),  # fine a minute ago: not before PRINTER_PROBE_SECONDS
        ("ok", -240, True),  # 300 s ago
        ("paper-low", -239, False),
        ("no-paper", 0, True),  # a problem: at each heartbeat, so a refill shows
        ("offline", 0, True),
        ("", 0, True),  # never checked: at each heartbeat
    ],
)
def test_when_a_printer_is_asked_again(state, last, due):
    assert probe_due(state, last, now=60, every=300) is due


def test_printer_probes_can_be_turned_off():
    assert not probe_due("offline", None, now=60, every=0)


@pytest.mark.parametrize(
    ("outcome", "state"),
    [
        ("printed", "ok"),
        ("ready", "ok"),
        ("paper_low", "paper-low"),
        ("no_paper", "no-paper"),
        ("offline", "offline"),
        ("unreachable", "offline"),
        ("silent", "offline"),
        ("interrupted", "offline"),
    ],
)
def test_each_print_or_probe_outcome_is_a_printer_state(outcome, state):
    assert OUTCOME_STATES[outcome] == state


def test_every_way_a_print_can_fail_has_a_printer_state():
    assert set(KINDS) <= OUTCOME_STATES.keys()


def test_a_kiosk_never_heard_of_is_offline_with_no_since():
    row = fleet_row(Kiosk(slug="new", name="New"), None, NOON)
    assert not row.online and row.since is None and row.needs_attention
