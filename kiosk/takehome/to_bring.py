"""What to bring, once: the items of the chosen need, then those of the place that
staff marked as concerning that need, each said once (pure).

Texts are lists written by people ("Ancien passeport, photo d'identité, justificatif
de domicile"): they are cut into items at commas, semicolons and line breaks outside
brackets. An item shown in French on a screen in another language says so.
"""

import re

from ..languages import Text, localized
from ..ranking.place_facts import fold

_CUT = re.compile(r"[,;\n](?![^()]*\))")


def items_of(text: str) -> list[str]:
    """Return the items of a list written as text."""
    parts = (part.strip(" .") for part in _CUT.split(text or ""))
    return [part[:1].upper() + part[1:] for part in parts if part]


def to_bring(need, place, lang: str) -> list[Text]:
    """Return what to bring for `need` at `place`, in `lang` where written in it
    (French otherwise): the need's items, then the place's own when staff marked
    them as concerning this need; an item said twice is shown once."""
    texts = [localized(need.to_bring, lang)]
    if need.slug in (place.to_bring_needs or []):
        texts.append(localized(place.to_bring, lang))
    found: list[Text] = []
    seen: set[str] = set()
    for text, text_lang in texts:
        for item in items_of(text):
            key = fold(item)
            if key not in seen:
                seen.add(key)
                found.append(Text(item, text_lang))
    return found
