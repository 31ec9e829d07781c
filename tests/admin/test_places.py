"""Editing places: create, validate every kind of value, previews, verify, hide, bin."""

import re

import pytest
from sqlalchemy import select

from kiosk.admin.forms import PlaceForm
from kiosk.extensions import db
from kiosk.models import NeedPlace, Place, Revision
from kiosk.revisions import snapshot
from tests.conftest import make_kiosk, make_need, make_structure, relink

from .conftest import fresh


@pytest.fixture
def place(app):
    return make_structure(nom="Mairie annexe", telephone="+33556000000")


def _post_place(staff, structure, **changes):
    from .conftest import form_data

    data = form_data(PlaceForm, snapshot(structure), **changes)
    return staff.post(f"/admin/places/{structure.id}?l=en", data)


def _reload(structure):
    db.session.expire_all()
    return db.session.get(Place, structure.id)


def test_an_edit_is_saved_with_its_revision(as_editor, place, editor):
    response = _post_place(
        as_editor, place, nom="Mairie annexe de Bastide", telephone="05 56 10 20 30"
    )
    assert response.status_code == 302
    saved = _reload(place)
    assert saved.nom == "Mairie annexe de Bastide"
    assert saved.telephone == "+33556102030"
    assert saved.version == 2
    revision = db.session.scalar(select(Revision))
    assert revision.user_email == editor.email and revision.action == "update"
    assert revision.before["nom"] == "Mairie annexe"
    assert revision.after["nom"] == "Mairie annexe de Bastide"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("telephone", "05 56 10", "Not a French phone number"),
        ("telephone", "call us", "only digits"),
        ("courriels", "accueil@mairie.fr\nmairie.fr", "“mairie.fr” is not an e-mail"),
        ("site_web", "javascript:alert(1)", "is not a web address"),
        ("prise_rdv", "rdv dot fr", "is not a web address"),
        ("fiche_acces_libre", "ftp://x.fr", "is not a web address"),
        ("horaires", "Mo-Fr 09:00-", "These hours cannot be read"),
        ("horaires", "Lu-Ve 9h-17h", "Not understood at character 1"),
        ("latitude", "51.5074", "outside France"),
        ("latitude", "-0.5792", "swapped"),
        ("latitude", "", "both latitude and longitude"),
        ("latitude", "44°50'", "Write a number"),
        ("code_postal", "3300", "A postcode has 5 digits"),
        ("code_insee", "ABCDE", "An INSEE code has 5 characters"),
        ("pivot", "123", "A SIRET has 14 digits"),
        ("presentation_resume", "x" * 281, "280"),
        ("nom", "", "This field is required."),
        ("other_languages", "german", "is not a language code"),
    ],
)
def test_a_bad_value_is_refused_in_its_field_and_the_rest_is_kept(
    as_editor, place, field, value, message
):
    changes = {field: value, "nom": "Nom changé"} if field != "nom" else {field: value}
    if field == "latitude" and message.startswith("swapped"):
        changes["longitude"] = "44.8378"
    response = _post_place(as_editor, place, **changes)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    error = re.search(rf'<p class="error" id="{field}-error">(.*?)</p>', page, re.S)
    assert error, f"no error under {field}"
    assert message in error[1]
    assert f'aria-describedby="{field}-error' in page or f'id="{field}"' in page
    assert re.search(rf'id="{field}"[^>]*autofocus|autofocus[^>]*id="{field}"', page)
    if field != "nom":
        assert 'value="Nom changé"' in page  # the rest of the form is kept
    assert _reload(place).nom == "Mairie annexe"  # and nothing was written


def test_a_new_place_gets_an_identifier_from_its_name(as_editor):
    from .conftest import form_data

    values = {
        "nom": "Espace France Services de Cenon",
        "commune": "Cenon",
        "on_kiosk": True,
        "latitude": 44.855,
        "longitude": -0.52,
        "horaires": "Mo-Fr 09:00-17:00",
        "typologie": ["RFS"],
    }
    response = as_editor.post("/admin/places/new", form_data(PlaceForm, values))
    assert response.status_code == 302
    place = db.session.scalar(select(Place).where(Place.commune == "Cenon"))
    assert place.standard_id == "espace-france-services-de-cenon"
    assert place.typologie == ["RFS"] and place.version == 1
    assert db.session.scalar(select(Revision.action)) == "create"


def test_position_preview_shows_the_new_point_and_how_far_it_moved(as_editor, place):
    page = as_editor.get(
        f"/admin/places/position-preview?l=en&place_id={place.id}"
        f"&latitude={place.latitude + 0.01}&longitude={place.longitude}"
    ).get_data(as_text=True)
    assert f'data-lat="{place.latitude + 0.01}"' in page
    assert f'data-old-lat="{place.latitude}"' in page
    assert "Moved 1.1 km from the saved position" in page
    wrong = as_editor.get(
        "/admin/places/position-preview?l=en&latitude=40.4&longitude=-3.7"
    )
    assert "outside France" in wrong.get_data(as_text=True)


