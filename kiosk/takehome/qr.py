"""QR codes of phone-page URLs: error correction M, a 4-module quiet zone, cached.

One matrix per URL is computed once per process (lru_cache): the kiosk shows
the same few hundred URLs over and over, and a URL's code never changes.
"""

from functools import lru_cache

import qrcode
from PIL import Image

QUIET_ZONE = 4  # modules, on every side (ISO/IEC 18004)
# Version 3 (29 modules) at least, even for a URL short enough for version 2: every
# code then has modules of one size, and the kiosk's 304 px box gives every symbol
# the 40 mm the screen promises (kiosk.css, .qr-code). A typical phone URL needs
# version 3 anyway.
MIN_VERSION = 3
CACHE_SIZE = 2048

Matrix = tuple[tuple[bool, ...], ...]


@lru_cache(maxsize=CACHE_SIZE)
def qr_matrix(url: str) -> Matrix:
    """Return the QR modules of `url` (True = dark), quiet zone included."""
    code = qrcode.QRCode(
        version=MIN_VERSION,
        error_correction=qrcode.constants.ERROR_CORRECT_M,
        border=QUIET_ZONE,
    )
    code.add_data(url)
    code.make(fit=True)
    return tuple(tuple(row) for row in code.get_matrix())


@lru_cache(maxsize=CACHE_SIZE)
def qr_svg(url: str) -> str:
    """Return a standalone SVG of the QR code of `url`, one square per dark module.

    The SVG has a viewBox and no width: the page sizes it in CSS.
    """
    matrix = qr_matrix(url)
    size = len(matrix)
    squares = "".join(
        f"M{x} {y}h1v1h-1z"
        for y, row in enumerate(matrix)
        for x, dark in enumerate(row)
        if dark
    )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {size} {size}" '
        f'shape-rendering="crispEdges" class="qr">'
        f'<rect width="{size}" height="{size}" fill="#fff"/>'
        f'<path fill="#000" d="{squares}"/></svg>'
    )


def qr_image(url: str, module: int) -> Image.Image:
    """Return the QR code of `url` as a black-and-white image, `module` px a module."""
    matrix = qr_matrix(url)
    size = len(matrix)
    image = Image.new("1", (size, size), 1)
    image.putdata([0 if dark else 1 for row in matrix for dark in row])
    return image.resize((size * module, size * module), Image.Resampling.NEAREST)
