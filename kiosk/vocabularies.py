"""The controlled vocabularies of the national standard, verbatim (one place for all).

Lieux de médiation numérique v1.0.2 (schema.json patterns) and the typologie codes of
data·inclusion that the standard refers to. Values are stored exactly as written here:
never re-spell them. Importers and the admin's checkboxes read these tuples.
"""

SERVICES = (
    "Aide aux démarches administratives",
    "Maîtrise des outils numériques du quotidien",
    "Insertion professionnelle via le numérique",
    "Utilisation sécurisée du numérique",
    "Parentalité et éducation avec le numérique",
    "Loisirs et créations numériques",
    "Compréhension du monde numérique",
    "Accès internet et matériel informatique",
    "Acquisition de matériel informatique à prix solidaire",
)

PUBLICS = ("Jeunes", "Étudiants", "Familles et/ou enfants", "Seniors", "Femmes")

PRISE_EN_CHARGE = (
    "Surdité",
    "Handicaps moteurs",
    "Handicaps mentaux",
    "Illettrisme",
    "Langues étrangères (anglais)",
    "Langues étrangères (autres)",
    "Déficience visuelle",
)

FRAIS = ("Gratuit", "Gratuit sous condition", "Payant")

PROGRAMMES = (
    "Aidants Connect",
    "Bibliothèques numérique de référence",
    "Certification PIX",
    "Conseillers numériques",
    "Emmaüs Connect",
    "France Services",
    "Grande école du numérique",
    "La Croix Rouge",
    "Point d'accès numérique CAF",
    "Promeneurs du net",
    "Relais numérique (Emmaüs Connect)",
)

# The schema's pattern writes "Étapes numériques(La Poste)" without a space; we keep
# the pattern's spelling so exports validate. Importers also accept the spaced form.
LABELS = (
    "Formé à « Mon Espace Santé »",
    "Formé à « DUPLEX » (illettrisme)",
    "Arnia/MedNum BFC (Bourgogne-Franche-Comté)",
    "Collectif ressources et acteurs réemploi (Normandie)",
    "Étapes numériques(La Poste)",
    "Fabriques de Territoire",
    "Les Éclaireurs du numérique (Drôme)",
    "Mes Papiers (Métropole de Lyon)",
    "ORDI 3.0",
    "SUD LABS (PACA)",
)
LABEL_ALIASES = {"Étapes numériques (La Poste)": "Étapes numériques(La Poste)"}

MODALITES_ACCES = (
    "Se présenter",
    "Téléphoner",
    "Contacter par mail",
    "Prendre un RDV en ligne",
    "Ce lieu n'accueille pas de public",
    "Envoyer un mail avec une fiche de prescription",
)

MODALITES_ACCOMPAGNEMENT = (
    "En autonomie",
    "Accompagnement individuel",
    "Dans un atelier collectif",
    "À distance",
)

ITINERANCE = ("Itinérant", "Fixe")

