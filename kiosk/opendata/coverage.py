"""What the kiosk will lack with the places of a file: said before anyone is misled.

"0 of 176 places have opening hours: every card will say “hours unknown — call
first”" is what a person deciding to import needs, not 176 identical warnings.
"""

from collections import Counter

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import NeedPlace
from ..ranking import place_facts
from ..ranking.hours import compile_hours


def of(places: list) -> dict:
    """Return the counts of what the places of a file give the kiosk (flushed
    places, after the need links were made)."""
    linked = set(db.session.scalars(select(NeedPlace.structure_id).distinct()))
    inferred: Counter[str] = Counter()
    counts = Counter()
    for place in places:
        counts["places"] += 1
        counts["hours"] += compile_hours(place.horaires) is not None
        counts["position"] += place.latitude is not None
        counts["hidden"] += not place.on_kiosk
        counts["needs"] += place.id in linked
        declared = [t for t in place.typologie if t not in place_facts.UNINFORMATIVE]
        guessed = place_facts.inferred_typologies(place.nom, place.typologie)
        counts["declared"] += bool(declared)
        counts["inferred"] += bool(guessed)
        inferred.update(guessed)
        fees = place_facts.fees(
            place.frais_a_charge,
            place_facts.typologies(place.nom, place.typologie),
            place.dispositif_programmes_nationaux,
        )
        counts["fees"] += fees != place_facts.UNKNOWN
        counts["youth"] += place_facts.youth_only(
            place.nom,
            place_facts.typologies(place.nom, place.typologie),
            place.publics_specifiquement_adresses,
        )
    counts["untyped"] = counts["places"] - counts["declared"] - counts["inferred"]
    return {**counts, "inferred_kinds": dict(inferred.most_common())}


def lines(counts: dict) -> list[str]:
    """Return what the kiosk will have and lack, in sentences (empty: no place)."""
    total = counts.get("places", 0)
    if not total:
        return []
    kinds = ", ".join(f"{k} {n}" for k, n in counts["inferred_kinds"].items())
    out = [
        _(
            "Opening hours: %(num)s of %(total)s places have them; every other "
            "card will say “hours unknown — call before going”.",
            num=counts["hours"],
            total=total,
        ),
        _(
            "Type of place: %(declared)s declared, %(inferred)s inferred from the "
            "name (%(kinds)s), %(untyped)s without.",
            declared=counts["declared"],
            inferred=counts["inferred"],
            kinds=kinds or "—",
            untyped=counts["untyped"],
        ),
        _(
            "Position: %(num)s of %(total)s places have one; a kiosk never proposes "
            "the others (the guide lists them).",
            num=counts["position"],
            total=total,
        ),
        _(
            "Needs: %(num)s of %(total)s places answer at least one need of the "
            "kiosk; check the services of the others.",
            num=counts["needs"],
            total=total,
        ),
        _(
            "Fees: known for %(num)s of %(total)s places (a public service is free).",
            num=counts["fees"],
            total=total,
        ),
    ]
    if counts["youth"]:
        out.append(
            _(
                "%(num)s places are for children, young people or families only: "
                "a kiosk never proposes them for an adult's need.",
                num=counts["youth"],
            )
        )
    if counts["hidden"]:
        out.append(
            _(
                "%(num)s places are hidden from the kiosks (mobile units).",
                num=counts["hidden"],
            )
        )
    return out
