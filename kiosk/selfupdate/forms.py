"""The form a place fills through its update link: the place editor's fields a
place may change about itself (kiosk/upkeep/updates.py FIELDS), nothing else."""

from flask_babel import lazy_gettext as _l
from wtforms import TextAreaField
from wtforms.validators import Length

from ..admin import values as check
from ..admin.fields import StaffForm, options
from ..admin.forms import PlaceForm
from ..admin.hours_forms import ClosureForm, day_names
from ..languages import LANGUAGES
from ..limits import CAPS
from ..revisions import snapshot

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


class PlaceUpdateForm(PlaceForm):
    """Hours (the same grid as staff), phone, e-mail, services, languages spoken,
    wheelchair access and what to bring, in French."""

    to_bring_fr = TextAreaField(
        _l("What to bring"), validators=[Length(max=CAPS["to_bring"])]
    )

    def __init__(self, *args, stored: dict | None = None, **kwargs):
        StaffForm.__init__(self, *args, **kwargs)  # not PlaceForm's: fewer fields
        self.languages.choices = options(
            (c, lang.name) for c, lang in LANGUAGES.items()
        )
        self.services.keep_unknown((stored or {}).get("services", []))
        for entry, name in zip(self.week, day_names(), strict=False):
            entry.label.text = name
        for number, entry in enumerate(self.specials, start=1):
            entry.label.text = _l("Exception %(num)d", num=number)

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


for _name in _STAFF_ONLY:  # WTForms leaves out a field set to None
    setattr(PlaceUpdateForm, _name, None)


class UpdateClosureForm(ClosureForm):
    """One closure or notice a place may add (optional: left empty, none)."""

    def blank(self) -> bool:
        return not (self.starts_on.data or "").strip()
