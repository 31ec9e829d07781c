"""Heartbeat rules, without a request: parsing, online since, offline after 3 min."""

from datetime import datetime, timedelta

import pytest

from kiosk.fleet.status import (
    OFFLINE_AFTER,
    Heartbeat,
    apply_heartbeat,
    fleet_row,
    parse_heartbeat,
)
from kiosk.models import Kiosk

NOON = datetime(2026, 11, 24, 12, 0)
BEAT = Heartbeat("0.1.0", "1280x800", "ok")


def test_parse_heartbeat_accepts_what_a_tablet_sends():
    payload = {"version": "0.1.0", "screen": "1280x800", "printer": "no-paper"}
    assert parse_heartbeat(payload) == Heartbeat("0.1.0", "1280x800", "no-paper")
    assert parse_heartbeat({"version": "1.2.3+dev", "screen": "800x1280"}) == Heartbeat(
        "1.2.3+dev", "800x1280", ""
    )


@pytest.mark.parametrize(
    "payload",
    [
        None,
        [],
        {"version": "0.1.0"},
        {"version": "", "screen": "1280x800"},
        {"version": "x" * 21, "screen": "1280x800"},
        {"version": "0.1.0", "screen": "1280 x 800"},
        {"version": "0.1.0", "screen": "1280x800", "printer": "jammed"},
        {"version": 1, "screen": "1280x800"},
    ],
)
def test_parse_heartbeat_refuses_anything_else(payload):
    assert parse_heartbeat(payload) is None


def test_first_heartbeat_starts_online_since():
    status = apply_heartbeat(None, 7, BEAT, NOON)
    assert (status.kiosk_id, status.last_seen, status.online_since) == (7, NOON, NOON)
    assert status.printer_state == "ok"


def test_regular_heartbeats_keep_online_since():
    status = apply_heartbeat(None, 7, BEAT, NOON)
    for minute in range(1, 6):
        status = apply_heartbeat(status, 7, BEAT, NOON + timedelta(minutes=minute))
    assert status.online_since == NOON
    assert status.last_seen == NOON + timedelta(minutes=5)


def test_a_gap_longer_than_three_minutes_starts_a_new_online_period():
    status = apply_heartbeat(None, 7, BEAT, NOON)
    back = NOON + OFFLINE_AFTER + timedelta(seconds=1)
    status = apply_heartbeat(status, 7, Heartbeat("0.2.0", "1280x800", ""), back)
    assert status.online_since == back
    assert status.version == "0.2.0"
    assert status.printer_state == "ok"  # not reported this time: last known kept


def test_online_until_three_minutes_without_heartbeat_then_offline_since_the_last():
    kiosk = Kiosk(slug="hall", name="Hall")
    status = apply_heartbeat(None, 1, BEAT, NOON)
    row = fleet_row(kiosk, status, NOON + OFFLINE_AFTER)
    assert row.online and row.since == NOON and not row.needs_attention
    row = fleet_row(kiosk, status, NOON + OFFLINE_AFTER + timedelta(seconds=1))
    assert not row.online and row.since == NOON and row.needs_attention


def test_printer_problems_need_attention_even_online():
    kiosk = Kiosk(slug="hall", name="Hall")
    status = apply_heartbeat(None, 1, Heartbeat("0.1.0", "1280x800", "no-paper"), NOON)
    row = fleet_row(kiosk, status, NOON)
    assert row.online and row.printer_problem and row.needs_attention
    status.printer_state = "none"  # no printer at all is not a problem
    assert not fleet_row(kiosk, status, NOON).needs_attention


def test_a_kiosk_never_heard_of_is_offline_with_no_since():
    row = fleet_row(Kiosk(slug="new", name="New"), None, NOON)
    assert not row.online and row.since is None and row.needs_attention
