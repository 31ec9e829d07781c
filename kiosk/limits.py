"""How long a place's texts may be: the admin form refuses more in the field, the
importer cuts a longer one and says so, and the slip never prints more (a text stored
before the caps existed included). A 20,000-character "how to get there" once printed
two metres of paper."""

# Characters. A name or an address is a line; a way or a list of documents a
# paragraph a visitor reads standing; presentations and notes a screen of text.
CAPS: dict[str, int] = {
    "nom": 300,
    "adresse": 300,
    "complement_adresse": 300,
    "horaires": 2000,
    "presentation_detail": 3000,
    "autres_formations_labels": 1000,
    "structure_parente": 300,
    "courriels": 1000,
    "site_web": 2000,
    "staff_notes": 3000,
    "getting_there": 500,  # in each language
    "to_bring": 800,  # in each language
}


def capped(text: str, field: str) -> str:
    """Return `text` cut to the cap of `field`, with "…" when it was longer."""
    cap = CAPS[field]
    return text if len(text) <= cap else text[: cap - 1].rstrip() + "…"
