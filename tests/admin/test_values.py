"""The pure checks behind the admin's fields: phones, e-mails, addresses, positions."""

import pytest

from kiosk.admin import values
from kiosk.revisions import comparable, conflicts, merge


@pytest.mark.parametrize(
    "typed, stored",
    [
        ("05 56 10 20 30", "+33556102030"),
        ("05.56.10.20.30", "+33556102030"),
        ("+33 5 56 10 20 30", "+33556102030"),
        ("0033 5 56 10 20 30", "+33556102030"),
        ("+262 262 12 34 56", "+262262123456"),
        ("", ""),
    ],
)
def test_phone_numbers_are_stored_as_the_standard_writes_them(typed, stored):
    assert values.normalize_phone(typed) == stored


@pytest.mark.parametrize("typed", ["05 56 10", "+44 20 7946 0958", "05 56 AB 20 30"])
def test_wrong_phone_numbers_are_refused(typed):
    with pytest.raises(ValueError):
        values.normalize_phone(typed)


def test_emails_split_on_lines_and_commas_and_refuse_a_wrong_one():
    assert values.normalize_emails("a@b.fr\nc@d.org, e@f.com") == [
        "a@b.fr",
        "c@d.org",
        "e@f.com",
    ]
    with pytest.raises(ValueError, match="mairie.fr"):
        values.normalize_emails("accueil@mairie.fr\nmairie.fr")


def test_web_addresses_get_a_scheme_and_wrong_ones_are_refused():
    assert values.normalize_url("www.bordeaux.fr") == "https://www.bordeaux.fr"
    assert values.normalize_url("http://x.fr/a?b=1") == "http://x.fr/a?b=1"
    for wrong in ("javascript:alert(1)", "ftp://x.fr", "bordeaux", "https://"):
        with pytest.raises(ValueError):
            values.normalize_url(wrong)


def test_positions_inside_france_only_unless_an_area_is_configured():
    values.check_position(44.8378, -0.5792, None)  # Bordeaux
    values.check_position(-20.88, 55.45, None)  # Saint-Denis, La Réunion
    values.check_position(None, None, None)
    with pytest.raises(ValueError, match="outside France"):
        values.check_position(51.5074, -0.1278, None)  # London
    with pytest.raises(ValueError, match="swapped"):
        values.check_position(-0.5792, 44.8378, None)
    with pytest.raises(ValueError, match="both"):
        values.check_position(44.8, None, None)
    gironde = values.parse_area("44.2,-1.3,45.6,0.4")
    values.check_position(44.8378, -0.5792, gironde)
    with pytest.raises(ValueError, match="area"):
        values.check_position(48.8566, 2.3522, gironde)  # Paris


def test_a_bad_area_setting_is_refused_loudly():
    with pytest.raises(ValueError):
        values.parse_area("45,0,44,1")
    assert values.parse_area("") is None


def test_coordinates_accept_a_comma():
    assert values.parse_coordinate("44,8378") == 44.8378
    assert values.parse_coordinate(" ") is None
    with pytest.raises(ValueError):
        values.parse_coordinate("44°50'")


def test_three_way_conflict_defaults_to_the_side_that_changed():
    base = {
        "nom": "A",
        "telephone": "1",
        "horaires": "x",
        "latitude": 1,
        "longitude": 2,
    }
    mine = {**base, "nom": "A mine", "horaires": "y"}
    theirs = {**base, "telephone": "2", "horaires": "z", "latitude": 3}
    choices = {c.name: c for c in conflicts(base, mine, theirs)}
    assert choices["nom"].default == "mine"
    assert choices["telephone"].default == "theirs"
    assert choices["horaires"].default is None  # both changed it: the person chooses
    assert choices["position"].mine == [1, 2] and choices["position"].theirs == [3, 2]
    merged = merge(
        mine, theirs, {"nom": "mine", "horaires": "theirs", "position": "mine"}
    )
    assert merged["nom"] == "A mine" and merged["horaires"] == "z"
    assert (merged["latitude"], merged["longitude"]) == (1, 2)
    assert merged["telephone"] == "2"
    assert "position" in comparable(base) and "latitude" not in comparable(base)
