"""Periods: rolling twelve months, comparison periods and counts by period.

Months, financial quarters and financial years are read and written by :mod:`cspkit.calendar`
(``"2021-05"``, ``"2021/22 Q1"``, ``"2021/22"``: April 2021 to March 2022).

A strategic assessment compares the **selected year** with the **previous year** and with the
**average of the three years before** it (:func:`comparison_periods`).

:func:`counts_by_period` sums monthly counts to periods, leaving out excluded months (a month
missing from the police data, or far below its neighbours, is not a month of zero crime) and
saying, per period, which months were not counted and why.

>>> period_of("2021-05", "quarter"), period_of("2022-03", "financial_year")
('2021/22 Q1', '2021/22')
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from cspkit.analysis._checks import as_columns, require_columns
from cspkit.calendar import (
    add_months,
    check_month,
    financial_year_months,
    financial_year_of,
    month_at,
    month_index,
    month_range,
    parse_financial_year,
    quarter_of,
    shift_financial_year,
)
from cspkit.errors import InputError

__all__ = [
    "PERIOD_COLUMNS",
    "PERIOD_KINDS",
    "ComparisonPeriods",
    "Exclusions",
    "comparison_periods",
    "counts_by_period",
    "describe_months",
    "exclusions",
    "month_names",
    "months_text",
    "partial_label",
    "period_of",
    "rolling_months",
]

#: Period kinds :func:`counts_by_period` sums to.
PERIOD_KINDS = ("month", "quarter", "calendar_quarter", "financial_year")

#: Columns of :func:`counts_by_period` after the ``by`` columns (``count`` is the value column).
PERIOD_COLUMNS = ("period", "count", "months_counted", "months_in_period", "not_counted")

#: Months left out of a count, and why: ``{"2018-11": "low", "2020-05": "missing"}``; also
#: accepted as a list of months (reason "excluded") or a table with ``month`` and ``reason`` or
#: ``flag`` columns (a :func:`cspkit.store.coverage.coverage` table: rows flagged ``ok`` are kept).
Exclusions = Mapping[str, str] | Iterable[str] | pd.DataFrame | None


def _check_kind(kind: str) -> None:
    if kind not in PERIOD_KINDS:
        raise InputError(
            f"period={kind!r} is not a period kind; use one of "
            f"{', '.join(map(repr, PERIOD_KINDS))}"
        )


def period_of(month: str, kind: str) -> str:
    """The label of the period of kind ``kind`` (one of :data:`PERIOD_KINDS`) holding ``month``."""
    _check_kind(kind)
    if kind == "month":
        return check_month(month)
    if kind == "quarter":
        return quarter_of(month)
    if kind == "calendar_quarter":
        return quarter_of(month, financial=False)
    return financial_year_of(month)


def rolling_months(end: str, n: int = 12) -> list[str]:
    """The ``n`` months ending with ``end``: the rolling twelve months to ``end`` by default."""
    return month_range(add_months(end, 1 - n), end)


@dataclass(frozen=True)
class ComparisonPeriods:
    """The years a strategic assessment compares: the selected year with the previous one and
    with the average of the three before it."""

    selected: str
    previous: str
    three_before: tuple[str, str, str]
    """Oldest first: for 2021/22, ``("2018/19", "2019/20", "2020/21")``."""

    @property
    def three_before_label(self) -> str:
        return f"{self.three_before[0]} to {self.three_before[-1]}"


def comparison_periods(year: str | int) -> ComparisonPeriods:
    """The comparison years of ``year``: previous year, and the three years before."""
    fy = parse_financial_year(year)
    return ComparisonPeriods(
        selected=fy,
        previous=shift_financial_year(fy, -1),
        three_before=(
            shift_financial_year(fy, -3),
            shift_financial_year(fy, -2),
            shift_financial_year(fy, -1),
        ),
    )


def exclusions(excluded: Exclusions) -> dict[str, str]:
    """Normalise any form of :data:`Exclusions` to ``{month: reason}``."""
    if excluded is None:
        return {}
    if isinstance(excluded, pd.DataFrame):
        reason = "reason" if "reason" in excluded.columns else "flag"
        require_columns("exclusions", excluded, ["month", reason], "the excluded months table")
        rows = excluded[excluded[reason].astype(str) != "ok"]
        out: dict[str, str] = {}
        for month, why in zip(rows["month"], rows[reason].astype(str), strict=True):
            m = check_month(month, "excluded month")
            out[m] = why if m not in out or out[m] == why else f"{out[m]}, {why}"
        return out
    if isinstance(excluded, Mapping):
        return {check_month(m, "excluded month"): str(r) for m, r in excluded.items()}
    if isinstance(excluded, str):
        return {check_month(excluded, "excluded month"): "excluded"}
    return {check_month(m, "excluded month"): "excluded" for m in excluded}


def describe_months(reasons: Mapping[str, str]) -> str:
    """``{"2018-04": "no data", "2018-05": "no data", "2018-11": "low"}`` ->
    ``"2018-04 to 2018-05 no data; 2018-11 low"`` (runs of consecutive months joined)."""
    runs: list[tuple[str, str, str]] = []
    for month in sorted(reasons):
        why = reasons[month]
        if runs and runs[-1][2] == why and add_months(runs[-1][1], 1) == month:
            runs[-1] = (runs[-1][0], month, why)
        else:
            runs.append((month, month, why))
    return "; ".join(
        (a if a == b else f"{a} to {b}") + (f" {why}" if why else "") for a, b, why in runs
    )


_ABBR = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def months_text(months: Iterable[str]) -> str:
    """Months in words, runs joined: ``["2021-03"]`` -> ``"Mar 2021"``; ``["2021-04",
    "2021-05", "2021-06", "2022-01"]`` -> ``"Apr to Jun 2021 and Jan 2022"``.

    >>> months_text(["2021-11", "2021-12", "2022-01"])
    'Nov 2021 to Jan 2022'
    """
    idx = sorted({month_index(check_month(m)) for m in months})
    runs: list[tuple[int, int]] = []
    for i in idx:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))

    def one(i: int) -> str:
        return f"{_ABBR[i % 12]} {i // 12}"

    def run(a: int, b: int) -> str:
        if a == b:
            return one(a)
        first = _ABBR[a % 12] if a // 12 == b // 12 else one(a)
        return f"{first} to {one(b)}"

    parts = [run(a, b) for a, b in runs]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def month_names(months: Iterable[str]) -> str:
    """Calendar months without years, in financial-year order: ``"Apr to Jun, Sep and Mar"``."""
    order = sorted({(int(check_month(m)[5:7]) - 4) % 12 for m in months})
    runs: list[tuple[int, int]] = []
    for i in order:
        if runs and runs[-1][1] == i - 1:
            runs[-1] = (runs[-1][0], i)
        else:
            runs.append((i, i))
    names = [_ABBR[(a + 3) % 12] if a == b else f"{_ABBR[(a + 3) % 12]} to {_ABBR[(b + 3) % 12]}"
             for a, b in runs]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def partial_label(period: str, usable: Iterable[str], months_in_period: int = 12) -> str:
    """A period's label saying which months it holds when not all: ``"2020/21 (Mar 2021
    only)"``, ``"2021/22 (Apr to Sep 2021)"``, ``"2018/19 (3 of 12 months: Oct 2018 and Jan to
    Feb 2019)"``; the plain label when every month is usable, ``"2019/20 (no usable month)"``.
    """
    months = sorted(set(usable))
    if len(months) >= months_in_period:
        return period
    if not months:
        return f"{period} (no usable month)"
    text = months_text(months)
    if len(months) == 1:
        return f"{period} ({text} only)"
    if " and " not in text:
        return f"{period} ({text})"
    return f"{period} ({len(months)} of {months_in_period} months: {text})"


def counts_by_period(
    monthly: pd.DataFrame,
    period: str = "financial_year",
    *,
    value: str = "count",
    by: str | Sequence[str] | None = None,
    excluded: Exclusions = None,
    available: Iterable[str] | None = None,
) -> pd.DataFrame:
    """Sum monthly counts to periods, leaving out excluded months and saying which.

    ``monthly`` has a ``month`` column, the ``value`` column and the ``by`` columns (e.g.
    ``crime_type``); a group with no row in a month counted it as zero. ``available`` lists the
    months the data covers (default: every month in ``monthly``); months of a period that are
    neither available nor excluded are reported as ``no data``. ``excluded`` months (see
    :data:`Exclusions`) are never counted.

    Columns: the ``by`` columns, ``period``, ``value`` (sum over the months counted),
    ``months_counted``, ``months_in_period``, ``not_counted`` (text: months of the period not
    counted and why, e.g. ``"2018-11 to 2018-12 low"``; empty when complete). Periods run from
    the first to the last month of the data; every group gets every period.
    """
    cols = as_columns(by)
    require_columns("counts_by_period", monthly, ["month", value, *cols], "monthly")
    _check_kind(period)
    skip = exclusions(excluded)
    months = sorted({check_month(m, "month") for m in monthly["month"]})
    have = set(months) if available is None else {check_month(m) for m in available}
    span_months = sorted(have | set(months))
    if not span_months:
        return pd.DataFrame(columns=[*cols, "period", value, *PERIOD_COLUMNS[2:]])
    span = month_range(span_months[0], span_months[-1])
    labels = {m: period_of(m, period) for m in span}
    periods = list(dict.fromkeys(labels.values()))
    frame = _period_frame(span, labels, have, skip, period)
    counted = frame[frame["counted"]]
    data = monthly[monthly["month"].isin(set(counted["month"]))]
    sums = (
        data.assign(period=data["month"].map(labels))
        .groupby([*cols, "period"], dropna=False)[value].sum()
    )
    groups = monthly[cols].drop_duplicates() if cols else pd.DataFrame(index=[0])
    grid = groups.merge(pd.DataFrame({"period": periods}), how="cross")
    out = grid.merge(sums.reset_index(), on=[*cols, "period"], how="left")
    out[value] = out[value].fillna(0)
    if pd.api.types.is_integer_dtype(monthly[value].dtype):
        out[value] = out[value].astype("int64")
    info = _period_info(frame, periods)
    out = out.merge(info, on="period", how="left")
    return out[[*cols, "period", value, "months_counted", "months_in_period", "not_counted"]]


def _period_frame(
    span: list[str], labels: dict[str, str], have: set[str], skip: dict[str, str], kind: str
) -> pd.DataFrame:
    """One row per month of every period touched by ``span``: counted or why not."""
    periods = list(dict.fromkeys(labels.values()))
    rows = []
    for p in periods:
        for m in _months_of_period(p, kind, span):
            reason = skip.get(m) or ("" if m in have else "no data")
            rows.append((p, m, reason == "", reason))
    return pd.DataFrame(rows, columns=["period", "month", "counted", "reason"])


def _months_of_period(label: str, kind: str, span: list[str]) -> list[str]:
    if kind == "financial_year":
        return financial_year_months(label)
    if kind == "month":
        return [label]
    first = next(m for m in span if period_of(m, kind) == label)
    start = month_index(first) - (
        (month_index(first) - 3) % 3 if kind == "quarter" else month_index(first) % 3
    )
    return [month_at(i) for i in range(start, start + 3)]


def _period_info(frame: pd.DataFrame, periods: list[str]) -> pd.DataFrame:
    rows = []
    for p in periods:
        f = frame[frame["period"] == p]
        missing = dict(zip(f.loc[~f["counted"], "month"], f.loc[~f["counted"], "reason"],
                           strict=True))
        rows.append((p, int(f["counted"].sum()), len(f), describe_months(missing)))
    return pd.DataFrame(
        rows, columns=["period", "months_counted", "months_in_period", "not_counted"]
    )
