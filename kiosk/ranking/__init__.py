"""The right place for a need: opening hours, distances, need rules, what the data
says of a place, the candidates near a kiosk (queries) and their pure ranking."""