# Typologie codes (research/anchors.md §1.3) with the French name of each.
TYPOLOGIES: dict[str, str] = {
    "ACI": "Atelier et chantier d'insertion",
    "ACIPHC": "Atelier chantier d'insertion premières heures en chantier",
    "AFPA": "Agence nationale pour la formation professionnelle des adultes",
    "AI": "Association intermédiaire",
    "ASE": "Aide sociale à l'enfance",
    "ASSO": "Association",
    "ASSO_CHOMEUR": "Association de chômeurs",
    "Autre": "Autre",
    "AVIP": "Crèche à vocation d'insertion professionnelle",
    "BIB": "Bibliothèque / Médiathèque",
    "CAARUD": "Centre d'accueil et de réduction des risques (drogues)",
    "CADA": "Centre d'accueil de demandeurs d'asile",
    "CAF": "Caisse d'allocations familiales",
    "CAP_EMPLOI": "Cap Emploi",
    "CAVA": "Centre d'adaptation à la vie active",
    "CC": "Communauté de communes",
    "CCAS": "Centre communal d'action sociale",
    "CCONS": "Chambre consulaire (CCI, CMA, CA)",
    "CD": "Conseil départemental",
    "CDAS": "Centre départemental d'action sociale",
    "CFP": "Centre des finances publiques",
    "CHRS": "Centre d'hébergement et de réinsertion sociale",
    "CHU": "Centre d'hébergement d'urgence",
    "CIAS": "Centre intercommunal d'action sociale",
    "CIDFF": "Centre d'information sur les droits des femmes et des familles",
    "CITMET": "Cité des métiers",
    "CMP": "Centre médico-psychologique",
    "CMS": "Centre médico-social",
    "CPAM": "Caisse primaire d'assurance maladie",
    "CPH": "Centre provisoire d'hébergement",
    "CS": "Centre social",
    "CSAPA": "Centre de soins en addictologie",
    "CSC": "Centre socioculturel",
    "DEETS": "Direction de l'économie, de l'emploi, du travail et des solidarités",
    "DEPT": "Services sociaux du département",
    "DIPLP": "Délégation à la prévention et à la lutte contre la pauvreté",
    "E2C": "École de la 2e chance",
    "EA": "Entreprise adaptée",
    "EATT": "Entreprise adaptée de travail temporaire",
    "EI": "Entreprise d'insertion",
    "EITI": "Entreprise d'insertion par le travail indépendant",
    "ENM": "Espace numérique mobile",
    "EPCI": "Intercommunalité",
    "EPI": "Espace public internet",
    "EPN": "Espace public numérique",
    "EPIDE": "Établissement pour l'insertion dans l'emploi",
    "ES": "Épicerie solidaire",
    "ESS": "Entreprise de l'économie sociale et solidaire",
    "ETTI": "Entreprise de travail temporaire d'insertion",
    "EVS": "Espace de vie sociale",
    "FABLAB": "Fablab / atelier partagé",
    "FABRIQUE": "Fabrique de territoire",
    "FAIS": "Fédération d'acteurs de l'insertion et de la solidarité",
    "FT": "France Travail",
    "GEIQ": "Groupement d'employeurs pour l'insertion et la qualification",
    "HUDA": "Hébergement d'urgence pour demandeurs d'asile",
    "LA_POSTE": "Bureau de poste / agence postale",
    "MDE": "Maison de l'emploi",
    "MDH": "Maison des habitants",
    "MDEF": "Maison de l'emploi et de la formation",
    "MDPH": "Maison départementale des personnes handicapées",
    "MDS": "Maison départementale des solidarités",
    "MJC": "Maison des jeunes et de la culture",
    "ML": "Mission locale",
    "MQ": "Maison de quartier",
    "MSA": "Mutualité sociale agricole",
    "MSAP": "Maison de services au public",
    "MUNI": "Municipalité (mairie)",
    "OACAS": "Organisme d'accueil communautaire et d'activité solidaire",
    "ODC": "Organisation délégataire d'un conseil départemental",
    "OF": "Organisme de formation",
    "OIL": "Opérateur d'intermédiation locative",
    "OPCS": "Organisation porteuse de la clause sociale",
    "PAD": "Point d'accès au droit",
    "PENSION": "Pension de famille / résidence accueil",
    "PI": "Point information",
    "PIJ_BIJ": "Point ou bureau information jeunesse",
    "PIMMS": "Point information médiation multi services",
    "PJJ": "Protection judiciaire de la jeunesse",
    "PLIE": "Plan local pour l'insertion et l'emploi",
    "PREF": "Préfecture, sous-préfecture",
    "PREVENTION": "Service ou club de prévention",
    "REG": "Région",
    "RELAIS_LECTURE": "Relais lecture",
    "RESSOURCERIE": "Ressourcerie",
    "RFS": "Réseau France Services",
    "RS_FJT": "Résidence sociale / foyer de jeunes travailleurs",
    "SCP": "Services et clubs de prévention",
    "SPIP": "Service pénitentiaire d'insertion et de probation",
    "TIERS_LIEUX": "Tiers-lieu et coworking",
    "UDAF": "Union départementale des associations familiales",
}

# The typologies a help kiosk meets most: shown first in the admin.
COMMON_TYPOLOGIES = (
    "MUNI",
    "RFS",
    "CCAS",
    "CS",
    "CSC",
    "EVS",
    "MQ",
    "MDH",
    "BIB",
    "EPN",
    "ASSO",
    "PIMMS",
    "CAF",
    "CPAM",
    "CFP",
    "FT",
    "ML",
    "MDE",
    "PAD",
    "PREF",
    "LA_POSTE",
    "UDAF",
    "Autre",
)
