"""The need taxonomy (kiosk/taxonomy/needs.json): reference data in every visitor
language, rules in the words of the data, installed by init-db on any database and
upgraded without undoing what staff changed.

A need's label, description and "what to bring" are what a visitor reads on the tiles
and the result screen; an empty language there shows French through (marked lang="fr")
to someone who chose another language. Places' "getting there" and "what to bring" are
staff content written in French only in the demo (see kiosk/demo/SOURCES.md).
"""

import re

import pytest
from flask_babel import refresh
from sqlalchemy import select

from kiosk import vocabularies as vocab
from kiosk.extensions import db
from kiosk.languages import LANGUAGES
from kiosk.models import Need, NeedPlace, NeedReference
from kiosk.taxonomy import RULE_COLUMNS, install_taxonomy, read_needs
from tests.conftest import make_structure

NEEDS = read_needs()
PARENTS = {need["parent"] for need in NEEDS if need["parent"]}
VOCABULARIES = {
    "typologies": set(vocab.TYPOLOGIES),
    "programmes": set(vocab.PROGRAMMES) | set(vocab.LABELS),
    "services": set(vocab.SERVICES),
    "fallback_services": set(vocab.SERVICES),
    "supports": set(vocab.PRISE_EN_CHARGE),
    "publics": set(vocab.PUBLICS),
}


def _missing(texts: dict) -> list[str]:
    """Return the visitor languages with no (or a blank) text in `texts`."""
    return [lang for lang in LANGUAGES if not (texts.get(lang) or "").strip()]


def test_the_taxonomy_has_needs_and_sub_needs():
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


@pytest.mark.parametrize("need", NEEDS, ids=lambda need: need["slug"])
def test_rules_speak_the_standard_s_vocabularies_verbatim(need):
    assert set(need["rule"]) == set(RULE_COLUMNS)
    for key, values in need["rule"].items():
        assert set(values) <= VOCABULARIES[key], (key, set(values) - VOCABULARIES[key])
    if need["slug"] not in PARENTS:
        assert any(need["rule"][k] for k in RULE_COLUMNS if k != "publics")


def test_init_db_alone_gives_every_tile_its_needs(app, runner):
    """A fresh database with only the taxonomy has every need; places imported
    later link to them (no demo data needed)."""
    counts = install_taxonomy()
    assert counts["added"] == len(NEEDS)
    tops = db.session.scalars(select(Need).where(Need.parent_id.is_(None))).all()
    assert 8 <= len(tops) <= 15  # PRODUCT.md: 8–15 tiles on the home screen
    mairie = make_structure(nom="Mairie de Saint-Flour", typologie=[])
    install_taxonomy()  # links again, as an import would
    passport = db.session.scalar(select(Need).where(Need.slug == "passeport"))
    link = db.session.get(NeedPlace, (passport.id, mairie.id))
    assert link is not None and link.reason == "typologie"  # inferred from the name


def test_an_upgrade_keeps_what_staff_changed_and_brings_the_rest(app):
    install_taxonomy()
    passport = db.session.scalar(select(Need).where(Need.slug == "passeport"))
    passport.label = {**passport.label, "fr": "Passeport (accueil)"}  # staff's word
    reference = db.session.get(NeedReference, "passeport")
    old = dict(reference.fields)
    # The taxonomy of an older version: its description and rule were different.
    reference.fields = {
        **old,
        "description": {"fr": "Ancien texte"},
        "rule_typologies": ["MUNI"],
    }
    passport.description = {"fr": "Ancien texte"}
    passport.rule_typologies = ["MUNI"]
    db.session.commit()
    counts = install_taxonomy()
    db.session.expire_all()
    assert passport.label["fr"] == "Passeport (accueil)"  # kept
    assert passport.description == old["description"]  # brought up to date
    assert passport.rule_typologies == old["rule_typologies"]
    assert counts == {"added": 0, "updated": 2, "kept": 1}


def test_a_need_staff_deleted_does_not_come_back(app):
    install_taxonomy()
    need = db.session.scalar(select(Need).where(Need.slug == "carte-grise"))
    db.session.delete(need)
    db.session.commit()
    assert install_taxonomy()["added"] == 0
    assert db.session.scalar(select(Need).where(Need.slug == "carte-grise")) is None


def test_every_type_a_rule_names_says_why_in_words():
    from kiosk.ranking.why import KINDS

    named = {t for need in NEEDS for t in need["rule"]["typologies"]}
    assert named - set(KINDS) == set()


ACRONYM = re.compile(r"\b[A-Z]{2,}\b")


@pytest.mark.parametrize("need", NEEDS, ids=lambda need: need["slug"])
def test_acronyms_stay_beside_the_translated_words(need):
    # "CAF — الإعانات العائلية": the word on the letter a person holds is the acronym.
    for field in ("label", "description"):
        texts = need[field]
        for acronym in ACRONYM.findall(texts["fr"]):
            lacking = [lang for lang, text in texts.items() if acronym not in text]
            assert not lacking, (field, acronym, lacking)


def test_each_administration_has_a_letter_i_do_not_understand():
    letters = {
        need["parent"]
        for need in NEEDS
        if need["label"]["fr"] == "Un courrier que je ne comprends pas"
    }
    assert letters >= {"impots", "retraite", "sante", "caf", "emploi"}


def test_a_passport_of_another_country_goes_where_foreigners_get_help(demo, client):
    # A Ukrainian renewing her passport is not sent to the French-passport desk.
    client.get("/k/hotel-de-ville")
    page = client.get("/uk/besoin/papiers").get_data(as_text=True)
    assert "Французький паспорт" in page and "Паспорт або ID іншої країни" in page
    refresh()  # the test's app context holds the locale of the request before
    result = client.get("/uk/besoin/papiers-etrangers").get_data(as_text=True)
    best = re.search(r'<h2 id="place-name"><bdi>([^<]+)</bdi>', result).group(1)
    assert "Mairie" not in best and "Hôtel de Ville" not in best, best
    french = client.get("/uk/besoin/passeport").get_data(as_text=True)
    assert 'id="place-name"><bdi>Hôtel de Ville' in french
