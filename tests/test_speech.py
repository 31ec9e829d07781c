"""The Listen button's script and server audio, through the Flask client."""

import io
import re
import wave
from html import unescape

import pytest

from kiosk.languages import LANGUAGES
from kiosk.speech.audio import Engine, synthesize
from tests.conftest import make_kiosk, make_need, relink

HX = {"HX-Request": "true"}


def script_with_langs(html: str) -> list[tuple[str, str | None]]:
    """Return the (text, lang) of each sentence of the screen's Listen script."""
    template = re.search(
        r'<template id="speech-script"[^>]*>(.*?)</template>', html, re.S
    )
    found = re.findall(r'<p(?: lang="([^"]*)")?>(.*?)</p>', template.group(1))
    return [(unescape(text), lang or None) for lang, text in found]


def script_of(html: str) -> list[str]:
    return [text for text, _ in script_with_langs(html)]


def listen_url(html: str) -> str:
    return unescape(re.search(r'data-audio="([^"]+)"', html).group(1))


def fetch(client, url: str):
    """Return (status, mimetype, body) of a GET, the file response closed."""
    with client.get(url) as response:
        return response.status_code, response.mimetype, response.get_data()


def wav_seconds(data: bytes) -> float:
    with wave.open(io.BytesIO(data)) as audio:
        assert audio.getnchannels() == 1 and audio.getsampwidth() == 2
        return audio.getnframes() / audio.getframerate()


def mp3_seconds(data: bytes) -> float:
    """Return the length of an MP3, decoded by libsndfile (not just its header)."""
    import soundfile

    samples, rate = soundfile.read(io.BytesIO(data), dtype="int16")
    assert data[:3] == b"ID3" or data[:2] in (b"\xff\xf3", b"\xff\xfb", b"\xff\xf2")
    return len(samples) / rate


def test_result_script_reads_the_screen_in_order(client, small):
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    lines = script_of(html)
    assert lines[0] == "Passeport"
    order = [
        "Mairie centrale",
        "rue de Test",
        "33000 Bordeaux",
        "dans ce bâtiment",
        "Ouvert",
        "Téléphone",
        "05 56 10 20 20",
        "À apporter",
        "Une photo d'identité",
        "Autres lieux",
        "Mairie lointaine",
    ]
    positions = [
        next(i for i, line in enumerate(lines) if part in line) for part in order
    ]
    assert positions == sorted(positions), lines
    # The top bar (languages, buttons) is not read: only the screen's content.
    assert not any("English" in line or "Listen" in line for line in lines)


# One language a test: the test's app context keeps Flask-Babel's locale.
def test_home_script_reads_the_tiles(client, small):
    home = script_of(client.get("/en/").get_data(as_text=True))
    assert home[:2] == [
        "What help do you need?",
        "Touch a picture: we tell you where to go. It is free and anonymous.",
    ]
    assert "Papiers" in home and "Impôts" in home


def test_precise_script_in_arabic(client, small):
    precise = script_of(client.get("/ar/besoin/papiers").get_data(as_text=True))
    assert precise[0] == "أوراق" and "جواز السفر" in precise


def test_french_shown_on_an_arabic_screen_is_a_french_sentence(client, small):
    for headers in ({}, HX):
        html = client.get("/ar/besoin/passeport", headers=headers).get_data(
            as_text=True
        )
        lines = script_with_langs(html)
        assert lines[0] == ("جواز السفر", None)
        assert ("Une photo d'identité", "fr") in lines
        assert '<p lang="fr">Une photo d&#39;identité</p>' in html
        # The place's name is no translation, and not marked: the Arabic voice.
        assert ("Mairie centrale", None) in lines


def test_in_french_no_sentence_is_marked(client, small):
    html = client.get("/fr/besoin/passeport").get_data(as_text=True)
    lines = script_with_langs(html)
    assert ("Une photo d'identité", None) in lines
    assert all(lang is None for _, lang in lines)


def test_server_audio_reads_french_fallback_with_the_french_voice(
    client, small, monkeypatch, tmp_path
):
    from kiosk.speech import views

    asked = []

    def recording(text, voice, engine):
        asked.append((text, voice))
        return synthesize(text, voice, engine)

    monkeypatch.setattr(views, "synthesize", recording)
    status, mimetype, data = fetch(client, "/ar/ecouter?ecran=/ar/besoin/passeport")
    assert (status, mimetype) == (200, "audio/mpeg") and mp3_seconds(data) > 5
    [(text, voice)] = asked
    assert voice == "ar" and text.startswith("<speak>جواز السفر.\n")
    assert '<voice xml:lang="fr-fr">Une photo d\'identité.</voice>' in text
    assert "\nMairie centrale.\n" in text
    # The Arabic after it is read by the Arabic voice again: about as long as the
    # whole screen read by the Arabic voice alone (a voice that stayed French would
    # spell the Arabic out: three times longer).
    unmarked = re.sub(r"</?voice[^>]*>", "", text)
    engine = Engine("espeak-ng", tmp_path / "unmarked", 50 * 1024 * 1024)
    with open(synthesize(unmarked, "ar", engine), "rb") as audio:
        assert abs(mp3_seconds(data) - wav_seconds(audio.read())) < 5


def test_the_htmx_fragment_carries_its_own_script_and_button(client, small):
    html = client.get("/fr/besoin/papiers", headers=HX).get_data(as_text=True)
    assert "<html" not in html
    assert script_of(html)[0] == "Papiers"
    assert listen_url(html) == "/fr/ecouter?ecran=/fr/besoin/papiers"


