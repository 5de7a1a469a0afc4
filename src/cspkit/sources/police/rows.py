"""Row rules for police.uk files, in two forms that must agree.

- :func:`row_rules_sql` gives DuckDB conditions for the fast bulk load: a row that breaks one
  makes the load stop.
- :func:`diagnose` reads one file row by row in Python and raises the exact problem (file, line,
  column, value, what was expected, how to fix it). It runs only after the fast path stopped,
  to say why.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import datetime, timedelta

from cspkit.errors import FileFormatError, ValueProblem
from cspkit.sources.police.files import PoliceFile
from cspkit.sources.police.schema import UK_BOUNDS, FileKind

__all__ = ["diagnose", "row_rules_sql"]

LON_MIN, LAT_MIN, LON_MAX, LAT_MAX = UK_BOUNDS
_COORD_FIX = (
    "police.uk coordinates are WGS84 longitude and latitude in decimal degrees; check that the "
    "columns were not swapped, rounded into text or converted to another grid"
)


def _q(column: str) -> str:
    return '"' + column.replace('"', '""') + '"'


def row_rules_sql(kind: FileKind, file_month_sql: str) -> str:
    """A SQL condition true for a *bad* row of ``kind``, over the raw VARCHAR columns."""
    lon, lat = _q("Longitude"), _q("Latitude")
    rules = [
        f"({lon} IS NULL) <> ({lat} IS NULL)",
        f"({lon} IS NOT NULL AND TRY_CAST({lon} AS DOUBLE) IS NULL)",
        f"({lat} IS NOT NULL AND TRY_CAST({lat} AS DOUBLE) IS NULL)",
        f"(TRY_CAST({lon} AS DOUBLE) NOT BETWEEN {LON_MIN} AND {LON_MAX})",
        f"(TRY_CAST({lat} AS DOUBLE) NOT BETWEEN {LAT_MIN} AND {LAT_MAX})",
    ]
    if kind.has_month_column:
        rules.append(f"({_q('Month')} IS DISTINCT FROM {file_month_sql})")
    else:
        date = f"TRY_CAST({_q('Date')} AS TIMESTAMPTZ)"
        start = f"CAST({file_month_sql} || '-01' AS DATE)"
        rules += [
            f"({_q('Date')} IS NULL OR {date} IS NULL)",
            f"({date} < {start} - INTERVAL 1 DAY)",
            f"({date} >= {start} + INTERVAL 1 MONTH + INTERVAL 1 DAY)",
        ]
    return " OR ".join(rules)


def diagnose(pf: PoliceFile) -> None:
    """Raise the first problem of ``pf``'s rows; return quietly if every row is sound."""
    header = list(pf.kind.published)
    index = {c: i for i, c in enumerate(header)}
    reader = csv.reader(_decoded_lines(pf, header))
    next(reader, None)
    for row in reader:
        line = reader.line_num
        if row == []:
            continue
        if len(row) != len(header):
            raise FileFormatError(
                pf.display,
                f"line {line} has {len(row)} field(s) where the header has {len(header)}",
                "A comma inside a value must be within double quotes; if the file ends early "
                "it was cut off: download it again from data.police.uk",
            )
        _check_coordinates(pf, line, row[index["Longitude"]], row[index["Latitude"]])
        if pf.kind.has_month_column:
            _check_month(pf, line, row[index["Month"]])
        else:
            _check_date(pf, line, row[index["Date"]])


def _decoded_lines(pf: PoliceFile, header: list[str]) -> Iterator[str]:
    with pf.path.open("rb") as f:
        for number, raw in enumerate(f, start=1):
            try:
                text = raw.decode("utf-8-sig" if number == 1 else "utf-8")
            except UnicodeDecodeError as exc:
                prefix = raw[: exc.start].decode("utf-8", errors="replace")
                fields = next(csv.reader([prefix]), [""])
                column = header[min(len(fields), len(header)) - 1] if fields else header[0]
                raise FileFormatError(
                    pf.display,
                    f"line {number}, column {column!r}: byte 0x{raw[exc.start]:02x} is not "
                    "UTF-8 text",
                    "data.police.uk files are UTF-8: download the file again, or re-save it as "
                    "'CSV UTF-8'",
                ) from None
            yield text


def _check_coordinates(pf: PoliceFile, line: int, lon: str, lat: str) -> None:
    if bool(lon) != bool(lat):
        given, blank = ("Longitude", "Latitude") if lon else ("Latitude", "Longitude")
        raise ValueProblem(
            pf.display,
            line,
            blank,
            "",
            f"a value, since {given} is given",
            "a located row has both coordinates and a row with 'No Location' has neither",
        )
    for column, value, lo, hi in (
        ("Longitude", lon, LON_MIN, LON_MAX),
        ("Latitude", lat, LAT_MIN, LAT_MAX),
    ):
        if not value:
            continue
        try:
            number = float(value)
        except ValueError:
            raise ValueProblem(
                pf.display, line, column, value, "a number in decimal degrees", _COORD_FIX
            ) from None
        if not lo <= number <= hi:
            raise ValueProblem(
                pf.display,
                line,
                column,
                value,
                f"a {column.lower()} within the United Kingdom ({lo} to {hi})",
                _COORD_FIX,
            )


def _check_month(pf: PoliceFile, line: int, value: str) -> None:
    if value != pf.month:
        raise ValueProblem(
            pf.display,
            line,
            "Month",
            value,
            f"{pf.month!r}, the month in the file's name",
            "each data.police.uk file holds one month: load the file under its own month's "
            "name, or download that month again",
        )


def _check_date(pf: PoliceFile, line: int, value: str) -> None:
    fix = "stop-and-search dates are ISO timestamps such as 2019-07-01T09:20:00+00:00"
    try:
        when = datetime.fromisoformat(value)
    except ValueError:
        raise ValueProblem(pf.display, line, "Date", value, "an ISO date and time", fix) from None
    start = datetime.fromisoformat(pf.month + "-01T00:00:00+00:00")
    end = (start + timedelta(days=32)).replace(day=1)
    if when.tzinfo is None:
        when = when.replace(tzinfo=start.tzinfo)
    if not start - timedelta(days=1) <= when < end + timedelta(days=1):
        raise ValueProblem(
            pf.display,
            line,
            "Date",
            value,
            f"a time in {pf.month} (the month in the file's name)",
            "load the file under its own month's name, or download that month again",
        )
