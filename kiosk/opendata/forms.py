"""The staff forms of the data pages: upload a file, confirm an import."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import BooleanField, SelectChoice, SelectField


class UploadForm(FlaskForm):
    """A file to import, its format, and whether it wins over staff edits."""

    file = FileField(_l("File"), validators=[FileRequired(_l("Choose a file."))])
    format = SelectField(
        _l("Format"),
        choices=[
            SelectChoice("", _l("Guess from the file")),
            SelectChoice("mednum", _l("National standard v1 (CSV or JSON)")),
            SelectChoice(
                "mednum-pre-v1", _l("National format before v1 (JSON, 2021–2023)")
            ),
            SelectChoice("data-inclusion", _l("data·inclusion (JSON)")),
            SelectChoice("france-services", _l("List of the France Services (CSV)")),
        ],
        default="",
    )
    overwrite = BooleanField(_l("The file wins over changes made here by staff"))


class ConfirmForm(FlaskForm):
    """Confirm the import a preview showed (the CSRF token is all it carries)."""
