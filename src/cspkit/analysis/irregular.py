"""Irregular months and years: counts outside a forecast interval built from earlier years.

For each series (e.g. each crime type) and each financial year, a seasonal negative binomial
model (:mod:`cspkit.analysis.seasonal`: trend, yearly season, month length, a step at each
declared break) is fitted to up to ``history_years`` (default 3) **earlier** financial years and
forecasts the year's months. A month whose count falls outside its forecast interval (default
``level = 0.99``: with fourteen crime types a year, a 95% interval would flag eight ordinary
months by chance) is ``"irregular high"`` or ``"irregular low"``. The year's total is tested
the same way, so a year of modest but steady dips (the 2020/21 pandemic year) is flagged even
where no single month stands out. Months and years flagged irregular are left out of the
history of later years, so one irregular year does not spoil the next year's forecast.

**Excluded months.** Months the coverage check calls ``missing`` or ``low`` (pass the
:func:`cspkit.store.coverage.coverage` table, or ``{month: reason}``) and months with no data
are neither assessed nor used as history; their flag says ``"excluded: <reason>"`` and
:attr:`IrregularResult.excluded` lists them.

**Breaks.** A known break (e.g. ``{"2022-06": "new crime recording system"}``) gets a step
term, so the step is not read as an irregularity. While the history has no month after the
break, the step is estimated from the assessed year's own months after it: one level for them
all, so a single odd month still stands out, but a level shift starting exactly at a declared
break is attributed to the break. ``break_since`` names the latest break before each month.

**Known irregular periods.** A year that was irregular in a way the data cannot show month by
month (the 2020/21 pandemic year lowered violence by 10-20%, within a month's noise) still
bends the trend of the years after it. Declare such months with ``known_irregular`` (e.g. the
twelve months of 2020/21): they are assessed like any other, but never used as history.
:func:`cspkit.analysis.trends.district_trends` does this by itself for the years its all-crime
total flags.

A year needs ``min_history_months`` (default 18: one seasonal cycle and half of another, to
tell the trend from the season) usable earlier months; before that its months are
``"not assessed: too little history"``. Series averaging under ``min_monthly_mean`` (default 1)
a month are ``"not assessed: counts too small"``. The trend is always fitted: dropping it when
it is not significant (as the Farrington algorithm does) under-forecasts real slow trends of a
few per cent a year, which two years of history cannot prove but which are common.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from cspkit.analysis._checks import announce, as_columns, require_columns, require_fraction
from cspkit.analysis.periods import Exclusions, describe_months, exclusions
from cspkit.analysis.seasonal import fit_forecast
from cspkit.calendar import check_month, financial_year_of, month_range, shift_financial_year
from cspkit.errors import InputError

__all__ = [
    "IRREGULAR",
    "MONTH_COLUMNS",
    "YEAR_COLUMNS",
    "Breaks",
    "IrregularResult",
    "IrregularRules",
    "break_scope",
    "breaks_of",
    "irregular_months",
]

HIGH, LOW, OK = "irregular high", "irregular low", "ok"
#: The flags that mark a month or a year irregular.
IRREGULAR = (HIGH, LOW)

#: Columns of :attr:`IrregularResult.months` after the ``by`` columns.
MONTH_COLUMNS = (
    "month", "financial_year", "count", "expected", "lower", "upper", "flag", "break_since",
)
#: Columns of :attr:`IrregularResult.years` after the ``by`` columns.
YEAR_COLUMNS = (
    "financial_year", "months_assessed", "count", "expected", "lower", "upper", "flag",
    "irregular_months",
)

#: Declared breaks: ``{"2022-06": "new recording system"}``, a list of months, or a break
#: that affects some series only: ``{"2022-06": {"description": "new recording system",
#: "crime_types": ["Violence and sexual offences", "Public order"]}}``.
Breaks = Mapping[str, object] | Sequence[str] | None


def _description(month: str, value: object) -> str:
    if isinstance(value, Mapping):
        unknown = sorted(set(value) - {"description", "crime_types"})
        if unknown:
            raise InputError(
                f"break {month}: unknown setting(s) {', '.join(unknown)}; a break has a "
                "description and, optionally, the crime_types it affects"
            )
        return str(value.get("description") or "declared break")
    return str(value)


def breaks_of(breaks: Breaks) -> dict[str, str]:
    """Normalise :data:`Breaks` to ``{month: description}``, sorted by month."""
    if breaks is None:
        return {}
    if isinstance(breaks, str):
        breaks = [breaks]
    if isinstance(breaks, Mapping):
        items = {check_month(m, "break month"): _description(m, d) for m, d in breaks.items()}
    else:
        items = {check_month(m, "break month"): "declared break" for m in breaks}
    return dict(sorted(items.items()))


def break_scope(breaks: Breaks) -> dict[str, tuple[str, ...]]:
    """``{month: the series a break affects}``; ``()`` for a break that affects every series."""
    if not isinstance(breaks, Mapping):
        return {m: () for m in breaks_of(breaks)}
    out: dict[str, tuple[str, ...]] = {}
    for m, value in breaks.items():
        scope = value.get("crime_types") if isinstance(value, Mapping) else None
        if isinstance(scope, str):
            scope = [scope]
        out[check_month(m, "break month")] = tuple(str(s) for s in scope or ())
    return out


@dataclass(frozen=True)
class IrregularRules:
    """Settings of :func:`irregular_months` (defaults in the module docstring)."""

    level: float = 0.99
    history_years: int = 3
    min_history_months: int = 18
    harmonics: int = 1
    min_monthly_mean: float = 1.0

    def __post_init__(self) -> None:
        require_fraction("IrregularRules", "level", self.level)
        for name in ("history_years", "min_history_months", "harmonics"):
            v = getattr(self, name)
            if isinstance(v, bool) or not isinstance(v, int) or v < 1:
                raise InputError(f"IrregularRules(): {name}={v!r} must be a whole number >= 1")


@dataclass(frozen=True)
class IrregularResult:
    """What :func:`irregular_months` found."""

    months: pd.DataFrame
    """One row per series and month: the ``by`` columns then :data:`MONTH_COLUMNS`."""
    years: pd.DataFrame
    """One row per series and financial year: the ``by`` columns then :data:`YEAR_COLUMNS`."""
    excluded: pd.DataFrame
    """Months left out of every series: ``month``, ``reason``."""
    breaks: dict[str, str] = field(default_factory=dict)
    note: str = ""
    """How the figures were made, for a report's method section."""


