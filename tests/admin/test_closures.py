"""Closures and notices from the place's page: added, refused with a reason in the
field, removed; each a revision of the place; the editor's version kept in step."""

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import Place, Revision
from tests.conftest import make_structure

SUMMER = {
    "closure-starts_on": "2027-07-19",
    "closure-ends_on": "2027-08-15",
    "closure-kind": "closed",
    "closure-notice": "Fermé pour travaux jusqu’au 15 août",
}
HX = {"HX-Request": "true"}


def _reload(place):
    db.session.expire_all()
    return db.session.get(Place, place.id)


def test_a_closure_is_added_as_a_revision_and_shown(as_editor, app):
    place = make_structure(nom="CCAS de Cenon")
    response = as_editor.post(
        f"/admin/places/{place.id}/closures",
        {**SUMMER, "version": str(place.version)},
        headers=HX,
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "du 19 juillet 2027 au 15 août 2027" in page
    assert "Fermé pour travaux jusqu’au 15 août" in page
    assert 'id="version" name="version" value="2" hx-swap-oob="true"' in page
    assert response.headers["HX-Trigger"] == "closures-changed"
    saved = _reload(place)
    assert saved.closures == [
        {
            "starts_on": "2027-07-19",
            "ends_on": "2027-08-15",
            "closed": True,
            "notice": "Fermé pour travaux jusqu’au 15 août",
            "service": "",
        }
    ]
    revision = db.session.scalar(select(Revision).order_by(Revision.id.desc()))
    assert revision.action == "closure"
    assert revision.before["closures"] == [] and len(revision.after["closures"]) == 1
    history = as_editor.get(f"/admin/history/structure/{place.id}")
    assert "Fermeture ou information ajoutée" in history.get_data(as_text=True)


def test_a_notice_for_a_service_keeps_the_place_open(as_editor, app):
    place = make_structure()
    data = {
        "closure-starts_on": "2026-12-01",
        "closure-ends_on": "2026-12-12",
        "closure-kind": "notice",
        "closure-service": "Permanence CAF",
        "closure-notice": "Permanence CAF annulée le 12",
    }
    assert as_editor.post(f"/admin/places/{place.id}/closures", data).status_code == 302
    (stored,) = _reload(place).closures
    assert stored["closed"] is False and stored["service"] == "Permanence CAF"


def test_a_wrong_closure_is_refused_in_its_field_and_nothing_written(as_editor, app):
    place = make_structure()
    cases = [
        ({"closure-starts_on": ""}, "closure-starts_on", "Indiquez le premier jour."),
        (
            {"closure-ends_on": "2027-07-01"},
            "closure-ends_on",
            "Le dernier jour vient avant le premier.",
        ),
        (
            {"closure-starts_on": "2026-01-01", "closure-ends_on": "2026-01-31"},
            "closure-ends_on",
            "Ces jours sont déjà passés.",
        ),
        (
            {"closure-starts_on": "31/02/2027"},
            "closure-starts_on",
            "n’est pas une date",
        ),
        (
            {"closure-kind": "notice", "closure-notice": " "},
            "closure-notice",
            "Une information a besoin de son texte.",
        ),
    ]
    for change, field, message in cases:
        response = as_editor.post(
            f"/admin/places/{place.id}/closures", {**SUMMER, **change}, headers=HX
        )
        assert response.status_code == 422, change
        page = response.get_data(as_text=True)
        assert f'id="{field}-error"' in page and message in page, change
    assert _reload(place).closures == []


def test_a_closure_is_removed_by_what_it_says(as_editor, app):
    place = make_structure(
        closures=[
            {"starts_on": "2027-07-19", "ends_on": "2027-08-15", "notice": "Travaux"},
            {"starts_on": "2027-09-01", "ends_on": "2027-09-01", "closed": False,
             "notice": "Réunion"},
        ]
    )  # fmt: skip
    named = {
        "starts_on": "2027-07-19",
        "ends_on": "2027-08-15",
        "closed": "1",
        "notice": "Travaux",
        "service": "",
    }
    url = f"/admin/places/{place.id}/closures/remove"
    assert as_editor.post(url, named).status_code == 302
    assert [c["notice"] for c in _reload(place).closures] == ["Réunion"]
    again = as_editor.post(url, named, headers=HX)  # a second tap, or another tab
    assert "a été retirée ou modifiée entre-temps" in again.get_data(as_text=True)
    assert len(_reload(place).closures) == 1


def test_the_place_page_lists_the_closures_not_over(as_editor, app):
    place = make_structure(
        closures=[
            {"starts_on": "2026-01-05", "ends_on": "2026-01-09", "notice": "Passée"},
            {"starts_on": "2026-11-23", "ends_on": "2026-11-27", "notice": "En cours"},
        ]
    )
    page = as_editor.get(f"/admin/places/{place.id}").get_data(as_text=True)
    assert "En cours" in page and "Passée" not in page
