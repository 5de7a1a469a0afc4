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
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cspkit.calendar import month_range
from cspkit.store.manifest import Partition
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
    from the whole files. Answered from the manifest (rows per partition) and, for
    ``lsoa_codes``, the LSOA index (:mod:`cspkit.store.index`): no police row is read.
    """
    rules = rules or CoverageRules()
    loaded = store.partitions(table)
    if not loaded:
        return pd.DataFrame(columns=COLUMNS)
    keys = [key.split("|") for key in loaded]
    if lsoa_codes is None:
        rows = {key: part.rows for key, part in loaded.items()}
    else:
        counts = store.partition_counts(table, lsoa_codes=lsoa_codes)
        rows = {f"{f}|{m}": int(n) for f, m, n in
                counts[["force", "month", "rows"]].itertuples(index=False)}
    forces = sorted({f for f, _ in keys})
    span = month_range(min(m for _, m in keys), max(m for _, m in keys))
    return _flag(forces, span, loaded, rows, rules)


def _flag(
    forces: list[str],
    span: list[str],
    loaded: dict[str, Partition],
    rows: dict[str, int],
    rules: CoverageRules,
) -> pd.DataFrame:
    """The flags of every force-month at once (forces x months arrays)."""
    grid = [f"{f}|{m}" for f in forces for m in span]
    present = np.array([k in loaded for k in grid]).reshape(len(forces), len(span))
    empty = np.array([k in loaded and loaded[k].rows == 0 for k in grid]).reshape(present.shape)
    count = np.array([rows.get(k, 0) for k in grid], dtype=float).reshape(present.shape)
    days = np.array([_days(m) for m in span], dtype=float)
    per_day = np.where(present & ~empty, count / days, np.nan)
    w = rules.window
    padded = np.pad(per_day, ((0, 0), (w, w)), constant_values=np.nan)
    around = np.stack([padded[:, w + d: w + d + len(span)] for d in range(-w, w + 1) if d])
    enough = (~np.isnan(around)).sum(axis=0) >= rules.min_neighbours
    with warnings.catch_warnings(), np.errstate(invalid="ignore", divide="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)  # all-NaN windows: no median
        median = np.where(enough, np.nanmedian(around, axis=0), np.nan)
        ratio = np.round(per_day / median, 3)
    flag = np.where(ratio < rules.low_ratio, "low", "ok")
    flag = np.where(~present, "missing", np.where(empty, "empty", flag))
    return pd.DataFrame({
        "force": np.repeat(forces, len(span)),
        "month": np.tile(span, len(forces)),
        "rows": pd.array(np.where(present, count, np.nan).ravel(), dtype="Float64").astype("Int64"),
        "rows_per_day": pd.array(per_day.ravel(), dtype="Float64"),
        "neighbour_median": pd.array(median.ravel(), dtype="Float64"),
        "ratio": pd.array(ratio.ravel(), dtype="Float64"),
        "flag": flag.ravel(),
    })[COLUMNS]


def coverage_matrix(cov: pd.DataFrame) -> pd.DataFrame:
    """Months down, forces across: rows, or ``missing``, ``empty``, ``LOW n`` where flagged."""

    def cell(r: pd.Series) -> str:
        if r["flag"] in ("missing", "empty"):
            return str(r["flag"])
        return f"LOW {r['rows']}" if r["flag"] == "low" else str(r["rows"])

    shown = cov.assign(cell=cov.apply(cell, axis=1))
    return shown.pivot(index="month", columns="force", values="cell")
