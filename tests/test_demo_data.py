"""The demo needs speak every visitor language.

A need's label, description and "what to bring" are what a visitor reads on the tiles
and the result screen; an empty language there shows French through (marked lang="fr")
to someone who chose another language. Places' "getting there" and "what to bring" are
staff content written in French only in the demo (see kiosk/demo/SOURCES.md).
"""

import json
from pathlib import Path

import pytest

from kiosk.languages import LANGUAGES

DEMO = Path(__file__).resolve().parent.parent / "kiosk" / "demo"
NEEDS = json.loads((DEMO / "needs.json").read_text(encoding="utf-8"))
PARENTS = {need["parent"] for need in NEEDS if need["parent"]}


def _missing(texts: dict) -> list[str]:
    """Return the visitor languages with no (or a blank) text in `texts`."""
    return [lang for lang in LANGUAGES if not (texts.get(lang) or "").strip()]


def test_the_demo_has_needs_and_sub_needs():
    assert len(NEEDS) > 20 and PARENTS
    slugs = {need["slug"] for need in NEEDS}
    assert slugs >= PARENTS, "a need names a parent that does not exist"


@pytest.mark.parametrize("need", NEEDS, ids=lambda need: need["slug"])
def test_label_and_description_are_in_every_language(need):
    assert not _missing(need["label"]), f"label: {_missing(need['label'])}"
    assert not _missing(need["description"]), (
        f"description: {_missing(need['description'])}"
    )


@pytest.mark.parametrize("need", NEEDS, ids=lambda need: need["slug"])
def test_what_to_bring_is_in_every_language_where_it_shows(need):
    """A need with sub-needs never shows a result, so its "what to bring" is never
    read: it stays empty. Every need that shows a result has it in all nine."""
    if need["slug"] in PARENTS:
        assert need["to_bring"] == {}, "a need with sub-needs shows no result"
    else:
        assert not _missing(need["to_bring"]), f"to_bring: {_missing(need['to_bring'])}"


def test_the_check_notices_a_missing_language():
    texts = {lang: "x" for lang in LANGUAGES}
    assert _missing(texts) == []
    assert _missing({**texts, "uk": ""}) == ["uk"]
    assert _missing({**texts, "ar": "  "}) == ["ar"]
    del texts["ro"]
    assert _missing(texts) == ["ro"]
