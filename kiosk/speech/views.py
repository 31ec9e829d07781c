"""The Listen button's server audio: /<lang>/ecouter?ecran=<path of a screen>.

The visitor's browser never sends text to read. It names the screen it shows (its
path, e.g. /fr/besoin/passeport) and the server renders that screen again, reads
its text (script.py) and speaks it (audio.py). Only screens registered with
`public.screens.speakable` can be read, so the route cannot be made to say anything
else.
"""

from pathlib import Path

from flask import abort, current_app, request, send_file
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

from ..kiosks import enrolled_kiosk
from ..languages import LANGUAGES
from ..public.listen import spoken_sentences
from ..public.screens import SCREENS, Screen, screen_script
from ..web import limiter
from . import bp
from .audio import Engine, SpeechError, is_cached, mp3_of, ssml, synthesize

MAX_PATH = 300
# Screens not yet spoken a kiosk (or, without one, a client address) may have made a
# minute (SPEECH_NEW_PER_MINUTE): a visitor listens to a few; 150 screens asked at
# once held every kiosk. Those already made are never limited (web/limiter.py).
# The messages of the error screen that can be read (public/error.html `kind`).
ERROR_KINDS = frozenset({"not_found", "server_error", "unavailable"})


@bp.get("/<lang>/ecouter")
def audio(lang: str):
    """Return the MP3 (the WAV with ?format=wav) of the screen `ecran` (or the error
    `erreur`) read in `lang`."""
    screen = _screen_to_read(lang)
    sentences = spoken_sentences(screen_script(screen.template, screen.context))
    if not sentences:
        abort(404)
    text = ssml([(line.text, _voice_of(line.lang)) for line in sentences])
    voice, engine = LANGUAGES[lang].espeak_voice, _engine()
    if not is_cached(text, voice, engine) and not _may_make_audio():
        abort(429)
    try:
        path = synthesize(text, voice, engine)
        if request.args.get("format") != "wav":
            path = mp3_of(path)
    except SpeechError:
        current_app.logger.exception("speech synthesis failed (%s)", lang)
        abort(503)
    mimetype = "audio/mpeg" if path.suffix == ".mp3" else "audio/wav"
    response = send_file(path, mimetype=mimetype, max_age=300)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


def _may_make_audio() -> bool:
    """Return True (and count it) when this kiosk or client may have one more new
    screen spoken this minute."""
    kiosk = enrolled_kiosk()
    key = f"kiosk:{kiosk.id}" if kiosk else f"address:{request.remote_addr}"
    limit = int(current_app.config["SPEECH_NEW_PER_MINUTE"] or 6)
    return limiter.allow("speech", key, limit)


def _voice_of(lang: str | None) -> str | None:
    """Return the espeak-ng voice of a sentence's own language, None for the screen's
    (or for a language the kiosk has no voice for: espeak-ng would pick English)."""
    return LANGUAGES[lang].espeak_voice if lang in LANGUAGES else None


def _screen_to_read(lang: str) -> Screen:
    """Return the screen named by the query string, or abort with 404."""
    kind = request.args.get("erreur")
    if kind is not None:
        if kind not in ERROR_KINDS:
            abort(404)
        return Screen("public/error.html", {"kind": kind})
    path = request.args.get("ecran", "")
    if not path.startswith("/") or path.startswith("//") or len(path) > MAX_PATH:
        abort(404)
    adapter = current_app.url_map.bind("localhost")
    try:
        endpoint, args = adapter.match(path, method="GET")
    except (HTTPException, RequestRedirect):
        abort(404)
    if endpoint not in SCREENS or args.get("lang") != lang:
        abort(404)
    return SCREENS[endpoint](**args)


def _engine() -> Engine:
    """Return the speech engine configured for this app."""
    config = current_app.config
    return Engine(
        command=config["ESPEAK_COMMAND"],
        cache_dir=Path(
            config["SPEECH_CACHE_DIR"]
            or Path(current_app.instance_path) / "speech-cache"
        ),
        cache_bytes=int(config["SPEECH_CACHE_MB"]) * 1024 * 1024,
    )
