"""Helpers for the open-data tests: files of the standard, the shared data folder."""

import csv
import io
from pathlib import Path

from kiosk.opendata import schema

ROOT = Path(__file__).resolve().parent.parent


def shared_data() -> Path | None:
    """Return the shared reference data folder (../shared/data), or None if absent."""
    for folder in (ROOT.parent / "shared" / "data", Path("/work/shared/data")):
        if folder.is_dir():
            return folder
    return None


def place_row(**cells) -> dict[str, str]:
    """Return a valid row of the standard (a Bordeaux library) with `cells` changed."""
    row = dict.fromkeys(schema.COLUMNS, "")
    row.update(
        id="bib-test",
        pivot="21330063500017",
        nom="Bibliothèque de test",
        commune="Bordeaux",
        code_postal="33000",
        code_insee="33063",
        adresse="1 place de la Test",
        latitude="44.84",
        longitude="-0.57",
        typologie="BIB",
        telephone="+33556000000",
        horaires="Tu-Sa 10:00-18:00; PH off",
        date_maj="2026-01-15",
        services="Accès internet et matériel informatique",
        modalites_acces="Se présenter",
    )
    row.update(cells)
    return row


def csv_bytes(rows: list[dict], delimiter: str = ",", header=None) -> bytes:
    """Return a CSV file of the standard holding `rows`."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(
        out,
        fieldnames=header or schema.COLUMNS,
        delimiter=delimiter,
        extrasaction="ignore",
    )
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")