def test_every_screen_has_listen_and_both_display_toggles(client, small):
    for url in ("/fr/", "/fr/besoin/papiers", "/fr/besoin/passeport", "/fr/nope"):
        html = client.get(url).get_data(as_text=True)
        assert "data-speech-play" in html, url
        assert 'data-display-mode="large-text" aria-pressed="false"' in html, url
        assert 'data-display-mode="high-contrast" aria-pressed="false"' in html, url


def test_the_script_is_the_one_the_audio_reads_escaped_in_one_rendering(
    client, small, app
):
    from kiosk.public.screens import SCRIPT_HOLE, screen_script
    from kiosk.public.views import need_screen

    make_need(slug="ateliers", label={"fr": "Ateliers <b>R&D</b> « ici »"})
    for headers in ({}, HX):
        html = client.get("/fr/besoin/impots", headers=headers).get_data(as_text=True)
        with app.test_request_context("/fr/besoin/impots"):
            expected = screen_script(*need_screen("fr", "impots"))
            assert script_with_langs(html) == expected
        home = client.get("/fr/", headers=headers).get_data(as_text=True)
        assert "Ateliers <b>R&D</b> « ici »" in script_of(home)
        assert "&lt;b&gt;R&amp;D&lt;/b&gt;" in home and "<b>R&D" not in home
        assert SCRIPT_HOLE.text not in html + home


def test_error_page_reads_its_message(client, small):
    html = client.get("/en/besoin/nope").get_data(as_text=True)
    assert listen_url(html) == "/en/ecouter?erreur=not_found"
    assert script_of(html) == ["This page does not exist.", "Home"]
    status, _, data = fetch(client, "/en/ecouter?erreur=not_found")
    assert status == 200 and mp3_seconds(data) > 1


@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_server_audio_is_a_real_mp3_and_wav_in_every_language(client, small, lang):
    html = client.get(f"/{lang}/besoin/passeport").get_data(as_text=True)
    status, mimetype, mp3 = fetch(client, listen_url(html))
    assert (status, mimetype) == (200, "audio/mpeg")
    status, mimetype, wav = fetch(client, listen_url(html) + "&format=wav")
    assert (status, mimetype) == (200, "audio/wav")  # for a browser without MP3
    assert abs(mp3_seconds(mp3) - wav_seconds(wav)) < 0.2 and wav_seconds(wav) > 1
    assert len(mp3) * 10 < len(wav)  # what 150 screens weigh: 615 MB of WAV


def test_same_screen_same_audio_from_the_cache(client, small, app, tmp_path):
    first = fetch(client, "/fr/ecouter?ecran=/fr/besoin/passeport")
    app.config["ESPEAK_COMMAND"] = "/no/such/espeak"
    second = fetch(client, "/fr/ecouter?ecran=/fr/besoin/passeport")
    assert second[0] == 200 and second[2] == first[2]
    made = sorted(p.suffix for p in (tmp_path / "speech-cache").iterdir())
    assert made == [".mp3", ".wav"]


def test_new_screens_spoken_are_limited_per_client_not_those_made(client, app):
    # Issue 19, finding 12: 150 uncached screens, 16 at a time, slowed every kiosk.

    make_kiosk(slug="hall", name="Hall")
    needs = [make_need(slug=f"b-{n}", label={"fr": f"Besoin {n}"}) for n in range(8)]
    relink()
    urls = [f"/fr/ecouter?erreur={kind}" for kind in ("not_found", "server_error")]
    urls += [f"/fr/ecouter?ecran=/fr/besoin/{need.slug}" for need in needs]
    answers = [fetch(client, url)[0] for url in urls]
    limit = int(app.config["SPEECH_NEW_PER_MINUTE"])
    assert answers == [200] * limit + [429] * (len(urls) - limit)
    assert fetch(client, urls[0])[0] == 200  # made already: never limited
    other = app.test_client()  # another kiosk's tablet, another address
    other.environ_base["REMOTE_ADDR"] = "192.0.2.44"
    assert fetch(other, urls[-1])[0] == 200


@pytest.mark.parametrize(
    "query",
    [
        "",
        "?ecran=",
        "?ecran=https://evil.example/fr/",
        "?ecran=//evil.example/fr/",
        "?ecran=/fr",  # a redirect, not a screen
        "?ecran=/healthz",  # not a screen that can be read
        "?ecran=/k/hall",
        "?ecran=/ar/besoin/passeport",  # another language than the route's
        "?ecran=/fr/besoin/nope",
        "?ecran=/fr/" + "a" * 400,
        "?erreur=anything",
        "?erreur=",
    ],
)
def test_audio_reads_only_known_screens(client, small, query):
    response = client.get(f"/fr/ecouter{query}")
    assert response.status_code == 404
    assert response.mimetype == "text/html"


def test_unknown_language_is_404(client, small):
    assert client.get("/xx/ecouter?ecran=/xx/").status_code == 404


def test_missing_engine_answers_503_with_the_kiosk_page(client, small, app):
    app.config["ESPEAK_COMMAND"] = "/no/such/espeak"
    response = client.get("/fr/ecouter?ecran=/fr/besoin/papiers")
    assert response.status_code == 503
    assert "button big home" in response.get_data(as_text=True)


def test_error_pages_have_the_language_row(client, small):
    for page in ("/fr/besoin/nope", "/fr/no/such/page"):
        html = client.get(page).get_data(as_text=True)
        assert 'href="/ar/langue"' in html
    # From the missing screen, the same (missing) screen in Arabic; from no screen at
    # all, home in Arabic.
    moved = client.get(
        "/ar/langue", headers={"Referer": "http://localhost/fr/besoin/nope"}
    )
    assert moved.location == "/ar/besoin/nope"
    moved = client.get("/ar/langue", headers={"Referer": "http://localhost/fr/no/such"})
    assert moved.location == "/ar/"
