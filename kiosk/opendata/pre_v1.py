"""The national format before v1: what the national map and most regions still publish.

A flat JSON list (mednum-cli's `cnfs.json`, data·inclusion's 2022 export...): the old
service labels ("Prendre en main un smartphone ou une tablette") joined by ";",
`labels_nationaux` ("CNFS", "France Services"), `conditions_acces` ("Gratuit : Je
peux..."), `publics_accueillis` ("Seniors (+ 65 ans)"), postcodes and SIRETs as
numbers or with spaces, "00000000000000" for no SIRET.

Each record is rewritten as cells of v1.0.2 and read by the same code as a v1 file, so
every check of the standard applies. The maps follow the standard's own converter
(anct-cartographie-nationale/lieux-de-mediation-numerique, `src/transfer/`: the
data·inclusion thematiques that carry the old labels, and their v1 services).
"""

from .cells import Parsed, add_record
from .report import Problem

FORMAT = "mednum-pre-v1"

SERVICES = {
    "Devenir autonome dans les démarches administratives": (
        "Aide aux démarches administratives"
    ),
    "Gagner en autonomie dans les démarches administratives": (
        "Aide aux démarches administratives"
    ),
    "Réaliser des démarches administratives avec un accompagnement": (
        "Aide aux démarches administratives"
    ),
    "Etre accompagné dans les démarches administratives": (
        "Aide aux démarches administratives"
    ),
    "Accompagner les démarches de santé": "Aide aux démarches administratives",
    "Prendre en main un smartphone ou une tablette": (
        "Maîtrise des outils numériques du quotidien"
    ),
    "Prendre en main un ordinateur": "Maîtrise des outils numériques du quotidien",
    "Utiliser le numérique au quotidien": "Maîtrise des outils numériques du quotidien",
    "Approfondir ma culture numérique": "Compréhension du monde numérique",
    "Promouvoir la citoyenneté numérique": "Compréhension du monde numérique",
    "Favoriser mon insertion professionnelle": (
        "Insertion professionnelle via le numérique"
    ),
    "Créer et développer mon entreprise": "Insertion professionnelle via le numérique",
    "Accéder à une connexion internet": "Accès internet et matériel informatique",
    "Accéder à du matériel": "Accès internet et matériel informatique",
    "S'équiper en matériel informatique": (
        "Acquisition de matériel informatique à prix solidaire"
    ),
    "Créer avec le numérique": "Loisirs et créations numériques",
    "Soutenir la parentalité et l'éducation avec le numérique": (
        "Parentalité et éducation avec le numérique"
    ),
}
PROGRAMMES = {
    "CNFS": "Conseillers numériques",
    "Conseiller numérique": "Conseillers numériques",
    "Conseillers numériques": "Conseillers numériques",
    "France Services": "France Services",
    "MSAP": "France Services",
    "Aidants Connect": "Aidants Connect",
    "Grande école du numérique": "Grande école du numérique",
    "Point d'accès numérique CAF": "Point d'accès numérique CAF",
    "Point numérique CAF": "Point d'accès numérique CAF",
}
# The word before " :" in "Gratuit : Je peux accéder gratuitement au lieu..."
FRAIS = {
    "Gratuit": "Gratuit",
    "Gratuit sous condition": "Gratuit sous condition",
    "Payant": "Payant",
    "Adhésion": "Payant",
    "Accepte le Pass numérique": "Gratuit sous condition",
}
PUBLICS = {
    "Seniors (+ 65 ans)": "Seniors",
    "Jeunes (16-26 ans)": "Jeunes",
    "Familles/enfants": "Familles et/ou enfants",
    "Femmes": "Femmes",
    "Étudiants": "Étudiants",
}
PRISE_EN_CHARGE = {
    "Déficience visuelle": "Déficience visuelle",
    "Surdité": "Surdité",
    "Handicaps mentaux": "Handicaps mentaux",
    "Handicaps moteurs": "Handicaps moteurs",
    "Personnes en situation d'illettrisme": "Illettrisme",
    "Public langues étrangères": "Langues étrangères (autres)",
}
ACCOMPAGNEMENT = {
    "Seul": "En autonomie",
    "Avec de l'aide": "Accompagnement individuel",
    "A ma place": "Accompagnement individuel",
    "À ma place": "Accompagnement individuel",
    "Dans un atelier": "Dans un atelier collectif",
    "À distance": "À distance",
}
# Keys only the pre-v1 format has; and v1's own, which it lacks.
MARKERS = frozenset(
    {"labels_nationaux", "conditions_access", "conditions_acces", "publics_accueillis"}
)
V1_ONLY = frozenset(
    {"dispositif_programmes_nationaux", "frais_a_charge", "courriels", "itinerance"}
)
# Cells copied as they are (names shared with v1).
SAME = (
    "id", "pivot", "nom", "commune", "code_insee", "adresse", "complement_adresse",
    "latitude", "longitude", "telephone", "horaires", "presentation_resume",
    "presentation_detail", "source", "structure_parente", "date_maj", "prise_rdv",
)  # fmt: skip


