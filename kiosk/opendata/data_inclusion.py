"""data·inclusion v1: structures and services, both ways, through the crosswalk.

The crosswalk from the national standard is data·inclusion's own (dbt pipeline,
`mediation_numerique` mappings). Each of a place's standard services becomes one
data·inclusion service named after it; the exact standard values of fees, publics and
access travel in the `*_precisions` texts, so our own exports read back unchanged.
"""

import json
from collections.abc import Iterable

from .. import clock
from ..models import Place
from ..ranking.closures import exported_hours
from . import schema
from .cells import Parsed, read_record, slug, split_cell
from .crosswalk import (
    CARRIED,
    FRAIS_BACK,
    MOBILISATION,
    MOBILISATION_BACK,
    PROGRAMME_RESEAU,
    PUBLICS,
    PUBLICS_BACK,
    SERVICE_THEMATIQUES,
    SERVICE_TYPE,
    THEMATIQUE_SERVICE,
    TYPE_BACK,
    TYPOLOGIE_RESEAU,
    UNKNOWN_WHEN_EMPTY,
    WHERE,
)
from .mednum import load_json
from .report import BadFile, Problem

FORMAT = "data-inclusion"
DEFAULT_SOURCE = "aiguillage"


def _first_match(mapping: dict[str, str], values: Iterable[str]) -> dict[str, str]:
    """Return the reverse of mapping: each target to the first key naming it."""
    reverse: dict[str, str] = {}
    for key in values:
        reverse.setdefault(mapping[key], key)
    return reverse


RESEAU_TYPOLOGIE = _first_match(TYPOLOGIE_RESEAU, TYPOLOGIE_RESEAU)
RESEAU_PROGRAMME = _first_match(PROGRAMME_RESEAU, PROGRAMME_RESEAU)
_VOCAB = schema.VOCABULARIES


def _join(values: Iterable[str]) -> str:
    return schema.SEPARATOR.join(values)


