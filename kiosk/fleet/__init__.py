"""Fleet status: which kiosks are alive, from their heartbeats."""
