"""The admin's checkboxes offer exactly the standard's vocabularies:
kiosk/vocabularies.py against what kiosk/opendata/schema.py reads from schema.json."""

import pytest

from kiosk import vocabularies
from kiosk.opendata.schema import VOCABULARIES

OURS = {
    "services": vocabularies.SERVICES,
    "publics_specifiquement_adresses": vocabularies.PUBLICS,
    "prise_en_charge_specifique": vocabularies.PRISE_EN_CHARGE,
    "frais_a_charge": vocabularies.FRAIS,
    "dispositif_programmes_nationaux": vocabularies.PROGRAMMES,
    "formations_labels": vocabularies.LABELS,
    "modalites_acces": vocabularies.MODALITES_ACCES,
    "modalites_accompagnement": vocabularies.MODALITES_ACCOMPAGNEMENT,
    "itinerance": vocabularies.ITINERANCE,
}


def test_every_vocabulary_of_the_schema_has_its_list():
    assert set(OURS) == set(VOCABULARIES)


@pytest.mark.parametrize("column", sorted(OURS))
def test_a_list_is_the_schemas_values_verbatim(column):
    assert sorted(OURS[column]) == sorted(VOCABULARIES[column])
    assert len(set(OURS[column])) == len(OURS[column])


def test_label_aliases_lead_to_a_value_of_the_standard():
    for alias, value in vocabularies.LABEL_ALIASES.items():
        assert value in VOCABULARIES["formations_labels"]
        assert alias not in VOCABULARIES["formations_labels"]
