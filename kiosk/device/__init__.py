"""What the tablet itself calls: heartbeat, events, offline page, service worker."""
