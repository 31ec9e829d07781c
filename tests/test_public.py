"""The visitor's screens through the Flask client: pages, fragments, errors."""

import html as htmllib
import re
from pathlib import Path

import pytest
from flask import g
from flask_babel import refresh
from sqlalchemy import select

from kiosk.extensions import db
from kiosk.kiosks import COOKIE_MAX_AGE
from kiosk.models import UsageCount
from kiosk.usage.counting import flush_counts
from tests.conftest import make_app, make_kiosk, make_structure, relink

HX = {"HX-Request": "true"}


def test_root_redirects_to_home_in_the_kiosk_language(client, small):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/fr/"


def test_home_full_page_lists_top_level_needs(client, small):
    html = client.get("/fr/").get_data(as_text=True)
    assert '<html lang="fr" dir="ltr">' in html
    assert "Papiers" in html and "Impôts" in html
    assert "Passeport" not in html  # a sub-need waits for the precise screen
    assert 'href="/fr/besoin/papiers"' in html


def test_home_fragment_for_htmx_has_title_and_screen_only(client, small):
    response = client.get("/fr/", headers=HX)
    html = response.get_data(as_text=True)
    assert "<html" not in html and "<title>" in html
    assert 'href="/fr/besoin/papiers"' in html
    assert "HX-Request" in response.headers["Vary"]


def test_a_pressed_link_s_screen_is_kept_by_the_browser_for_its_click(client, small):
    pressed = client.get("/fr/besoin/papiers", headers={**HX, "X-Kiosk-Press": "1"})
    assert pressed.headers["Cache-Control"] == "private, max-age=5"
    assert {"HX-Request", "Cookie"} <= set(pressed.headers["Vary"].split(", "))
    # Every other answer is asked for anew: the click's own, a full page, an error.
    assert "Cache-Control" not in client.get("/fr/besoin/papiers", headers=HX).headers
    missing = client.get("/fr/besoin/nowhere", headers={**HX, "X-Kiosk-Press": "1"})
    assert missing.status_code == 404 and "Cache-Control" not in missing.headers


def test_the_rehearsal_brings_the_screens_down_to_a_result_uncounted(client, small):
    client.set_cookie("kiosk", "hall")
    home = client.get("/ar/").get_data(as_text=True)
    assert 'data-rehearsal-url="/ar/repetition"' in home  # kiosk.js asks it on load
    before = _usage_rows()
    response = client.get("/ar/repetition")
    assert response.status_code == 200 and response.cache_control.no_store
    html = response.get_data(as_text=True)
    assert 'href="/ar/besoin/passeport"' in html  # the sub-needs of Papiers, in Arabic
    assert "جواز السفر" in html
    assert "Mairie centrale" in html and 'class="place' in html  # then a result
    assert "<html" not in html and "hx-swap-oob" not in html  # screens, as swapped
    assert _usage_rows() == before  # a rehearsal is no visitor's screen


def _usage_rows() -> list:
    flush_counts()
    return sorted(
        (row.need, row.kind, row.count)
        for row in db.session.scalars(select(UsageCount))
    )


def test_a_swap_leaves_the_bar_and_brings_home_and_back(client, small):
    html = client.get("/fr/besoin/passeport", headers=HX).get_data(as_text=True)
    assert 'class="languages"' not in html and "data-speech-play" not in html
    buttons = html.split('<div hx-swap-oob="innerHTML:#nav-buttons">', 1)[1]
    buttons = buttons.split("</div>", 1)[0]
    assert 'href="/fr/"' in buttons and 'href="/fr/besoin/papiers"' in buttons
    home = client.get("/fr/", headers=HX).get_data(as_text=True)
    assert '<div hx-swap-oob="innerHTML:#nav-buttons"></div>' in home  # none on home
    page = client.get("/fr/besoin/passeport").get_data(as_text=True)
    assert 'class="languages"' in page and 'id="nav-buttons"><a href="/fr/"' in page


