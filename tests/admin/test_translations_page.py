"""The Languages page: each need's label in the nine languages side by side, and
the texts staff wrote in French that lack a language, each linked to its page."""

from kiosk.admin.views.translations import lacking_languages
from kiosk.languages import LANGUAGES
from tests.conftest import make_kiosk, make_need, make_structure


def test_a_text_lacks_the_languages_it_has_no_words_in():
    assert lacking_languages({"fr": "Tram A", "ar": "الترام A", "uk": " "})[:2] == (
        "en",
        "es",
    )
    assert "uk" in lacking_languages({"fr": "Tram A", "uk": " "})
    assert "ar" not in lacking_languages({"fr": "Tram A", "ar": "الترام A"})
    assert lacking_languages({}) == () and lacking_languages(None) == ()
    assert lacking_languages({"ar": "الترام"}) == ()  # no French: nothing shown


def test_labels_side_by_side_and_what_lacks_a_language(as_editor, app):
    papers = make_need(slug="papiers", label={"fr": "Papiers", "ar": "أوراق"})
    make_need(
        slug="caf",
        label={"fr": "Aides CAF", "ar": "CAF — الإعانات العائلية"},
        parent_id=papers.id,
        to_bring={"fr": "Numéro d'allocataire"},
    )
    place = make_structure(nom="Mairie annexe", getting_there={"fr": "Tram A"})
    every = {code: "Tram A" for code in LANGUAGES}
    make_structure(nom="Mairie traduite", getting_there=every)
    make_kiosk(name="Hall", desk_location={"fr": "À gauche", "en": "On the left"})
    page = as_editor.get("/admin/translations/?l=en").get_data(as_text=True)
    # The table: a row per need, a column per language, the Arabic in Arabic.
    assert page.count('<th scope="col"') == 9
    assert '<td lang="ar" dir="rtl">CAF — الإعانات العائلية</td>' in page
    assert page.count('class="missing"') == 2 * 7  # two needs, seven languages each
    # The lists: where each text lacks words, linked to the page to write them.
    assert f'href="/admin/places/{place.id}">Mairie annexe (' in page
    assert "Mairie traduite" not in page
    assert "Numéro d" not in page  # the list names the need, not the text
    assert 'href="/admin/needs/' in page and "Hall</a> — lacks" in page
    assert (
        as_editor.get("/admin/needs/?l=en")
        .get_data(as_text=True)
        .count("/admin/translations/")
        == 1
    )
