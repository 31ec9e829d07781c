"""What to bring, once (kiosk/takehome/to_bring.py): the need's items, then the
place's when staff marked them for that need, each said once, each in its language."""

from types import SimpleNamespace

from kiosk.takehome.to_bring import items_of, to_bring


def need(slug="passeport", **texts):
    return SimpleNamespace(slug=slug, to_bring=texts or None)


def place(needs=(), **texts):
    return SimpleNamespace(to_bring=texts or None, to_bring_needs=list(needs))


def test_a_written_list_is_cut_into_items():
    text = "Ancien passeport, photo d'identité ; justificatif (de 3 mois, facture)"
    assert items_of(text + "\nTimbre fiscal.") == [
        "Ancien passeport",
        "Photo d'identité",
        "Justificatif (de 3 mois, facture)",
        "Timbre fiscal",
    ]
    assert items_of("") == [] and items_of(None) == []


def test_the_need_then_the_place_each_item_once():
    found = to_bring(
        need(fr="Photo d'identité, ancien passeport"),
        place(["passeport"], fr="Ancien  passeport ; numéro de pré-demande ANTS"),
        "fr",
    )
    assert [item.value for item in found] == [
        "Photo d'identité",
        "Ancien passeport",
        "Numéro de pré-demande ANTS",
    ]


def test_place_lines_for_other_needs_are_left_out():
    # "Je ne sais pas" once asked for the ANTS pre-application number.
    found = to_bring(
        need("je-ne-sais-pas"),
        place(["passeport"], fr="Numéro de pré-demande ANTS"),
        "fr",
    )
    assert found == []


def test_each_item_keeps_its_language():
    found = to_bring(
        need(fr="Photo d'identité", ar="صورة شخصية"),
        place(["passeport"], fr="Justificatif de domicile"),
        "ar",
    )
    assert [(item.value, item.lang, item.dir) for item in found] == [
        ("صورة شخصية", "ar", "rtl"),
        ("Justificatif de domicile", "fr", "ltr"),
    ]