@pytest.mark.parametrize(
    ("referer", "expected"),
    [
        ("http://localhost/fr/besoin/passeport", "/ar/besoin/passeport"),
        (
            "http://localhost/en/besoin/passeport/lieu/x1",
            "/ar/besoin/passeport/lieu/x1",
        ),
        ("http://localhost/fr/", "/ar/"),
        ("http://localhost/fr/besoin/nope", "/ar/besoin/nope"),  # still missing
        ("http://localhost/fr/no/such/page", "/ar/"),
        ("http://localhost/fr", "/ar/"),  # ours only through a redirect
        ("http://localhost/admin/", "/ar/"),  # not a screen in a language
        ("http://elsewhere.example/fr/besoin/passeport", "/ar/"),
        ("not a url at all", "/ar/"),
        (None, "/ar/"),
    ],
)
def test_a_language_link_shows_the_screen_it_was_tapped_on(
    client, small, referer, expected
):
    headers = {"Referer": referer} if referer else {}
    response = client.get("/ar/langue", headers=headers)
    assert response.status_code == 302
    assert response.headers["Location"] == expected


def test_a_language_the_kiosk_does_not_speak_is_404(client, small):
    assert client.get("/xx/langue").status_code == 404


def test_history_restore_and_boost_get_the_full_page(client, small):
    for extra in ({"HX-History-Restore-Request": "true"}, {"HX-Boosted": "true"}):
        html = client.get("/fr/", headers={**HX, **extra}).get_data(as_text=True)
        assert html.startswith("<!doctype html>")


def test_precise_screen_shows_sub_needs_with_home_and_back(client, small):
    html = client.get("/fr/besoin/papiers").get_data(as_text=True)
    assert "Passeport" in html
    assert 'href="/fr/besoin/passeport"' in html
    assert "Accueil" in html or "Home" in html


def test_result_shows_nearest_place_then_alternatives(client, small):
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    assert html.index("Mairie centrale") < html.index("Mairie lointaine")
    assert "05 56 10 20 20" in html
    assert "photo d&#39;identité" in html or "photo d'identité" in html
    assert 'href="/fr/besoin/papiers"' in html  # Back goes to the sub-needs


def text_of(html: str) -> str:
    """Return the words a visitor reads in `html`: no tags, entities decoded."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def best_card(html: str) -> str:
    """Return the text of the best place's card on a result screen."""
    card = html.split('<article class="place best"', 1)[1].split(">", 1)[1]
    card = card.split("</article>", 1)[0]
    return text_of(card)


def to_bring_section(html: str) -> str:
    """Return the text of a result's "What to bring" part (languages, access)."""
    part = html.split('<section id="to-bring"', 1)[1].split("</section>", 1)[0]
    return text_of(part.split(">", 1)[1])


def test_result_card_says_how_to_get_there_booking_languages_and_access(client, small):
    from kiosk.models import Place

    mairie = db.session.scalar(db.select(Place).filter_by(standard_id="mairie"))
    mairie.getting_there = {"fr": "Tram A, arrêt Hôtel de Ville", "ar": "الترام A"}
    mairie.modalites_acces = ["Prendre un RDV en ligne"]
    mairie.wheelchair = True
    db.session.commit()
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    card, more = best_card(html), to_bring_section(html)
    assert "Pour y aller Tram A, arrêt Hôtel de Ville" in card
    assert "Rendez-vous Prenez rendez-vous avant d'y aller." in card
    # A tap away ("What should I bring?"): the languages spoken and the access.
    assert "Langues parlées français, arabe" in more
    assert "Accès Accessible en fauteuil roulant" in more
    refresh()  # the test's app context holds the locale of the request before
    card = best_card(client.get("/ar/besoin/passeport").get_data(as_text=True))
    assert "الترام A" in card and "Tram A" not in card  # the visitor's language

    mairie.modalites_acces = ["Se présenter"]
    mairie.wheelchair, mairie.languages, mairie.getting_there = None, [], {}
    db.session.commit()
    refresh()
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    card, more = best_card(html), to_bring_section(html)
    assert "Rendez-vous Sans rendez-vous : allez-y directement." in card
    # Nothing known, nothing said: no empty heading, no "not accessible" guess.
    for heading in ("Pour y aller", "Langues parlées", "Accès", "fauteuil"):
        assert heading not in card + more


