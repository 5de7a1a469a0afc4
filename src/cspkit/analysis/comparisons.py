"""Year-on-year comparisons of monthly counts, each with its significance test and caveats.

:func:`compare_years` compares a selected financial year with the previous year and with the
average of the three years before (:func:`cspkit.analysis.periods.comparison_periods`), per
category, from monthly counts. Excluded months are left out of both sides and the comparison is
then made on rates per month (:mod:`cspkit.analysis.significance`). A comparison is flagged in
``note`` when the periods straddle a declared break (not like for like) or when one of its
years was irregular (e.g. the pandemic year). Values that are not whole numbers (a partner
measure reported as a rate) are compared without a significance test, and say so.

Output columns (:data:`COMPARE_COLUMNS`, after the ``by`` columns): comparison, before_period,
after_period, then :data:`cspkit.analysis.significance.COMPARISON_COLUMNS`, then
not_counted_before, not_counted_after, across_break, irregular, note.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from cspkit.analysis._checks import as_columns, require_columns
from cspkit.analysis.irregular import Breaks, breaks_of
from cspkit.analysis.periods import (
    ComparisonPeriods,
    Exclusions,
    comparison_periods,
    counts_by_period,
)
from cspkit.analysis.significance import (
    COMPARISON_COLUMNS,
    SignificanceRules,
    compare_counts,
)
from cspkit.calendar import financial_year_months, parse_financial_year
from cspkit.errors import NotLoadedError

__all__ = [
    "COMPARE_COLUMNS",
    "NOT_A_COUNT",
    "PREVIOUS",
    "THREE_BEFORE",
    "IrregularYears",
    "compare_years",
    "require_year",
]

PREVIOUS = "previous year"
THREE_BEFORE = "average of the three years before"
NOT_A_COUNT = "not a count: no significance test"

COMPARE_COLUMNS = (
    "comparison", "before_period", "after_period", *COMPARISON_COLUMNS,
    "not_counted_before", "not_counted_after", "across_break", "irregular", "note",
)

#: Irregular years per series: ``{(category, "2020/21"): "irregular low"}`` (the key is the
#: tuple of ``by`` values then the year; ``("2020/21",)`` alone when there are no ``by``).
IrregularYears = Mapping[tuple[object, ...], str]


def compare_years(
    monthly: pd.DataFrame,
    year: str | int,
    *,
    value: str = "count",
    by: str | Sequence[str] | None = None,
    excluded: Exclusions = None,
    available: Iterable[str] | None = None,
    breaks: Breaks = None,
    irregular_years: IrregularYears | None = None,
    rules: SignificanceRules | None = None,
    what: str = "data",
) -> pd.DataFrame:
    """Compare ``year`` with the previous year and with the three years before, per ``by``
    group (see the module docstring). ``what`` names the data in errors ("street crime").

    Raises :class:`~cspkit.errors.NotLoadedError` when ``year`` has no month of data.
    """
    cols = as_columns(by)
    require_columns("compare_years", monthly, ["month", value, *cols], "monthly")
    cp = comparison_periods(year)
    fy = counts_by_period(monthly, "financial_year", value=value, by=cols, excluded=excluded,
                          available=available)
    require_year(fy, cp.selected, what)
    after = fy[fy["period"] == cp.selected]
    parts = []
    for label, years in ((PREVIOUS, (cp.previous,)), (THREE_BEFORE, cp.three_before)):
        before = _sum_years(fy, years, cols, value)
        parts.append(_compare(before, after, cols, value, label, years, cp, rules))
    out = pd.concat(parts, ignore_index=True)
    brk = breaks_of(breaks)
    out["across_break"] = [_across(brk, b, cp.selected) for b in out["before_period"]]
    out["irregular"] = _irregular(out, cols, cp, irregular_years or {})
    out["note"] = [_note(r) for r in out.to_dict("records")]
    return out[[*cols, *COMPARE_COLUMNS]]


def _sum_years(fy: pd.DataFrame, years: Sequence[str], cols: list[str], value: str
               ) -> pd.DataFrame:
    """One row per group: the value and months counted over ``years``, and what was not."""
    key = cols or ["_k"]
    fy = fy.assign(_k=0)
    rows = fy[fy["period"].isin(years)]
    summed = rows.groupby(key, dropna=False).agg(
        **{value: (value, "sum"), "months_counted": ("months_counted", "sum"),
           "not_counted": ("not_counted", _join_texts)}
    ).reset_index()
    out = fy[key].drop_duplicates().merge(summed, on=key, how="left")
    out[[value, "months_counted"]] = out[[value, "months_counted"]].fillna(0)
    absent = "; ".join(f"{y} no data" for y in years if y not in set(rows["period"]))
    out["not_counted"] = [
        "; ".join(t for t in (str(n) if isinstance(n, str) else "", absent) if t)
        for n in out["not_counted"]
    ]
    return out


def _join_texts(texts: pd.Series) -> str:
    return "; ".join(t for t in texts if t)


def _compare(
    before: pd.DataFrame, after: pd.DataFrame, cols: list[str], value: str, label: str,
    years: Sequence[str], cp: ComparisonPeriods, rules: SignificanceRules | None,
) -> pd.DataFrame:
    key = cols or ["_k"]
    a = after.assign(_k=0).rename(columns={value: "_after", "months_counted": "_ta",
                                           "not_counted": "not_counted_after"})
    b = before.rename(columns={value: "_before", "months_counted": "_tb",
                               "not_counted": "not_counted_before"})
    m = a.merge(b, on=key, how="left").reset_index(drop=True)
    bv, av = m["_before"].to_numpy(float), m["_after"].to_numpy(float)
    whole = (np.abs(bv - np.round(bv)) < 1e-9) & (np.abs(av - np.round(av)) < 1e-9)
    res = compare_counts(np.round(np.maximum(bv, 0)), np.round(np.maximum(av, 0)),
                         before_months=m["_tb"].to_numpy(float),
                         after_months=m["_ta"].to_numpy(float), rules=rules)
    if not whole.all():  # partner measures may be rates: recompute from the raw values
        tb, ta = m["_tb"].to_numpy(float), m["_ta"].to_numpy(float)
        with np.errstate(divide="ignore", invalid="ignore"):
            expected = np.where(tb > 0, bv * ta / tb, np.nan)
            res["pct_change"] = np.where(expected > 0, 100 * (av - expected) / expected, np.nan)
        res["before"], res["after"] = bv, av
        res["expected_after"], res["change"] = expected, av - expected
    res.loc[~whole, ["z", "p_value"]] = np.nan
    res.loc[~whole, "result"] = NOT_A_COUNT
    out = pd.concat([m[[*cols, "not_counted_before", "not_counted_after"]], res], axis=1)
    out.insert(len(cols), "comparison", label)
    out.insert(len(cols) + 1, "before_period", years[0] if len(years) == 1
               else f"{years[0]} to {years[-1]}")
    out.insert(len(cols) + 2, "after_period", cp.selected)
    return out


def _across(brk: dict[str, str], before_period: str, selected: str) -> str:
    first = financial_year_months(before_period[:7])[0]
    last = financial_year_months(selected)[-1]
    return "; ".join(f"{m} ({d})" for m, d in brk.items() if first < m <= last)


def _irregular(out: pd.DataFrame, cols: list[str], cp: ComparisonPeriods,
               irregular_years: IrregularYears) -> list[str]:
    texts = []
    for row in out.to_dict("records"):
        years = (cp.selected, cp.previous) if row["comparison"] == PREVIOUS else (
            cp.selected, *cp.three_before)
        key = tuple(row[c] for c in cols)
        flagged = [f"{y} {irregular_years[(*key, y)]}" for y in sorted(set(years))
                   if (*key, y) in irregular_years]
        texts.append("; ".join(flagged))
    return texts


def _note(row: dict[Any, Any]) -> str:
    notes = []
    if row["across_break"]:
        notes.append(f"not like for like: the periods straddle {row['across_break']}")
    if row["irregular"]:
        notes.append(f"irregular year in the comparison ({row['irregular']}): treat with care")
    full_before = 12 if row["comparison"] == PREVIOUS else 36
    if 0 < row["before_months"] < full_before or 0 < row["after_months"] < 12:
        notes.append(
            f"incomplete: {row['before_months']:g} of {full_before} months before and "
            f"{row['after_months']:g} of 12 after (months missing, low or not loaded are left "
            "out; the seasons counted differ, so the comparison is approximate)"
        )
    elif row["basis"] != "counts" and row["result"] != NOT_A_COUNT:
        notes.append(f"compared as {row['basis']}")
    return "; ".join(notes)


def require_year(by_year: pd.DataFrame, year: str | int, what: str = "data") -> None:
    """Raise :class:`NotLoadedError` unless the financial-year table (from
    :func:`~cspkit.analysis.periods.counts_by_period`) counts a month of ``year``."""
    fy = parse_financial_year(year)
    rows = by_year[by_year["period"] == fy]
    if not rows.empty and int(rows["months_counted"].max()) > 0:
        return
    have = sorted(by_year.loc[by_year["months_counted"] > 0, "period"].unique())
    start = int(fy[:4])
    raise NotLoadedError(
        f"no {what} for {fy} (April {start} to March {start + 1}): the data has months in "
        f"{', '.join(have) if have else 'no financial year'}; load the months of {fy} or "
        "choose another year"
    )
