"""English Indices of Deprivation by LSOA: read the published files and load them into the store.

:func:`read_imd` reads IoD File 1 (IMD rank and decile) or File 2 (IMD plus the seven domains)
as published by MHCLG, as CSV or as the published Excel workbook, into the tidy table
:data:`DEPRIVATION_COLUMNS`::

    lsoa_code, lad_code, edition, domain, rank, decile

``edition`` is the release (``"2019"``, ``"2025"``), read from the file's name (``IMD2019``,
``IoD2025``) or, failing that, from its LSOA column (``LSOA code (2021)``: IoD2025); give it
with ``--edition`` otherwise. ``domain`` is one of :data:`IMD_DOMAINS`; ``rank`` runs from 1 (most
deprived LSOA in England) to the number of LSOAs ranked in that edition (:data:`EDITIONS`).
Thousands separators (``"29,199"``) are read.

:func:`load_deprivation` keeps the rows in the store's ``deprivation`` table, keyed by edition
and domain (loading File 1 of 2019 after File 2 replaces the 2019 IMD rows, and keeps the
domains); :func:`deprivation_table` reads them back. The population-weighted ward averages are
:func:`cspkit.analysis.places.deprivation_by_area`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pandas as pd

from cspkit.errors import ColumnError, FileFormatError, InputError, NotLoadedError, ValueProblem
from cspkit.sources._ons import read_csv_text
from cspkit.sources.loader import LoadReport, Part, TableLoader
from cspkit.store import Store

__all__ = [
    "DEPRIVATION_COLUMNS",
    "DEPRIVATION_TABLE",
    "EDITIONS",
    "IMD_DOMAINS",
    "IOD2019_LSOAS",
    "DeprivationLoader",
    "deprivation_table",
    "load_deprivation",
    "ranked_lsoas",
    "read_imd",
]

#: The store's table of deprivation ranks.
DEPRIVATION_TABLE = "deprivation"

#: Columns of :func:`read_imd`'s table and of the store's ``deprivation``.
DEPRIVATION_COLUMNS = ("lsoa_code", "lad_code", "edition", "domain", "rank", "decile")

#: Edition -> (LSOAs ranked in England, the LSOA vintage it ranks).
EDITIONS: dict[str, tuple[int, str]] = {
    "2015": (32_844, "2011"),
    "2019": (32_844, "2011"),
    "2025": (33_755, "2021"),
}

#: Number of LSOAs ranked in the English IoD2019.
IOD2019_LSOAS = EDITIONS["2019"][0]

#: Domain key -> the start of its column names in IoD files.
IMD_DOMAINS: dict[str, str] = {
    "imd": "Index of Multiple Deprivation (IMD)",
    "income": "Income",
    "employment": "Employment",
    "education": "Education, Skills and Training",
    "health": "Health Deprivation and Disability",
    "crime": "Crime",
    "housing": "Barriers to Housing and Services",
    "living_environment": "Living Environment",
}

_MEASURE = re.compile(r"^(?P<domain>.+?) (?P<what>Rank|Decile)\b", re.IGNORECASE)
_NAME_EDITION = re.compile(r"(?:IMD|IoD)[ _-]?(\d{4})", re.IGNORECASE)
_LSOA_YEAR = re.compile(r"\((\d{4})\)")
_FIX = (
    "Give File 1 or File 2 of the English Indices of Deprivation as published (Excel) or saved "
    "as CSV (columns 'LSOA code (2011)' or 'LSOA code (2021)', 'Index of Multiple Deprivation "
    "(IMD) Rank (where 1 is most deprived)', ...)."
)


def _columns(path: Path, columns: list[str]) -> tuple[str, str | None, dict[str, dict[str, str]]]:
    """(LSOA code column, district code column or None, domain -> {"rank": col, "decile": col})."""
    lsoa = next((c for c in columns if c.lower().startswith("lsoa code")), None)
    lad = next((c for c in columns if c.lower().startswith("local authority district code")),
               None)
    by_prefix = {v.lower(): k for k, v in IMD_DOMAINS.items()}
    found: dict[str, dict[str, str]] = {}
    for col in columns:
        m = _MEASURE.match(col)
        if m and m["domain"].lower() in by_prefix:
            found.setdefault(by_prefix[m["domain"].lower()], {})[m["what"].lower()] = col
    missing = [] if lsoa else ["LSOA code (2011)"]
    if not any("rank" in v for v in found.values()):
        missing.append("Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)")
    if missing:
        raise ColumnError(path, missing, columns, _FIX)
    assert lsoa is not None
    return lsoa, lad, found


def _edition(path: Path, lsoa_column: str, edition: str | int | None) -> str:
    known = ", ".join(EDITIONS)
    if edition is not None:
        text = str(edition).strip()
        if text not in EDITIONS:
            raise InputError(
                f"edition {text!r} is not one cspkit knows; give one of {known} (--edition)"
            )
        return text
    m = _NAME_EDITION.search(path.name)
    if m and m.group(1) in EDITIONS:
        return m.group(1)
    year = _LSOA_YEAR.search(lsoa_column)
    if year and year.group(1) == "2021":
        return "2025"
    raise FileFormatError(
        path,
        f"cannot tell which edition of the Indices of Deprivation this is (its name has no "
        f"IMD2019 or IoD2025, and its column {lsoa_column!r} ranks LSOAs of more than one edition)",
        f"Give the edition, e.g. --edition 2019 (known: {known}).",
    )


def _whole_numbers(path: str, raw: pd.DataFrame, col: str, top: int, edition: str) -> pd.Series:
    text = raw[col].str.strip().str.replace(",", "", regex=False)
    ok = text.str.fullmatch(r"\d+")
    num = pd.to_numeric(text.where(ok), errors="coerce")
    bad = (~ok | (num < 1) | (num > top)).to_numpy().nonzero()[0]
    if len(bad):
        i = int(bad[0])
        raise ValueProblem(
            path, i + 2, col, raw[col].iloc[i], f"a whole number from 1 to {top:,}",
            "Correct that row, or take the file again from the English Indices of Deprivation "
            f"{edition} release.",
        )
    return num.astype("int64")


def _read_xlsx(path: Path) -> tuple[str, pd.DataFrame]:
    """(where, text table) from the sheet of a published workbook that has the LSOA codes."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True, keep_links=False)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not an xlsx
        raise FileFormatError(
            path, f"not a readable Excel .xlsx workbook ({type(exc).__name__})", _FIX
        ) from None
    try:
        for ws in book.worksheets:
            rows = ws.iter_rows(values_only=True)
            header = [str(c).strip() if c is not None else "" for c in next(rows, ())]
            if any(h.lower().startswith("lsoa code") for h in header):
                data = [["" if c is None else str(c) for c in r[: len(header)]] for r in rows]
                return f"{path} (sheet {ws.title!r})", pd.DataFrame(data, columns=header)
    finally:
        book.close()
    raise FileFormatError(path, "no sheet of the workbook has an 'LSOA code' column", _FIX)