def test_mark_verified_in_one_tap(as_editor, place):
    response = as_editor.post(
        f"/admin/places/{place.id}/verify?l=en", headers={"HX-Request": "true"}
    )
    assert "Verified today" in response.get_data(as_text=True)
    assert str(_reload(place).verified_on) == "2026-11-24"
    assert db.session.scalar(select(Revision.action)) == "verify"


def _kiosk_shows(client, need, place) -> bool:
    page = fresh(client, "get", f"/fr/besoin/{need.slug}").get_data(as_text=True)
    return place.nom in page


@pytest.fixture
def kiosk_scene(app, place):
    need = make_need(rule_typologies=["MUNI"])
    make_kiosk(is_default=True)
    relink()
    return need


def test_hide_and_show_act_on_the_kiosk_at_once(as_editor, place, kiosk_scene, client):
    assert _kiosk_shows(client, kiosk_scene, place)
    as_editor.post(f"/admin/places/{place.id}/visibility", {"shown": "0"})
    assert not _kiosk_shows(client, kiosk_scene, place)
    as_editor.post(f"/admin/places/{place.id}/visibility", {"shown": "1"})
    assert _kiosk_shows(client, kiosk_scene, place)


def test_the_bin_hides_a_place_and_restores_it_as_it_was(
    as_editor, place, kiosk_scene, client
):
    as_editor.post(f"/admin/places/{place.id}/delete")
    assert _reload(place).deleted_at is not None
    assert not _kiosk_shows(client, kiosk_scene, place)
    assert (
        db.session.scalar(select(NeedPlace).where(NeedPlace.structure_id == place.id))
        is None
    )
    listed = as_editor.get("/admin/places/?l=en").get_data(as_text=True)
    assert place.nom not in listed
    assert place.nom in as_editor.get("/admin/places/bin").get_data(as_text=True)
    as_editor.post(f"/admin/places/{place.id}/undelete")
    restored = _reload(place)
    assert restored.deleted_at is None and restored.nom == "Mairie annexe"
    assert _kiosk_shows(client, kiosk_scene, place)


def test_an_edit_reaches_the_kiosk_in_the_same_save(
    as_editor, place, kiosk_scene, client
):
    other = make_need(slug="impots", rule_typologies=["CFP"])
    relink()
    assert not _kiosk_shows(client, other, place)
    assert _post_place(as_editor, place, typologie=["MUNI", "CFP"]).status_code == 302
    assert _kiosk_shows(client, other, place)


def test_what_a_place_asks_to_bring_shows_only_under_the_needs_ticked(
    as_editor, place, kiosk_scene, client
):
    other = make_need(slug="je-ne-sais-pas", rule_typologies=["MUNI"])
    relink()
    form = as_editor.get(f"/admin/places/{place.id}?l=en").get_data(as_text=True)
    assert f'value="{kiosk_scene.slug}"' in form and 'value="je-ne-sais-pas"' in form
    ants = {"to_bring-fr": "Numéro de pré-demande ANTS"}
    ticked = {**ants, "to_bring_needs": [kiosk_scene.slug]}
    assert _post_place(as_editor, place, **ticked).status_code == 302
    assert _reload(place).to_bring_needs == [kiosk_scene.slug]
    page = fresh(client, "get", f"/fr/besoin/{kiosk_scene.slug}").get_data(as_text=True)
    assert "Numéro de pré-demande ANTS" in page
    page = fresh(client, "get", f"/fr/besoin/{other.slug}").get_data(as_text=True)
    assert place.nom in page and "Numéro de pré-demande ANTS" not in page
    revision = db.session.scalars(select(Revision).order_by(Revision.id.desc())).first()
    detail = as_editor.get(f"/admin/history/revision/{revision.id}?l=en")
    assert "What to bring: for which needs" in detail.get_data(as_text=True)


