"""How often anonymous visitors may do something costly or open to abuse (a new
screen spoken, an error reported, a structure proposed): counted in memory, in each
server process, per key (a kiosk, or a client address never written anywhere)."""

import threading
import time
from collections import deque

from flask import current_app

_lock = threading.Lock()
MAX_KEYS = 10_000  # beyond it, the keys quiet for a whole window are forgotten


def allow(name: str, key: str, limit: int, window: float = 60) -> bool:
    """Return True (and count it) when `key` did `name` fewer than `limit` times in
    the last `window` seconds."""
    now = time.monotonic()
    with _lock:
        counts = current_app.extensions.setdefault(f"limiter:{name}", {})
        if len(counts) > MAX_KEYS:
            for quiet in [k for k, times in counts.items() if now - times[-1] > window]:
                del counts[quiet]
        times = counts.setdefault(key, deque())
        while times and now - times[0] > window:
            times.popleft()
        if len(times) >= limit:
            return False
        times.append(now)
        return True
