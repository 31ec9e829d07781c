"""The hours editor: the week grid and the expert text kept in step, the preview of
any week with the place's closures, messages in the staff's language, saving."""

import re

import pytest
from werkzeug.datastructures import MultiDict

from kiosk.admin.forms import PlaceForm
from kiosk.extensions import db
from kiosk.models import Place
from kiosk.revisions import snapshot
from tests.conftest import make_structure

from .conftest import form_data

CCAS = "Mo-Fr 08:30-12:30,13:30-17:00; Sa 09:00-12:00; PH off"
HX = {"HX-Request": "true"}


@pytest.fixture
def place(app):
    return make_structure(nom="CCAS de Cenon", horaires=CCAS)


def _reload(structure):
    db.session.expire_all()
    return db.session.get(Place, structure.id)


def _grid(structure, **changes) -> MultiDict:
    """Return the place form as the browser sends it, with `changes`."""
    return form_data(PlaceForm, snapshot(structure), **changes)


def _live(staff, data: MultiDict, changed: str, lang="fr", **extra) -> str:
    query = MultiDict(data)
    query.setlist("changed", [changed])
    for name, value in extra.items():
        query.setlist(name, [value])
    query.setlist("l", [lang])
    response = staff.get("/admin/places/hours-preview", query_string=query, headers=HX)
    assert response.status_code == 200
    return response.get_data(as_text=True)


def _part(page: str, element_id: str) -> str:
    """Return the out-of-band part of a live answer with this id ("" if none)."""
    found = re.search(rf'<(\w+) [^>]*id="{element_id}"[^>]*hx-swap-oob', page)
    if found is None:
        found = re.search(rf'<(\w+) [^>]*hx-swap-oob[^>]*id="{element_id}"', page)
    if found is None:
        return ""
    closing = f"</{found[1]}>"
    end = page.find(closing, found.start())
    return page[found.start() : end + len(closing) if end > 0 else len(page)]


def test_the_editor_shows_the_hours_in_the_grid(as_editor, place):
    page = as_editor.get(f"/admin/places/{place.id}").get_data(as_text=True)
    assert 'id="week-0-opens" name="week-0-opens" type="time" value="08:30"' in page
    assert 'id="week-5-closes" name="week-5-closes" type="time" value="12:00"' in page
    assert 'checked id="week-6-closed"' in page  # Sunday
    assert "Lundi" in page and "Identique à lundi" in page
    assert "disabled" not in page.split('id="hours-grid"')[1].split(">")[0]


def test_changing_the_grid_writes_the_text_and_the_preview(as_editor, place):
    data = _grid(place, **{"week-5-closed": "y"})  # no more Saturday mornings
    page = _live(as_editor, data, "grid")
    text = _part(page, "horaires")
    assert "\nMo-Fr 08:30-12:30,13:30-17:00; PH off</textarea>" in text
    assert 'value="Mo-Fr 08:30-12:30,13:30-17:00; PH off"' in _part(page, "hours_base")
    assert 'id="hours-grid"' not in page  # the grid being filled is left alone
    preview = page.split('id="hours-preview"')[1]
    assert "Ouvert" in preview  # Tuesday 24 November 2026, 10:30
    assert preview.count("<tr") == 7


def test_typing_the_text_refills_the_grid(as_editor, place):
    data = _grid(place, horaires="Tu,Th 14:00-18:00")
    page = _live(as_editor, data, "text")
    grid = _part(page, "hours-grid")
    assert 'id="week-1-opens" name="week-1-opens" type="time" value="14:00"' in grid
    assert 'checked id="week-0-closed"' in grid
    assert 'id="horaires"' not in page.split("<fieldset")[0]  # not the typed text
    assert 'value="Tu,Th 14:00-18:00"' in _part(page, "hours_base")


def test_a_text_the_grid_cannot_show_disables_it(as_editor, place):
    page = _live(as_editor, _grid(place, horaires="24/7"), "text")
    grid = _part(page, "hours-grid")
    assert re.search(r'<fieldset id="hours-grid"[^>]*disabled', grid)
    assert "La grille ne peut pas montrer" in grid


def test_same_as_monday_copies_the_row(as_editor, place):
    data = _grid(place, **{"week-5-opens": "", "week-5-closes": ""})
    page = _live(as_editor, data, "copy", number="5")
    assert 'id="week-5-opens2" name="week-5-opens2" type="time" value="13:30"' in (
        _part(page, "hours-grid")
    )
    assert "Mo-Sa 08:30-12:30,13:30-17:00; PH off" in _part(page, "horaires")


