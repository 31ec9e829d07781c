"""Caps on a place's texts (kiosk/limits.py; issue 19, finding 13): the form refuses a
longer one in its field, the importer cuts it and says so, the slip never prints more.
A 20,000-character "how to get there" once printed two metres of paper."""

from sqlalchemy import select

from kiosk.admin.forms import PlaceForm
from kiosk.extensions import db
from kiosk.limits import CAPS
from kiosk.models import Place
from kiosk.opendata.formats import read_file
from kiosk.opendata.importer import import_places
from kiosk.printing.render import slip_bytes
from kiosk.revisions import snapshot
from tests.conftest import make_structure
from tests.opendata_helpers import csv_bytes, place_row
from tests.receipt import read

from .conftest import form_data

TWO_METRES = "Prenez le tram A jusqu'à Pey Berland, puis la rue. " * 400  # 20,400


def test_the_form_refuses_a_way_longer_than_its_cap_in_its_field(as_editor):
    place = make_structure(nom="Mairie annexe", getting_there={"fr": "Tram A"})
    posted = form_data(PlaceForm, snapshot(place), **{"getting_there-fr": TWO_METRES})
    answer = as_editor.post(f"/admin/places/{place.id}?l=fr", posted)
    assert answer.status_code == 422
    html = answer.get_data(as_text=True)
    assert f"{CAPS['getting_there']} caractères au maximum" in html
    assert 'id="getting_there-fr-error"' in html  # the message sits by its field
    db.session.expire_all()
    assert db.session.get(Place, place.id).getting_there == {"fr": "Tram A"}


def test_the_importer_cuts_a_name_longer_than_its_cap_and_says_so(app):
    name = "Espace numérique " * 40  # 680 characters
    parsed = read_file(csv_bytes([place_row(id="long", nom=name)]))
    report = import_places(parsed)
    cut = [p for p in report.problems if p.code == "cut"]
    assert [(p.column, p.params["max"]) for p in cut] == [("nom", CAPS["nom"])]
    stored = db.session.scalar(select(Place).where(Place.standard_id == "long"))
    assert len(stored.nom) == CAPS["nom"] and stored.nom.endswith("…")


def test_a_way_stored_before_the_caps_prints_no_more_than_its_cap(client, app):
    from kiosk import clock
    from kiosk.takehome.referral import build_slip
    from tests.conftest import make_kiosk, make_need

    kiosk = make_kiosk(slug="hall", name="Hall")
    need = make_need(slug="passeport", label={"fr": "Passeport"})
    place = make_structure(
        nom="Mairie", getting_there={"fr": TWO_METRES}, to_bring={"fr": TWO_METRES}
    )
    place.to_bring_needs = ["passeport"]
    db.session.commit()
    slip = build_slip(need, place, kiosk, clock.now(), "fr", "https://k.fr/p/a", "1 km")
    assert len(slip.getting_there.value) == CAPS["getting_there"]
    assert all(len(item.value) <= CAPS["to_bring"] for item in slip.to_bring)
    receipt = read(slip_bytes(slip, 80))
    printed = sum(len(line.text) for line in receipt.lines)
    assert printed < CAPS["getting_there"] + CAPS["to_bring"] + 1500  # not 40,000
    assert len(receipt.lines) < 120  # about 50 cm of paper at most
