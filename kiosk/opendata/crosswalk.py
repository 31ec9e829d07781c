"""The crosswalk between the national standard and data·inclusion v1.

From data·inclusion's own pipeline (gip-inclusion/data-inclusion, dbt models
`intermediate/v1/001_mappings/mediation_numerique`), except TYPOLOGIE_RESEAU (ours:
data·inclusion v1 has no typology, its networks carry it) and the *_BACK maps used to
read a file, which keep only the values that name exactly one standard value.
"""

SERVICE_THEMATIQUES = {
    "Accès internet et matériel informatique": [
        "numerique--acceder-a-une-connexion-internet",
        "numerique--acquerir-un-equipement",
    ],
    "Acquisition de matériel informatique à prix solidaire": [
        "numerique--acquerir-un-equipement"
    ],
    "Aide aux démarches administratives": [
        "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives",
        "numerique--acceder-a-des-services-en-ligne",
    ],
    "Compréhension du monde numérique": [
        "numerique--maitriser-les-fondamentaux-du-numerique"
    ],
    "Insertion professionnelle via le numérique": [
        "preparer-sa-candidature--organiser-ses-demarches-de-recherche-demploi",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ],
    "Loisirs et créations numériques": [
        "remobilisation--activites-sportives-et-culturelles",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ],
    "Maîtrise des outils numériques du quotidien": [
        "numerique--maitriser-les-fondamentaux-du-numerique",
        "numerique--acceder-a-des-services-en-ligne",
    ],
    "Parentalité et éducation avec le numérique": [
        "famille--soutien-a-la-parentalite-et-a-leducation",
        "numerique--maitriser-les-fondamentaux-du-numerique",
    ],
    "Utilisation sécurisée du numérique": [
        "numerique--maitriser-les-fondamentaux-du-numerique"
    ],
}
# Reading a foreign file: the digital thematiques that name one standard service.
THEMATIQUE_SERVICE = {
    "difficultes-administratives-ou-juridiques--accompagnement-aux-demarches-administratives": "Aide aux démarches administratives",  # noqa: E501
    "numerique--acceder-a-des-services-en-ligne": "Aide aux démarches administratives",
    "numerique--maitriser-les-fondamentaux-du-numerique": (
        "Maîtrise des outils numériques du quotidien"
    ),
    "numerique--acceder-a-une-connexion-internet": (
        "Accès internet et matériel informatique"
    ),
    "numerique--acquerir-un-equipement": (
        "Acquisition de matériel informatique à prix solidaire"
    ),
}
PUBLICS = {
    "Étudiants": "etudiants",
    "Familles et/ou enfants": "familles",
    "Femmes": "femmes",
    "Jeunes": "jeunes",
    "Seniors": "seniors",
    "Déficience visuelle": "personnes-en-situation-de-handicap",
    "Handicaps mentaux": "personnes-en-situation-de-handicap",
    "Handicaps moteurs": "personnes-en-situation-de-handicap",
    "Surdité": "personnes-en-situation-de-handicap",
    "Langues étrangères (anglais)": "personnes-exilees",
    "Langues étrangères (autres)": "personnes-exilees",
}
MOBILISATION = {
    "Contacter par mail": "envoyer-un-courriel",
    "Envoyer un mail avec une fiche de prescription": "envoyer-un-courriel",
    "Prendre un RDV en ligne": "utiliser-lien-mobilisation",
    "Se présenter": "se-presenter",
    "Téléphoner": "telephoner",
}
SERVICE_TYPE = {
    "Accompagnement individuel": "accompagnement",
    "Dans un atelier collectif": "atelier",
    "En autonomie": "aide-materielle",
}
PROGRAMME_RESEAU = {
    "Aidants Connect": "aidants-connect",
    "Conseillers numériques": "conseillers-numeriques",
    "France Services": "france-service",
    "Grande école du numérique": "grandes-ecoles-du-numerique",
    "La Croix Rouge": "croix-rouge",
}
# Ours, not the crosswalk's: data·inclusion v1 has no typology, its networks say it.
TYPOLOGIE_RESEAU = {
    "CCAS": "ccas-cias",
    "CIAS": "ccas-cias",
    "CAF": "caf",
    "CPAM": "cpam",
    "FT": "france-travail",
    "MUNI": "communes",
    "LA_POSTE": "la-poste",
    "RFS": "france-service",
    "PIMMS": "pimms-mediation",
    "ML": "mission-locale",
    "MSA": "mutualite-sociale-agricole",
    "EPN": "espaces-publics-numeriques",
    "CS": "fcsf",
    "MJC": "mjc",
    "MDPH": "mdph",
}
# Fields a data·inclusion file carries; the others of a place are left as they are.
# UNKNOWN_WHEN_EMPTY: data·inclusion cannot say "none" for these: empty means unknown.
# Where a place is: the same names in both standards.
WHERE = (
    "commune",
    "code_postal",
    "code_insee",
    "adresse",
    "complement_adresse",
    "latitude",
    "longitude",
)
CARRIED = [
    "standard_id",
    "pivot",
    "nom",
    *WHERE,
    "typologie",
    "telephone",
    "courriels",
    "site_web",
    "horaires",
    "presentation_resume",
    "presentation_detail",
    "date_maj",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
]


# Reading back: only the values that name exactly one standard value.
PUBLICS_BACK = {v: k for k, v in list(PUBLICS.items())[:5]}
FRAIS_BACK = {"gratuit": "Gratuit", "payant": "Payant"}
MOBILISATION_BACK = {
    "envoyer-un-courriel": "Contacter par mail",
    "utiliser-lien-mobilisation": "Prendre un RDV en ligne",
    "se-presenter": "Se présenter",
    "telephoner": "Téléphoner",
}
TYPE_BACK = {v: k for k, v in SERVICE_TYPE.items()}
UNKNOWN_WHEN_EMPTY = (
    "typologie",
    "dispositif_programmes_nationaux",
    "modalites_accompagnement",
)
