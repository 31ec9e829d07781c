"""The template helpers that remember per language: they follow the language in
force, including force_locale (a slip printed in the visitor's language, the desk
line in French)."""

from datetime import datetime
from zoneinfo import ZoneInfo

from flask import render_template_string
from flask_babel import force_locale

from kiosk import create_app

PARIS = ZoneInfo("Europe/Paris")


def _app():
    return create_app({"TESTING": True, "DATABASE_URL": "sqlite://"})


def test_template_gettext_follows_the_page_language_and_force_locale():
    app = _app()
    template = "{{ _('Home') }}|{{ _('today at %(time)s', time='<b>') }}"
    with app.test_request_context("/ar/"):
        assert render_template_string(template) == "الرئيسية|اليوم الساعة &lt;b&gt;"
        with force_locale("uk"):
            assert render_template_string(template).startswith("Головна|")
        assert render_template_string(template).startswith("الرئيسية|")
    with app.test_request_context("/fr/"):
        assert render_template_string(template).startswith("Accueil|")


def test_template_ngettext_picks_the_plural_of_the_language():
    app = _app()
    template = "{{ ngettext('%(num)d minute', '%(num)d minutes', n) }}"
    with app.test_request_context("/en/"):
        assert render_template_string(template, n=1) == "1 minute"
        assert render_template_string(template, n=5) == "5 minutes"


def test_remembered_times_and_distances_are_per_language():
    app = _app()
    moment = datetime(2026, 11, 24, 17, 0, tzinfo=PARIS)
    template = "{{ format_time(moment, 'short') }}|{{ format_distance(1234) }}"
    with app.test_request_context("/en/"):
        english = render_template_string(template, moment=moment)
    with app.test_request_context("/fr/"):
        french = render_template_string(template, moment=moment)
    assert english == "5:00\u202fPM|1.2 km"
    assert french == "17:00|1,2\u202fkm"
