"""Speech output: the Listen button's script and the server's spoken audio."""
