"""The contact card: vCard 3.0, CRLF, escaped values, folding that keeps UTF-8 whole."""

from types import SimpleNamespace

from kiosk.takehome.vcard import escape, fold, vcard


def place(**overrides):
    fields = dict(
        nom="Hôtel de Ville; accueil, état civil",
        adresse="Place Pey Berland",
        complement_adresse="Palais Rohan",
        code_postal="33000",
        commune="Bordeaux",
        telephone="+33556102030",
        courriels=["accueil@mairie-bordeaux.fr"],
        site_web=["https://www.bordeaux.fr"],
        latitude=44.8377,
        longitude=-0.5794,
    )
    fields.update(overrides)
    return SimpleNamespace(**fields)


def test_escape_follows_rfc_2426():
    assert escape("a;b,c\\d\ne") == "a\\;b\\,c\\\\d\\ne"


def test_fold_keeps_lines_within_75_bytes_and_characters_whole():
    line = "NOTE:" + "é" * 100
    folded = fold(line)
    pieces = folded.split("\r\n")
    assert all(len(piece.encode()) <= 75 for piece in pieces)
    assert all(piece.startswith(" ") for piece in pieces[1:])
    assert "".join(p[1:] if i else p for i, p in enumerate(pieces)) == line


def test_card_fields():
    card = vcard(place(), "https://kiosque.example.fr/p/abcdef?l=fr")
    assert card.startswith("BEGIN:VCARD\r\nVERSION:3.0\r\n")
    assert card.endswith("END:VCARD\r\n")
    assert "\n" not in card.replace("\r\n", "")  # CRLF only
    lines = card.replace("\r\n ", "").split("\r\n")
    assert "FN:Hôtel de Ville\\; accueil\\, état civil" in lines
    assert (
        "ADR;TYPE=WORK:;;Place Pey Berland\\, Palais Rohan;Bordeaux;;33000;France"
        in lines
    )
    assert "TEL;TYPE=WORK,VOICE:+33556102030" in lines
    assert "GEO:44.8377;-0.5794" in lines
    assert "NOTE:https://kiosque.example.fr/p/abcdef?l=fr" in lines


def test_card_without_phone_or_position():
    card = vcard(place(telephone="", latitude=None, courriels=[], site_web=[]), "u")
    assert "TEL" not in card and "GEO" not in card and "EMAIL" not in card


def test_a_line_break_in_a_web_site_or_phone_adds_no_property():
    hostile = place(
        site_web=["https://x.example\r\nEMAIL:evil@x.example"],
        telephone="+33 5\nNOTE:evil",
    )
    lines = vcard(hostile, "u").replace("\r\n ", "").split("\r\n")
    assert "URL:https://x.exampleEMAIL:evil@x.example" in lines
    assert "TEL;TYPE=WORK,VOICE:+335NOTE:evil" in lines
    assert not any(line.startswith(("EMAIL:", "NOTE:evil")) for line in lines)
