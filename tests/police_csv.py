"""Small police.uk-format files for tests, written the way data.police.uk writes them."""

from __future__ import annotations

import csv
from pathlib import Path

from cspkit.sources.police.schema import KINDS

HEADER = list(KINDS["street"].published)


def street_row(month: str, n: int = 0, **overrides: str) -> dict[str, str]:
    row = {
        "Crime ID": f"{n:064x}",
        "Month": month,
        "Reported by": "Testshire Police",
        "Falls within": "Testshire Police",
        "Longitude": "0.521",
        "Latitude": "51.272",
        "Location": "On or near High Street",
        "LSOA code": "E01024340",
        "LSOA name": "Maidstone 006B",
        "Crime type": "Burglary",
        "Last outcome category": "Under investigation",
        "Context": "",
    }
    row.update(overrides)
    return row


def write_street(
    folder: Path,
    month: str,
    rows: int | list[dict[str, str]] = 3,
    force: str = "testshire",
    header: list[str] | None = None,
    crlf: bool = False,
) -> Path:
    """Write ``folder/YYYY-MM/YYYY-MM-<force>-street.csv`` and return its path."""
    path = folder / month / f"{month}-{force}-street.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = [street_row(month, i) for i in range(rows)] if isinstance(rows, int) else rows
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(
            f,
            fieldnames=header or HEADER,
            lineterminator="\r\n" if crlf else "\n",
            extrasaction="ignore",
        )
        writer.writeheader()
        writer.writerows(data)
    return path
