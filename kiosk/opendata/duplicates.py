"""One office, one place: which place already here a record of a file describes.

The same France Services is in ANCT's list, in the conseillers numériques' file and in
the city's own; each names it its own way and gives it its own id. A record is the
same place as one already here when, in this order:

1. one of the place's sources has the record's id (the same file, imported again);
2. the place has the record's id (a place made before sources were kept);
3. they share a SIRET that names one place on each side, and stand within
   SIRET_DISTANCE_M when both have a position (an employer's SIRET names many sites);
4. same name and same address in the same town (even two records of one file);
5. within NEARBY_M of each other with similar names ("EYSINES FRANCE SERVICES" and
   "France services Eysines"; never "Mairie de Pessac" and "CCAS de Pessac"), both
   fixed or both mobile.

3 and 5 never join a record to a place its own file describes by another id: two
records of one file are two places by the word of their producer, unless 4 says they
are the same.
"""

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from ..ranking.geo import distance_m
from ..ranking.place_facts import fold

NEARBY_M = 30
SIRET_DISTANCE_M = 1_000
SIMILAR = 0.5  # share of the name's words both names have
_CELL = 0.001  # degrees of a grid cell: ~111 m north-south, more than NEARBY_M
_STOP_WORDS = frozenset(
    {"a", "au", "aux", "d", "de", "des", "du", "en", "et", "l", "la", "le", "les"}
    | {"pour", "sur", "un", "une"}
)

# How a record was found: the words a report uses.
BY_SOURCE, BY_ID, BY_SIRET, BY_NAME_ADDRESS, BY_NEARBY = (
    "source", "id", "siret", "name_address", "nearby",
)  # fmt: skip


def words(name: str) -> frozenset[str]:
    """Return the meaningful words of a name, folded."""
    return frozenset(w for w in fold(name).split() if w not in _STOP_WORDS)


def similar(a: str, b: str) -> bool:
    """Return True when two names share at least half of all their words: "Pimms
    médiation Bordeaux" and "France services Pimms Médiation de Bordeaux" do,
    "CCAS de Bordeaux" and "CLIC de Bordeaux — Espace seniors du CCAS" do not."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    return len(wa & wb) / len(wa | wb) >= SIMILAR


def _mobile(place) -> bool:
    return "Itinérant" in (getattr(place, "itinerance", None) or [])


def _address_key(place) -> tuple[str, str, str] | None:
    address = fold(getattr(place, "adresse", "") or "")
    town = (getattr(place, "code_postal", "") or "") + fold(
        getattr(place, "commune", "") or ""
    )
    name = " ".join(sorted(words(getattr(place, "nom", "") or "")))
    if not (address and town and name):
        return None
    return name, re.sub(r"\b(bis|ter)\b", "", address).strip(), town


@dataclass
class Found:
    """The place a record describes, and how it was found."""

    place: object
    how: str
    metres: float | None = None


class PlaceIndex:
    """The places already here, indexed every way a record may name one."""

    def __init__(self, places: Iterable, sources: Iterable[tuple[str, object]] = ()):
        self.by_source: dict[str, object] = dict(sources)
        self.by_id: dict[str, object] = {}
        self.by_pivot: dict[str, list] = defaultdict(list)
        self.by_address: dict[tuple, object] = {}
        self.grid: dict[tuple[int, int], list] = defaultdict(list)
        for place in places:
            self.add(place)

    def add(self, place, source_id: str | None = None) -> None:
        """Index one place (and the id of its source, when it has one)."""
        self.by_id.setdefault(place.standard_id, place)
        if source_id:
            self.by_source[source_id] = place
        if getattr(place, "deleted_at", None) is not None:
            return  # a place in the bin is found by its id only
        if place.pivot:
            self.by_pivot[place.pivot].append(place)
        key = _address_key(place)
        if key:
            self.by_address.setdefault(key, place)
        if place.latitude is not None and place.longitude is not None:
            self.grid[_cell(place.latitude, place.longitude)].append(place)

    def find(
        self, fields: dict, pivots_in_file: dict[str, int], file_ids=frozenset()
    ) -> Found | None:
        """Return the place a record's fields describe, or None when it is new.

        `pivots_in_file` counts the records of each SIRET in the file; a place the
        file names by its id (`file_ids`) is left to that record, not found by SIRET.
        """
        record_id = fields["standard_id"]
        if record_id in self.by_source:
            return Found(self.by_source[record_id], BY_SOURCE)
        if record_id in self.by_id:
            return Found(self.by_id[record_id], BY_ID)
        return (
            self._by_siret(fields, pivots_in_file, file_ids)
            or self._by_address(fields)
            or self._nearby(fields)
        )

    def _by_siret(self, fields: dict, pivots_in_file, file_ids) -> Found | None:
        pivot = fields.get("pivot") or ""
        here = self.by_pivot.get(pivot, [])
        if not pivot or len(here) != 1 or pivots_in_file.get(pivot, 0) > 1:
            return None
        if here[0].standard_id in file_ids:
            return None
        metres = _metres(fields, here[0])
        if metres is not None and metres > SIRET_DISTANCE_M:
            return None
        return Found(here[0], BY_SIRET, metres)

    def _by_address(self, fields: dict) -> Found | None:
        key = _address_key(_Fields(fields))
        place = self.by_address.get(key) if key else None
        return Found(place, BY_NAME_ADDRESS, _metres(fields, place)) if place else None

    def _nearby(self, fields: dict) -> Found | None:
        lat, lon = fields.get("latitude"), fields.get("longitude")
        if lat is None or lon is None:
            return None
        row, column = _cell(lat, lon)
        best: Found | None = None
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                for place in self.grid.get((row + dr, column + dc), ()):
                    metres = distance_m(lat, lon, place.latitude, place.longitude)
                    closer = best is None or metres < best.metres
                    if (
                        metres <= NEARBY_M
                        and closer
                        and similar(fields["nom"], place.nom)
                    ):
                        best = Found(place, BY_NEARBY, metres)
        return best


class _Fields:
    """A record's fields read as a place's attributes."""

    def __init__(self, fields: dict):
        self.__dict__.update(fields)


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return int(lat // _CELL), int(lon // _CELL)


def _metres(fields: dict, place) -> float | None:
    lat, lon = fields.get("latitude"), fields.get("longitude")
    if lat is None or lon is None or place.latitude is None:
        return None
    return distance_m(lat, lon, place.latitude, place.longitude)
