"""Partner measures: monthly figures from partner agencies, from CSV or XLSX, into the store.

A partner file has one row per figure, with a header row and these columns (any order, any
case; other columns are ignored):

=============  ================================================  ==============================
column         also recognised as                                 holds
=============  ================================================  ==============================
``month``      ``date``, ``period``                               ``2021-04``, ``2021-04-30``,
                                                                  ``30/04/2021`` (day first),
                                                                  ``Apr 2021``, or a date cell
``area_code``  ``area``, ``code``, ``ward_code``, ``lsoa_code``,  optional: an ONS code
               ``lad_code``                                       (``E05005003``); blank = the
                                                                  whole partnership area
``measure``    ``indicator``                                      e.g. ``MARAC referrals``
``value``      ``count``, ``number``                              a number (``1,234`` is read)
=============  ================================================  ==============================

Examples: domestic abuse one-stop-shop attendance, MARAC referrals, substance-misuse treatment
starts. :func:`read_partner` normalises a file to (month ``YYYY-MM``, area_code or NULL,
measure, value float, source); rows with day-level dates are summed to months. A bad date, a
value that is not a number or is negative, a missing column or a repeated month gives one exact
message: the file, the line (the row number a spreadsheet shows), the column, the value, and the
fix.

:func:`load_partner` (``cspkit load partner FILE``) adds the rows to the store's
``partner_measures`` table, recording each file's SHA-256 as provenance. Rows are keyed by
(measure, source): loading a file again (same source, by default the file name) **replaces** its
measures' rows instead of adding them twice. Nothing is stored unless every file is sound.
"""

from __future__ import annotations

import csv
import io
import math
import re
from collections.abc import Iterator, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from cspkit.errors import ColumnError, FileFormatError, ValueProblem
from cspkit.sources.loader import LoadReport, Part, TableLoader
from cspkit.store import Store

__all__ = ["PARTNER_COLUMNS", "TABLE", "PartnerLoader", "load_partner", "read_partner"]

TABLE = "partner_measures"
#: Columns of the normalised table and of the store's ``partner_measures``.
PARTNER_COLUMNS = ("month", "area_code", "measure", "value", "source")

_NAMES = {
    "month": ("month", "date", "period"),
    "area_code": ("area_code", "area code", "area", "code", "ward_code", "lsoa_code", "lad_code"),
    "measure": ("measure", "indicator"),
    "value": ("value", "count", "number"),
}
_GSS = re.compile(r"^[A-Z]\d{8}$")
_MONTH_FORMATS = ("%Y-%m", "%Y/%m", "%m/%Y", "%b %Y", "%B %Y", "%b-%Y", "%B-%Y", "%b-%y")
_DAY_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S")
_MONTH_EXPECTED = "a month such as 2021-04, 2021-04-30, 30/04/2021 or Apr 2021"
_FIX_CELL = "Correct that cell (or remove the row) and load the file again."
_HEADER_FIX = (
    "A partner file needs a header row with columns month (or date), measure and value, and "
    "optionally area_code, e.g. 'month,area_code,measure,value'."
)

Row = tuple[int, list[object]]


def _csv_rows(path: Path) -> Iterator[Row]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            path, f"not UTF-8 text (byte {exc.start} cannot be decoded)",
            "Save it as 'CSV UTF-8' from the spreadsheet and load it again.",
        ) from None
    reader = csv.reader(io.StringIO(text))
    for cells in reader:
        yield reader.line_num, list(cells)


