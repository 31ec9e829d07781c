"""Why this place, in a few plain words on its card: "Help with procedures · Free".

A Match's `why` holds plain keys (what the rule matched, the fees, the publics); this
module turns them into the visitor's words. Programme names are proper names and
stay as they are ("France Services").
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from . import place_facts

KINDS = {
    "MUNI": _l("Town hall"),
    "CCAS": _l("Social services of the town"),
    "CIAS": _l("Social services of the town"),
    "CAF": _l("Family benefits office (CAF)"),
    "CPAM": _l("Health insurance office (CPAM)"),
    "MSA": _l("Farmers' social security (MSA)"),
    "CFP": _l("Tax office"),
    "RFS": _l("France Services: help with every procedure"),
    "MSAP": _l("France Services: help with every procedure"),
    "PIMMS": _l("Help with procedures and bills (PIMMS)"),
    "PAD": _l("Free legal advice"),
    "PREF": _l("Prefecture"),
    "FT": _l("France Travail: job seekers' office"),
    "MDE": _l("Job centre"),
    "MDEF": _l("Job centre"),
    "CITMET": _l("Job centre"),
    "BIB": _l("Library"),
    "EPN": _l("Digital public space"),
    "CS": _l("Social centre"),
    "CSC": _l("Social centre"),
    "EVS": _l("Social centre"),
    "MQ": _l("Community centre"),
    "UDAF": _l("Family associations' union (UDAF)"),
    "CDAS": _l("Social services of the département"),
    "MDS": _l("Social services of the département"),
    "LA_POSTE": _l("Post office"),
    "AFPA": _l("Adult vocational training (AFPA)"),
    "CIDFF": _l("Rights of women and families (CIDFF)"),
    "CADA": _l("Centre for asylum seekers (CADA)"),
    "RESSOURCERIE": _l("Second-hand shop (ressourcerie)"),
}
SERVICES = {
    "Aide aux démarches administratives": _l("Help with procedures"),
    "Maîtrise des outils numériques du quotidien": _l(
        "Learn to use a phone or a computer"
    ),
    "Insertion professionnelle via le numérique": _l("Help to find a job"),
    "Utilisation sécurisée du numérique": _l("Stay safe online"),
    "Parentalité et éducation avec le numérique": _l("Parents and screens"),
    "Loisirs et créations numériques": _l("Digital leisure and workshops"),
    "Compréhension du monde numérique": _l("Understand the digital world"),
    "Accès internet et matériel informatique": _l("Computers and internet"),
    "Acquisition de matériel informatique à prix solidaire": _l(
        "Low-cost computers and phones"
    ),
}
SUPPORTS = {
    "Illettrisme": _l("Help for people who read little"),
    "Langues étrangères (anglais)": _l("Help in English"),
    "Langues étrangères (autres)": _l("Help for people who speak other languages"),
    "Surdité": _l("Help for deaf people"),
    "Déficience visuelle": _l("Help for people who see poorly"),
    "Handicaps moteurs": _l("Help for people with a disability"),
    "Handicaps mentaux": _l("Help for people with a disability"),
}
FEES = {
    place_facts.FREE: _l("Free"),
    place_facts.CONDITIONAL: _l("Free under conditions"),
    place_facts.PAYING: _l("Paying"),
}
PUBLICS = {
    "Seniors": _l("For seniors"),
    "Femmes": _l("For women"),
    "Jeunes": _l("For young people"),
    "Familles et/ou enfants": _l("For families"),
    "Étudiants": _l("For students"),
}
PINNED = _l("Recommended by the staff here")


def why_words(match) -> list[str]:
    """Return the words that say why a Match's place: what it is or does for the
    need, its fees, its publics (unknown fees say nothing)."""
    words = [str(PINNED)] if match.pinned else []
    for kind, value in match.why:
        word = _word(kind, value)
        if word and word not in words:
            words.append(word)
    return words


def _word(kind: str, value: str) -> str:
    if kind == "typologie":
        return str(KINDS.get(value, ""))
    if kind == "programme":
        return value
    if kind in ("service", "fallback"):
        return str(SERVICES.get(value, ""))
    if kind == "support":
        return str(SUPPORTS.get(value, ""))
    if kind == "fees":
        return str(FEES.get(value, ""))
    if kind == "public":
        return str(PUBLICS.get(value, ""))
    return ""


def appointment_text(place, hours_known: bool) -> str:
    """Return whether to book, in words. "Just go there" only when the hours are
    known: beside "hours unknown" it would send someone to a closed door."""
    if place.by_appointment:
        return _("Book before you go.")
    if place.walk_in and hours_known:
        return _("No appointment needed: just go there.")
    return _("Call to ask.")