def irregular_months(
    monthly: pd.DataFrame,
    *,
    value: str = "count",
    by: str | Sequence[str] | None = None,
    excluded: Exclusions = None,
    breaks: Breaks = None,
    known_irregular: Exclusions = None,
    available: Iterable[str] | None = None,
    rules: IrregularRules | None = None,
    quiet: bool = False,
) -> IrregularResult:
    """Flag months and financial years whose counts fall outside their forecast interval.

    ``monthly`` has ``month``, ``value`` and the ``by`` columns; a series with no row in a month
    that the data covers (``available``, default every month of ``monthly``) counted zero.
    See the module docstring for the model, the exclusions and the breaks.
    """
    cols = as_columns(by)
    require_columns("irregular_months", monthly, ["month", value, *cols], "monthly")
    rules = rules or IrregularRules()
    skip = exclusions(excluded)
    brk = breaks_of(breaks)
    known = exclusions(known_irregular)
    months = sorted({check_month(m) for m in monthly["month"]})
    if not months:
        raise InputError("irregular_months(): monthly has no rows; give at least two years")
    have = set(months) if available is None else {check_month(m) for m in available}
    span = month_range(min(months[0], *skip) if skip else months[0], months[-1])
    skip = {m: r for m, r in skip.items() if m in set(span)}
    skip.update({m: "no data" for m in span if m not in have and m not in skip})
    month_rows, year_rows = [], []
    groups = monthly.groupby(cols, sort=True, dropna=False) if cols else [((), monthly)]
    for key, g in groups:
        key = key if isinstance(key, tuple) else (key,)
        counts = g.groupby("month")[value].sum()
        series = {m: float(counts.get(m, 0.0)) for m in span}
        mrows, yrows = _assess(span, series, skip, brk, set(known), rules)
        month_rows += [(*key, *r) for r in mrows]
        year_rows += [(*key, *r) for r in yrows]
    note = _note(rules, skip, brk, known)
    announce(f"irregular_months(): {note}", quiet)
    return IrregularResult(
        months=pd.DataFrame(month_rows, columns=[*cols, *MONTH_COLUMNS]),
        years=pd.DataFrame(year_rows, columns=[*cols, *YEAR_COLUMNS]),
        excluded=pd.DataFrame(sorted(skip.items()), columns=["month", "reason"]),
        breaks=brk,
        note=note,
    )


