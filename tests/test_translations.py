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


@pytest.mark.parametrize("lang", [c for c in LANGUAGES if c != SOURCE_LANGUAGE])
def test_every_string_is_translated(lang):
    po = TRANSLATIONS / lang / "LC_MESSAGES" / "messages.po"
    assert po.exists(), f"no catalog for {lang}: run `pybabel init -l {lang}`"
    template = _read(TRANSLATIONS / "messages.pot")
    template_ids = {
        _id(message)
        for message in template
        if message.id and (lang == "fr" or _visitor_facing(message))
    }
    catalog = _read(po)
    untranslated = sorted(
        message_id
        for message_id in template_ids
        if not (catalog.get(message_id) and catalog.get(message_id).string)
        or catalog.get(message_id).fuzzy
    )
    assert not untranslated, f"{lang}: untranslated or fuzzy: {untranslated}"
