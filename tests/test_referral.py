"""The referral slip's content: plain data in the visitor's language."""

from datetime import date, datetime

from flask_babel import force_locale

from kiosk.ranking.hours import PARIS
from kiosk.takehome.referral import build_slip, hours_week
from tests.conftest import make_kiosk, make_need, make_structure

TUESDAY = datetime(2026, 11, 24, 10, 30, tzinfo=PARIS)


def slip_for(lang="fr", now=TUESDAY, **place):
    kiosk = make_kiosk(name="Hall de la mairie")
    need = make_need(
        label={"fr": "Passeport", "ar": "جواز السفر"},
        to_bring={"fr": "Une photo"},
    )
    fields = dict(
        nom="Hôtel de Ville",
        to_bring={"ar": "وثيقة"},
        to_bring_needs=[need.slug],
        getting_there={"fr": "Tram A"},
        latitude=44.8420,
        longitude=-0.5740,
    )
    fields.update(place)
    structure = make_structure(**fields)
    return build_slip(need, structure, kiosk, now, lang, "https://x/p/abcdef", "650 m")


def test_french_slip(app):
    slip = slip_for("fr")
    assert slip.need.value == "Passeport" and slip.need.lang == "fr"
    assert slip.name == "Hôtel de Ville"
    assert slip.state == "Ouvert le mardi 24 novembre jusqu'à 17:00"
    assert [line.day for line in slip.hours][:2] == [
        "mardi 24 novembre",
        "mercredi 25 novembre",
    ]
    assert [line.today for line in slip.hours] == [True] + [False] * 6
    assert slip.hours[0].hours == "09:00–17:00" and slip.hours[5].closed
    assert [(t.value, t.lang) for t in slip.to_bring] == [("Une photo", "fr")]
    assert slip.getting_there.value == "Tram A"
    assert "Hall de la mairie" in slip.printed
    assert "24 novembre 2026" in slip.printed
    assert slip.desk_line is None
    assert slip.origin != slip.destination and slip.url == "https://x/p/abcdef"


def test_arabic_slip_keeps_french_where_content_is_untranslated(app):
    slip = slip_for("ar")
    assert slip.dir == "rtl"
    assert (slip.need.value, slip.need.lang) == ("جواز السفر", "ar")
    # The need's "to bring" has no Arabic: French, marked as such; the place's has.
    assert [(t.lang, t.dir) for t in slip.to_bring] == [("fr", "ltr"), ("ar", "rtl")]
    assert slip.hours[0].day == "الثلاثاء 24 نوفمبر"
    assert slip.desk_line.lang == "fr"
    assert "Passeport" in slip.desk_line.value and "arabe" in slip.desk_line.value


def test_holidays_and_unknown_hours(app):
    with app.test_request_context(), force_locale("en"):
        week = hours_week("Mo-Fr 09:00-12:00,14:00-17:00; PH off", date(2026, 12, 21))
        assert week[4].day == "Friday 25 December"
        assert week[4].hours == "Public holiday: closed" and week[4].closed
        assert week[0].hours.count("–") == 2  # two ranges on Monday
        assert all(
            line.hours == "Hours unknown" for line in hours_week("", date.today())
        )
        late = hours_week("Fr 18:00-24:00", date(2026, 11, 27), days=1)
        assert late[0].hours.endswith("midnight")


def test_unknown_hours_say_call_before_going(app):
    slip = slip_for("fr", horaires="")
    assert not slip.hours_known
    assert "appelez" in slip.state.lower() or "call" in slip.state.lower()


def test_paper_says_the_day_never_today_or_tomorrow(app):
    # Printed on Tuesday evening, read at home on Wednesday: "opens tomorrow" would
    # be wrong; the day and the time are written out.
    evening = TUESDAY.replace(hour=19)
    slip = slip_for("fr", now=evening)
    assert slip.state == "Prochaine ouverture : mercredi 25 novembre, 09:00"
    slip = slip_for("en", now=evening.replace(day=27))  # a Friday: next is Monday
    assert slip.state == "Next opening: Monday 30 November, 9:00\u202fAM"
    for lang in ("fr", "ar", "uk"):
        words = slip_for(lang, now=evening).state.lower()
        for relative in ("demain", "aujourd", "غدًا", "اليوم", "завтра", "сьогодні"):
            assert relative not in words, (lang, words)


def test_a_place_line_for_another_need_is_not_on_the_slip(app):
    slip = slip_for(
        "fr",
        to_bring={"fr": "Le numéro de pré-demande ANTS"},
        to_bring_needs=["another-need"],
    )
    assert [t.value for t in slip.to_bring] == ["Une photo"]
