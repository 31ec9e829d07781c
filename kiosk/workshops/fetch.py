"""A calendar's address read once, when staff import it: http(s) only, a time and a
size limit; the kiosk itself never reaches the internet."""

import urllib.request

MAX_BYTES = 5 * 1024 * 1024
TIMEOUT = 10  # seconds


class FetchError(ValueError):
    """The address gave no calendar: why, in the staff's words."""


def read_url(url: str) -> bytes:
    """Return what an http(s) address holds (at most MAX_BYTES)."""
    if not url.startswith(("https://", "http://")):
        raise FetchError("only http:// and https:// addresses")
    request = urllib.request.Request(url, headers={"User-Agent": "Aiguillage"})
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as answer:  # noqa: S310
            data = answer.read(MAX_BYTES + 1)
    except OSError as error:
        raise FetchError(str(error)) from None
    if len(data) > MAX_BYTES:
        raise FetchError("larger than 5 MB")
    return data
