"""What the data says of a place, in the terms the need rules and the ranking use.

Real files leave the typology empty more often than not (91 of Bordeaux Métropole's
176 rows), or say only "ASSO", a legal form. The name nearly always says what a place
is: "Mairie de Pessac", "CCAS de Bassens", "Médiathèque Jean Vautrin". The typology
inferred from the name is kept apart from the declared one (never exported, shown to
staff as inferred) and used only where the declared one says nothing specific.

Pure: plain values in, plain values out; the patterns are French words, never a
place's name or id.
"""

import re
import unicodedata
from functools import lru_cache

# Declared typologies that say what a place is legally, not what it does.
UNINFORMATIVE = frozenset({"ASSO", "Autre"})

# (typology, pattern on the folded name). Folded: lower case, no accents, any run of
# punctuation as one space, so "Pôle-Emploi" reads "pole emploi".
_NAME_TYPOLOGIES: tuple[tuple[str, str], ...] = (
    ("MUNI", r"\bmairies?\b|\bhotel de ville\b|^(ville|commune) d"),
    ("CCAS", r"\bccas\b|\bcentre communal d action sociale\b"),
    ("CIAS", r"\bcias\b|\bcentre intercommunal d action sociale\b"),
    ("CAF", r"\bcaf\b|\bcaisse d allocations familiales\b"),
    ("CPAM", r"\bcpam\b|\bcaisse primaire d assurance maladie\b"),
    ("MSA", r"\bmsa\b|\bmutualite sociale agricole\b"),
    (
        "CFP",
        r"\bcentre des finances publiques\b|\bservices? des impots\b|\bsip\b"
        r"|\btresorerie\b|\bfinances publiques\b",
    ),
    (
        "RFS",
        r"\bfrance services?\b|\bmsap\b|\bmaisons? de services au public\b"
        r"|\bespace france services\b",
    ),
    ("PIMMS", r"\bpimms\b|\bpoint information mediation multi"),
    ("PAD", r"\bpoint d acces au droit\b|\bpoint justice\b|\bmaison de justice\b"),
    ("PREF", r"\bprefecture\b|\bsous prefecture\b"),
    ("FT", r"\bpole emploi\b|\bfrance travail\b"),
    ("ML", r"\bmissions? locales?\b"),
    ("MDE", r"\bmaisons? (\w+ )?(de l |pour l |de l economie et de l )?emploi\b"),
    ("CITMET", r"\bcite des metiers\b"),
    ("CAP_EMPLOI", r"\bcap emploi\b"),
    ("BIB", r"\bmediatheques?\b|\bbibliotheques?\b|\bludomediatheque\b"),
    ("EPN", r"\bespace public numerique\b|\bepn\b|\bcyber ?base\b|\bcyberespace\b"),
    ("CSC", r"\bcentre socio ?culturel\b|\bcentre social et culturel\b"),
    ("CS", r"\bcentres? socia(l|ux)\b|\bespace social\b"),
    ("EVS", r"\bespace de vie sociale\b"),
    ("MQ", r"\bmaison de quartier\b|\bmaison des habitants\b"),
    ("MJC", r"\bmjc\b|\bmaison des jeunes et de la culture\b"),
    ("PIJ_BIJ", r"\binfos? jeunes\b|\bbij\b|\bpij\b|\binformation jeunesse\b"),
    ("LA_POSTE", r"\bla poste\b|\bbureau de poste\b|\bagence postale\b"),
    ("UDAF", r"\budaf\b"),
    ("CIDFF", r"\bcidff\b"),
    ("CD", r"\bconseil departemental\b"),
    (
        "MDS",
        r"\bmaisons? (departementales? )?(de la |des )solidarites?"
        r"( departementales?)?\b|\bmds\b",
    ),
    ("FABLAB", r"\bfab ?lab\b"),
    ("TIERS_LIEUX", r"\btiers lieux?\b|\bcoworking\b"),
    ("RESSOURCERIE", r"\bressourcerie\b"),
)
_COMPILED = tuple((code, re.compile(pattern)) for code, pattern in _NAME_TYPOLOGIES)

