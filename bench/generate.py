"""Synthetic, realistic data sets: places spread over France, with hours and services.

A data set holds the need taxonomy and the demo data of Bordeaux Métropole (its
kiosks and 65 places, so that every need rule resolves as in production) and
synthetic places up to the size asked. Each synthetic place copies the services,
programmes, access and support of a demo place of the same kind (the vocabularies
stay verbatim and consistent), stands near a real city centre chosen by population
(a third of them in the villages around), and gets hours from a pool of real
patterns: lunch breaks, public holidays off, Saturdays, late evenings, and some
unknown.
"""

import random
import time
from dataclasses import dataclass
from datetime import date, timedelta
from itertools import accumulate
from unicodedata import normalize

from sqlalchemy import func, select

from kiosk.demo import load_demo
from kiosk.extensions import db
from kiosk.models import Kiosk, Need, Place
from kiosk.ranking.need_rules import link_needs

from .cities import CITIES, QUARTERS, STREETS, VILLAGES

SIZES = (100, 1_000, 10_000, 100_000)
FRANCE = (41.4, 51.1, -5.1, 9.6)  # min lat, max lat, min lon, max lon
BATCH = 5_000

# Kinds of places in the national map, roughly in their real proportions,
# with how a place of that kind is named.
KINDS: dict[str, tuple[float, str]] = {
    "MUNI": (26, "Mairie de {commune}"),
    "BIB": (15, "Médiathèque de {commune}"),
    "RFS": (9, "France Services de {commune}"),
    "CCAS": (9, "CCAS de {commune}"),
    "ASSO": (9, "Association numérique de {commune}"),
    "CS": (8, "Centre social de {commune}"),
    "EPN": (6, "Espace public numérique de {commune}"),
    "FT": (3, "France Travail {commune}"),
    "ML": (3, "Mission locale de {commune}"),
    "CAF": (2, "CAF — accueil de {commune}"),
    "CPAM": (2, "CPAM — accueil de {commune}"),
    "CFP": (2, "Centre des finances publiques de {commune}"),
    "PIMMS": (2, "PIMMS Médiation {commune}"),
    "PAD": (1, "Point justice de {commune}"),
    "MDE": (1, "Maison de l'emploi de {commune}"),
    "UDAF": (0.5, "Point conseil budget de {commune}"),
    "PREF": (0.5, "Préfecture — accueil de {commune}"),
    "Autre": (1, "Lieu d'accueil numérique de {commune}"),
}

# Hours seen in the national data, beyond those of the demo places.
EXTRA_HOURS = [
    "Mo-Fr 09:00-12:00,14:00-17:00; PH off",
    "Mo-Fr 08:30-12:00,13:30-17:30; PH off",
    "Mo,Tu,Th,Fr 09:00-12:00,14:00-17:00; We 09:00-12:00; PH off",
    "Mo-Fr 09:00-17:00",
    "Tu-Sa 10:00-12:30,14:00-18:00; PH off",
    "Mo 14:00-18:00; Tu-Fr 09:00-12:00,14:00-18:00; Sa 09:00-12:00; PH off",
    "We 14:00-17:00; Sa 10:00-12:00; PH off",
    "Tu,Th 09:00-12:00; PH off",
    "Mo-Fr 08:00-12:00",
    'Mo-Fr 09:00-12:00,14:00-17:00; PH off; Sa 09:00-12:00 "sur rendez-vous"',
    "Mo-Fr 09:00-12:30,13:30-17:00; Aug off; PH off",
]
UNKNOWN_HOURS_SHARE = 0.08
FOREIGN_LANGUAGES = ["en", "ar", "es", "pt", "uk", "ru", "tr", "ro"]


@dataclass(frozen=True)
class Spot:
    """Where a synthetic place stands."""

    commune: str
    postcode: str
    insee: str
    latitude: float
    longitude: float
    in_city: bool


