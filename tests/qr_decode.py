"""Reading QR codes back with a real decoder (zxing-cpp), from what the app serves."""

import re

import zxingcpp
from PIL import Image

SQUARE = re.compile(r"M(\d+) (\d+)h1v1h-1z")


def decode(image: Image.Image) -> list[str]:
    """Return the texts of the QR codes zxing-cpp finds in an image."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [barcode.text for barcode in found]


def ec_levels(image: Image.Image) -> list[str]:
    """Return the error correction level of each QR code found ("M", ...)."""
    found = zxingcpp.read_barcodes(image, formats=zxingcpp.BarcodeFormat.QRCode)
    return [barcode.ec_level for barcode in found]


def svg_image(svg: str, scale: int = 8) -> Image.Image:
    """Return the served QR SVG drawn as pixels: its white square, then its path.

    Only the shapes qr_svg() writes are understood; anything else fails the test.
    """
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg)[1])
    assert f'<rect width="{size}" height="{size}" fill="#fff"/>' in svg
    path = re.search(r'<path fill="#000" d="([^"]*)"/>', svg)[1]
    assert SQUARE.sub("", path) == "", "the path holds more than unit squares"
    image = Image.new("L", (size * scale, size * scale), 255)
    for x, y in SQUARE.findall(path):
        x, y = int(x) * scale, int(y) * scale
        image.paste(0, (x, y, x + scale, y + scale))
    return image