def _unique(values: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def structure_of(place: Place, source: str = DEFAULT_SOURCE) -> dict:
    """Return a place as a data·inclusion structure."""
    description = "\n\n".join(
        t for t in (place.presentation_resume, place.presentation_detail) if t
    )
    reseaux = [TYPOLOGIE_RESEAU.get(t) for t in place.typologie] + [
        PROGRAMME_RESEAU.get(p) for p in place.dispositif_programmes_nationaux
    ]
    return {
        "source": source,
        "id": place.standard_id,
        "nom": place.nom.rstrip(". ")[:150],
        "date_maj": _date_maj(place),
        "description": description if len(description) >= 5 else None,
        "siret": place.pivot
        if len(place.pivot) == 14 and place.pivot.isdigit()
        else None,
        "commune": place.commune or None,
        "code_postal": place.code_postal or None,
        "code_insee": place.code_insee or None,
        "adresse": place.adresse or None,
        "complement_adresse": place.complement_adresse or None,
        "longitude": place.longitude,
        "latitude": place.latitude,
        "telephone": place.telephone or None,
        "courriel": next(iter(place.courriels), None),
        "site_web": next((u for u in place.site_web if " " not in u), None),
        "horaires_accueil": exported_hours(
            place.horaires, place.closures, clock.now().date()
        )
        or None,
        "accessibilite_lieu": place.fiche_acces_libre or None,
        "reseaux_porteurs": _unique(reseaux) or None,
    }


def services_of(place: Place, source: str = DEFAULT_SOURCE) -> list[dict]:
    """Return a place's standard services as data·inclusion services."""
    publics = _unique(
        PUBLICS.get(v)
        for v in place.publics_specifiquement_adresses
        + place.prise_en_charge_specifique
    )
    types = _unique(SERVICE_TYPE.get(m) for m in place.modalites_accompagnement)
    accueil = (
        []
        if "Ce lieu n'accueille pas de public" in place.modalites_acces
        else ["en-presentiel"]
    )
    if "À distance" in place.modalites_accompagnement:
        accueil.append("a-distance")
    precisions = (
        place.publics_specifiquement_adresses + place.prise_en_charge_specifique
    )
    return [
        {
            "source": source,
            "structure_id": place.standard_id,
            "id": f"{place.standard_id}--{slug(service)}",
            "nom": service,
            "description": place.presentation_resume or f"{service} — {place.nom}",
            "date_maj": _date_maj(place),
            "type": types[0] if types else None,
            "thematiques": SERVICE_THEMATIQUES[service],
            "frais": _frais(place.frais_a_charge),
            "frais_precisions": _join(place.frais_a_charge) or None,
            "publics": publics or ["tous-publics"],
            "publics_precisions": _join(precisions) or None,
            "modes_accueil": accueil or None,
            "modes_mobilisation": _unique(
                MOBILISATION.get(m) for m in place.modalites_acces
            )
            or None,
            "mobilisation_precisions": _join(place.modalites_acces) or None,
            "lien_mobilisation": place.prise_rdv or None,
            "telephone": place.telephone or None,
            "courriel": next(iter(place.courriels), None),
        }
        for service in place.services
    ]


def _date_maj(place: Place) -> str:
    day = place.date_maj or (place.updated_at.date() if place.updated_at else None)
    return day.isoformat() if day else ""


def _frais(values: list[str]) -> str | None:
    if "Payant" in values:
        return "payant"
    return "gratuit" if values else None


def to_json(places: Iterable[Place], source: str = DEFAULT_SOURCE) -> str:
    """Return the data·inclusion file: {"structures": [...], "services": [...]}."""
    places = list(places)
    document = {
        "structures": [structure_of(p, source) for p in places],
        "services": [s for p in places for s in services_of(p, source)],
    }
    return json.dumps(document, ensure_ascii=False, indent=1) + "\n"


def parse(data: bytes) -> Parsed:
    """Return the places of a data·inclusion file (structures with their services)."""
    document = load_json(data)
    if not isinstance(document, dict) or not isinstance(
        document.get("structures"), list
    ):
        raise BadFile("json_shape")
    parsed = Parsed(FORMAT, unit="record")
    services = _services_by_structure(document.get("services") or [], parsed)
    for number, item in enumerate(document["structures"], start=1):
        if not isinstance(item, dict):
            parsed.problems.append(Problem("not_an_object", number))
            continue
        cells = _cells(item, services.pop(str(item.get("id")), []))
        record = read_record(cells, number, parsed.problems)
        if record is not None:
            record.fields = {
                k: v
                for k, v in record.fields.items()
                if k in CARRIED and (v or k not in UNKNOWN_WHEN_EMPTY)
            }
            parsed.records.append(record)
    for structure_id, items in services.items():
        for number, _service in items:
            parsed.problems.append(
                Problem("unknown_structure", number, "structure_id", structure_id)
            )
    return parsed


def _services_by_structure(items: list, parsed: Parsed) -> dict[str, list]:
    grouped: dict[str, list] = {}
    if not isinstance(items, list):
        raise BadFile("json_shape")
    for number, item in enumerate(items, start=1):
        if isinstance(item, dict):
            key = str(item.get("structure_id"))
            grouped.setdefault(key, []).append((number, item))
        else:
            parsed.problems.append(Problem("not_an_object", number))
    return grouped


def _text(value) -> str:
    """Return a JSON value as text: "" for null, an object or a list (wrong types)."""
    if isinstance(value, str):
        return value
    return str(value) if isinstance(value, int | float) else ""


def _codes(value) -> list[str]:
    """Return the texts of a JSON list of codes (one text alone counts as a list)."""
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _cells(item: dict, services: list) -> dict[str, str]:
    """Return a structure and its services as cells of the national standard."""
    description = _text(item.get("description"))
    resume, _, detail = description.partition("\n\n")
    if not detail and len(resume) > schema.MAX_LENGTHS["presentation_resume"]:
        resume, detail = "", description
    reseaux = _codes(item.get("reseaux_porteurs"))
    cells = {
        "id": _text(item.get("id")),
        "pivot": _text(item.get("siret")),
        "presentation_resume": resume,
        "presentation_detail": detail,
        "courriels": _text(item.get("courriel")),
        "horaires": _text(item.get("horaires_accueil")),
        "fiche_acces_libre": _text(item.get("accessibilite_lieu")),
        "typologie": _join(_unique(RESEAU_TYPOLOGIE.get(r) for r in reseaux)),
        "dispositif_programmes_nationaux": _join(
            _unique(RESEAU_PROGRAMME.get(r) for r in reseaux)
        ),
    }
    for name in ("nom", *WHERE, "telephone", "site_web", "date_maj"):
        cells[name] = _text(item.get(name))
    cells.update(_service_cells([s for _n, s in services]))
    return cells


def _service_cells(services: list[dict]) -> dict[str, str]:
    """Return the standard's service columns read from data·inclusion services."""
    names, publics, frais, acces, modes, rdv = [], [], [], [], [], ""
    for service in services:
        names += _service_names(service)
        publics += _precisions(service, "publics_precisions", "publics", PUBLICS_BACK)
        frais += _precisions(service, "frais_precisions", "frais", FRAIS_BACK)
        acces += _precisions(
            service, "mobilisation_precisions", "modes_mobilisation", MOBILISATION_BACK
        )
        modes.append(TYPE_BACK.get(_text(service.get("type")), ""))
        if "a-distance" in _codes(service.get("modes_accueil")):
            modes.append("À distance")
        rdv = rdv or _text(service.get("lien_mobilisation"))
    publics = _unique(publics)
    return {
        "services": _join(_unique(names)),
        "publics_specifiquement_adresses": _join(
            p for p in publics if p in _VOCAB["publics_specifiquement_adresses"]
        ),
        "prise_en_charge_specifique": _join(
            p for p in publics if p in _VOCAB["prise_en_charge_specifique"]
        ),
        "frais_a_charge": _join(_unique(frais)),
        "modalites_acces": _join(_unique(acces)),
        "modalites_accompagnement": _join(_unique(modes)),
        "prise_rdv": rdv,
    }


def _service_names(service: dict) -> list[str]:
    """Return the standard services a data·inclusion service stands for."""
    nom = _text(service.get("nom"))
    if schema.canonical("services", nom):
        return [nom]
    return [THEMATIQUE_SERVICE.get(t, "") for t in _codes(service.get("thematiques"))]


def _precisions(service: dict, text_key: str, enum_key: str, back) -> list[str]:
    """Return standard values from the precisions text, else from the enum values."""
    values, _semicolon = split_cell(_text(service.get(text_key)))
    known = [_known(v) for v in values]
    if known and all(known):
        return known
    return [back[e] for e in _codes(service.get(enum_key)) if e in back]


def _known(value: str) -> str | None:
    """Return the standard's spelling of a value of any vocabulary, or None."""
    for column in _VOCAB:
        found = schema.canonical(column, value)
        if found:
            return found
    return None