class Generator:
    """Synthetic place rows, reproducible from a seed."""

    def __init__(self, archetypes: list[Place], seed: int = 8):
        self.random = random.Random(seed)
        self.by_kind: dict[str, list[dict]] = {}
        for place in archetypes:
            kind = place.typologie[0] if place.typologie else "Autre"
            copied = {column: getattr(place, column) for column in COPIED}
            copied["languages"] = place.languages
            self.by_kind.setdefault(kind, []).append(copied)
        self.kinds = [k for k in KINDS if k in self.by_kind]
        self.kind_weights = list(accumulate(KINDS[k][0] for k in self.kinds))
        self.hours = sorted({p.horaires for p in archetypes if p.horaires})
        self.hours += EXTRA_HOURS
        self.city_weights = list(accumulate(c[3] ** 0.8 for c in CITIES))

    def spot(self) -> Spot:
        """Return a position near a city centre, or in a village around one."""
        rnd = self.random
        city = rnd.choices(CITIES, cum_weights=self.city_weights)[0]
        name, lat, lon, population, postcode, insee = city
        in_city = rnd.random() < 0.65
        # A city spreads with its size: ~2 km for 20,000 people, ~9 km for Paris.
        spread_km = (population / 20_000) ** 0.33 * 2 if in_city else 35
        commune = name if in_city else rnd.choice(VILLAGES)
        lat = lat + rnd.gauss(0, spread_km / 111)
        lon = lon + rnd.gauss(0, spread_km / 78)
        lat = min(max(lat, FRANCE[0]), FRANCE[1])
        lon = min(max(lon, FRANCE[2]), FRANCE[3])
        if not in_city:
            postcode, insee = f"{postcode[:2]}{rnd.randrange(1000):03d}", ""
        return Spot(commune, postcode, insee, round(lat, 6), round(lon, 6), in_city)

    def languages(self, archetype: dict) -> list[str]:
        """Return the languages spoken: French, sometimes more."""
        extra = [code for code in archetype["languages"] if code != "fr"]
        if self.random.random() < 0.25:
            extra.append(self.random.choice(FOREIGN_LANGUAGES))
        return ["fr", *dict.fromkeys(extra)]

    def row(self, n: int) -> dict:
        """Return the column values of synthetic place number `n`."""
        rnd = self.random
        kind = rnd.choices(self.kinds, cum_weights=self.kind_weights)[0]
        archetype = rnd.choice(self.by_kind[kind])
        spot = self.spot()
        name = KINDS[kind][1].format(commune=spot.commune)
        if spot.in_city:
            name += f" — {rnd.choice(QUARTERS)}"
        unknown = rnd.random() < UNKNOWN_HOURS_SHARE
        updated = date(2026, 11, 1) - timedelta(days=rnd.randrange(700))
        return {
            **{column: archetype[column] for column in COPIED},
            "standard_id": f"bench-{n:06d}",
            "pivot": "",
            "nom": name,
            "commune": spot.commune,
            "code_postal": spot.postcode,
            "code_insee": spot.insee,
            "adresse": f"{rnd.randrange(1, 120)} {rnd.choice(STREETS)}",
            "complement_adresse": "",
            "latitude": spot.latitude,
            "longitude": spot.longitude,
            "telephone": f"+33{rnd.randrange(1, 6)}{rnd.randrange(10**8):08d}",
            "courriels": [],
            "site_web": [],
            "horaires": "" if unknown else rnd.choice(self.hours),
            "source": "Aiguillage — banc d'essai (synthétique)",
            "date_maj": updated,
            "verified_on": updated,
            "languages": self.languages(archetype),
            "wheelchair": rnd.choice([True, True, False, None]),
            "getting_there": {},
            "to_bring": {},
            "staff_notes": "",
            "on_kiosk": rnd.random() < 0.97,
        }


# What a synthetic place copies from the demo place it is modelled on.
COPIED = (
    "typologie",
    "presentation_resume",
    "presentation_detail",
    "itinerance",
    "structure_parente",
    "services",
    "publics_specifiquement_adresses",
    "prise_en_charge_specifique",
    "frais_a_charge",
    "dispositif_programmes_nationaux",
    "formations_labels",
    "autres_formations_labels",
    "modalites_acces",
    "modalites_accompagnement",
    "fiche_acces_libre",
    "prise_rdv",
)


def slug_of(city: str) -> str:
    """Return the slug of the benchmark kiosk of a city: "Saint-Étienne" ->
    "bench-saint-etienne"."""
    ascii_name = normalize("NFKD", city).encode("ascii", "ignore").decode()
    return "bench-" + ascii_name.lower().replace(" ", "-")


def build(size: int, seed: int = 8) -> dict:
    """Fill the (empty) database of the app in context with a data set of `size`
    places, and a kiosk in each city; return counts and link_needs' duration."""
    counts = load_demo()
    archetypes = list(db.session.scalars(select(Place)))
    generator = Generator(archetypes, seed)
    synthetic = max(0, size - counts["places"])
    for start in range(0, synthetic, BATCH):
        rows = [generator.row(n) for n in range(start, min(synthetic, start + BATCH))]
        db.session.execute(Place.__table__.insert(), rows)
    for name, lat, lon, *_ in CITIES:
        db.session.add(
            Kiosk(slug=slug_of(name), name=f"Hall de la mairie de {name}",
                  latitude=lat, longitude=lon)
        )  # fmt: skip
    started = time.perf_counter()
    links = link_needs()
    link_seconds = time.perf_counter() - started
    db.session.commit()
    return {
        "places": db.session.scalar(select(func.count(Place.id))),
        "needs": db.session.scalar(select(func.count(Need.id))),
        "kiosks": db.session.scalar(select(func.count(Kiosk.id))),
        "links": links,
        "link_seconds": link_seconds,
    }
