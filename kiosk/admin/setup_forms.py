"""Forms of the admin-only screens (kiosks, accounts) and of the needs."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    EmailField,
    FormField,
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import (
    DataRequired,
    EqualTo,
    Length,
    NumberRange,
    Optional,
    ValidationError,
)

from .. import vocabularies as vocab
from ..languages import LANGUAGES
from ..models import ROLES
from . import values as check
from .fields import (
    CheckboxesField,
    CoordinateField,
    StaffForm,
    options,
    require_french,
    texts,
)
from .fields import translations_form as per_language
from .forms import REQUIRED, PositionMixin

MIN_PASSWORD_LENGTH = 12
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
SLUG_MESSAGE = _l("Use lower-case letters, digits and dashes, like hall-mairie.")


def validate_slug(form, field):
    """Refuse a slug that cannot be part of a URL as is."""
    field.data = (field.data or "").strip()
    if not SLUG.match(field.data):
        raise ValidationError(SLUG_MESSAGE)


class KioskForm(PositionMixin, StaffForm):
    """A kiosk: name, address in URLs, position, language, idle time."""

    version = HiddenField()  # the kiosk's version when the form was read
    slug = StringField(
        _l("Short name in the tablet's address"),
        validators=[DataRequired(REQUIRED), Length(max=80), validate_slug],
    )
    name = StringField(_l("Name"), validators=[DataRequired(REQUIRED), Length(max=200)])
    address = StringField(_l("Address"), validators=[Length(max=300)])
    latitude = CoordinateField(_l("Latitude"))
    longitude = CoordinateField(_l("Longitude"))
    default_language = SelectField(
        _l("Language of the home screen"),
        choices=options((code, lang.name) for code, lang in LANGUAGES.items()),
    )
    idle_seconds = IntegerField(
        _l("Back to the home screen after (seconds without a touch)"),
        validators=[
            DataRequired(REQUIRED),
            NumberRange(60, 600, _l("Between 60 and 600 seconds.")),
        ],
    )
    is_default = BooleanField(_l("Default kiosk (for a tablet that was never set)"))
    attract_screen = BooleanField(_l("Calm attract screen after each reset"))
    print_route = SelectField(
        _l("Printing"),
        choices=options(
            [
                ("browser", _l("Page printing through the browser")),
                ("escpos", _l("Receipt printer on the network (ESC/POS)")),
                ("none", _l("No Print button")),
            ]
        ),
    )
    printer_host = StringField(
        _l("Receipt printer address"), validators=[Length(max=200)]
    )
    printer_port = IntegerField(
        _l("Receipt printer port"),
        default=9100,
        validators=[
            DataRequired(REQUIRED),
            NumberRange(1, 65535, _l("A port number from 1 to 65535.")),
        ],
    )
    print_gap_seconds = IntegerField(
        _l("Seconds between two slips"),
        default=10,
        validators=[
            DataRequired(REQUIRED),
            NumberRange(1, 600, _l("From 1 to 600 seconds.")),
        ],
    )
    prints_per_hour = IntegerField(
        _l("Slips an hour at most"),
        default=60,
        validators=[
            DataRequired(REQUIRED),
            NumberRange(1, 1000, _l("From 1 to 1,000 slips.")),
        ],
    )
    workshop_radius_m = IntegerField(
        _l("Workshops shown within (metres)"),
        default=5000,
        validators=[
            DataRequired(REQUIRED),
            NumberRange(100, 100_000, _l("From 100 to 100,000 metres.")),
        ],
    )
    desk_location = FormField(
        per_language(max_length=300), label=_l("Where the reception desk is")
    )
    printer_location = FormField(
        per_language(max_length=300), label=_l("Where the printed slip comes out")
    )
    transport = FormField(
        per_language(max_length=300), label=_l("Trams and buses at the door")
    )
    paper_width_mm = SelectField(
        _l("Paper width"),
        coerce=int,
        choices=options([("80", _l("80 mm")), ("58", _l("58 mm"))]),
    )

    def validate_longitude(self, field):
        if self.latitude.data is None and field.data is None:
            raise ValidationError(_l("A kiosk needs its position."))

    def validate_printer_host(self, field):
        if self.print_route.data == "escpos" and not (field.data or "").strip():
            raise ValidationError(_l("A receipt printer needs its address."))


class UserForm(StaffForm):
    """A staff account; the password is optional when editing one."""

    version = HiddenField()  # the account's version when the form was read
    email = EmailField(
        _l("E-mail"), validators=[DataRequired(REQUIRED), Length(max=254)]
    )
    role = SelectField(
        _l("Role"),
        choices=options(
            [
                (
                    "partner",
                    _l("Partner: reads the guide, prints sheets, changes nothing"),
                ),
                ("editor", _l("Editor: places and needs")),
                ("admin", _l("Administrator: everything, accounts and kiosks too")),
            ]
        ),
    )
    active = BooleanField(_l("Active (may log in)"), default=True)
    password = PasswordField(_l("New password"), validators=[Optional()])
    confirm = PasswordField(
        _l("New password again"),
        validators=[EqualTo("password", _l("The two passwords differ."))],
    )

    def validate_email(self, field):
        field.data = (field.data or "").strip().lower()
        try:
            check.normalize_emails(field.data)
        except ValueError as error:
            raise ValidationError(str(error)) from None

    def validate_role(self, field):
        if field.data not in ROLES:
            raise ValidationError(_l("Choose a role."))

    def validate_password(self, field):
        if field.data and len(field.data) < MIN_PASSWORD_LENGTH:
            raise ValidationError(
                _l("Use at least %(count)d characters.", count=MIN_PASSWORD_LENGTH)
            )


class InvitationForm(StaffForm):
    """The e-mail of a partner to invite."""

    email = EmailField(
        _l("E-mail of the partner"),
        validators=[DataRequired(REQUIRED), Length(max=254)],
    )
    validate_email = UserForm.validate_email


class NewPasswordForm(StaffForm):
    """The password an invited partner chooses."""

    password = PasswordField(_l("Password"), validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(
        _l("Password again"),
        validators=[EqualTo("password", _l("The two passwords differ."))],
    )
    validate_password = UserForm.validate_password


class PasswordForm(StaffForm):
    """Change one's own password (the current one first)."""

    current = PasswordField(_l("Current password"), validators=[DataRequired(REQUIRED)])
    password = PasswordField(_l("New password"), validators=[DataRequired(REQUIRED)])
    confirm = PasswordField(
        _l("New password again"),
        validators=[EqualTo("password", _l("The two passwords differ."))],
    )
    validate_password = UserForm.validate_password


