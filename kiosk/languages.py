"""The visitor languages: code, own name, writing direction; and content fallback."""

from dataclasses import dataclass

DEFAULT_LANGUAGE = "fr"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # written in the language itself, never a flag
    direction: str = "ltr"


# The order of the language row on every screen.
LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("fr", "Français"),
        Language("en", "English"),
        Language("ar", "العربية", "rtl"),
        Language("es", "Español"),
        Language("pt", "Português"),
        Language("uk", "Українська"),
        Language("ru", "Русский"),
        Language("tr", "Türkçe"),
        Language("ro", "Română"),
    )
}


def direction(code: str) -> str:
    """Return "rtl" or "ltr" for a language code."""
    return LANGUAGES[code].direction if code in LANGUAGES else "ltr"


def localized(texts: dict[str, str] | None, lang: str) -> tuple[str, str]:
    """Return (text, language of the text): the visitor's language, else French."""
    texts = texts or {}
    if texts.get(lang):
        return texts[lang], lang
    return texts.get(DEFAULT_LANGUAGE, ""), DEFAULT_LANGUAGE
