"""The form a place fills through its update link: the place editor's fields a
place may change about itself (kiosk/upkeep/updates.py FIELDS), nothing else."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from .. import vocabularies as vocab
from ..admin import values as check
from ..admin.fields import StaffForm, options
from ..admin.forms import PlaceForm
from ..admin.hours_forms import ClosureForm, day_names
from ..languages import LANGUAGES
from ..limits import CAPS
from ..revisions import snapshot
from ..upkeep.reports import CODE

# The place editor's fields a place does not change through its link.
_STAFF_ONLY = (
    "version",
    "standard_id",
    "nom",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "code_insee",
    "latitude",
    "longitude",
    "site_web",
    "prise_rdv",
    "fiche_acces_libre",
    "presentation_resume",
    "presentation_detail",
    "getting_there",
    "to_bring",
    "to_bring_needs",
    "typologie",
    "dispositif_programmes_nationaux",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "modalites_acces",
    "modalites_accompagnement",
    "formations_labels",
    "autres_formations_labels",
    "itinerance",
    "pivot",
    "structure_parente",
    "source",
    "date_maj",
    "staff_notes",
    "on_kiosk",
)


class _PlaceSubform(PlaceForm):
    """Some of the place editor's fields (the others set to None: WTForms leaves a
    field set to None out), their choices filled as the editor fills them."""

    def __init__(self, *args, stored: dict | None = None, **kwargs):
        StaffForm.__init__(self, *args, **kwargs)  # not PlaceForm's: fewer fields
        self.languages.choices = options(
            (c, lang.name) for c, lang in LANGUAGES.items()
        )
        if "typologie" in self:
            self.typologie.choices = options(
                (code, f"{code} — {name}") for code, name in vocab.TYPOLOGIES.items()
            )
        for name in self.MULTI:
            if name in self:
                self[name].keep_unknown((stored or {}).get(name, []))
        for entry, name in zip(self.week, day_names(), strict=False):
            entry.label.text = name
        for number, entry in enumerate(self.specials, start=1):
            entry.label.text = _l("Exception %(num)d", num=number)

    def validate(self, extra_validators=None) -> bool:
        """Validate as the editor does; also refuse markup or a script in any text
        (shown to staff as text anyway: a structure has no reason to send one)."""
        valid = super().validate(extra_validators)
        for field in self:
            if isinstance(field.data, str) and CODE.search(field.data):
                field.errors = [
                    *field.errors,
                    _l("Please write plain words, without code."),
                ]
                valid = False
        return valid


class PlaceUpdateForm(_PlaceSubform):
    """Hours (the same grid as staff), phone, e-mail, services, languages spoken,
    wheelchair access and what to bring, in French."""

    to_bring_fr = TextAreaField(
        _l("What to bring"), validators=[Length(max=CAPS["to_bring"])]
    )

    @classmethod
    def of(cls, place, **kwargs) -> "PlaceUpdateForm":
        """Return the form filled with a place's record (its POST data over it)."""
        stored = snapshot(place)
        data = PlaceForm.from_values(stored)
        data["to_bring_fr"] = (stored.get("to_bring") or {}).get("fr", "")
        return cls(data=data, stored=stored, **kwargs)

    def update_values(self, place) -> dict:
        """Return what the form says, as snapshot values of FIELDS (the other
        languages of "what to bring" kept as they were)."""
        extra = [c.lower() for c in check.split_list(self.other_languages.data)]
        to_bring = dict(place.to_bring or {})
        typed = (self.to_bring_fr.data or "").strip()
        if typed:
            to_bring["fr"] = typed
        else:
            to_bring.pop("fr", None)
        return {
            "horaires": self.hours(),
            "telephone": (self.telephone.data or "").strip(),
            "courriels": check.split_list(self.courriels.data),
            "services": list(self.services.data or []),
            "languages": list(dict.fromkeys(list(self.languages.data or []) + extra)),
            "wheelchair": {"yes": True, "no": False}.get(self.wheelchair.data),
            "to_bring": to_bring,
        }


for _name in _STAFF_ONLY:
    setattr(PlaceUpdateForm, _name, None)


class JoinForm(_PlaceSubform):
    """A structure proposing itself: who it is, where, how to reach it, its hours,
    services, languages and access (the national standard's fields), and the
    address where the answer goes."""

    contact_email = StringField(
        _l("Your e-mail address, for our answer"),
        validators=[DataRequired(_l("We need it to answer you.")), Length(max=254)],
    )

    def validate_contact_email(self, field):
        try:
            addresses = check.normalize_emails(field.data or "")
        except ValueError as error:
            raise ValidationError(str(error)) from None
        if len(addresses) != 1:
            raise ValidationError(_l("One e-mail address, please."))
        field.data = addresses[0]

    def proposal_values(self) -> dict:
        """Return what the structure typed, as snapshot values of a place."""
        data = {
            name: (self[name].data or "").strip()
            for name in self.TEXT
            if name in self and name != "horaires"
        }
        data.update(
            {name: list(self[name].data or []) for name in self.MULTI if name in self}
        )
        extra = [c.lower() for c in check.split_list(self.other_languages.data)]
        data["languages"] = list(dict.fromkeys(list(self.languages.data or []) + extra))
        data["courriels"] = check.split_list(self.courriels.data)
        data["site_web"] = check.split_list(self.site_web.data)
        data["wheelchair"] = {"yes": True, "no": False}.get(self.wheelchair.data)
        data["horaires"] = self.hours()
        return data


# What a structure proposing itself types: the rest is staff's to complete.
JOIN_FIELDS = (
    "nom",
    "typologie",
    "pivot",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "telephone",
    "courriels",
    "site_web",
    "presentation_resume",
    "services",
    "modalites_acces",
    "frais_a_charge",
)
for _name in set(_STAFF_ONLY) - set(JOIN_FIELDS):
    setattr(JoinForm, _name, None)
JoinForm.to_bring_fr = None


class UpdateClosureForm(ClosureForm):
    """One closure or notice a place may add (optional: left empty, none)."""

    def blank(self) -> bool:
        return not (self.starts_on.data or "").strip()
