"""Form fields the admin needs beyond WTForms': vocabulary checkboxes, per-language
texts, coordinates."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import Form, PasswordField, SelectMultipleField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from ..languages import LANGUAGES
from .values import parse_coordinate

# NUL (which PostgreSQL refuses in text) and the other invisible control characters;
# tab, line feed and carriage return stay.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def without_controls(value):
    """Return typed text without NUL and other invisible control characters."""
    return _CONTROL.sub("", value) if isinstance(value, str) else value


class StaffForm(FlaskForm):
    """A staff form: every text field drops control characters (passwords aside)."""

    class Meta:
        def bind_field(self, form, unbound_field, options):
            kind = unbound_field.field_class
            if issubclass(kind, StringField) and not issubclass(kind, PasswordField):
                filters = unbound_field.kwargs.get("filters", ())
                options["filters"] = [without_controls, *filters]
            return unbound_field.bind(form=form, **options)


def options(pairs) -> list[SelectChoice]:
    """Return WTForms choices from (value, label) pairs."""
    return [SelectChoice(value=value, label=label) for value, label in pairs]


class CheckboxesField(SelectMultipleField):
    """Several values from a vocabulary, one checkbox each, stored verbatim.

    Values already in the data but not in the vocabulary (old imports) are kept as
    extra checkboxes, so saving a form never drops them silently.
    """

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def keep_unknown(self, values: list[str]) -> None:
        """Add a checkbox for each stored value the vocabulary does not have."""
        known = {choice.value for choice in self.choices}
        extra = [v for v in values or [] if v not in known]
        self.choices = list(self.choices) + options(
            (v, _l("%(value)s (not in the standard)", value=v)) for v in extra
        )


class CoordinateField(StringField):
    """A latitude or a longitude, typed with a dot or a comma."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        try:
            self.data = parse_coordinate(self.raw)
        except ValueError as error:
            self.data = None
            raise ValueError(str(error)) from None

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else repr(self.data)


def translations_form(label_field=TextAreaField, max_length: int | None = None):
    """Return a subform with one text per kiosk language, French first."""

    class Translations(Form):
        def validate(self, extra_validators=None):
            ok = super().validate(extra_validators)
            for field in self:
                if max_length and len(field.data or "") > max_length:
                    field.errors = list(field.errors) + [
                        _l("At most %(count)d characters.", count=max_length)
                    ]
                    ok = False
            return ok

    for code, language in LANGUAGES.items():
        setattr(
            Translations, code, label_field(language.name, filters=[without_controls])
        )
    return Translations


def texts(data: dict | None) -> dict[str, str]:
    """Return per-language texts without the empty ones, whitespace trimmed."""
    return {k: v.strip() for k, v in (data or {}).items() if v and v.strip()}


def require_french(field) -> bool:
    """Add an error to the French text of a per-language field when it is empty.

    (WTForms calls no validator on a FormField: the parent form's validate() calls
    this.) Return True when French is there.
    """
    french = field.form.fr
    if (french.data or "").strip():
        return True
    french.errors = list(french.errors) + [
        _l("Write it in French at least: French is the fallback.")
    ]
    return False
