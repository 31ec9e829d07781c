"""The translation catalogs are up to date and complete for every shipped language.

Visitor-facing strings must be translated in every language. Staff-only strings (the
admin, the open-data pages, the command line) are shown in French, so they must be
translated in French; other languages may leave them to the English msgid.
"""

import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from kiosk.languages import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
TRANSLATIONS = ROOT / "translations"
SOURCE_LANGUAGE = "en"  # msgids are English; English needs no catalog
STAFF_ONLY = (
    "kiosk/admin/",
    "kiosk/templates/admin/",
    "kiosk/opendata/",
    "kiosk/cli.py",
    "kiosk/guide/",  # the professionals' guide: partners and staff
    "kiosk/templates/macros/pages.html",  # the page links of staff lists
    # Update campaigns, e-mails and pages for places: in French (the error kinds of
    # kiosk/upkeep/reports.py are the visitors').
    "kiosk/upkeep/views.py",
    "kiosk/upkeep/campaigns.py",
    "kiosk/upkeep/updates.py",
    "kiosk/templates/upkeep/",
    "kiosk/templates/opendata/",
    "kiosk/workshops/staff/",  # importing calendars, the poster (in French)
    "kiosk/templates/workshops/staff/",  # the open-data page, for reusers: in French
    "kiosk/selfupdate/",  # the form a place opens from its link: in French
    "kiosk/templates/selfupdate/",
    "kiosk/templates/guide/",
    "kiosk/ranking/hours_words.py",  # hours that cannot be read, said to staff
    "kiosk/revisions.py",  # the history of changes
)


def _read(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def _id(message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _ids(catalog) -> set[str]:
    return {_id(message) for message in catalog if message.id}


def _visitor_facing(message) -> bool:
    paths = [path for path, _line in message.locations]
    return not paths or any(not path.startswith(STAFF_ONLY) for path in paths)


def _translated(message) -> bool:
    if message is None or message.fuzzy:
        return False
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return all(strings)


def test_catalog_template_is_not_stale(tmp_path):
    fresh = tmp_path / "messages.pot"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "--no-location",
            "-o",
            str(fresh),
            ".",
        ],
        cwd=ROOT,
        check=True,
    )
    missing = _ids(_read(fresh)) - _ids(_read(TRANSLATIONS / "messages.pot"))
    assert not missing, f"run `make i18n`: new strings not in messages.pot: {missing}"


def _untranslated(template, catalog, lang: str) -> list[str]:
    """Return the msgids a visitor (or, in French, staff) would see untranslated.

    A message is untranslated when it is missing, fuzzy, or has any empty form: a
    plural's strings are a tuple, which is truthy even when every form is empty.
    """
    wanted = {
        _id(message)
        for message in template
        if message.id and (lang == "fr" or _visitor_facing(message))
    }
    return sorted(
        message_id for message_id in wanted if not _translated(catalog.get(message_id))
    )


@pytest.mark.parametrize("lang", [c for c in LANGUAGES if c != SOURCE_LANGUAGE])
def test_every_string_is_translated(lang):
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    assert po.exists(), f"no catalog for {lang}: run `pybabel init -l {lang}`"
    untranslated = _untranslated(_read(TRANSLATIONS / "messages.pot"), _read(po), lang)
    assert not untranslated, f"{lang}: untranslated or fuzzy: {untranslated}"


PLURAL_TEMPLATE = """\
#: kiosk/templates/public/x.html
msgid "%(num)d place"
msgid_plural "%(num)d places"
msgstr[0] ""
msgstr[1] ""
"""


@pytest.mark.parametrize(
    ("forms", "fuzzy", "flagged"),
    [
        (("%(num)d lieu", "%(num)d de lieux", "%(num)d lieux"), False, False),
        (("%(num)d lieu", "%(num)d de lieux", ""), False, True),
        (("", "", ""), False, True),
        (("%(num)d lieu", "%(num)d de lieux", "%(num)d lieux"), True, True),
    ],
)
def test_the_check_flags_an_empty_or_fuzzy_plural_form(tmp_path, forms, fuzzy, flagged):
    template = tmp_path / "messages.pot"
    template.write_text(PLURAL_TEMPLATE, encoding="utf-8")
    po = tmp_path / "messages.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n'
        '"Plural-Forms: nplurals=3; plural=(n == 0 || n == 1) ? 0 : 2;\\n"\n\n'
        + ("#, fuzzy\n" if fuzzy else "")
        + '#: kiosk/templates/public/x.html\nmsgid "%(num)d place"\n'
        'msgid_plural "%(num)d places"\n'
        + "".join(f'msgstr[{i}] "{form}"\n' for i, form in enumerate(forms)),
        encoding="utf-8",
    )
    untranslated = _untranslated(_read(template), _read(po), "uk")
    assert untranslated == (["%(num)d place"] if flagged else [])