def test_hours_on_a_saturday_evening_say_when_the_place_opens(app, client, small):
    # Saturday 28 November 2026, 19:00 in Paris: the places open Mo-Fr from 09:00.
    app.config["FROZEN_NOW"] = "2026-11-28T19:00:00"
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    assert "Fermé en ce moment — ouvre lundi à 09:00" in best_card(html)
    others = text_of(html.split('class="alternatives"', 1)[1])
    assert "Fermé en ce moment — ouvre lundi à 09:00" in others
    app.config["FROZEN_NOW"] = "2026-11-30T10:00:00"  # Monday morning: open
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    assert "Ouvert maintenant — ferme aujourd'hui à 17:00" in best_card(html)


def test_a_place_without_hours_says_to_call_first(client, small):
    from kiosk.models import Place

    mairie = db.session.scalar(db.select(Place).filter_by(standard_id="mairie"))
    mairie.horaires = ""
    db.session.commit()
    card = best_card(client.get("/fr/besoin/passeport").get_data(as_text=True))
    assert "Horaires inconnus — appelez avant d'y aller." in card
    assert "Ouvert" not in card and "Fermé" not in card


def test_result_fragment(client, small):
    html = client.get("/fr/besoin/passeport", headers=HX).get_data(as_text=True)
    assert "<html" not in html and "Mairie centrale" in html


def test_choosing_an_alternative_puts_it_in_front(client, small):
    html = client.get("/fr/besoin/passeport/lieu/mairie-loin").get_data(as_text=True)
    assert html.index("Mairie lointaine") < html.index("Mairie centrale")


def test_an_alternative_no_longer_among_the_best_still_comes_in_front(client, small):
    # Shown a moment ago; since then nearer places came (an edit, an import).
    for n in range(5):
        make_structure(standard_id=f"near-{n}", nom=f"Mairie {n}", latitude=44.838)
    make_structure(standard_id="elsewhere", nom="Hors kiosque", on_kiosk=False)
    relink()
    best = client.get("/fr/besoin/passeport").get_data(as_text=True)
    assert "Mairie lointaine" not in best  # no longer among the four shown
    response = client.get("/fr/besoin/passeport/lieu/mairie-loin")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.index("Mairie lointaine") < html.index("Mairie 0")
    assert html.count('class="alternative"') == best.count('class="alternative"') == 3
    assert client.get("/fr/besoin/passeport/lieu/elsewhere").status_code == 404


def test_need_without_places_falls_back_to_generalist_desks(client, small):
    html = client.get("/fr/besoin/impots").get_data(as_text=True)
    assert "France Services Test" in html


def test_arabic_page_is_right_to_left_and_marks_french_content(client, small):
    html = client.get("/ar/besoin/passeport").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in html
    assert "جواز السفر" in html
    # Not translated by staff: in French, and said so in Arabic.
    assert '<li lang="fr" dir="ltr">Une photo' in html
    assert 'lang="ar" dir="rtl">(بالفرنسية)</span>' in html


@pytest.mark.parametrize(
    "url",
    [
        "/fr/besoin/nope",
        "/xx/",
        "/k/nope",
        "/fr/besoin/papiers/lieu/mairie",
        "/fr/besoin/passeport/lieu/nope",
    ],
)
def test_unknown_things_get_the_kiosk_404_with_home(client, small, url):
    response = client.get(url)
    assert response.status_code == 404
    assert 'class="button big home"' in response.get_data(as_text=True)


def test_404_as_fragment(client, small):
    response = client.get("/fr/besoin/nope", headers=HX)
    assert response.status_code == 404
    assert "<html" not in response.get_data(as_text=True)


def test_opening_k_slug_makes_the_tablet_that_kiosk(client, small):
    make_kiosk(slug="merignac", name="Mérignac", latitude=44.86, longitude=-0.5792)
    response = client.get("/k/merignac")
    assert response.status_code == 302
    assert "kiosk=merignac" in response.headers["Set-Cookie"]
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    assert html.index("Mairie lointaine") < html.index("Mairie centrale")


