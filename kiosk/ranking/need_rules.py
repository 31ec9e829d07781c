"""Need rules: which places answer a need, resolved into the need_structure table.

`link_needs()` resolves every rule at once (imports, the demo loader): it reads only
the columns the rules look at, indexes every value once, resolves each need
with set unions and writes only the links that changed, so 100,000 places take
seconds, not a places × needs loop.
`link_structure()` redoes the links of one place after it was edited.
Whoever changes a place's typologies, services, programmes, identifier or position,
or a need's rule, calls one of them before committing: a result reads only this table
to find the places of a need near a kiosk.
"""

from collections import defaultdict

from sqlalchemy import bindparam, delete, select

from ..extensions import db
from ..models import Need, NeedStructure, Structure

# Most specific first: a place named by the rule beats one matched by its services.
REASONS = ("structure", "typologie", "programme", "service")


def rule_reason(need: Need, structure: Structure) -> str | None:
    """Return how a place answers a need's rule (most specific first), or None."""
    if structure.standard_id in need.rule_structures:
        return "structure"
    if set(structure.typologie) & set(need.rule_typologies):
        return "typologie"
    if set(structure.dispositif_programmes_nationaux) & set(need.rule_programmes):
        return "programme"
    if set(structure.services) & set(need.rule_services):
        return "service"
    return None


Index = dict[str, dict[str, set[int]]]
Position = tuple[float | None, float | None]


def _place_index() -> tuple[Index, dict[int, Position]]:
    """Return, for each kind of rule, which place ids carry each value; and where
    each place stands."""
    index: Index = {r: defaultdict(set) for r in REASONS}
    positions: dict[int, Position] = {}
    query = select(
        Structure.id,
        Structure.latitude,
        Structure.longitude,
        Structure.standard_id,
        Structure.typologie,
        Structure.dispositif_programmes_nationaux,
        Structure.services,
    ).where(Structure.deleted_at.is_(None))  # a place in the bin answers no need
    for place_id, lat, lon, standard_id, *lists in db.session.execute(query).all():
        positions[place_id] = (lat, lon)
        index["structure"][standard_id].add(place_id)
        for reason, values in zip(REASONS[1:], lists, strict=True):
            for value in values:
                index[reason][value].add(place_id)
    return index, positions


def _rule_values(need: Need) -> dict[str, list[str]]:
    return {
        "structure": need.rule_structures,
        "typologie": need.rule_typologies,
        "programme": need.rule_programmes,
        "service": need.rule_services,
    }


def resolve(need: Need, index: Index) -> dict[int, str]:
    """Return {place id: reason} for one need, the most specific reason kept."""
    found: dict[int, str] = {}
    rule = _rule_values(need)
    for reason in reversed(REASONS):  # the most specific reason is written last
        for value in rule[reason]:
            for place_id in index[reason].get(value, ()):
                found[place_id] = reason
    return found


def link_needs() -> int:
    """Bring the need_structure table in line with every need rule and every
    place's position; return the link count. Only the links that changed are
    written, sorted by primary key.

    Runs inside the caller's transaction: the caller commits once.
    """
    index, positions = _place_index()
    wanted: dict[tuple[int, int], tuple] = {}
    for need in db.session.scalars(select(Need)):
        need_id = need.id
        for place_id, reason in resolve(need, index).items():
            wanted[need_id, place_id] = (reason, *positions[place_id])
    table = NeedStructure.__table__
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


def link_structure(structure: Structure) -> int:
    """Rewrite the links of one (flushed) place after an edit of its rule fields or
    its position; return its link count.

    Runs inside the caller's transaction: the caller commits once. A place in the
    bin gets no link.
    """
    db.session.flush()
    db.session.execute(
        delete(NeedStructure).where(NeedStructure.structure_id == structure.id)
    )
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
        db.session.execute(NeedStructure.__table__.insert(), links)
    return len(links)
