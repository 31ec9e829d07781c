"""Need rules: which places answer a need, resolved into the need_structure table.

A rule speaks the fields real files fill (models.Need): typologies (declared, or
inferred from the name: place_facts), national programmes and labels, services,
specific support, and fallback services ranked after. It never names a place: staff
pin one instead (models.NeedPin). A place for children, youth or families only
answers no need but one whose publics name them.

`link_needs()` resolves every rule at once (imports, the taxonomy, the demo): it
reads only the columns the rules look at, indexes every value once, resolves each
need with set unions and writes only the links that changed, so 100,000 places take
seconds, not a places × needs loop. `link_structure()` redoes the links of one place
after it was edited. Whoever changes a place's rule fields or position, or a need's
rule, calls one of them before committing: a result reads only this table to find
the places of a need near a kiosk.
"""

from collections import defaultdict

from sqlalchemy import bindparam, delete, select

from ..extensions import db
from ..models import Need, NeedPlace, Place
from . import place_facts

# Most specific first: a place of the need's kind beats one that only offers the
# service; a fallback service is the last resort (and costs more: matching.py).
REASONS = ("typologie", "programme", "service", "support", "fallback")
RULE_COLUMNS = (
    Place.nom,
    Place.typologie,
    Place.dispositif_programmes_nationaux,
    Place.formations_labels,
    Place.services,
    Place.prise_en_charge_specifique,
    Place.publics_specifiquement_adresses,
)


def place_values(
    nom, typologie, programmes, labels, services, supports, publics
) -> tuple[dict[str, list[str]], bool]:
    """Return the values a place offers each kind of rule, and whether it is for
    the young only (pure: the columns of RULE_COLUMNS, in order)."""
    kinds = place_facts.typologies(nom, typologie)
    values = {
        "typologie": kinds,
        "programme": [*programmes, *labels],
        "service": services,
        "support": supports,
        "fallback": services,
    }
    return values, place_facts.youth_only(nom, kinds, publics)


def rule_values(need: Need) -> dict[str, list[str]]:
    """Return a need's rule, by kind of rule."""
    return {
        "typologie": need.rule_typologies,
        "programme": need.rule_programmes,
        "service": need.rule_services,
        "support": need.rule_supports,
        "fallback": need.rule_fallback_services,
    }


def welcomes_youth_only_places(need: Need) -> bool:
    """Return True when a need is for the young or families (its publics say so)."""
    return bool(set(need.rule_publics) & place_facts.YOUTH_PUBLICS)


def rule_reason(need: Need, place: Place) -> str | None:
    """Return how a place answers a need's rule (most specific first), or None."""
    values, youth = place_values(*(getattr(place, c.key) for c in RULE_COLUMNS))
    if youth and not welcomes_youth_only_places(need):
        return None
    rule = rule_values(need)
    for reason in REASONS:
        if set(values[reason]) & set(rule[reason]):
            return reason
    return None


Index = dict[str, dict[str, set[int]]]
Position = tuple[float | None, float | None]


def _place_index() -> tuple[Index, set[int], dict[int, Position]]:
    """Return, for each kind of rule, which place ids carry each value; the ids of
    the places for the young only; and where each place stands."""
    index: Index = {r: defaultdict(set) for r in REASONS}
    youth: set[int] = set()
    positions: dict[int, Position] = {}
    query = select(Place.id, Place.latitude, Place.longitude, *RULE_COLUMNS).where(
        Place.deleted_at.is_(None)
    )  # a place in the bin answers no need
    for place_id, lat, lon, *columns in db.session.execute(query).all():
        positions[place_id] = (lat, lon)
        values, young = place_values(*columns)
        if young:
            youth.add(place_id)
        for reason, offered in values.items():
            for value in offered:
                index[reason][value].add(place_id)
    return index, youth, positions


def resolve(need: Need, index: Index, youth: set[int]) -> dict[int, str]:
    """Return {place id: reason} for one need, the most specific reason kept."""
    found: dict[int, str] = {}
    rule = rule_values(need)
    for reason in reversed(REASONS):  # the most specific reason is written last
        for value in rule[reason]:
            for place_id in index[reason].get(value, ()):
                found[place_id] = reason
    if not welcomes_youth_only_places(need):
        for place_id in youth & found.keys():
            del found[place_id]
    return found


def link_needs() -> int:
    """Bring the need_structure table in line with every need rule and every
    place's position; return the link count. Only the links that changed are
    written, sorted by primary key.

    Runs inside the caller's transaction: the caller commits once.
    """
    index, youth, positions = _place_index()
    wanted: dict[tuple[int, int], tuple] = {}
    for need in db.session.scalars(select(Need)):
        need_id = need.id
        for place_id, reason in resolve(need, index, youth).items():
            wanted[need_id, place_id] = (reason, *positions[place_id])
    table = NeedPlace.__table__
    existing = {
        (n, s): tuple(rest)
        for n, s, *rest in db.session.execute(select(*_columns(table))).all()
    }
    stale = sorted(key for key, row in existing.items() if wanted.get(key) != row)
    fresh = sorted(key for key, row in wanted.items() if existing.get(key) != row)
    if stale:
        where = (
            table.c.need_id == bindparam("n"),
            table.c.structure_id == bindparam("s"),
        )
        db.session.execute(
            table.delete().where(*where), [{"n": n, "s": s} for n, s in stale]
        )
    if fresh:
        names = [column.name for column in _columns(table)]
        rows = [dict(zip(names, (*key, *wanted[key]), strict=True)) for key in fresh]
        db.session.execute(table.insert(), rows)
    return len(wanted)


def _columns(table) -> tuple:
    c = table.c
    return (c.need_id, c.structure_id, c.reason, c.latitude, c.longitude)


def link_structure(structure: Place) -> int:
    """Rewrite the links of one (flushed) place after an edit of its rule fields or
    its position; return its link count.

    Runs inside the caller's transaction: the caller commits once. A place in the
    bin gets no link.
    """
    db.session.flush()
    db.session.execute(delete(NeedPlace).where(NeedPlace.structure_id == structure.id))
    if structure.deleted_at is not None:
        return 0
    links = []
    for need in db.session.scalars(select(Need)):
        reason = rule_reason(need, structure)
        if reason:
            links.append(
                {
                    "need_id": need.id,
                    "structure_id": structure.id,
                    "reason": reason,
                    "latitude": structure.latitude,
                    "longitude": structure.longitude,
                }
            )
    if links:
        db.session.execute(NeedPlace.__table__.insert(), links)
    return len(links)
