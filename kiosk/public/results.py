"""What a result shows: the kiosk, the need, its ranked places (the chosen one first)
and how to take the first one home. Read by the result screen and the print routes."""

from flask import abort
from sqlalchemy import bindparam, select
from sqlalchemy.orm import joinedload

from .. import clock
from ..extensions import db
from ..kiosks import current_kiosk
from ..models import Kiosk, Need
from ..ranking.candidates import best_places_for, chosen_match, generalist_need
from ..takehome.handout import take_home_context

# A need with its parent (the Back button) and its children (sub-needs or result?),
# in one query; built once.
NEED_BY_SLUG = (
    select(Need)
    .where(Need.slug == bindparam("slug"))
    .options(joinedload(Need.parent), joinedload(Need.children))
)


def need_or_404(slug: str) -> Need:
    """Return the need of a URL, its parent and children loaded; 404 if none."""
    found = db.session.execute(NEED_BY_SLUG, {"slug": slug}).unique()
    need = found.scalar_one_or_none()
    if need is None:
        abort(404)
    return need


def kiosk_or_503() -> Kiosk:
    """Return this tablet's kiosk; 503 ("one moment") when none is set up yet."""
    kiosk = current_kiosk()
    if kiosk is None:
        abort(503)
    return kiosk


def match_context(lang: str, need: Need, place: str) -> dict:
    """Return what printing one place needs: the kiosk, the need, that place's match
    (by the need's rule or pin, else the generalist desks') and how to take it home;
    no ranking of the others. 404 when the place answers neither."""
    kiosk, now = kiosk_or_503(), clock.now()
    match = chosen_match(need, kiosk, now, lang, place)
    if match is None and not need.generalist:
        general = generalist_need()
        match = general and chosen_match(general, kiosk, now, lang, place)
    if match is None:
        abort(404)
    context = dict(need=need, kiosk=kiosk, matches=[match], fallback=False, now=now)
    context.update(take_home_context(need, kiosk, match, lang))
    return context


def result_context(lang: str, need: Need, place: str | None = None) -> dict:
    """Return what the result screen shows: the ranked places, the chosen one
    first (404 when `place` does not answer the need), and how to take it home."""
    kiosk, now = kiosk_or_503(), clock.now()
    matches, fallback = best_places_for(need, kiosk, now, lang)
    if place is not None:
        chosen = next((m for m in matches if m.structure.standard_id == place), None)
        if chosen is None:  # shown a moment ago, no longer among the best: still it
            answered = generalist_need() if fallback else need
            chosen = answered and chosen_match(answered, kiosk, now, lang, place)
            if not chosen:
                abort(404)
            matches = matches[:-1]
        matches = [chosen] + [m for m in matches if m is not chosen]
    context = dict(need=need, kiosk=kiosk, matches=matches, fallback=fallback, now=now)
    if matches:
        context.update(take_home_context(need, kiosk, matches[0], lang))
    return context