def _assess(
    span: list[str], series: dict[str, float], skip: dict[str, str], brk: dict[str, str],
    known: set[str], rules: IrregularRules,
) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """Month rows and year rows of one series, year by year, oldest first."""
    fy_of = {m: financial_year_of(m) for m in span}
    flags: dict[str, str] = {}
    bad_years: set[str] = set()
    mrows: list[tuple[object, ...]] = []
    yrows: list[tuple[object, ...]] = []
    for fy in dict.fromkeys(fy_of.values()):
        months = [m for m in span if fy_of[m] == fy]
        usable = [m for m in months if m not in skip]
        first = shift_financial_year(fy, -rules.history_years)
        history = [
            m for m in span
            if first <= fy_of[m] < fy and m not in skip and m not in known
            and flags.get(m) not in IRREGULAR and fy_of[m] not in bad_years
        ]
        why = _not_assessed(usable, history, series, rules)
        if why:
            expected = lower = upper = np.full(len(usable), np.nan)
            year = (len(usable), _total(series, usable), np.nan, np.nan, np.nan, why, 0)
        else:
            fit = _history_with_breaks(history, usable, brk)
            fc = fit_forecast(fit, np.array([series[m] for m in fit]), usable,
                              breaks=list(brk), harmonics=rules.harmonics, level=rules.level)
            expected, lower, upper = fc.expected, fc.lower, fc.upper
            total = _total(series, usable)
            year = (len(usable), total, fc.total_expected, fc.total_lower, fc.total_upper,
                    _flag(total, fc.total_lower, fc.total_upper), 0)
        at = {m: i for i, m in enumerate(usable)}
        for m in months:
            if m in skip:
                flag, e, lo, hi = f"excluded: {skip[m]}", np.nan, np.nan, np.nan
            else:
                i = at[m]
                e, lo, hi = expected[i], lower[i], upper[i]
                flag = why or _flag(series[m], lo, hi)
            flags[m] = flag
            count = np.nan if m in skip and skip[m] == "no data" else series[m]
            mrows.append((m, fy, count, e, lo, hi, flag, _break_since(m, brk)))
        n_irr = sum(flags[m] in IRREGULAR for m in months)
        year = (*year[:-1], n_irr)
        if year[5] in IRREGULAR:
            bad_years.add(fy)
        yrows.append((fy, *year))
    return mrows, yrows


def _not_assessed(
    usable: list[str], history: list[str], series: dict[str, float], rules: IrregularRules
) -> str:
    if not usable:
        return "not assessed: every month excluded"
    if len(history) < rules.min_history_months:
        return (
            f"not assessed: too little history ({len(history)} usable earlier months, "
            f"{rules.min_history_months} needed)"
        )
    if np.mean([series[m] for m in history]) < rules.min_monthly_mean:
        return "not assessed: counts too small"
    return ""


def _history_with_breaks(history: list[str], usable: list[str], brk: dict[str, str]) -> list[str]:
    """History plus, for a break the history does not reach past, the assessed months after it
    (they estimate the step: see the module docstring)."""
    pending = [b for b in brk if all(m < b for m in history) and any(m >= b for m in usable)]
    extra = [m for m in usable if any(m >= b for b in pending)]
    return sorted([*history, *extra])


def _total(series: dict[str, float], months: list[str]) -> float:
    return float(sum(series[m] for m in months))


def _flag(count: float, lower: float, upper: float) -> str:
    if count > upper:
        return HIGH
    if count < lower:
        return LOW
    return OK


def _break_since(month: str, brk: dict[str, str]) -> str:
    since = [b for b in brk if b <= month]
    return since[-1] if since else ""


def _note(
    rules: IrregularRules, skip: dict[str, str], brk: dict[str, str], known: dict[str, str]
) -> str:
    text = (
        f"forecast intervals at {rules.level:.0%} from a negative binomial model (trend, "
        f"{rules.harmonics} seasonal harmonic pair(s), month length, a step at each declared "
        f"break) fitted to up to {rules.history_years} earlier financial years (at least "
        f"{rules.min_history_months} usable months); irregular months and years are left out "
        "of later years' history."
    )
    text += f" Excluded: {describe_months(skip)}." if skip else " No month excluded."
    if known:
        text += f" Declared irregular (assessed, never used as history): {describe_months(known)}."
    if brk:
        text += " Breaks: " + "; ".join(f"{m} ({d})" for m, d in brk.items()) + "."
    return text
