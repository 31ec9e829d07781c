"""Open data in and out: the national standard, data·inclusion, GeoJSON, the guide."""