def test_exceptions_are_added_and_removed(as_editor, place):
    page = _live(as_editor, _grid(place), "add")
    assert 'id="specials-1-starts_on"' in _part(page, "hours-grid")
    data = _grid(
        place,
        **{"specials-0-starts_on": "2026-12-24", "specials-0-opens": "09:00"},
        **{"specials-0-closes": "12:00"},
    )
    page = _live(as_editor, data, "grid")
    assert CCAS + "; 2026 Dec 24 09:00-12:00" in _part(page, "horaires")
    page = _live(as_editor, data, "remove", number="0")
    assert "\n" + CCAS + "</textarea>" in _part(page, "horaires")


def test_a_wrong_time_is_said_in_french_under_it_and_in_the_preview(as_editor, place):
    data = _grid(place, **{"week-0-closes": "07:00"})
    page = _live(as_editor, data, "grid")
    assert "La fermeture doit suivre l’ouverture." in page
    assert 'href="#week-0-closes"' in page
    assert _part(page, "horaires") == ""  # the text keeps the last good hours


def test_the_text_s_problem_is_french_said_once_and_gone_once_it_reads(
    as_editor, place
):
    page = _live(
        as_editor, _grid(place, horaires="Lundi au vendredi 8h30-12h30"), "text"
    )
    problem = page.split('id="horaires-problem"')[1]
    assert "Non compris au caractère 1" in problem
    assert "Mo Tu We Th Fr Sa Su" in problem  # the hint for French day names
    assert "Not understood" not in page and "expected" not in page
    assert page.count("Non compris") == 1
    page = _live(as_editor, _grid(place, horaires="Mo-Fr 08:30-12:30"), "text")
    assert '<p class="error"' not in page.split('id="horaires-problem"')[1]


def test_the_preview_shows_a_chosen_week_with_a_closure(as_editor, place):
    place.closures = [
        {"starts_on": "2027-07-19", "ends_on": "2027-08-15", "notice": "Travaux"}
    ]
    db.session.commit()
    data = _grid(place, place_id=str(place.id))
    page = _live(as_editor, data, "week", preview_week="2027-08-11")
    preview = page.split('id="hours-preview"')[1]
    assert "semaine du lundi 9 août 2027" in preview
    assert preview.count("Fermeture temporaire : Travaux") == 7
    page = _live(as_editor, data, "week", preview_week="2027-08-18")
    preview = page.split('id="hours-preview"')[1]
    assert preview.count("Fermeture temporaire") == 0
    assert "lundi 16 août" in preview and "08:30–12:30, 13:30–17:00" in preview


def test_saving_the_grid_saves_its_hours(as_editor, place):
    data = _grid(place, **{"week-5-closed": "y", "holidays": "open"})
    response = as_editor.post(f"/admin/places/{place.id}", data)
    assert response.status_code == 302
    assert _reload(place).horaires == "Mo-Fr 08:30-12:30,13:30-17:00"


def test_saving_text_typed_since_the_grid_keeps_the_text(as_editor, place):
    data = _grid(place, horaires="Mo-Fr 10:00-12:00 || unknown")
    assert as_editor.post(f"/admin/places/{place.id}", data).status_code == 302
    assert _reload(place).horaires == "Mo-Fr 10:00-12:00 || unknown"


def test_saving_with_the_grid_disabled_keeps_the_text(as_editor, place):
    data = _grid(place, horaires="24/7", hours_base="24/7")
    for name in [n for n in data if n.startswith(("week-", "specials-"))]:
        del data[name]
    del data["hours_grid"]  # a disabled fieldset sends nothing
    assert as_editor.post(f"/admin/places/{place.id}", data).status_code == 302
    assert _reload(place).horaires == "24/7"


def test_an_untouched_grid_leaves_the_hours_as_written(as_editor, app):
    written = "Mo-Fr 08:30-12:30,13:30-17:00; We off"
    place = make_structure(horaires=written)
    data = _grid(place, nom="Nouveau nom")
    assert as_editor.post(f"/admin/places/{place.id}", data).status_code == 302
    assert _reload(place).horaires == written


def test_a_wrong_grid_is_refused_with_the_message_under_the_time(as_editor, place):
    data = _grid(place, **{"week-2-opens2": "11:00"})
    response = as_editor.post(f"/admin/places/{place.id}", data)
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="week-2-opens2-error"' in page
    assert "La deuxième plage doit commencer après la fin de la première." in page
    assert '<a href="#week-2-opens2">Mercredi (Rouvre à)</a>' in page
    assert _reload(place).horaires == CCAS


def test_a_new_place_s_grid_is_ready_to_fill(as_editor):
    # It was disabled (only the expert text could be typed) until issue 20's review.
    html = as_editor.get("/admin/places/new").get_data(as_text=True)
    grid = re.search(r'<fieldset id="hours-grid"[^>]*>', html)[0]
    assert " disabled" not in grid
    assert re.search(r'<input[^>]*name="hours_grid"[^>]*value="1"', html)
