"""Distances and walking times between two points, at a senior's pace."""

from math import asin, atan2, cos, degrees, radians, sin, sqrt

EARTH_RADIUS_M = 6_371_000
# 3 km/h: a senior's walking pace (a healthy adult walks about 4.5-5 km/h).
SENIOR_METRES_PER_MINUTE = 50
# Streets are not straight lines: walked distance is about 1.3 times the crow's.
DETOUR_FACTOR = 1.3
# Closer than this, the place is the building the kiosk stands in (or next door).
HERE_M = 50
# Beyond this walk, a senior takes the tram or the bus: the time by transport is said.
MAX_WALK_MINUTES = 20
# Tram or bus: about 10 minutes to reach a stop and wait, then 15 km/h with stops.
TRANSIT_WAIT_MINUTES = 10
TRANSIT_METRES_PER_MINUTE = 250


def distance_m(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the great-circle distance in metres (haversine)."""
    p1, p2 = radians(lat1), radians(lat2)
    dp, dl = p2 - p1, radians(lon2 - lon1)
    a = sin(dp / 2) ** 2 + cos(p1) * cos(p2) * sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * asin(sqrt(a))


def walking_minutes(metres: float) -> int:
    """Return the walking time in whole minutes at a senior's pace (at least 1)."""
    return max(1, round(metres * DETOUR_FACTOR / SENIOR_METRES_PER_MINUTE))


def transit_minutes(metres: float) -> int:
    """Return the time by tram or bus in minutes, rounded up to 5 (a rough figure:
    waiting, then the ride with its stops)."""
    minutes = TRANSIT_WAIT_MINUTES + metres * DETOUR_FACTOR / TRANSIT_METRES_PER_MINUTE
    return 5 * -(-int(minutes) // 5)


def bearing_deg(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Return the initial bearing from point 1 to point 2, 0 = north, clockwise."""
    p1, p2 = radians(lat1), radians(lat2)
    dl = radians(lon2 - lon1)
    x = sin(dl) * cos(p2)
    y = cos(p1) * sin(p2) - sin(p1) * cos(p2) * cos(dl)
    return (degrees(atan2(x, y)) + 360) % 360


def bounding_box(lat: float, lon: float, radius_m: float) -> tuple[float, ...]:
    """Return (min_lat, max_lat, min_lon, max_lon) around a point."""
    dlat = degrees(radius_m / EARTH_RADIUS_M)
    dlon = degrees(radius_m / (EARTH_RADIUS_M * max(cos(radians(lat)), 0.01)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon
