"""English Indices of Deprivation 2019 by LSOA, and their population-weighted ward averages.

:func:`read_imd` reads IoD2019 File 1 (IMD rank and decile) or File 2 (IMD plus the seven
domains) as published by MHCLG, saved as CSV, into the tidy table

    lsoa_code, lad_code, domain, rank, decile

``domain`` is one of :data:`IMD_DOMAINS`; ``rank`` runs from 1 (most deprived LSOA in England)
to 32,844 (least). Thousands separators (``"29,199"``) are read.

:func:`deprivation_by_area` turns ranks into a *deprivation percentile* (100 = the most deprived
LSOA in England, 0 = the least: ``100 * (N - rank) / (N - 1)`` with N = 32,844) and averages it
over the LSOAs of each ward, weighted by population, through the best-fit LSOA -> ward lookup
(approximate: LSOAs do not nest in wards). The columns are ``dep_<domain>``.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from cspkit.errors import ColumnError, InputError, ValueProblem
from cspkit.geography._ons import read_csv_text

__all__ = ["IMD_DOMAINS", "IOD2019_LSOAS", "deprivation_by_area", "read_imd"]

#: Number of LSOAs ranked in the English IoD2019.
IOD2019_LSOAS = 32_844

#: Domain key -> the start of its column names in IoD2019 files.
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
_FIX = (
    "Give IoD2019 File 1 or File 2 saved as CSV (columns 'LSOA code (2011)', "
    "'Index of Multiple Deprivation (IMD) Rank (where 1 is most deprived)', ...)."
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


def _whole_numbers(path: Path, raw: pd.DataFrame, col: str, top: int) -> pd.Series:
    text = raw[col].str.strip().str.replace(",", "", regex=False)
    ok = text.str.fullmatch(r"\d+")
    num = pd.to_numeric(text.where(ok), errors="coerce")
    bad = (~ok | (num < 1) | (num > top)).to_numpy().nonzero()[0]
    if len(bad):
        i = int(bad[0])
        raise ValueProblem(
            path, i + 2, col, raw[col].iloc[i], f"a whole number from 1 to {top:,}",
            "Correct that row, or take the file again from the English Indices of Deprivation "
            "2019 release.",
        )
    return num.astype("int64")


def read_imd(path: str | Path) -> pd.DataFrame:
    """Read IoD2019 File 1 or File 2 (CSV) into ``lsoa_code, lad_code, domain, rank, decile``.

    Raises ColumnError when the LSOA code or the rank columns are missing, ValueProblem at the
    first rank or decile that is not a whole number in range.
    """
    path = Path(path)
    raw = read_csv_text(path, "an IoD2019 CSV (File 1 or File 2)", "'LSOA code (2011)', ...")
    lsoa, lad, found = _columns(path, list(raw.columns))
    parts = []
    for domain in IMD_DOMAINS:
        cols = found.get(domain, {})
        if "rank" not in cols:
            continue
        decile = (_whole_numbers(path, raw, cols["decile"], 10) if "decile" in cols
                  else pd.Series(pd.NA, index=raw.index, dtype="Int64"))
        parts.append(pd.DataFrame({
            "lsoa_code": raw[lsoa].str.strip(),
            "lad_code": raw[lad].str.strip() if lad else pd.Series(pd.NA, index=raw.index),
            "domain": domain,
            "rank": _whole_numbers(path, raw, cols["rank"], IOD2019_LSOAS),
            "decile": decile.astype("Int64"),
        }))
    return pd.concat(parts, ignore_index=True)


def deprivation_by_area(
    imd: pd.DataFrame, lookup: pd.DataFrame, population: pd.DataFrame, *, level: str = "ward"
) -> pd.DataFrame:
    """Population-weighted mean deprivation percentile of each area, one ``dep_<domain>`` column
    per domain of ``imd`` (see the module doc); indexed by area code.

    ``imd`` is :func:`read_imd`'s table; ``lookup`` maps ``lsoa_code`` to ``<level>_code`` (the
    best-fit ``lsoa_ward`` lookup); ``population`` has ``area_code`` (LSOA) and ``population``.
    LSOAs of the lookup without a rank raise InputError (a partial file would bias the mean).
    """
    key = f"{level}_code"
    lu = lookup[["lsoa_code", key]].dropna()
    ranks = imd.pivot_table(index="lsoa_code", columns="domain", values="rank", aggfunc="first")
    lacking = sorted(set(lu["lsoa_code"]) - set(ranks.index))
    if lacking:
        raise InputError(
            f"deprivation_by_area: {len(lacking)} LSOA(s) of the lookup have no IMD rank "
            f"({', '.join(lacking[:5])}{', ...' if len(lacking) > 5 else ''}); give the whole "
            "IoD2019 file for England (LSOA 2011 codes)"
        )
    pct = 100.0 * (IOD2019_LSOAS - ranks) / (IOD2019_LSOAS - 1)
    pop = population.set_index("area_code")["population"]
    rows = lu.join(pct, on="lsoa_code")
    rows["_w"] = rows["lsoa_code"].map(pop).fillna(0).astype(float)
    if (rows["_w"] <= 0).all():
        rows["_w"] = 1.0
    domains = [d for d in IMD_DOMAINS if d in pct.columns]
    weighted = rows[domains].mul(rows["_w"], axis=0)
    weighted[key] = rows[key]
    sums = weighted.groupby(key).sum()
    out = sums.div(rows.groupby(key)["_w"].sum(), axis=0)
    out.columns = [f"dep_{d}" for d in domains]
    out.index.name = "area_code"
    return out