def read_imd(path: str | Path, *, edition: str | int | None = None) -> pd.DataFrame:
    """Read File 1 or File 2 (CSV or XLSX) into :data:`DEPRIVATION_COLUMNS` (module doc).

    Raises ColumnError when the LSOA code or the rank columns are missing, ValueProblem at the
    first rank or decile that is not a whole number in range.
    """
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        where, raw = _read_xlsx(path)
    else:
        where = str(path)
        raw = read_csv_text(path, "an Indices of Deprivation CSV (File 1 or File 2)",
                            "'LSOA code (2011)', ...")
    lsoa, lad, found = _columns(path, list(raw.columns))
    ed = _edition(path, lsoa, edition)
    top = EDITIONS[ed][0]
    parts = []
    for domain in IMD_DOMAINS:
        cols = found.get(domain, {})
        if "rank" not in cols:
            continue
        decile = (_whole_numbers(where, raw, cols["decile"], 10, ed) if "decile" in cols
                  else pd.Series(pd.NA, index=raw.index, dtype="Int64"))
        parts.append(pd.DataFrame({
            "lsoa_code": raw[lsoa].str.strip(),
            "lad_code": raw[lad].str.strip() if lad else pd.Series(pd.NA, index=raw.index),
            "edition": ed,
            "domain": domain,
            "rank": _whole_numbers(where, raw, cols["rank"], top, ed),
            "decile": decile.astype("Int64"),
        }))
    return pd.concat(parts, ignore_index=True)[list(DEPRIVATION_COLUMNS)]