def _xlsx_rows(path: Path, sheet: str | None) -> tuple[str, Iterator[Row]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not an xlsx
        raise FileFormatError(
            path, f"not a readable Excel .xlsx workbook ({type(exc).__name__})",
            "Save it as 'Excel Workbook (.xlsx)' or as CSV UTF-8 and load it again.",
        ) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise FileFormatError(
                path, f"it has no sheet {sheet!r}; its sheets are "
                f"{', '.join(map(repr, book.sheetnames))}", "Give one of those names with --sheet.",
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        rows = [(i, list(r)) for i, r in enumerate(ws.iter_rows(values_only=True), start=1)]
        return f"{path} (sheet {ws.title!r})", iter(rows)
    finally:
        book.close()


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _find_columns(where: str, header: list[object]) -> dict[str, int]:
    names = [str(h).strip() if h is not None else "" for h in header]
    lower = [n.lower().replace("_", " ") for n in names]
    found: dict[str, int] = {}
    for key, options in _NAMES.items():
        for opt in options:
            if opt.replace("_", " ") in lower:
                found[key] = lower.index(opt.replace("_", " "))
                break
    missing = [k for k in ("month", "measure", "value") if k not in found]
    if missing:
        raise ColumnError(where, missing, [n for n in names if n], _HEADER_FIX)
    return found


def _month(cell: object) -> tuple[str, bool] | None:
    """(``YYYY-MM``, whether the cell named a day), or None when it is not a date."""
    if isinstance(cell, datetime | date):
        return f"{cell.year:04d}-{cell.month:02d}", True
    if not isinstance(cell, str):
        return None
    text = cell.strip()
    for formats, day in ((_MONTH_FORMATS, False), (_DAY_FORMATS, True)):
        for fmt in formats:
            try:
                d = datetime.strptime(text, fmt)
            except ValueError:
                continue
            return f"{d.year:04d}-{d.month:02d}", day
    return None


def _value(cell: object) -> float | None:
    if isinstance(cell, bool):
        return None
    if isinstance(cell, int | float):
        v = float(cell)
    elif isinstance(cell, str) and re.fullmatch(r"-?[\d,]*\.?\d+", cell.strip().replace(" ", "")):
        v = float(cell.strip().replace(",", "").replace(" ", ""))
    else:
        return None
    return v if math.isfinite(v) else None


def _parse(where: str, rows: Iterator[Row], source: str) -> pd.DataFrame:
    header_line, header = next(((n, r) for n, r in rows if not all(map(_blank, r))), (0, []))
    if not header:
        raise FileFormatError(where, "the file is empty", _HEADER_FIX)
    cols = _find_columns(where, header)
    name = {k: str(header[i]).strip() for k, i in cols.items()}
    records = []
    for line, cells in rows:
        if all(map(_blank, cells)):
            continue
        cells = cells + [None] * (len(header) - len(cells))
        records.append((line, *_row(where, line, cells, cols, name)))
    if not records:
        raise FileFormatError(where, f"no data rows under the header (line {header_line})",
                              _HEADER_FIX)
    df = pd.DataFrame(records, columns=["line", "month", "day", "area_code", "measure", "value"])
    return _to_months(where, df, name, source)


def _row(
    where: str, line: int, cells: list[object], cols: dict[str, int], name: dict[str, str]
) -> tuple[str, bool, str | None, str, float]:
    raw = cells[cols["month"]]
    month = _month(raw)
    if month is None:
        raise ValueProblem(where, line, name["month"], raw, _MONTH_EXPECTED, _FIX_CELL)
    measure = cells[cols["measure"]]
    if _blank(measure):
        raise ValueProblem(where, line, name["measure"], measure,
                           "the name of the measure, e.g. 'MARAC referrals'", _FIX_CELL)
    raw = cells[cols["value"]]
    value = _value(raw)
    if value is None:
        raise ValueProblem(
            where, line, name["value"], raw,
            "a number (a blank is not zero: write 0 for none)", _FIX_CELL,
        )
    if value < 0:
        raise ValueProblem(
            where, line, name["value"], raw,
            "a count of 0 or more (a partner measure counts referrals, attendances, starts)",
            _FIX_CELL,
        )
    area = None
    if "area_code" in cols and not _blank(cells[cols["area_code"]]):
        area = str(cells[cols["area_code"]]).strip()
        if not _GSS.match(area):
            raise ValueProblem(
                where, line, name["area_code"], cells[cols["area_code"]],
                "an ONS area code such as E05005003 (a ward) or E07000110 (a district), or a "
                "blank cell for the whole partnership area", _FIX_CELL,
            )
    return month[0], month[1], area, str(measure).strip(), value


def _to_months(where: str, df: pd.DataFrame, name: dict[str, str], source: str) -> pd.DataFrame:
    """Sum day-level rows to months; a month repeated at month level is an error."""
    seen: dict[tuple[object, ...], int] = {}
    for line, month, day, area, measure in df[
        ["line", "month", "day", "area_code", "measure"]
    ].itertuples(index=False):
        if day:
            continue
        first = seen.setdefault((month, area, measure), int(line))
        if first != line:
            raise ValueProblem(
                where, int(line), name["month"], month,
                f"each month once per measure and area (line {first} has {measure!r} for "
                f"{month}{f' in {area}' if area else ''} already)",
                "Remove the repeated row, or add the two figures into one row.",
            )
    key = ["month", "area_code", "measure"]
    out = df.groupby(key, dropna=False, sort=True)["value"].sum().reset_index()
    out["source"] = source
    out["value"] = out["value"].astype("float64")
    out["area_code"] = out["area_code"].astype(object).where(out["area_code"].notna(), None)
    return out[list(PARTNER_COLUMNS)]


def read_partner(
    path: str | Path, *, source: str | None = None, sheet: str | None = None
) -> pd.DataFrame:
    """Read a partner CSV or XLSX into :data:`PARTNER_COLUMNS` (see the module docstring).

    ``source`` names the partner or dataset (default: the file's name); ``sheet`` picks an XLSX
    sheet (default: the first).
    """
    path = Path(path)
    if not path.is_file():
        raise FileFormatError(path, "no such file", "Give the path of a partner CSV or XLSX.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        where, rows = _xlsx_rows(path, sheet)
    elif suffix == ".xls":
        raise FileFormatError(path, "an old-style Excel .xls file",
                              "Save it as 'Excel Workbook (.xlsx)' or CSV UTF-8.")
    else:
        where, rows = str(path), _csv_rows(path)
    return _parse(where, rows, source or path.name)


class PartnerLoader(TableLoader):
    """Partner files into ``partner_measures``, keyed by source and measure."""

    what = "partner measures"
    sort = ("source", "measure", "month", "area_code")

    def __init__(self, source: str | None = None, sheet: str | None = None) -> None:
        self.source = source
        self.sheet = sheet

    def read_part(self, path: Path) -> Part:
        src = self.source or path.name
        frame = read_partner(path, source=src, sheet=self.sheet)
        measures = sorted(set(frame["measure"]))
        return Part(path, TABLE, frame, key=("source", "measure"),
                    label=f"partner measures of {src!r} ({', '.join(measures)})",
                    record={"source": src, "measures": measures})

    def keep_record(self, record: dict[str, Any], part: Part) -> bool:
        return record.get("source") != part.record["source"] or not set(
            record.get("measures", [])) <= set(part.record["measures"])

    def describe(self, part: Part, report: LoadReport) -> None:
        frame = part.frame
        areas = int(frame["area_code"].nunique())
        if areas:
            report.areas["areas"] = max(report.areas.get("areas", 0), areas)
        for month in frame["month"].unique():
            if month not in report.periods:
                report.periods.append(str(month))
        names = sorted(set(frame["measure"]))
        old = report.details.get("measures")
        report.details["measures"] = ", ".join([*([old] if old else []), *names])


def load_partner(
    store: Store,
    paths: str | Path | Sequence[str | Path],
    *,
    source: str | None = None,
    sheet: str | None = None,
) -> LoadReport:
    """Add partner files to the store's ``partner_measures`` table; all of them or none.

    Rows of the same (measure, source) as a file's are replaced, others kept. Each file's
    SHA-256 is recorded (``provenance`` view, and the table's ``parts`` metadata). A bad file
    leaves the store as it was.
    """
    files = [paths] if isinstance(paths, str | Path) else paths
    return PartnerLoader(source, sheet).load(store, files)