class NeedForm(StaffForm):
    """A need: texts per language, tile, parent and the rule naming its places."""

    version = HiddenField()
    slug = StringField(
        _l("Short name in the kiosk's addresses"),
        validators=[DataRequired(REQUIRED), Length(max=80), validate_slug],
    )
    label = FormField(per_language(StringField, max_length=60), label=_l("Label"))
    description = FormField(per_language(), label=_l("Description"))
    to_bring = FormField(per_language(), label=_l("What to bring"))
    parent_id = SelectField(_l("Shown under"), coerce=str)
    pictogram = RadioField(_l("Pictogram"), validators=[Optional()])
    upload = FileField(_l("Or upload a picture (PNG or WebP, at most 512 KB)"))
    generalist = BooleanField(_l("Generalist: shown when no place answers a need"))
    rule_typologies = CheckboxesField(
        _l("Types of place (declared, or read from the name)"),
        choices=options((c, f"{c} — {n}") for c, n in vocab.TYPOLOGIES.items()),
    )
    rule_programmes = CheckboxesField(
        _l("National programmes and labels"),
        choices=options((v, v) for v in (*vocab.PROGRAMMES, *vocab.LABELS)),
    )
    rule_services = CheckboxesField(
        _l("Services"), choices=options((v, v) for v in vocab.SERVICES)
    )
    rule_supports = CheckboxesField(
        _l("Specific support"), choices=options((v, v) for v in vocab.PRISE_EN_CHARGE)
    )
    rule_fallback_services = CheckboxesField(
        _l("Services that can help as a last resort (ranked after)"),
        choices=options((v, v) for v in vocab.SERVICES),
    )
    rule_publics = CheckboxesField(
        _l("Publics ranked first (a place for the young only needs theirs here)"),
        choices=options((v, v) for v in vocab.PUBLICS),
    )

    MULTI = (
        "rule_typologies",
        "rule_programmes",
        "rule_services",
        "rule_supports",
        "rule_fallback_services",
        "rule_publics",
    )

    def validate(self, extra_validators=None):
        ok = super().validate(extra_validators)
        return require_french(self.label) and ok

    def values(self) -> dict:
        """Return the form's content as snapshot values of a need."""
        data = {name: list(getattr(self, name).data or []) for name in self.MULTI}
        data.update(
            slug=self.slug.data,
            parent_id=int(self.parent_id.data) if self.parent_id.data else None,
            pictogram=self.pictogram.data or "",
            generalist=bool(self.generalist.data),
            label=texts(self.label.data),
            description=texts(self.description.data),
            to_bring=texts(self.to_bring.data),
        )
        return data

    @classmethod
    def from_values(cls, values: dict) -> dict:
        """Return form data showing a need's snapshot values."""
        data = dict(values)
        data["parent_id"] = str(values.get("parent_id") or "")
        return data