def first_place(client) -> str:
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    return min(("Mairie centrale", "Mairie lointaine"), key=html.index)


def test_without_a_cookie_the_default_kiosk_is_the_tablet(app, client, small):
    make_kiosk(
        slug="north", latitude=44.86, default_language="en", is_default=True
    )  # beside the Mairie lointaine, added after the hall
    assert client.get("/").headers["Location"] == "/en/"
    assert first_place(client) == "Mairie lointaine"
    app.config["DEFAULT_KIOSK"] = "hall"  # the configured kiosk beats the default
    g.pop("kiosk")  # the test's app context outlives a request: forget its kiosk
    assert client.get("/").headers["Location"] == "/fr/"
    assert first_place(client) == "Mairie centrale"


def kiosk_cookie(response) -> str:
    cookies = response.headers.getlist("Set-Cookie")
    found = [c for c in cookies if c.startswith("kiosk=")]
    assert len(found) == 1, cookies
    return found[0]


def test_the_kiosk_cookie_is_http_only_and_lasts_as_long_as_chromium_keeps_one(
    client, small
):
    cookie = kiosk_cookie(client.get("/k/hall"))
    assert "kiosk=hall" in cookie and "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert f"Max-Age={COOKIE_MAX_AGE}" in cookie and COOKIE_MAX_AGE <= 400 * 86400
    assert "Secure" not in cookie  # plain http: a Secure cookie would be dropped


def test_the_home_screen_renews_the_kiosk_cookie(client, small):
    make_kiosk(slug="north", latitude=44.86)
    client.get("/k/north")
    for headers in ({}, HX):  # the idle reset comes back home by a swap
        cookie = kiosk_cookie(client.get("/fr/", headers=headers))
        assert "kiosk=north" in cookie and f"Max-Age={COOKIE_MAX_AGE}" in cookie
    assert first_place(client) == "Mairie lointaine"


def kiosk_cookies(response) -> list[str]:
    return [c for c in response.headers.getlist("Set-Cookie") if "kiosk=" in c]


def test_a_tablet_without_the_cookie_is_given_none(app, small):
    fresh = app.test_client()
    assert kiosk_cookies(fresh.get("/fr/")) == []  # a desk browser stays one
    fresh.set_cookie("kiosk", "gone")  # a kiosk deleted since
    assert kiosk_cookies(fresh.get("/fr/")) == []


def test_over_https_the_kiosk_cookie_is_secure(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'https.sqlite3'}", HTTPS="1")
    with app.app_context():
        db.create_all()
        make_kiosk(slug="hall")
        client = app.test_client()
        cookie = kiosk_cookie(client.get("/k/hall", base_url="https://localhost"))
        assert "Secure" in cookie and "HttpOnly" in cookie
        client.set_cookie("kiosk", "hall", domain="localhost")
        home = client.get("/fr/", base_url="https://localhost")
        assert "Secure" in kiosk_cookie(home)
        db.session.remove()
        db.engine.dispose()


def test_no_script_of_the_kiosk_reads_a_cookie():
    static = Path(__file__).resolve().parent.parent / "kiosk" / "static"
    for script in [*static.glob("js/*.js"), static / "sw.js"]:
        assert "cookie" not in script.read_text(encoding="utf-8").lower(), script.name


def test_no_kiosk_configured_answers_503(client):
    assert client.get("/").status_code == 503


def test_every_demo_need_leads_to_a_place(client, demo):
    from sqlalchemy import select

    from kiosk.extensions import db
    from kiosk.models import Need

    leaves = [n for n in db.session.scalars(select(Need)) if not n.children]
    assert len(leaves) >= 12
    for need in leaves:
        html = client.get(f"/fr/besoin/{need.slug}").get_data(as_text=True)
        assert 'class="place best"' in html, need.slug
        assert 'class="notice"' not in html, need.slug  # answered, not a fallback
