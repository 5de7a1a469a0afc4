"""Which months of police data are loaded for an area, with the gaps said in words.

    summary = area_coverage(store, ["E07000110"])
    summary.sentences()   # ["kent: 60 months loaded, April 2019 to March 2024.", "Missing: ..."]

Rows are counted in the districts' LSOAs (of every LSOA vintage loaded) when an LSOA lookup
lists them, in the whole files otherwise; missing, empty and low months follow
:mod:`cspkit.store.coverage` (a month is low under 85% of the rows per day of its neighbours).
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cspkit.calendar import month_index
from cspkit.errors import CspkitError
from cspkit.geography.lookups import areas_of_district
from cspkit.store import Store
from cspkit.store.coverage import coverage

__all__ = ["AreaCoverage", "ForceCoverage", "area_coverage", "month_name", "month_runs"]


def month_name(month: str) -> str:
    """``2021-04`` as ``April 2021``."""
    return f"{calendar.month_name[int(month[5:7])]} {month[:4]}"


def month_runs(months: Sequence[str]) -> list[str]:
    """Months as runs in words: ``April 2021``, ``June 2021 to August 2021 (3 months)``."""
    runs: list[list[str]] = []
    for month in sorted(months):
        if runs and month_index(month) == month_index(runs[-1][-1]) + 1:
            runs[-1].append(month)
        else:
            runs.append([month])
    return [month_name(r[0]) if len(r) == 1
            else f"{month_name(r[0])} to {month_name(r[-1])} ({len(r)} months)" for r in runs]


@dataclass
class ForceCoverage:
    """One force's months: the table (month, rows, flag) and what is missing, empty or low."""

    force: str
    table: pd.DataFrame
    missing: list[str] = field(default_factory=list)
    empty: list[str] = field(default_factory=list)
    low: list[tuple[str, float]] = field(default_factory=list)

    @property
    def loaded(self) -> list[str]:
        return sorted(self.table.loc[self.table["flag"] != "missing", "month"])

    def sentences(self) -> list[str]:
        months = self.loaded
        if not months:
            out = [f"{self.force}: no months loaded."]
        elif len(months) == 1:
            out = [f"{self.force}: 1 month loaded, {month_name(months[0])}."]
        else:
            out = [f"{self.force}: {len(months)} months loaded, {month_name(months[0])} to "
                   f"{month_name(months[-1])}."]
        if self.missing:
            out.append(f"Missing (no file loaded): {'; '.join(month_runs(self.missing))}.")
        if self.empty:
            out.append(f"Empty (a file with no rows): {'; '.join(month_runs(self.empty))}.")
        for month, ratio in self.low:
            out.append(f"Low: {month_name(month)} has {ratio:.0%} of the crimes per day of the "
                       "months around it; check it before comparing it.")
        if not (self.missing or self.empty or self.low):
            out.append("No gaps and no low months.")
        return out

    def years(self) -> list[tuple[str, list[dict[str, object]]]]:
        """Calendar years, each with its 12 months: ``month``, ``rows``, ``flag``."""
        rows: dict[str, Any] = dict(zip(self.table["month"], self.table["rows"], strict=True))
        flags = dict(zip(self.table["month"], self.table["flag"], strict=True))
        years = sorted({str(m)[:4] for m in self.table["month"]})
        out: list[tuple[str, list[dict[str, object]]]] = []
        for year in years:
            row: list[dict[str, object]] = []
            for i in range(1, 13):
                month = f"{year}-{i:02d}"
                n = rows.get(month)
                row.append({"month": month, "label": calendar.month_abbr[i],
                            "rows": None if n is None or pd.isna(n) else int(n),
                            "flag": str(flags.get(month, "outside"))})
            out.append((year, row))
        return out


@dataclass
class AreaCoverage:
    """The coverage of the districts' police data, force by force."""

    districts: list[str]
    counted_in: str
    """Where rows were counted: the districts' LSOAs, or the whole files."""
    forces: list[ForceCoverage]

    def sentences(self) -> list[str]:
        if not self.forces:
            return ["No police data is loaded yet: upload files or fetch months from "
                    "data.police.uk (`cspkit load police FILES`, `cspkit fetch police`)."]
        return [s for f in self.forces for s in f.sentences()]


def area_coverage(store: Store, district_codes: Sequence[str], *,
                  table: str = "street") -> AreaCoverage:
    """The coverage of police ``table`` for the districts (rows counted in their LSOAs when an
    LSOA lookup lists them; in the whole files otherwise)."""
    lsoas: list[str] | None = []
    for code in district_codes:
        try:
            lsoas += areas_of_district(store, code).lsoa_codes  # type: ignore[operator]
        except CspkitError:  # no lookup loaded, or the district is not in it
            lsoas = None
            break
    counted = "the districts' LSOAs" if lsoas else "the whole files (no LSOA lookup lists them)"
    cov = coverage(store, table=table, lsoa_codes=lsoas or None) if store.root.exists() else None
    forces = []
    if cov is not None and not cov.empty:
        for force, rows in cov.groupby("force", sort=True):
            t = rows[["month", "rows", "flag", "ratio"]].reset_index(drop=True)
            forces.append(ForceCoverage(
                str(force), t,
                missing=list(t.loc[t["flag"] == "missing", "month"]),
                empty=list(t.loc[t["flag"] == "empty", "month"]),
                low=[(m, float(r)) for m, r in t.loc[t["flag"] == "low", ["month", "ratio"]]
                     .itertuples(index=False)],
            ))
    return AreaCoverage(list(district_codes), counted, forces)
