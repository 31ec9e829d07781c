"""A place as a vCard 3.0 contact ("add to my contacts" on the phone page).

Version 3.0, UTF-8, CRLF line ends, long lines folded at 75 bytes without
cutting a character in two: iPhones garble accented names in 4.0 cards.
"""

from ..models import Place
from .referral import address_lines

MAX_LINE_BYTES = 75


def escape(value: str) -> str:
    """Return a text value escaped for vCard 3.0: backslash, comma, semicolon, EOL."""
    return (
        value.replace("\\", "\\\\")
        .replace(",", "\\,")
        .replace(";", "\\;")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")  # a lone CR ends a line for some readers
        .replace("\n", "\\n")
    )


def single_line(value: str) -> str:
    """Return a URI or phone value without control characters (a line break in the
    data would start a property of its own)."""
    return "".join(char for char in value if char >= " " and char != "\x7f")


def fold(line: str) -> str:
    """Return a content line folded into pieces of at most 75 bytes (CRLF + space)."""
    pieces, current, size = [], "", 0
    for char in line:
        width = len(char.encode())
        limit = MAX_LINE_BYTES - (1 if pieces else 0)  # continuation lines start " "
        if size + width > limit:
            pieces.append(current)
            current, size = "", 0
        current += char
        size += width
    pieces.append(current)
    return "\r\n ".join(pieces)


def vcard(structure: Place, page_url: str) -> str:
    """Return the vCard 3.0 of a place, with a note pointing to its phone page."""
    name = escape(structure.nom)
    street = ", ".join(
        part for part in (structure.adresse, structure.complement_adresse) if part
    )
    adr = ";".join(
        escape(part)
        for part in ("", "", street, structure.commune, "", structure.code_postal)
    )
    lines = [
        "BEGIN:VCARD",
        "VERSION:3.0",
        "N:;;;;",
        f"FN:{name}",
        f"ORG:{name}",
        "X-ABShowAs:COMPANY",
        f"ADR;TYPE=WORK:{adr};France",
        f"LABEL;TYPE=WORK:{escape(chr(10).join(address_lines(structure)))}",
    ]
    if structure.telephone:
        phone = single_line(structure.telephone).replace(" ", "")
        lines.append(f"TEL;TYPE=WORK,VOICE:{phone}")
    lines += [f"EMAIL;TYPE=INTERNET:{escape(mail)}" for mail in structure.courriels]
    if structure.latitude is not None and structure.longitude is not None:
        lines.append(f"GEO:{structure.latitude};{structure.longitude}")
    lines += [f"URL:{single_line(url)}" for url in structure.site_web[:1]]
    lines += [f"NOTE:{escape(page_url)}", "END:VCARD"]
    return "".join(fold(line) + "\r\n" for line in lines)