# Places for children, young people or families only (by their publics or kind):
# never the answer to an adult's need.
YOUTH_PUBLICS = frozenset({"Jeunes", "Étudiants", "Familles et/ou enfants"})
YOUTH_TYPOLOGIES = frozenset(
    {"PIJ_BIJ", "ML", "ASE", "PJJ", "E2C", "EPIDE", "PREVENTION", "SCP", "AVIP"}
)
_YOUTH_NAME = re.compile(
    r"\bjeunes\b|\bjeunesse\b|\benfance\b|\benfants?\b|\bcentres? de loisirs\b"
    r"|\badolescents?\b|\bados\b|\betudiants?\b|\biut\b|\bcolleges?\b|\blycees?\b"
)
_ADULT_NAME = re.compile(r"\bmaison des jeunes et de la culture\b|\bmjc\b")

# Public services: free whatever the file says of fees.
PUBLIC_TYPOLOGIES = frozenset(
    {
        "MUNI", "CCAS", "CIAS", "CAF", "CPAM", "MSA", "CFP", "RFS", "MSAP", "PIMMS",
        "PAD", "PREF", "FT", "ML", "MDE", "MDEF", "CITMET", "BIB", "EPN", "CD", "MDS",
        "CDAS", "DEPT", "PIJ_BIJ", "LA_POSTE", "CAP_EMPLOI",
    }
)  # fmt: skip
FREE_PROGRAMMES = frozenset({"France Services", "Conseillers numériques"})


def fold(text: str) -> str:
    """Return text lower-cased, without accents, punctuation runs as one space."""
    plain = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in plain if not unicodedata.combining(c)).casefold()
    return re.sub(r"[^a-z0-9]+", " ", plain).strip()


@lru_cache(maxsize=50_000)
def typologies_from_name(nom: str) -> tuple[str, ...]:
    """Return the typologies a place's name says, in the order of _NAME_TYPOLOGIES."""
    folded = fold(nom)
    found = [code for code, pattern in _COMPILED if pattern.search(folded)]
    if "CSC" in found and "CS" in found:
        found.remove("CS")  # "centre social et culturel" is one thing
    return tuple(found)


def inferred_typologies(nom: str, declared: list[str]) -> list[str]:
    """Return the typologies inferred from the name, when the declared ones say
    nothing specific (none, or only ASSO / Autre); else []."""
    if any(code not in UNINFORMATIVE for code in declared):
        return []
    return [code for code in typologies_from_name(nom) if code not in declared]


def typologies(nom: str, declared: list[str]) -> list[str]:
    """Return the typologies the rules match: declared, then inferred."""
    return [*declared, *inferred_typologies(nom, declared)]


def youth_only(nom: str, kinds: list[str], publics: list[str]) -> bool:
    """Return True when a place addresses only children, young people or families:
    by its publics, its kind (typologies) or the words of its name."""
    if publics and set(publics) <= YOUTH_PUBLICS:
        return True
    if (
        kinds
        and set(kinds) - UNINFORMATIVE <= YOUTH_TYPOLOGIES
        and (set(kinds) & YOUTH_TYPOLOGIES)
    ):
        return True
    folded = fold(nom)
    return bool(_YOUTH_NAME.search(folded)) and not _ADULT_NAME.search(folded)


FREE, CONDITIONAL, PAYING, UNKNOWN = "free", "conditional", "paying", "unknown"


def fees(frais: list[str], kinds: list[str], programmes: list[str]) -> str:
    """Return what a visit costs: free, conditional, paying or unknown.

    Public services and the national programmes whose help is free by rule
    (France Services, conseillers numériques) are free when the file says nothing.
    """
    if "Gratuit" in frais:
        return FREE
    if "Gratuit sous condition" in frais:
        return CONDITIONAL
    if "Payant" in frais:
        return PAYING
    if set(kinds) & PUBLIC_TYPOLOGIES or set(programmes) & FREE_PROGRAMMES:
        return FREE
    return UNKNOWN
