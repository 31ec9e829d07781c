"""The tablet's own endpoints: heartbeat, usage events, offline page, service worker."""

import json
from pathlib import Path

from flask import (
    current_app,
    jsonify,
    make_response,
    render_template,
    request,
    send_from_directory,
)
from flask_wtf.csrf import generate_csrf

from ..fleet.printer import printer_of, probe_soon
from ..fleet.status import parse_heartbeat, record_heartbeat
from ..kiosks import current_kiosk, enrolled_kiosk
from ..languages import DEFAULT_LANGUAGE, direction
from ..usage.counting import client_event_problem, count
from . import bp, texts

for _helper in (
    texts.page_settings,
    texts.countdown_texts,
    texts.attract_texts,
    texts.reconnecting_texts,
):
    bp.add_app_template_global(_helper)


# A heartbeat or an event is a few dozen bytes: anything much longer is not a tablet's.
MAX_JSON_BYTES = 4096


def json_object() -> dict | None:
    """Return the JSON object a tablet posted, or None when the body is not one: too
    long, not JSON or not UTF-8, nested deeper than Python parses, or holding text
    no database stores (a lone surrogate such as "\\ud800")."""
    if (request.content_length or 0) > MAX_JSON_BYTES:
        return None
    raw = request.get_data(cache=False)
    if len(raw) > MAX_JSON_BYTES:
        return None
    try:
        value = json.loads(raw)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # a lone surrogate fails
    except (ValueError, RecursionError, UnicodeError):
        return None
    return value if isinstance(value, dict) else None


@bp.post("/kiosk/heartbeat")
def heartbeat():
    """Record a tablet's heartbeat; return a fresh CSRF token for its next requests.

    Only a tablet staff enrolled as a kiosk counts (kiosk/kiosks.py): a desk browser
    showing the kiosk screens, or a forged request, must not make a broken tablet
    look alive. A kiosk with a receipt printer gets it asked how it is, in the
    background, when due.
    """
    beat = parse_heartbeat(json_object())
    if beat is None:
        return jsonify(error="invalid heartbeat"), 400
    kiosk, recorded = enrolled_kiosk(), False
    if kiosk is not None:
        printer = printer_of(kiosk)  # before the commit expires the kiosk
        printer_state = record_heartbeat(kiosk, beat)
        recorded = printer_state is not None  # else the database was busy
        if recorded:
            probe_soon(printer, printer_state)
    return _no_store(jsonify(recorded=recorded, csrf=generate_csrf()))


@bp.get("/kiosk/heartbeat")
def fresh_token():
    """Return a fresh CSRF token, for a page whose token outlived a long outage."""
    return _no_store(jsonify(csrf=generate_csrf()))


def _no_store(response):
    response.cache_control.no_store = True
    return response


@bp.post("/kiosk/event")
def event():
    """Count one event only the tablet sees (listen, QR, reset without result): an
    enrolled tablet's only, so that no script can fill the usage figures."""
    payload = json_object()
    problem = client_event_problem(payload)
    if problem:
        return jsonify(error=problem), 400
    kiosk = enrolled_kiosk()
    if kiosk is None:
        return jsonify(error="not an enrolled kiosk"), 403
    need = payload.get("need", "")
    count(kiosk, payload["language"], need, payload["kind"])
    return "", 204


@bp.get("/offline")
def offline():
    """Return the page the service worker shows when a screen cannot be loaded.

    It holds the message in every language (the page picks the one of the URL that
    failed) and nothing of any visitor, so it is safe to keep in the cache.
    """
    kiosk = current_kiosk()
    default = kiosk.default_language if kiosk else DEFAULT_LANGUAGE
    html = render_template(
        "public/offline.html",
        texts=texts.reconnecting_texts(),
        default_language=default,
        default_direction=direction(default),
    )
    response = make_response(html)
    response.cache_control.no_cache = True
    return response


@bp.get("/sw.js")
def service_worker():
    """Return the service worker script, at the root so its scope is the whole site."""
    static = Path(current_app.static_folder or "")
    response = send_from_directory(static, "sw.js", max_age=0)
    response.cache_control.no_cache = True
    return response
