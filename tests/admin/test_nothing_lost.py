"""Nothing lost: two people saving the same place or need, revisions and restore."""

import re

from sqlalchemy import select

from kiosk.admin.forms import PlaceForm
from kiosk.admin.setup_forms import NeedForm
from kiosk.extensions import db
from kiosk.models import Need, Place, Revision
from kiosk.revisions import snapshot
from tests.conftest import make_need, make_structure

from .conftest import Staff, form_data, make_user


def _reload(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def _two_editors(app, editor):
    second = make_user("second@example.org")
    alice, bob = Staff(app.test_client()), Staff(app.test_client())
    alice.login(editor.email)
    bob.login(second.email)
    return alice, bob


def test_the_second_save_gets_both_versions_and_chooses_per_field(app, editor):
    place = make_structure(
        nom="Mairie", telephone="+33556000000", horaires="Mo-Fr 09:00-17:00"
    )
    alice, bob = _two_editors(app, editor)
    opened = snapshot(place)  # both open the form at version 1
    # Alice changes the phone and the hours first.
    first = alice.post(
        f"/admin/places/{place.id}",
        form_data(
            PlaceForm, opened, telephone="05 56 11 11 11", horaires="Mo-Fr 08:00-18:00"
        ),
    )
    assert first.status_code == 302
    # Bob, from the form he opened before, changes the name and the hours.
    second = bob.post(
        f"/admin/places/{place.id}?l=en",
        form_data(
            PlaceForm, opened, nom="Mairie centrale", horaires="Mo-Sa 09:00-12:00"
        ),
    )
    assert second.status_code == 409
    page = second.get_data(as_text=True)
    assert "Someone else saved" in page
    for value in (
        "Mo-Fr 08:00-18:00",
        "Mo-Sa 09:00-12:00",
        "Mairie centrale",
        "+33556111111",
    ):
        assert value in page  # both versions, field by field
    # Nothing of Bob's was written yet, Alice's save stands.
    saved = _reload(Place, place.id)
    assert saved.nom == "Mairie" and saved.telephone == "+33556111111"
    # Only the hours were changed by both: no default there, the others preselected.
    assert re.search(r'name="choice-nom" value="mine" checked', page)
    assert re.search(r'name="choice-telephone" value="theirs" checked', page)
    assert not re.search(r'name="choice-horaires" value="\w+" checked', page)
    token = re.search(r'name="token" value="([^"]+)"', page)[1]
    version = re.search(r'name="version" value="(\d+)"', page)[1]
    # Sending without choosing the hours is refused, nothing written.
    missing = bob.post(
        f"/admin/places/{place.id}/resolve?l=en",
        {
            "token": token,
            "version": version,
            "choice-nom": "mine",
            "choice-telephone": "theirs",
        },
    )
    assert missing.status_code == 422
    assert "Choose a version for every field." in missing.get_data(as_text=True)
    done = bob.post(
        f"/admin/places/{place.id}/resolve",
        {
            "token": token,
            "version": version,
            "choice-nom": "mine",
            "choice-telephone": "theirs",
            "choice-horaires": "mine",
        },
    )
    assert done.status_code == 302
    saved = _reload(Place, place.id)
    assert saved.nom == "Mairie centrale"  # Bob's
    assert saved.telephone == "+33556111111"  # Alice's
    assert saved.horaires == "Mo-Sa 09:00-12:00"  # Bob's, chosen
    assert saved.version == 3
    actions = db.session.scalars(select(Revision.user_email).order_by(Revision.id))
    assert list(actions) == [editor.email, "second@example.org"]


def test_a_forged_conflict_token_changes_nothing(as_editor):
    place = make_structure(nom="Mairie")
    response = as_editor.post(
        f"/admin/places/{place.id}/resolve",
        {"token": "forged", "version": "1", "choice-nom": "mine"},
    )
    assert response.status_code == 302
    assert _reload(Place, place.id).nom == "Mairie"


def test_a_need_edited_twice_gets_the_conflict_screen_too(app, editor):
    need = make_need(slug="impots", label={"fr": "Impôts"})
    alice, bob = _two_editors(app, editor)
    opened = snapshot(need)
    changes = {"label-fr": "Impôts et taxes"}
    assert (
        alice.post(
            f"/admin/needs/{need.id}", form_data(NeedForm, opened, **changes)
        ).status_code
        == 302
    )
    other = {"label-fr": "Les impôts"}
    response = bob.post(f"/admin/needs/{need.id}", form_data(NeedForm, opened, **other))
    assert response.status_code == 409
    assert "Impôts et taxes" in response.get_data(as_text=True)
    assert _reload(Need, need.id).label["fr"] == "Impôts et taxes"


def test_every_change_is_a_revision_and_any_can_be_restored(as_editor, editor):
    place = make_structure(nom="Mairie", horaires="Mo-Fr 09:00-17:00")
    for hours in ("Mo-Fr 08:00-12:00", "Mo-Sa 10:00-16:00"):
        values = snapshot(_reload(Place, place.id))
        as_editor.post(
            f"/admin/places/{place.id}", form_data(PlaceForm, values, horaires=hours)
        )
    revisions = list(db.session.scalars(select(Revision).order_by(Revision.id)))
    assert [r.after["horaires"] for r in revisions] == [
        "Mo-Fr 08:00-12:00",
        "Mo-Sa 10:00-16:00",
    ]
    page = as_editor.get(f"/admin/history/structure/{place.id}?l=en")
    assert "Restore this version" in page.get_data(as_text=True)
    detail = as_editor.get(f"/admin/history/revision/{revisions[0].id}?l=en")
    text = detail.get_data(as_text=True)
    assert "Mo-Fr 09:00-17:00" in text and "Mo-Fr 08:00-12:00" in text
    # Back to the state after the first change: itself a new revision.
    response = as_editor.post(f"/admin/history/revision/{revisions[0].id}/restore")
    assert response.status_code == 302
    saved = _reload(Place, place.id)
    assert saved.horaires == "Mo-Fr 08:00-12:00"
    last = db.session.scalar(select(Revision).order_by(Revision.id.desc()))
    assert last.action == "restore" and last.user_email == editor.email
    assert last.before["horaires"] == "Mo-Sa 10:00-16:00"


def test_a_need_can_be_restored_to_an_earlier_revision(as_editor):
    need = make_need(
        slug="retraite", label={"fr": "Retraite"}, rule_typologies=["MUNI"]
    )
    as_editor.post(
        f"/admin/needs/{need.id}",
        form_data(NeedForm, snapshot(need), rule_typologies=["CCAS"]),
    )
    as_editor.post(
        f"/admin/needs/{need.id}",
        form_data(NeedForm, snapshot(_reload(Need, need.id)), rule_typologies=["RFS"]),
    )
    first = db.session.scalar(select(Revision).order_by(Revision.id))
    as_editor.post(f"/admin/history/revision/{first.id}/restore")
    assert _reload(Need, need.id).rule_typologies == ["CCAS"]
