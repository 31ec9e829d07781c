"""The admin's forms (Flask-WTF): each checks its fields and speaks "snapshot".

`values()` returns what a form holds as snapshot values (see revisions.py), and
`from_values()` builds the data to show a row: one vocabulary for the editor, the
revision history and the conflict screen.
"""

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from wtforms import (
    BooleanField,
    DateField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    PasswordField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
    Length,
    Optional,
    ValidationError,
)

from .. import vocabularies as vocab
from ..languages import LANGUAGES
from ..limits import CAPS
from ..ranking.hours_words import hours_error
from ..ranking.week_grid import chosen_text
from . import values as check
from .fields import (
    CheckboxesField,
    CoordinateField,
    StaffForm,
    options,
    texts,
    translations_form,
)
from .hours_editor import grid_data, read_grid
from .hours_forms import MAX_SPECIALS, RangesForm, SpecialForm, day_names

REQUIRED = _l("This field is required.")


def _choices(values):
    return options((v, v) for v in values)


def area():
    """Return the boxes positions must fall in: ADMIN_AREA_BBOX, else France."""
    return check.parse_area(current_app.config.get("ADMIN_AREA_BBOX", ""))


def _reraise(function, field):
    """Run a tidying function on a field's data, as a WTForms validation error."""
    try:
        field.data = function(field.data)
    except ValueError as error:
        raise ValidationError(str(error)) from None


class LoginForm(StaffForm):
    """E-mail and password (autocomplete set in the template)."""

    email = EmailField(
        _l("E-mail"), validators=[DataRequired(REQUIRED), Length(max=254)]
    )
    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED)])


class PositionMixin:
    """Latitude and longitude checked together, inside France or the area."""

    def validate_latitude(self, field):
        if self.latitude.errors or self.longitude.errors:
            return
        try:
            check.check_position(self.latitude.data, self.longitude.data, area())
        except ValueError as error:
            raise ValidationError(str(error)) from None


