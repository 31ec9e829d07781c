"""What the data says of a place: its kind read from its name, who it is for, what
it costs (pure; French words, never a place's name or id)."""

import pytest

from kiosk.ranking import place_facts as facts


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("Mairie de Pessac", ("MUNI",)),
        ("Hôtel de Ville de Mérignac", ("MUNI",)),
        ("Ville de Bordeaux", ("MUNI",)),
        ("CCAS de bassens", ("CCAS",)),
        ("Centre Communal d'action Sociale Mérignac", ("CCAS",)),
        ("CPAM DE LA GIRONDE - PELLEPORT", ("CPAM",)),
        ("EYSINES FRANCE SERVICES", ("RFS",)),
        ("Centre Socioculturel Danielle Mitterand / MSAP", ("RFS", "CSC")),
        ("PIMMS de Cenon", ("PIMMS",)),
        ("Pôle Emploi Gironde - Saint-Jean", ("FT",)),
        ("Mission locale des graves - Antenne de Talence", ("ML",)),
        ("MAISON DE L’EMPLOI DE BORDEAUX", ("MDE",)),
        ("Médiathèque Jean DEGOUL", ("BIB",)),
        ("BIBLIOTHÈQUE  PIERRE VEILLETET", ("BIB",)),
        ("Centre Social La Colline", ("CS",)),
        ("Centre social et culturel de l'Estey", ("CSC",)),
        ("Espace Public Numérique", ("EPN",)),
        ("Cyber-base", ("EPN",)),
        ("Info Jeunes Bordeaux", ("PIJ_BIJ",)),
        ("Maison de la Solidarité Départementale Saint Flour", ("MDS",)),
        ("Centre des finances publiques de Bordeaux", ("CFP",)),
        ("Abracodabra", ()),
        ("GEM Grain de Café", ()),  # "café" is not the CAF
        ("Plateforme des services au public de la ville de Pessac", ()),
    ],
)
def test_the_name_says_the_kind(name, kinds):
    assert facts.typologies_from_name(name) == kinds


def test_a_kind_is_inferred_only_where_the_declared_one_says_nothing():
    assert facts.inferred_typologies("CCAS de Bassens", []) == ["CCAS"]
    assert facts.inferred_typologies("CCAS de Bassens", ["ASSO"]) == ["CCAS"]
    assert facts.inferred_typologies("CCAS de Bassens", ["MUNI"]) == []
    assert facts.typologies("CCAS de Bassens", ["ASSO"]) == ["ASSO", "CCAS"]


@pytest.mark.parametrize(
    ("name", "kinds", "publics", "young"),
    [
        ("Abracodabra", [], ["Familles et/ou enfants"], True),
        ("Lieu", [], ["Jeunes", "Étudiants"], True),
        ("Lieu", [], ["Jeunes", "Seniors"], False),
        ("Mission locale Technowest", ["ML"], [], True),
        ("Mission locale", ["ML", "RFS"], [], False),  # also a France Services
        ("Centre de loisirs Le Ranch", [], [], True),
        ("SERVICE EDUCATION ENFANCE JEUNESSE", [], [], True),
        ("Bibliothèque de l'IUT de Bordeaux 1", ["BIB"], [], True),
        ("MJC CL2V", ["MJC"], [], False),  # maisons des jeunes et de la culture
        ("Association familiale de Talence", ["ASSO"], [], False),
        ("CCAS de Bordeaux", ["CCAS"], ["Seniors"], False),
    ],
)
def test_a_place_for_the_young_only(name, kinds, publics, young):
    assert facts.youth_only(name, kinds, publics) is young


@pytest.mark.parametrize(
    ("frais", "kinds", "programmes", "fees"),
    [
        (["Gratuit"], [], [], facts.FREE),
        (["Gratuit", "Payant"], [], [], facts.FREE),  # some services free
        (["Gratuit sous condition"], [], [], facts.CONDITIONAL),
        (["Payant"], ["MUNI"], [], facts.PAYING),  # the file's word first
        ([], ["MUNI"], [], facts.FREE),  # a public service
        ([], ["ASSO"], ["Conseillers numériques"], facts.FREE),  # free by rule
        ([], ["ASSO"], [], facts.UNKNOWN),
    ],
)
def test_what_a_visit_costs(frais, kinds, programmes, fees):
    assert facts.fees(frais, kinds, programmes) == fees
