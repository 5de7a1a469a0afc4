"""Coverage: rows per force and month, with missing months and months far below their neighbours.

A month is **missing** when the store holds no file for it within the span of months loaded, and
**empty** when the file loaded for it had a header and no rows (data.police.uk publishing a
force-month with nothing in it, or a download that went wrong: either way not "missing").
A month is **low** when its rows per day fall below ``low_ratio`` times the median rows per day
of the months around it (up to ``window`` = 3 months either side that are present; at least two
needed). Rows per day, not per month, so that February is not flagged for being short. Kent's
2018-11 (0.80 of its neighbours) and 2018-12 (0.47) are real examples: crime records missing
from the force's submission while ASB stayed normal.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from cspkit.calendar import month_range
from cspkit.store.store import Store

__all__ = ["CoverageRules", "coverage", "coverage_matrix"]

COLUMNS = ["force", "month", "rows", "rows_per_day", "neighbour_median", "ratio", "flag"]


@dataclass(frozen=True)
class CoverageRules:
    """When a month is flagged. Defaults announced in the module docstring."""

    low_ratio: float = 0.85
    window: int = 3
    min_neighbours: int = 2


def _days(month: str) -> int:
    return calendar.monthrange(int(month[:4]), int(month[5:7]))[1]


def coverage(
    store: Store,
    *,
    table: str = "street",
    lsoa_codes: Sequence[str] | None = None,
    rules: CoverageRules | None = None,
) -> pd.DataFrame:
    """One row per force and month of the store's span, with columns :data:`COLUMNS`.

    ``flag`` is ``ok``, ``missing``, ``empty`` or ``low``. With ``lsoa_codes``, rows are
    counted only in those areas (e.g. one district) while missing and empty months still come
    from the whole files.
    """
    rules = rules or CoverageRules()
    con = store.connect()
    loaded = store.manifest().partitions.get(table, {})
    files = pd.DataFrame([key.split("|") for key in loaded], columns=["force", "month"])
    empty = {tuple(key.split("|")) for key, part in loaded.items() if part.rows == 0}
    if files.empty:
        return pd.DataFrame(columns=COLUMNS)
    where = ""
    params: list[object] = []
    if lsoa_codes is not None:
        where = "WHERE lsoa_code IN (SELECT unnest(?::VARCHAR[]))"
        params = [list(lsoa_codes)]
    counts = con.execute(
        f"SELECT force, month, count(*) AS rows FROM {table} {where} GROUP BY ALL", params
    ).df()
    span = month_range(files["month"].min(), files["month"].max())
    out = []
    present = set(zip(files["force"], files["month"], strict=True))
    for force in sorted(files["force"].unique()):
        rows = dict(zip(*counts[counts["force"] == force][["month", "rows"]].T.values, strict=True))
        out.append(_flag_force(force, span, present, rows, rules, empty))
    return pd.concat(out, ignore_index=True)[COLUMNS]


def _flag_force(
    force: str,
    span: list[str],
    present: set[tuple[str, str]],
    rows: dict[str, int],
    rules: CoverageRules,
    empty: set[tuple[str, ...]] | None = None,
) -> pd.DataFrame:
    df = pd.DataFrame({"force": force, "month": span})
    df["present"] = [(force, m) in present for m in span]
    df["empty"] = [(force, m) in (empty or set()) for m in span]
    df["rows"] = [
        int(rows.get(m, 0)) if p else pd.NA for m, p in zip(span, df["present"], strict=True)
    ]
    df["rows"] = df["rows"].astype("Int64")
    df["rows_per_day"] = df["rows"].astype("Float64") / [_days(m) for m in span]
    df.loc[df["empty"], "rows_per_day"] = pd.NA  # no measure of a month's level
    medians = []
    for i in range(len(span)):
        lo, hi = max(0, i - rules.window), min(len(span), i + rules.window + 1)
        around = df["rows_per_day"].iloc[lo:hi].drop(index=i).dropna()
        enough = len(around) >= rules.min_neighbours
        medians.append(float(around.median()) if enough else float("nan"))
    df["neighbour_median"] = pd.array(medians, dtype="Float64")
    df["ratio"] = (df["rows_per_day"] / df["neighbour_median"]).round(3)
    df["flag"] = "ok"
    df.loc[df["ratio"] < rules.low_ratio, "flag"] = "low"
    df.loc[~df["present"], "flag"] = "missing"
    df.loc[df["empty"], "flag"] = "empty"
    return df


def coverage_matrix(cov: pd.DataFrame) -> pd.DataFrame:
    """Months down, forces across: rows, or ``missing``, ``empty``, ``LOW n`` where flagged."""

    def cell(r: pd.Series) -> str:
        if r["flag"] in ("missing", "empty"):
            return str(r["flag"])
        return f"LOW {r['rows']}" if r["flag"] == "low" else str(r["rows"])

    shown = cov.assign(cell=cov.apply(cell, axis=1))
    return shown.pivot(index="month", columns="force", values="cell")