class PlaceForm(PositionMixin, StaffForm):
    """Every field of a place, with the standard's vocabularies as checkboxes."""

    version = HiddenField()
    standard_id = StringField(_l("Identifier"), validators=[Length(max=200)])
    nom = StringField(
        _l("Name"), validators=[DataRequired(REQUIRED), Length(max=CAPS["nom"])]
    )
    adresse = StringField(_l("Address"), validators=[Length(max=CAPS["adresse"])])
    complement_adresse = StringField(
        _l("Address, second line"),
        validators=[Length(max=CAPS["complement_adresse"])],
    )
    code_postal = StringField(_l("Postcode"), validators=[Length(max=10)])
    commune = StringField(
        _l("Town"), validators=[DataRequired(REQUIRED), Length(max=200)]
    )
    code_insee = StringField(_l("INSEE code"), validators=[Length(max=10)])
    latitude = CoordinateField(_l("Latitude"))
    longitude = CoordinateField(_l("Longitude"))
    horaires = TextAreaField(
        _l("Opening hours, OpenStreetMap syntax"),
        validators=[Length(max=CAPS["horaires"])],
    )
    week = FieldList(
        FormField(RangesForm), label=_l("Week"), min_entries=7, max_entries=7
    )
    holidays = SelectField(
        _l("Public holidays"),
        choices=options(
            [
                ("closed", _l("Closed on public holidays")),
                ("open", _l("Open on public holidays, with that day's hours")),
            ]
        ),
    )
    specials = FieldList(
        FormField(SpecialForm),
        label=_l("Exceptions"),
        min_entries=1,
        max_entries=MAX_SPECIALS,
    )
    hours_base = HiddenField()  # the hours the grid and the text last agreed on
    hours_grid = HiddenField()  # "1" when the grid was shown (it could show them)
    telephone = StringField(_l("Phone"), validators=[Length(max=40)])
    courriels = TextAreaField(
        _l("E-mail addresses"), validators=[Length(max=CAPS["courriels"])]
    )
    site_web = TextAreaField(_l("Websites"), validators=[Length(max=CAPS["site_web"])])
    prise_rdv = StringField(_l("Online booking page"), validators=[Length(max=500)])
    fiche_acces_libre = StringField(
        _l("Acceslibre page (accessibility)"), validators=[Length(max=500)]
    )
    presentation_resume = TextAreaField(
        _l("Short presentation"), validators=[Length(max=280)]
    )
    presentation_detail = TextAreaField(
        _l("Detailed presentation"),
        validators=[Length(max=CAPS["presentation_detail"])],
    )
    getting_there = FormField(
        translations_form(max_length=CAPS["getting_there"]),
        label=_l("How to get there"),
    )
    to_bring = FormField(
        translations_form(max_length=CAPS["to_bring"]), label=_l("What to bring")
    )
    to_bring_needs = CheckboxesField(_l("For which needs"))
    languages = CheckboxesField(_l("Languages spoken"))
    other_languages = StringField(_l("Other languages (ISO codes, e.g. de, it)"))
    wheelchair = SelectField(
        _l("Wheelchair access"),
        choices=options([("", _l("Unknown")), ("yes", _l("Yes")), ("no", _l("No"))]),
    )
    typologie = CheckboxesField(_l("Type of place"))
    services = CheckboxesField(_l("Services"), choices=_choices(vocab.SERVICES))
    dispositif_programmes_nationaux = CheckboxesField(
        _l("National programmes"), choices=_choices(vocab.PROGRAMMES)
    )
    publics_specifiquement_adresses = CheckboxesField(
        _l("Publics specifically addressed"), choices=_choices(vocab.PUBLICS)
    )
    prise_en_charge_specifique = CheckboxesField(
        _l("Specific support"), choices=_choices(vocab.PRISE_EN_CHARGE)
    )
    frais_a_charge = CheckboxesField(_l("Fees"), choices=_choices(vocab.FRAIS))
    modalites_acces = CheckboxesField(
        _l("How to reach them"), choices=_choices(vocab.MODALITES_ACCES)
    )
    modalites_accompagnement = CheckboxesField(
        _l("Kinds of help"), choices=_choices(vocab.MODALITES_ACCOMPAGNEMENT)
    )
    formations_labels = CheckboxesField(
        _l("Trainings and labels"), choices=_choices(vocab.LABELS)
    )
    autres_formations_labels = TextAreaField(
        _l("Other trainings and labels"),
        validators=[Length(max=CAPS["autres_formations_labels"])],
    )
    itinerance = CheckboxesField(
        _l("Fixed or mobile"), choices=_choices(vocab.ITINERANCE)
    )
    pivot = StringField(_l("SIRET or RNA"), validators=[Length(max=20)])
    structure_parente = StringField(
        _l("Network or parent organisation"), validators=[Length(max=300)]
    )
    source = StringField(_l("Source of the data"), validators=[Length(max=300)])
    date_maj = DateField(_l("Date of the data"), validators=[Optional()])
    staff_notes = TextAreaField(
        _l("Internal contact and notes for staff (in the guide, never on the kiosk)"),
        validators=[Length(max=CAPS["staff_notes"])],
    )
    on_kiosk = BooleanField(_l("Shown on the kiosks"))

    MULTI = (
        "typologie",
        "services",
        "dispositif_programmes_nationaux",
        "publics_specifiquement_adresses",
        "prise_en_charge_specifique",
        "frais_a_charge",
        "modalites_acces",
        "modalites_accompagnement",
        "formations_labels",
        "itinerance",
    )
    TEXT = (
        "standard_id",
        "nom",
        "adresse",
        "complement_adresse",
        "commune",
        "horaires",
        "prise_rdv",
        "fiche_acces_libre",
        "presentation_resume",
        "presentation_detail",
        "autres_formations_labels",
        "structure_parente",
        "source",
        "staff_notes",
        "telephone",
        "code_postal",
        "code_insee",
        "pivot",
    )

    def __init__(
        self,
        *args,
        stored: dict | None = None,
        needs: list[tuple[str, str]] = (),
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        # A form made from this one may leave fields out (kiosk/selfupdate/forms.py).
        if "to_bring_needs" in self:
            self.to_bring_needs.choices = options(needs)
            self.to_bring_needs.keep_unknown((stored or {}).get("to_bring_needs", []))
        if "typologie" in self:
            self.typologie.choices = options(
                (code, f"{code} — {name}") for code, name in vocab.TYPOLOGIES.items()
            )
        self.languages.choices = options(
            (c, lang.name) for c, lang in LANGUAGES.items()
        )
        for name in self.MULTI:
            if name in self:
                self[name].keep_unknown((stored or {}).get(name, []))
        for entry, name in zip(self.week, day_names(), strict=False):
            entry.label.text = name
        for number, entry in enumerate(self.specials, start=1):
            entry.label.text = _l("Exception %(num)d", num=number)

    def hours(self) -> str:
        """Return the hours to save: the grid's, or the text typed since."""
        return chosen_text(self.horaires.data, self.hours_base.data, read_grid(self))

    def validate_horaires(self, field):
        typed = (field.data or "").strip()
        if self.hours() != typed:
            return  # the grid's: its rows say what is wrong in them
        error = hours_error(typed)
        if error:
            raise ValidationError(
                _l("These hours cannot be read. %(error)s", error=error)
            )

    def validate_telephone(self, field):
        _reraise(check.normalize_phone, field)

    def validate_courriels(self, field):
        _reraise(lambda text: "\n".join(check.normalize_emails(text)), field)

    def validate_site_web(self, field):
        _reraise(lambda text: "\n".join(check.normalize_urls(text)), field)

    def validate_prise_rdv(self, field):
        _reraise(check.normalize_url, field)

    def validate_fiche_acces_libre(self, field):
        _reraise(check.normalize_url, field)

    def validate_code_postal(self, field):
        field.data = (field.data or "").strip()
        if field.data and not check.POSTCODE.match(field.data):
            raise ValidationError(_l("A postcode has 5 digits, like 33000."))

    def validate_code_insee(self, field):
        field.data = (field.data or "").strip().upper()
        if field.data and not check.INSEE.match(field.data):
            raise ValidationError(_l("An INSEE code has 5 characters, like 33063."))

    def validate_pivot(self, field):
        field.data = "".join((field.data or "").split())
        if field.data and not check.PIVOT.match(field.data):
            raise ValidationError(
                _l("A SIRET has 14 digits and an RNA number 10 characters (W…).")
            )

    def validate_other_languages(self, field):
        codes = check.split_list(field.data)
        wrong = [c for c in codes if not (c.isalpha() and 2 <= len(c) <= 3)]
        if wrong:
            raise ValidationError(
                _l(
                    "“%(value)s” is not a language code such as de or it.",
                    value=wrong[0],
                )
            )

    def values(self) -> dict:
        """Return the form's content as snapshot values of a place."""
        data = {name: (getattr(self, name).data or "").strip() for name in self.TEXT}
        data.update({name: list(getattr(self, name).data or []) for name in self.MULTI})
        extra = [c.lower() for c in check.split_list(self.other_languages.data)]
        data["languages"] = list(dict.fromkeys(list(self.languages.data or []) + extra))
        data["courriels"] = check.split_list(self.courriels.data)
        data["site_web"] = check.split_list(self.site_web.data)
        data["latitude"], data["longitude"] = self.latitude.data, self.longitude.data
        data["wheelchair"] = {"yes": True, "no": False}.get(self.wheelchair.data)
        data["getting_there"] = texts(self.getting_there.data)
        data["to_bring"] = texts(self.to_bring.data)
        data["to_bring_needs"] = list(self.to_bring_needs.data or [])
        date_maj = self.date_maj.data
        data["date_maj"] = date_maj.isoformat() if date_maj else None
        data["on_kiosk"] = bool(self.on_kiosk.data)
        data["horaires"] = self.hours()
        return data

    @classmethod
    def from_values(cls, values: dict) -> dict:
        """Return form data showing a place's snapshot values."""
        data = dict(values)
        codes = values.get("languages") or []
        data["languages"] = [c for c in codes if c in LANGUAGES]
        data["other_languages"] = ", ".join(c for c in codes if c not in LANGUAGES)
        data["courriels"] = "\n".join(values.get("courriels") or [])
        data["site_web"] = "\n".join(values.get("site_web") or [])
        data["wheelchair"] = {True: "yes", False: "no"}.get(
            values.get("wheelchair"), ""
        )
        for key in ("getting_there", "to_bring"):
            data[key] = values.get(key) or {}
        if values.get("date_maj"):
            data["date_maj"] = date.fromisoformat(values["date_maj"])
        data.update(grid_data(values.get("horaires")))
        return data
