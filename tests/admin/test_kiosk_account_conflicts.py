"""Nothing lost on kiosks and accounts: a save from an older form is refused on the
form itself, with what was typed kept and what the other person saved shown."""

import re

from sqlalchemy import text

from kiosk.admin import editing
from kiosk.extensions import db
from kiosk.models import Kiosk, KioskStatus, User
from tests.conftest import enrol, make_kiosk

from .conftest import Staff, fresh, make_user

SAVED_MEANWHILE = "Quelqu'un d'autre a enregistré entre-temps"


def _reload(model, row_id):
    db.session.expire_all()
    return db.session.get(model, row_id)


def _two_admins(app, admin_user):
    second = make_user("second@example.org", "admin")
    alice, bob = Staff(app.test_client()), Staff(app.test_client())
    alice.login(admin_user.email)
    bob.login(second.email)
    return alice, bob


def _version_on(page: str) -> str:
    return re.search(r'name="version" type="hidden" value="(\d*)"', page)[1]


def _saved_meanwhile(page: str) -> str:
    """Return the box above the form listing what the other person saved."""
    return page.split('id="saved-meanwhile"')[1].split("</div>")[0]


def _kiosk_form(staff: Staff, kiosk: Kiosk, **changes) -> dict:
    """Return what a browser posts from the kiosk's form as opened now, changed."""
    page = staff.get(f"/admin/kiosks/{kiosk.id}").get_data(as_text=True)
    data = {
        "version": _version_on(page),
        "slug": kiosk.slug,
        "name": kiosk.name,
        "address": kiosk.address,
        "latitude": str(kiosk.latitude),
        "longitude": str(kiosk.longitude),
        "default_language": kiosk.default_language,
        "idle_seconds": str(kiosk.idle_seconds),
        "print_route": kiosk.print_route,
        "printer_host": kiosk.printer_host,
        "printer_port": str(kiosk.printer_port),
        "paper_width_mm": str(kiosk.paper_width_mm),
    }
    if kiosk.is_default:
        data["is_default"] = "y"
    return {**data, **changes}


def test_two_tabs_saving_a_kiosk_the_second_is_refused_with_its_values_kept(
    app, admin_user
):
    kiosk = make_kiosk(slug="hall", name="Hall", idle_seconds=120)
    alice, bob = _two_admins(app, admin_user)
    first = _kiosk_form(alice, kiosk, name="Hall de la mairie", idle_seconds="300")
    second = _kiosk_form(bob, kiosk, name="Accueil", default_language="ar")
    assert first["version"] == second["version"] == "1"
    assert alice.post(f"/admin/kiosks/{kiosk.id}", first).status_code == 302

    refused = bob.post(f"/admin/kiosks/{kiosk.id}", second)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert SAVED_MEANWHILE in page and "Rien de votre saisie" in page
    assert 'value="Accueil"' in page  # what Bob typed stays in the form
    assert re.search(r'<option selected value="ar">|value="ar" selected', page)
    summary = _saved_meanwhile(page)
    assert "Hall de la mairie" in summary and "300" in summary  # what Alice saved
    assert "Langue" in summary  # the language differs too: Alice kept French
    saved = _reload(Kiosk, kiosk.id)
    assert (saved.name, saved.idle_seconds, saved.default_language) == (
        "Hall de la mairie",
        300,
        "fr",
    )
    # The form now carries the saved version: saving again keeps Bob's values.
    assert _version_on(page) == "2"
    again = bob.post(f"/admin/kiosks/{kiosk.id}", {**second, "version": "2"})
    assert again.status_code == 302
    saved = _reload(Kiosk, kiosk.id)
    assert (saved.name, saved.default_language, saved.version) == ("Accueil", "ar", 3)


def test_a_heartbeat_between_reading_and_saving_is_no_conflict(app, as_admin):
    kiosk = make_kiosk(slug="hall", name="Hall")
    opened = _kiosk_form(as_admin, kiosk, name="Hall d'accueil")
    tablet = app.test_client()
    enrol(tablet, kiosk)
    home = fresh(tablet, "get", "/fr/").get_data(as_text=True)
    token = re.search(r'"X-CSRFToken": "([^"]+)"', home)[1]
    beat = {"version": "0.1.0", "screen": "1280x800", "printer": "ok"}
    answer = fresh(
        tablet, "post", "/kiosk/heartbeat", json=beat, headers={"X-CSRFToken": token}
    )
    assert answer.get_json()["recorded"] is True
    assert db.session.get(KioskStatus, kiosk.id) is not None
    assert _reload(Kiosk, kiosk.id).version == 1  # the beat went to kiosk_status
    assert as_admin.post(f"/admin/kiosks/{kiosk.id}", opened).status_code == 302
    assert _reload(Kiosk, kiosk.id).name == "Hall d'accueil"


def test_a_save_overtaken_between_check_and_write_is_refused(
    app, as_admin, monkeypatch
):
    kiosk = make_kiosk(slug="hall", name="Hall")
    opened = _kiosk_form(as_admin, kiosk, name="Hall d'accueil")
    check = editing.check_version

    def overtaken(row, form):
        check(row, form)
        with db.engine.begin() as other:  # another server process saves first
            other.execute(text("UPDATE kiosk SET version = version + 1"))

    monkeypatch.setattr(editing, "check_version", overtaken)
    response = as_admin.post(f"/admin/kiosks/{kiosk.id}", opened)
    assert response.status_code == 409
    assert 'value="Hall d&#39;accueil"' in response.get_data(as_text=True)
    assert _reload(Kiosk, kiosk.id).name == "Hall"


def test_the_kiosk_that_loses_default_moves_on_so_an_old_form_cannot_take_it_back(
    app, admin_user
):
    hall = make_kiosk(slug="hall", name="Hall", is_default=True)
    annex = make_kiosk(slug="annexe", name="Annexe")
    alice, bob = _two_admins(app, admin_user)
    old = _kiosk_form(alice, hall, name="Hall central")  # default still ticked
    made_default = _kiosk_form(bob, annex, is_default="y")
    assert bob.post(f"/admin/kiosks/{annex.id}", made_default).status_code == 302
    refused = alice.post(f"/admin/kiosks/{hall.id}", old)
    assert refused.status_code == 409
    summary = _saved_meanwhile(refused.get_data(as_text=True))
    assert "Borne par défaut" in summary and "Non" in summary
    assert _reload(Kiosk, annex.id).is_default
    assert not _reload(Kiosk, hall.id).is_default


def test_two_admins_editing_one_account_the_second_is_refused(app, admin_user):
    editor = make_user("editor@example.org", "editor")
    alice, bob = _two_admins(app, admin_user)
    url = f"/admin/accounts/{editor.id}"
    opened = _version_on(alice.get(url).get_data(as_text=True))
    assert _version_on(bob.get(url).get_data(as_text=True)) == opened == "1"
    promote = {"version": opened, "email": editor.email, "role": "admin", "active": "y"}
    assert alice.post(url, promote).status_code == 302
    deactivate = {"version": opened, "email": editor.email, "role": "editor"}
    refused = bob.post(url, deactivate)
    assert refused.status_code == 409
    page = refused.get_data(as_text=True)
    assert SAVED_MEANWHILE in page
    summary = _saved_meanwhile(page)
    assert "Administrateur" in summary and "Éditeur" not in summary
    saved = _reload(User, editor.id)
    assert (saved.role, saved.active) == ("admin", True)
