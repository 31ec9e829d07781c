"""Need rules: which places answer a need, resolved into the need_structure table.

`link_needs()` resolves every rule at once (imports, the demo loader): it reads only
the four columns the rules look at, indexes every value once, resolves each need
with set unions and writes only the links that changed, so 100,000 places take
seconds, not a places × needs loop.
`link_structure()` redoes the links of one place after it was edited.
"""

from collections import defaultdict

from sqlalchemy import bindparam, delete, select

from .extensions import db
from .models import Need, NeedStructure, Structure

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


def _place_index() -> dict[str, dict[str, set[int]]]:
    """Return, for each kind of rule, which place ids carry each value."""
    index: dict[str, dict[str, set[int]]] = {r: defaultdict(set) for r in REASONS}
    query = select(
        Structure.id,
        Structure.standard_id,
        Structure.typologie,
        Structure.dispositif_programmes_nationaux,
        Structure.services,
    )
    for place_id, standard_id, typologies, programmes, services in db.session.execute(
        query
    ).all():
        index["structure"][standard_id].add(place_id)
        for reason, values in (
            ("typologie", typologies),
            ("programme", programmes),
            ("service", services),
        ):
            for value in values:
                index[reason][value].add(place_id)
    return index


def _rule_values(need: Need) -> dict[str, list[str]]:
    return {
        "structure": need.rule_structures,
        "typologie": need.rule_typologies,
        "programme": need.rule_programmes,
        "service": need.rule_services,
    }


def resolve(need: Need, index: dict[str, dict[str, set[int]]]) -> dict[int, str]:
    """Return {place id: reason} for one need, the most specific reason kept."""
    found: dict[int, str] = {}
    rule = _rule_values(need)
    for reason in reversed(REASONS):  # the most specific reason is written last
        for value in rule[reason]:
            for place_id in index[reason].get(value, ()):
                found[place_id] = reason
    return found


def link_needs() -> int:
    """Bring the need_structure table in line with every need rule; return the
    link count. Only the links that changed are written, sorted by primary key.

    Runs inside the caller's transaction: the caller commits once.
    """
    index = _place_index()
    wanted: dict[tuple[int, int], str] = {}
    for need in db.session.scalars(select(Need)):
        need_id = need.id
        wanted.update(((need_id, p), r) for p, r in resolve(need, index).items())
    table = NeedStructure.__table__
    columns = (table.c.need_id, table.c.structure_id, table.c.reason)
    existing = {(n, s): r for n, s, r in db.session.execute(select(*columns)).all()}
    stale = sorted(key for key, r in existing.items() if wanted.get(key) != r)
    fresh = sorted(key for key, r in wanted.items() if existing.get(key) != r)
    if stale:
        where = (
            table.c.need_id == bindparam("n"),
            table.c.structure_id == bindparam("s"),
        )
        db.session.execute(
            table.delete().where(*where), [{"n": n, "s": s} for n, s in stale]
        )
    if fresh:
        rows = [
            {"need_id": n, "structure_id": s, "reason": wanted[n, s]} for n, s in fresh
        ]
        db.session.execute(table.insert(), rows)
    return len(wanted)


def link_structure(structure: Structure) -> int:
    """Rewrite the links of one (flushed) place after an edit; return its link count.

    Runs inside the caller's transaction: the caller commits once.
    """
    db.session.execute(
        delete(NeedStructure).where(NeedStructure.structure_id == structure.id)
    )
    links = []
    for need in db.session.scalars(select(Need)):
        reason = rule_reason(need, structure)
        if reason:
            links.append(
                {"need_id": need.id, "structure_id": structure.id, "reason": reason}
            )
    if links:
        db.session.execute(NeedStructure.__table__.insert(), links)
    return len(links)