def ranked_lsoas(imd: pd.DataFrame) -> int:
    """The number of LSOAs ranked in ``imd``'s edition (one edition only)."""
    if "edition" not in imd.columns:
        return IOD2019_LSOAS
    editions = sorted({str(e) for e in imd["edition"].unique()})
    if len(editions) != 1:
        raise InputError(
            f"the deprivation table holds editions {', '.join(editions)}; ranks of different "
            "editions cannot be averaged together: keep one (e.g. imd[imd.edition == '2019'])"
        )
    return EDITIONS[editions[0]][0]


class DeprivationLoader(TableLoader):
    """Indices of Deprivation files into ``deprivation``, keyed by edition and domain."""

    what = "Indices of Deprivation"
    sort = ("edition", "domain", "lsoa_code")

    def __init__(self, edition: str | int | None = None) -> None:
        self.edition = edition

    def read_part(self, path: Path) -> Part:
        frame = read_imd(path, edition=self.edition)
        ed = str(frame["edition"].iloc[0])
        domains = list(dict.fromkeys(frame["domain"]))
        return Part(path, DEPRIVATION_TABLE, frame, key=("edition", "domain"),
                    label=f"deprivation {ed} ({', '.join(domains)})",
                    record={"edition": ed, "domains": domains})

    def check(self, store: Store, parts: list[Part], report: LoadReport) -> None:
        if "lsoa_ward" not in store.table_names():
            return
        lookup = store.read_table("lsoa_ward").to_pandas()
        for part in parts:
            ed = str(part.frame["edition"].iloc[0])
            vintage = EDITIONS[ed][1]
            have = sorted(set(lookup["lsoa_vintage"].dropna().astype(str)))
            if vintage not in have:
                report.warnings.append(
                    f"the Indices of Deprivation {ed} rank LSOAs of {vintage}, and the store's "
                    f"LSOA lookup is of {', '.join(have)}: ward and district averages need a "
                    f"lookup of LSOA {vintage} (`cspkit load geography lookup FILE`)"
                )

    def describe(self, part: Part, report: LoadReport) -> None:
        report.areas["LSOAs"] = max(report.areas.get("LSOAs", 0),
                                    int(part.frame["lsoa_code"].nunique()))
        ed = f"IoD{part.frame['edition'].iloc[0]}"
        if ed not in report.periods:
            report.periods.append(ed)
        domains = sorted(set(part.frame["domain"]))
        report.details["domains"] = ", ".join(
            sorted(set(report.details.get("domains", "").split(", ")) - {""} | set(domains)))

    def keep_record(self, record: dict[str, Any], part: Part) -> bool:
        return record.get("edition") != part.record["edition"] or not set(
            record.get("domains", [])) <= set(part.record["domains"])


def load_deprivation(
    store: Store, paths: str | Path | Sequence[str | Path], *, edition: str | int | None = None
) -> LoadReport:
    """Load Indices of Deprivation files into the store's ``deprivation`` table; all or none."""
    files = [paths] if isinstance(paths, str | Path) else paths
    return DeprivationLoader(edition).load(store, files)


def deprivation_table(store: Store, edition: str | int | None = None) -> pd.DataFrame:
    """The stored ranks of one edition (the latest loaded unless ``edition`` is given)."""
    if DEPRIVATION_TABLE not in store.table_names():
        raise NotLoadedError(
            f"the store at {store.root} has no deprivation ranks; load File 1 or File 2 of the "
            "English Indices of Deprivation with `cspkit load deprivation FILE`"
        )
    table = store.read_table(DEPRIVATION_TABLE).to_pandas()
    have = sorted(set(table["edition"]))
    want = str(edition) if edition is not None else have[-1]
    if want not in have:
        raise NotLoadedError(
            f"the store has no Indices of Deprivation {want} (editions loaded: "
            f"{', '.join(have)}); load it with `cspkit load deprivation FILE`"
        )
    return cast("pd.DataFrame", table[table["edition"] == want].reset_index(drop=True))
