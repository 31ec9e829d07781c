"""The form a place fills through its update link: the place editor's fields a
place may change about itself (kiosk/upkeep/updates.py FIELDS), nothing else."""

from flask_babel import lazy_gettext as _l
from wtforms import StringField, TextAreaField
from wtforms.validators import DataRequired, Length, ValidationError

from ..admin import values as check
from ..admin.forms import PlaceForm
from ..admin.hours_forms import ClosureForm
from ..limits import CAPS
from ..revisions import snapshot
from ..upkeep.reports import CODE

# The place editor's fields each form keeps (with the hours editor's own); WTForms
# leaves out a field a subclass sets to None (`_only`).
HOURS_FIELDS = ("horaires", "week", "holidays", "specials", "hours_base", "hours_grid")
UPDATE_FIELDS = (
    *HOURS_FIELDS,
    "telephone",
    "courriels",
    "services",
    "languages",
    "other_languages",
    "wheelchair",
)
JOIN_FIELDS = (
    *UPDATE_FIELDS,
    "nom",
    "typologie",
    "pivot",
    "adresse",
    "complement_adresse",
    "code_postal",
    "commune",
    "site_web",
    "presentation_resume",
    "modalites_acces",
    "frais_a_charge",
)


def _only(form_class, kept: tuple[str, ...]):
    """Leave out of `form_class` every field of the place editor but `kept`."""
    for name in dir(PlaceForm):
        if name not in kept and hasattr(getattr(PlaceForm, name), "_formfield"):
            setattr(form_class, name, None)
    return form_class


class _PlaceSubform(PlaceForm):
    """Some of the place editor's fields, their choices filled as the editor fills
    them; text with markup or a script refused."""

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


_only(PlaceUpdateForm, UPDATE_FIELDS)


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


_only(JoinForm, JOIN_FIELDS)  # the rest is staff's to complete


class UpdateClosureForm(ClosureForm):
    """One closure or notice a place may add (optional: left empty, none)."""

    def blank(self) -> bool:
        return not (self.starts_on.data or "").strip()
