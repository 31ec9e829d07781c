"""Write the pictures of "a letter I don't understand" under each administration:
the administration's own picture in front, its letter with a "?" behind
(aiguillage/letter-question.svg, smaller, at the upper right). The picture in front
is what tells them apart: a small badge left them too alike (tests/test_pictograms).

    .venv/bin/python tools/letter_pictograms.py

Then run tools/raster_pictograms.py and tools/pictogram_sheet.py (see the README of
kiosk/static/pictos/aiguillage/).
"""

import re
from pathlib import Path

PICTOS = Path(__file__).resolve().parent.parent / "kiosk" / "static" / "pictos"
LETTER = PICTOS / "aiguillage" / "letter-question.svg"
# The written picture, and the picture of the administration it comes from.
LETTERS = {
    "letter-tax.svg": "aiguillage/tax-form.svg",
    "letter-pension.svg": "aiguillage/pension.svg",
    "letter-health.svg": "openmoji/1FA7A.svg",
    "letter-family.svg": "openmoji/1F46A.svg",
    "letter-job.svg": "openmoji/1F4BC.svg",
}
LETTER_PLACE = "translate(28 0) scale(0.61)"  # upper right, behind
EMBLEM_PLACE = "translate(0 21) scale(0.71)"  # lower left, in front


def inner(svg: str, prefix: str) -> str:
    """Return what is inside an SVG's root element, its ids made unique."""
    body = re.search(r"<svg[^>]*>(.*)</svg>", svg, re.S).group(1)
    return re.sub(r'id="([^"]+)"', rf'id="{prefix}-\1"', body)


def compose(emblem: Path, prefix: str) -> str:
    """Return the emblem in front of the letter, as an SVG document."""
    letter = LETTER.read_text()
    head = re.match(r"<svg[^>]*>", letter).group(0)
    return (
        f'{head}\n<g transform="{LETTER_PLACE}">{inner(letter, "letter")}</g>\n'
        f'<g transform="{EMBLEM_PLACE}">{inner(emblem.read_text(), prefix)}</g>\n'
        "</svg>\n"
    )


def main() -> None:
    for name, emblem in LETTERS.items():
        out = PICTOS / "aiguillage" / name
        out.write_text(compose(PICTOS / emblem, out.stem))
        print("wrote", out.relative_to(PICTOS.parent.parent.parent))


if __name__ == "__main__":
    main()
