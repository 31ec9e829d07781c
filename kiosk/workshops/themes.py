"""What a workshop is about, each with its pictogram, and how to come to it: the
small lists the kiosk shows and the importer maps a calendar's words onto."""

import re

from flask_babel import lazy_gettext as _l

# code: (what the kiosk says, pictogram, words that say it in a feed, lower case)
THEMES = {
    "smartphone": (
        _l("Smartphone and tablet"),
        "openmoji/1F4F1.svg",
        ("smartphone", "tablette", "téléphone portable", "android", "iphone"),
    ),
    "computer": (
        _l("Computer"),
        "openmoji/1F4BB.svg",
        ("ordinateur", "informatique", "clavier", "souris", "windows", "internet"),
    ),
    "email": (
        _l("E-mail"),
        "openmoji/1F4E8.svg",
        ("courriel", "e-mail", "email", "mail", "messagerie"),
    ),
    "video_call": (
        _l("Video calls with the family"),
        "aiguillage/video-call.svg",
        ("visio", "appel vidéo", "whatsapp", "skype", "petits-enfants", "famille"),
    ),
    "music_films": (
        _l("Music and films"),
        "openmoji/1F3B5.svg",
        ("musique", "chanson", "film", "cinéma", "ina", "archives", "télévision"),
    ),
    "photos": (_l("Photos"), "openmoji/1F4F7.svg", ("photo",)),
    "procedures": (
        _l("Online procedures"),
        "openmoji/1F4DD.svg",
        ("démarche", "ameli", "caf", "impots", "impôts", "france connect", "en ligne"),
    ),
    "safety": (
        _l("Safety online"),
        "openmoji/1F512.svg",
        ("sécurité", "arnaque", "mot de passe", "piratage", "fraude"),
    ),
    "french": (
        _l("French for daily life"),
        "openmoji/1F5E3.svg",
        ("français", "fle", "alphabétisation", "langue"),
    ),
}
DEFAULT_THEME = "computer"

# How to come: the kiosk says it in a few words.
REGISTRATIONS = {
    "walk_in": _l("No need to register"),
    "phone": _l("Register by phone"),
    "desk": _l("Register at the desk"),
    "link": _l("Register online"),
}
AUDIENCES = {"seniors": _l("Seniors"), "beginners": _l("Beginners")}


# The most particular first: "la musique de votre jeunesse sur internet" is music.
MATCH_ORDER = (
    "music_films",
    "video_call",
    "photos",
    "safety",
    "procedures",
    "email",
    "french",
    "smartphone",
    "computer",
)


def theme_of(*texts: str) -> str:
    """Return the theme the first of `texts` that speaks of one names (whole words;
    a feed's categories, then its title, then its description), the most
    particular first; else DEFAULT_THEME."""
    for text in texts:
        words = text.casefold()
        for code in MATCH_ORDER:
            keys = THEMES[code][2]
            if any(re.search(rf"\b{re.escape(key)}\b", words) for key in keys):
                return code
    return DEFAULT_THEME
