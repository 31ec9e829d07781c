"""The visitor languages: code, own name, writing direction; and content fallback."""

from dataclasses import dataclass

from flask import abort

DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # written in the language itself, never a flag
    speech: str  # BCP 47 tag of the browser voice we look for first
    espeak_voice: str  # the server's voice (`espeak-ng --voices`)
    direction: str = "ltr"


# The order of the language row on every screen.
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("fr", "Français", "fr-FR", "fr-fr"),
        Language("en", "English", "en-GB", "en-gb"),
        Language("ar", "العربية", "ar", "ar", "rtl"),
        Language("es", "Español", "es-ES", "es"),
        Language("pt", "Português", "pt-PT", "pt"),
        Language("uk", "Українська", "uk-UA", "uk"),
        Language("ru", "Русский", "ru-RU", "ru"),
        Language("tr", "Türkçe", "tr-TR", "tr"),
        Language("ro", "Română", "ro-RO", "ro"),
    )
}


def direction(code: str) -> str:
    """Return "rtl" or "ltr" for a language code."""
    return LANGUAGES[code].direction if code in LANGUAGES else "ltr"


@dataclass(frozen=True)
class Text:
    """A piece of text and the language it is written in (content may fall back)."""

    value: str
    lang: str

    @property
    def dir(self) -> str:
        """Return "rtl" or "ltr"."""
        return direction(self.lang)


def localized(texts: dict[str, str] | None, lang: str) -> tuple[str, str]:
    """Return (text, language of the text): the visitor's language, else French."""
    texts = texts or {}
    if texts.get(lang):
        return texts[lang], lang
    return texts.get(DEFAULT_LANGUAGE, ""), DEFAULT_LANGUAGE


def refuse_unknown_language(endpoint, values) -> None:
    """404 for a URL whose <lang> the kiosk does not speak (a blueprint's
    url_value_preprocessor: the visitor's screens and their audio)."""
    if values and "lang" in values and values["lang"] not in LANGUAGES:
        abort(404)
