"""Usage figures: anonymous counts per kiosk, hour, language and need."""