def test_filters_find_places_by_town_type_need_and_staleness(as_editor, app):
    from datetime import date

    need = make_need(slug="aide-cfp", rule_typologies=["CFP"])
    make_structure(
        nom="Centre des impôts",
        commune="Mérignac",
        typologie=["CFP"],
        verified_on=date(2026, 10, 1),
    )
    make_structure(
        nom="Mairie de Pessac",
        commune="Pessac",
        typologie=["MUNI"],
        verified_on=date(2025, 1, 1),
    )
    make_structure(
        nom="Espace Neruda",
        commune="Pessac",
        typologie=["BIB"],
        verified_on=date(2026, 11, 1),
    )
    relink()

    def names(query):
        page = as_editor.get(f"/admin/places/?{query}").get_data(as_text=True)
        return {
            n
            for n in ("Centre des impôts", "Mairie de Pessac", "Espace Neruda")
            if n in page
        }

    assert names("commune=Pessac") == {"Mairie de Pessac", "Espace Neruda"}
    assert names("typologie=CFP") == {"Centre des impôts"}
    assert names("typologie=C") == set()  # whole codes only
    assert names(f"need={need.slug}") == {"Centre des impôts"}
    assert names("stale=1") == {"Mairie de Pessac"}
    assert names("q=neruda") == {"Espace Neruda"}
    rows = as_editor.get("/admin/places/?q=pessac", headers={"HX-Request": "true"})
    assert "<html" not in rows.get_data(as_text=True)


def test_dashboard_lists_places_to_verify_and_what_they_lack(as_editor, app):
    from datetime import date

    make_structure(  # 7 of the 9 visitor fields: no hours, no phone
        nom="Jamais vérifié",
        telephone="",
        horaires="",
        languages=["fr"],
        wheelchair=True,
        getting_there={"fr": "Tram A"},
        to_bring={"fr": "Une pièce d'identité"},
    )
    make_structure(
        nom="Vérifié hier", verified_on=date(2026, 11, 23), telephone="+33556000000"
    )
    page = as_editor.get("/admin/?l=en").get_data(as_text=True)
    stale = page.split('id="incomplete-title"')[0]
    assert "Jamais vérifié" in stale and "Vérifié hier" not in stale
    assert "Opening hours" in stale and "Phone" in stale
    row = stale.split("Jamais vérifié")[1].split("</tr>")[0]
    assert "<td>78 %</td>" in row  # round(100 * 7 / 9)


def test_a_failed_save_changes_nothing(as_editor, place, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from kiosk.ranking import need_rules

    def broken(structure):
        raise OperationalError("INSERT", {}, Exception("disk I/O error"))

    monkeypatch.setattr(need_rules, "link_structure", broken)
    response = _post_place(as_editor, place, nom="Jamais enregistré", horaires="24/7")
    assert response.status_code == 500
    page = response.get_data(as_text=True)
    assert "nothing was changed" in page
    assert 'value="Jamais enregistré"' in page  # the person's text is still there
    saved = _reload(place)
    assert saved.nom == "Mairie annexe" and saved.horaires != "24/7"
    assert saved.version == 1
    assert db.session.scalar(select(Revision)) is None


VERSION_OOB = re.compile(r'<input[^>]*id="version"[^>]*value="(\d+)"[^>]*hx-swap-oob')


def test_verified_from_the_editor_then_saved_keeps_both(as_editor, place):
    page = as_editor.get(f"/admin/places/{place.id}").get_data(as_text=True)
    assert 'hx-include="#version"' in page  # the tap sends the form's version
    form = _form_posted(place, nom="Mairie annexe rénovée")
    tap = as_editor.post(
        f"/admin/places/{place.id}/verify",
        {"version": form["version"]},
        headers={"HX-Request": "true"},
    )
    form["version"] = VERSION_OOB.search(tap.get_data(as_text=True))[1]  # htmx's swap
    response = as_editor.post(f"/admin/places/{place.id}", form)
    assert response.status_code == 302
    saved = _reload(place)
    assert saved.nom == "Mairie annexe rénovée"
    assert str(saved.verified_on) == "2026-11-24"


def test_a_tap_after_someone_elses_save_does_not_hide_the_conflict(as_editor, place):
    form = _form_posted(place, nom="Mine")
    _post_place(as_editor, place, nom="Someone else's")  # saved meanwhile
    tap = as_editor.post(
        f"/admin/places/{place.id}/verify",
        {"version": form["version"]},
        headers={"HX-Request": "true"},
    )
    assert VERSION_OOB.search(tap.get_data(as_text=True)) is None
    assert as_editor.post(f"/admin/places/{place.id}", form).status_code == 409


def _form_posted(structure, **changes):
    from .conftest import form_data

    return form_data(PlaceForm, snapshot(structure), **changes)


def test_the_bin_shows_its_places_page_by_page(as_editor, app):
    # Issue 19, finding 4: every staff list paginates, the bin too.
    from datetime import datetime

    for n in range(53):
        make_structure(
            standard_id=f"b{n}", nom=f"Lieu {n:02}", deleted_at=datetime(2026, 11, 1)
        )
    first = as_editor.get("/admin/places/bin?l=en").get_data(as_text=True)
    assert first.count("Restore<span") == 50
    assert 'href="/admin/places/bin?l=en&amp;page=2"' in first
    second = as_editor.get("/admin/places/bin?l=en&page=2").get_data(as_text=True)
    assert second.count("Restore<span") == 3 and 'aria-current="page">2<' in second
