"""Year-on-year comparisons of monthly counts, each decided by the comparison policy.

:func:`compare_years` compares a selected financial year with the previous year and with the
average of the three years before (:func:`cspkit.analysis.periods.comparison_periods`), per
category, from monthly counts. Every comparison goes through
:meth:`cspkit.analysis.policy.ComparisonPolicy.compare`: excluded months (missing, low, no data,
declared irregular) are not usable; only calendar months usable on both sides, and on the same
side of each declared break that affects the series, are compared (like for like); a baseline
year counts only if it passes the rule itself and was not irregular; a refused comparison says
why in ``reason`` and carries no test. Values that are not whole numbers (a partner measure
reported as a rate) are compared without a significance test, and say so.

Output columns (:data:`COMPARE_COLUMNS`, after the ``by`` columns). The words of a row:
:func:`cspkit.analysis.policy.comparison_sentence`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from cspkit.analysis._checks import as_columns, require_columns
from cspkit.analysis.irregular import Breaks, break_scope, breaks_of
from cspkit.analysis.periods import (
    Exclusions,
    comparison_periods,
    counts_by_period,
    describe_months,
    exclusions,
)
from cspkit.analysis.policy import (
    NOT_A_COUNT,
    ComparisonPolicy,
    PeriodCounts,
    period_counts,
)
from cspkit.calendar import check_month, financial_year_months, parse_financial_year
from cspkit.errors import NotLoadedError

__all__ = [
    "ALL_CRIME",
    "ASB",
    "COMPARE_COLUMNS",
    "NOT_A_COUNT",
    "PREVIOUS",
    "THREE_BEFORE",
    "IrregularYears",
    "compare_years",
    "require_year",
]

ASB = "Anti-social behaviour"
ALL_CRIME = "All crime (excluding ASB)"
PREVIOUS = "previous year"
THREE_BEFORE = "average of the three years before"

COMPARE_COLUMNS = (
    "comparison", "before_period", "after_period", "before_label", "after_label", "before",
    "after", "before_months", "after_months", "expected_after", "change", "pct_change", "z",
    "p_value", "test", "method", "dispersion", "alpha", "result", "comparable", "status",
    "reason", "baseline_years", "months_compared", "like_for_like", "baseline",
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
    policy: ComparisonPolicy | None = None,
    what: str = "data",
) -> pd.DataFrame:
    """Compare ``year`` with the previous year and with the three years before, per ``by``
    group (see the module docstring). ``what`` names the data in errors ("street crime").

    Raises :class:`~cspkit.errors.NotLoadedError` when ``year`` has no month of data.
    """
    cols = as_columns(by)
    require_columns("compare_years", monthly, ["month", value, *cols], "monthly")
    policy = policy or ComparisonPolicy()
    cp = comparison_periods(year)
    fy = counts_by_period(monthly, "financial_year", value=value, by=cols, excluded=excluded,
                          available=available)
    require_year(fy, cp.selected, what)
    skip = exclusions(excluded)
    have = set(monthly["month"]) if available is None else {check_month(m) for m in available}
    brk, scope = breaks_of(breaks), break_scope(breaks)
    irregular = irregular_years or {}
    groups = monthly.groupby(cols, sort=True, dropna=False) if cols else [((), monthly)]
    rows = []
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        series = g.groupby("month")[value].sum()
        values = series.to_numpy(dtype=float)
        whole = bool((np.abs(values - np.round(values)) < 1e-9).all())

        def period(fy_label: str, key: tuple[object, ...] = key,
                   series: pd.Series = series) -> PeriodCounts:
            months = financial_year_months(fy_label)
            unusable = {m: skip.get(m) or "no data" for m in months
                        if m in skip or m not in have}
            counted = {str(m): float(v) for m, v in series.items()}
            return period_counts(fy_label, months, counted, unusable,
                                 irregular.get((*key, fy_label), ""))

        after = period(cp.selected)
        mine = {m: d for m, d in brk.items() if _applies(scope.get(m, ()), key)}
        befores: list[tuple[str, list[PeriodCounts]]] = [
            (PREVIOUS, [period(cp.previous)]),
            (THREE_BEFORE, [period(y) for y in cp.three_before]),
        ]
        for label, years in befores:
            c = policy.compare(years[0] if label == PREVIOUS else years, after, breaks=mine,
                               counts=whole)
            rows.append({**dict(zip(cols, key, strict=True)), "comparison": label,
                         **c.as_row(), **_context(years, after, mine, label)})
    return pd.DataFrame(rows, columns=[*cols, *COMPARE_COLUMNS])


def _applies(scope: tuple[str, ...], key: tuple[object, ...]) -> bool:
    """Does a break with this scope (``()``: every series) affect the series ``key``? The
    all-crime total is affected by any break that affects a crime."""
    if not scope:
        return True
    return any(k in scope or (k == ALL_CRIME and any(s != ASB for s in scope)) for k in key)


def _context(years: list[PeriodCounts], after: PeriodCounts, brk: Mapping[str, str],
             label: str) -> dict[str, str]:
    """Months not counted, breaks between the periods and irregular years, in words."""
    first, last = years[0].months[0], after.months[-1]
    irregular = [f"{p.label} {p.irregular}" for p in sorted((*years, after),
                                                             key=lambda p: p.label)
                 if p.irregular]
    return {
        "not_counted_before": describe_months({m: r for y in years
                                               for m, r in y.unusable.items()}),
        "not_counted_after": describe_months(dict(after.unusable)),
        "across_break": "; ".join(f"{m} ({d})" for m, d in brk.items() if first < m <= last),
        "irregular": "; ".join(irregular),
    }


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
