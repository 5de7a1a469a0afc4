"""Population by small area: read LSOA population files and load them into the store.

:func:`read_population` reads an LSOA population file into the tidy form

    area_code, year, population, source

Recognised files (the first column may carry a UTF-8 byte-order mark):

- mySociety's compilation of mid-year estimates: columns ``lsoa``, ``pop`` (``"1,954"``); the
  year is read from the file name (``..._mid2019_...``) unless given; source ``"mysociety"``.
- IoD2019 File 6, population denominators: ``LSOA code (2011)``, ..., ``Total population: mid
  2015 (excluding prisoners)``; the year from that column's name; source ``"iod2019_file6"``.
- Any CSV with an LSOA code column (``lsoa``, ``lsoa_code``, ``area_code``, ``LSOA11CD``, ...)
  and a population column (``pop``, ``population``); give the year (``--year``) when the name
  has none.

"Total" rows (``Grand Total``) are skipped and counted in the load report.
:func:`load_population` adds files to the store's ``population`` table, replacing only the rows
of the same year and source; :func:`cspkit.geography.population_by` sums them to areas.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from cspkit.errors import ColumnError, FileFormatError, GeographyError, ValueProblem
from cspkit.geography.population import POPULATION_TABLE
from cspkit.sources._ons import ons_columns, read_csv_text
from cspkit.sources.loader import LoadReport, Part, Skipped, TableLoader
from cspkit.store import Store

__all__ = ["PopulationLoader", "load_population", "read_population"]

_CODE_NAMES = ("lsoa", "lsoa_code", "area_code", "code", "lsoa code")
_POP_NAMES = ("pop", "population", "all ages", "all_ages")
_AREA_CODE = re.compile(r"^[A-Z0-9]+$")
_MID_YEAR = re.compile(r"mid[-_ ]?(\d{4})", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_FIX = (
    "A population file needs an LSOA code column (lsoa, lsoa_code, LSOA11CD or "
    "'LSOA code (2011)') and a population column (pop, population or "
    "'Total population: mid YYYY ...')."
)


def _find_columns(path: Path, columns: list[str]) -> tuple[str, str, str]:
    """(code column, population column, default source)."""
    lower = {c.lower().strip(): c for c in columns}
    code = next((lower[n] for n in _CODE_NAMES if n in lower), None)
    if code is None:
        code = next((c for c in columns if c.lower().startswith("lsoa code")), None)
    if code is None:
        ons = [c.column for c in ons_columns(columns) if c.level == "lsoa" and c.part == "CD"]
        code = ons[0] if ons else None
    pop = next((lower[n] for n in _POP_NAMES if n in lower), None)
    source = "mysociety" if {"lsoa", "pop"} <= set(lower) else "file"
    if pop is None:
        pop = next((c for c in columns if c.lower().startswith("total population")), None)
        if pop is not None:
            source = "iod2019_file6" if "excluding prisoners" in pop.lower() else "file"
    missing = [n for n, c in (("lsoa", code), ("pop", pop)) if c is None]
    if missing:
        raise ColumnError(path, missing, columns, _FIX)
    assert code is not None and pop is not None
    return code, pop, source


def _year(path: Path, pop_col: str, year: int | None) -> int:
    if year is not None:
        if not 1900 <= int(year) <= 2100:
            raise GeographyError(f"{year!r} is not a year; give the mid-year, e.g. --year 2019")
        return int(year)
    for text in (pop_col, path.stem):
        m = _MID_YEAR.search(text) or _ANY_YEAR.search(text)
        if m:
            return int(m.group(1))
    raise FileFormatError(
        path,
        f"cannot tell the year of these population estimates (neither the file name nor the "
        f"column {pop_col!r} names one)",
        "Give the mid-year of the estimates, e.g. --year 2019.",
    )


def read_population(
    path: str | Path, year: int | None = None, source: str | None = None
) -> pd.DataFrame:
    """Read an LSOA population file into ``area_code, year, population, source`` (module doc)."""
    path = Path(path)
    raw = read_csv_text(path, "an LSOA population CSV", "columns lsoa, pop")
    code_col, pop_col, default_source = _find_columns(path, list(raw.columns))
    yr = _year(path, pop_col, year)
    codes = raw[code_col].str.strip()
    keep = ~codes.str.contains("total", case=False)
    bad_code = (keep & ~codes.str.fullmatch(_AREA_CODE.pattern)).to_numpy().nonzero()[0]
    if len(bad_code):
        i = int(bad_code[0])
        raise ValueProblem(
            path, i + 2, code_col, codes.iloc[i],
            "an area code (e.g. E01024320)", "Correct or remove that row.",
        )
    text = raw[pop_col].str.strip().str.replace(",", "", regex=False)
    bad = (keep & ~text.str.fullmatch(r"\d+")).to_numpy().nonzero()[0]
    if len(bad):
        i = int(bad[0])
        raise ValueProblem(
            path, i + 2, pop_col, raw[pop_col].iloc[i],
            'a whole number of people (e.g. 1954 or "1,954")', "Correct or remove that row.",
        )
    out = pd.DataFrame(
        {
            "area_code": codes[keep].to_numpy(),
            "year": yr,
            "population": text[keep].astype("int64").to_numpy(),
            "source": source or default_source,
        }
    )
    dup = out["area_code"].duplicated().to_numpy().nonzero()[0]
    if len(dup):
        i = int(keep.to_numpy().nonzero()[0][dup[0]])
        raise ValueProblem(
            path, i + 2, code_col, codes.iloc[i],
            "each area once", "Remove the repeated row.",
        )
    out["year"] = out["year"].astype("int64")
    out.attrs["total_rows"] = int((~keep).sum())
    return out


class PopulationLoader(TableLoader):
    """LSOA population files into ``population``, keyed by year and source."""

    what = "population estimates"
    sort = ("year", "source", "area_code")

    def __init__(self, year: int | None = None, source: str | None = None) -> None:
        self.year = year
        self.source = source

    def read_part(self, path: Path) -> Part:
        frame = read_population(path, year=self.year, source=self.source)
        yr, src = int(frame["year"].iloc[0]), str(frame["source"].iloc[0])
        totals = int(frame.attrs.get("total_rows", 0))
        skipped = [Skipped(totals, "rows", "totals, not areas", str(path))] if totals else []
        return Part(path, POPULATION_TABLE, frame, key=("year", "source"),
                    label=f"population {yr} {src!r}", record={"year": yr, "source": src},
                    skipped=skipped)

    def check(self, store: Store, parts: list[Part], report: LoadReport) -> None:
        if "lsoa_ward" not in store.table_names():
            return
        known = set(store.read_table("lsoa_ward").column("lsoa_code").to_pylist())
        for part in parts:
            codes = part.frame["area_code"]
            out = codes[~codes.isin(known)]
            if len(out):
                report.warnings.append(
                    f"{len(out):,} of the {len(codes):,} areas of {part.path.name} are in no "
                    f"loaded LSOA lookup (e.g. {', '.join(out.head(3))}); they are kept, and "
                    "left out of ward and district sums"
                )

    def describe(self, part: Part, report: LoadReport) -> None:
        report.areas["areas"] = max(report.areas.get("areas", 0), len(part.frame))
        year = str(part.frame["year"].iloc[0])
        if year not in report.periods:
            report.periods.append(year)


def load_population(
    store: Store,
    paths: str | Path | Sequence[str | Path],
    year: int | None = None,
    source: str | None = None,
) -> LoadReport:
    """Add population files to the store's ``population`` table; all of them or none.

    Rows are keyed by area_code, year and source: loading a second year or source adds to the
    table; loading the same year and source again replaces those rows (and only those).
    """
    files = [paths] if isinstance(paths, str | Path) else paths
    return PopulationLoader(year, source).load(store, files)
