"""The referral sheet ("fiche d'orientation") a professional prints for a person:
their need in a sentence, the place and its week, what to bring, the date, who
sends them. Nothing is kept: the sheet is made from the form each time."""

from dataclasses import dataclass
from datetime import date

from ..languages import DEFAULT_LANGUAGE, localized
from ..models import Need, Place
from .entries import GuidePlace, guide_places, need_label


@dataclass(frozen=True)
class ReferralSheet:
    """What a referral sheet says."""

    day: date
    sentence: str
    need: str  # the need's label, "" when none was chosen
    entry: GuidePlace  # the place, its week (the referral's), closures not over
    to_bring: str
    sender: str


def to_bring(need: Need | None, place: Place) -> str:
    """Return what to bring for the need, then for the place, in French."""
    texts = [need.to_bring if need else None, place.to_bring]
    found = (localized(t, DEFAULT_LANGUAGE)[0] for t in texts if t)
    return "\n".join(text for text in found if text)


def referral_sheet(
    place: Place, need: Need | None, day: date, sentence: str, bring: str, sender: str
) -> ReferralSheet:
    """Return the referral sheet of a place for a need, on a day."""
    (entry,) = guide_places([place], day, DEFAULT_LANGUAGE)
    label = need_label(need, DEFAULT_LANGUAGE) if need else ""
    return ReferralSheet(day, sentence.strip(), label, entry, bring.strip(), sender)
