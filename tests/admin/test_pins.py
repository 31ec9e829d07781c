"""Pins: staff choose a place to show first for a need, at every kiosk nearby or at
one kiosk; the choice is visible on the need's page, in its history and on the
place's page, and can be undone."""

import html

from sqlalchemy import select

from kiosk.extensions import db
from kiosk.models import NeedPin, Revision
from tests.conftest import PEY_BERLAND, make_kiosk, make_structure, relink

from .conftest import fresh


def _pins_page(staff, need, query=""):
    return staff.get(f"/admin/needs/{need.id}/pins?l=en&q={query}").get_data(
        as_text=True
    )


def test_a_pinned_place_is_shown_first_at_every_kiosk_and_can_be_unpinned(
    as_editor, need, client
):
    make_kiosk(name="Hall", is_default=True)
    need.rule_typologies = ["CFP"]
    near = make_structure(nom="Centre des impôts du centre", typologie=["CFP"])
    desk = make_structure(
        nom="Mairie annexe aux passeports", typologie=["MUNI"], latitude=44.86
    )
    relink()
    page = _pins_page(as_editor, need, "passeports")
    assert "None: the rule alone decides." in page and desk.nom in page
    found = as_editor.get(
        f"/admin/needs/{need.id}/pins?q=passeports", headers={"HX-Request": "true"}
    ).get_data(as_text=True)
    assert "<html" not in found and desk.nom in found  # the active search's part
    response = as_editor.post(
        f"/admin/needs/{need.id}/pins?l=en", {"place": desk.id, "kiosk": ""}
    )
    assert response.status_code == 302
    kiosk_page = fresh(client, "get", f"/fr/besoin/{need.slug}").get_data(as_text=True)
    assert kiosk_page.index(desk.nom) < kiosk_page.index(near.nom)
    assert "Conseillé par l'accueil d'ici" in html.unescape(kiosk_page)
    edit = as_editor.get(f"/admin/needs/{need.id}?l=en").get_data(as_text=True)
    assert "Mairie annexe aux passeports" in edit.split('id="s-pins"')[1]
    place_page = as_editor.get(f"/admin/places/{desk.id}?l=en").get_data(as_text=True)
    assert "Pinned by staff for" in place_page
    revision = db.session.scalars(
        select(Revision).where(Revision.action == "pin")
    ).one()
    assert revision.after["pins"] == [
        f"Mairie annexe aux passeports ({desk.standard_id}) — every kiosk"
    ]
    pin = db.session.scalars(select(NeedPin)).one()
    as_editor.post(f"/admin/needs/{need.id}/pins/{pin.id}/delete?l=en")
    assert db.session.scalars(select(NeedPin)).all() == []
    kiosk_page = fresh(client, "get", f"/fr/besoin/{need.slug}").get_data(as_text=True)
    assert desk.nom not in kiosk_page  # not a CFP: only the pin brought it


def test_a_pin_at_one_kiosk_shows_there_only(as_editor, need, client):
    need.rule_typologies = ["CFP"]
    here = make_kiosk(slug="here", name="Here", is_default=True)
    make_kiosk(slug="there", name="There", latitude=PEY_BERLAND[0] + 0.01)
    make_structure(nom="Centre des impôts", typologie=["CFP"])
    desk = make_structure(nom="Permanence impôts du CCAS", typologie=["CCAS"])
    relink()
    as_editor.post(
        f"/admin/needs/{need.id}/pins?l=en", {"place": desk.id, "kiosk": here.id}
    )
    fresh(client, "get", "/k/here")
    assert desk.nom in fresh(client, "get", f"/fr/besoin/{need.slug}").get_data(
        as_text=True
    )
    fresh(client, "get", "/k/there")
    assert desk.nom not in fresh(client, "get", f"/fr/besoin/{need.slug}").get_data(
        as_text=True
    )


def test_pinning_a_place_that_is_gone_says_so_and_changes_nothing(as_editor, need):
    response = as_editor.post(
        f"/admin/needs/{need.id}/pins?l=en",
        {"place": "999999", "kiosk": ""},
        follow_redirects=True,
    )
    assert "no longer exists" in response.get_data(as_text=True)
    assert db.session.scalars(select(NeedPin)).all() == []