def is_pre_v1(items: list) -> bool:
    """Return True when a JSON list of places is in the format before v1."""
    sample = [item for item in items[:200] if isinstance(item, dict)]
    keys = set().union(*sample) if sample else set()
    if keys & V1_ONLY:
        return False
    if keys & MARKERS:
        return True
    old = (label for item in sample for label in split(item.get("services")))
    return any(label in SERVICES for label in old)


def split(value) -> list[str]:
    """Return the values of a pre-v1 list: ";", "|" or " / " joined, or a list."""
    if value is None:
        return []
    if isinstance(value, list):
        return [str(v).strip() for v in value if str(v).strip()]
    text = str(value)
    for separator in ("|", ";", " / "):
        if separator in text:
            return [part.strip() for part in text.split(separator) if part.strip()]
    return [text.strip()] if text.strip() else []


def parse(items: list) -> Parsed:
    """Return the places of a pre-v1 JSON list (numbered as records)."""
    parsed = Parsed(FORMAT, unit="record")
    for number, item in enumerate(items, start=1):
        if not isinstance(item, dict):
            parsed.problems.append(Problem("not_an_object", number))
            continue
        add_record(parsed, v1_cells(item, number, parsed.problems), number)
    return parsed


def v1_cells(item: dict, number: int, problems: list) -> dict[str, str]:
    """Return a pre-v1 record as the cells of a v1.0.2 row."""
    cells = {name: _text(item.get(name)) for name in SAME}
    cells["code_postal"] = _postcode(item.get("code_postal"))
    cells["pivot"] = cells["pivot"].replace(" ", "").replace("\u202f", "")
    cells["typologie"] = "|".join(split(item.get("typologie")))
    cells["courriels"] = "|".join(split(item.get("courriel") or item.get("courriels")))
    cells["site_web"] = "|".join(split(item.get("site_web")))
    cells["fiche_acces_libre"] = _text(item.get("accessibilite"))
    cells["autres_formations_labels"] = "|".join(split(item.get("labels_autres")))
    mapped = {
        "services": _mapped(SERVICES, item.get("services")),
        "dispositif_programmes_nationaux": _mapped(
            PROGRAMMES, item.get("labels_nationaux")
        ),
        "frais_a_charge": _mapped(FRAIS, _conditions(item), head=True),
        "modalites_accompagnement": _mapped(
            ACCOMPAGNEMENT, item.get("modalites_accompagnement"), head=True
        ),
        **_publics(item.get("publics_accueillis")),
    }
    for column, (values, unknown) in mapped.items():
        cells[column] = "|".join(values)
        for value in unknown:
            problems.append(Problem("unknown_old_value", number, column, value))
    return cells


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _postcode(value) -> str:
    """Return a postcode as 5 characters: 1000 (a number) is 01000."""
    text = _text(value).replace(" ", "")
    return text.zfill(5) if text.isdigit() and len(text) == 4 else text


def _conditions(item: dict):
    return item.get("conditions_acces") or item.get("conditions_access")


def _mapped(mapping: dict, value, head: bool = False) -> tuple[list[str], list[str]]:
    """Return the v1 values of a pre-v1 list, and the values no map knows.
    With `head`, only the words before " :" count ("Gratuit : Je peux...")."""
    known: list[str] = []
    unknown: list[str] = []
    for old in split(value):
        key = old.split(" :")[0].split(":")[0].strip() if head else old
        new = mapping.get(key)
        if new is None and key in mapping.values():
            new = key  # already a v1 value
        if new is None:
            unknown.append(old)
        elif new not in known:
            known.append(new)
    return known, unknown


def _publics(value) -> dict[str, tuple[list[str], list[str]]]:
    """Return the v1 publics and specific support of `publics_accueillis`.

    "Adultes" beside the young says the place is for everyone: only the publics
    v1 would name specifically (seniors, women) are kept then, never the young
    alone, which would make it a youth-only place.
    """
    olds = split(value)
    heads = [old.split(" :")[0].strip() for old in olds]
    publics, unknown = _mapped(PUBLICS, olds)
    support, _ = _mapped(PRISE_EN_CHARGE, heads)
    unknown = [
        old
        for old, head in zip(olds, heads, strict=True)
        if old in unknown
        and head not in PRISE_EN_CHARGE
        and head != "Adultes"
        and not head.startswith("Handicaps psychiques")
    ]
    if "Adultes" in heads:
        publics = [p for p in publics if p in ("Seniors", "Femmes")]
    return {
        "publics_specifiquement_adresses": (publics, unknown),
        "prise_en_charge_specifique": (support, []),
    }
