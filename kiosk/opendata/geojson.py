"""GeoJSON export: one Point a place, the standard's columns as properties."""

import json
from collections.abc import Iterable

from ..models import Place
from .mednum import row_of


def to_geojson(structures: Iterable[Place]) -> str:
    """Return a GeoJSON FeatureCollection of the places that have a position."""
    features = []
    for structure in structures:
        if structure.latitude is None or structure.longitude is None:
            continue
        properties = row_of(structure)
        del properties["latitude"], properties["longitude"]
        features.append(
            {
                "type": "Feature",
                "id": structure.standard_id,
                "geometry": {
                    "type": "Point",
                    "coordinates": [structure.longitude, structure.latitude],
                },
                "properties": properties,
            }
        )
    collection = {"type": "FeatureCollection", "features": features}
    return json.dumps(collection, ensure_ascii=False, indent=1) + "\n"
