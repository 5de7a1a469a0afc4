"""One comparison policy: whether two periods can be compared, and how. Every output that
compares counts (the assessment, the plan and decision documents, the priority matrix) goes
through :meth:`ComparisonPolicy.compare`, so none prints a comparison another refuses.

The rules (defaults; a partnership may set them, one level across the product):

1. **Usable months.** A month is usable unless the coverage check finds it missing or far
   below its neighbours, it has no data, or it is declared irregular (e.g. the pandemic months).
   Each period needs at least ``min_months`` (6) usable months, or the comparison is refused and
   the reason given in words ("2020/21 has 1 usable month (Mar 2021); at least 6 are needed").
2. **Like for like.** Only calendar months usable in both periods are compared, so a season is
   never compared with another; when that leaves out months, the result says which months were
   compared. A calendar month whose two sides lie on different sides of a declared break (a new
   recording system) is not like for like and is left out too. Fewer than ``min_months`` such
   months: refused.
3. **The three-year average.** A baseline year counts only if it passes rule 1 by itself and is
   not an irregular year (e.g. the pandemic year); the average needs ``min_baseline_years`` (2)
   such years. Scattered months of several failing years are never pooled into one baseline.
4. **Too small to compare** is judged on the raw counts compared (the average a year for the
   baseline), never on counts scaled to a year: under ``min_count`` (10) on either side, the
   counts are shown but not tested.
5. **The test** (:mod:`cspkit.analysis.dispersion`): a quasi-Poisson model of the monthly counts
   with a month-of-year term, allowing for overdispersion; the Poisson E-test where that is
   justified, and the result says which and why. Significant at ``alpha`` (0.05), two-sided.

:meth:`ComparisonPolicy.compare` returns a :class:`Comparison`; :func:`comparison_sentence`
writes one in words from its :meth:`~Comparison.as_row` (or a table row of
:func:`cspkit.analysis.comparisons.compare_years`).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from cspkit.analysis._checks import require_fraction
from cspkit.analysis.dispersion import METHODS, count_test
from cspkit.analysis.periods import month_names, months_text, partial_label
from cspkit.analysis.wording import comparison_sentence
from cspkit.errors import InputError

__all__ = [
    "COMPARED",
    "DECREASE",
    "INCREASE",
    "NOT_A_COUNT",
    "NOT_COMPARABLE",
    "NO_CHANGE",
    "NO_DATA",
    "RESULTS",
    "TOO_SMALL",
    "Comparison",
    "ComparisonPolicy",
    "PeriodCounts",
    "period_counts",
    "significant_changes",
]

INCREASE = "statistically significant increase"
DECREASE = "statistically significant decrease"
NO_CHANGE = "no significant change"
TOO_SMALL = "numbers too small to compare"
NOT_COMPARABLE = "not comparable"
NO_DATA = "no data to compare"
NOT_A_COUNT = "not a count: no significance test"
RESULTS = (INCREASE, DECREASE, NO_CHANGE, TOO_SMALL, NOT_COMPARABLE, NO_DATA, NOT_A_COUNT)
#: ``Comparison.status``: ``"compared"`` (tested, or shown untested as not a count), ``"too
#: small"``, ``"not comparable"`` or ``"no data to compare"``.
COMPARED = "compared"


@dataclass(frozen=True)
class PeriodCounts:
    """One period's monthly counts: ``counts`` holds its usable months, ``unusable`` the others
    with the reason; ``irregular`` says when the whole period was found irregular."""

    label: str
    months: tuple[str, ...]
    counts: Mapping[str, float]
    unusable: Mapping[str, str] = field(default_factory=dict)
    irregular: str = ""

    @property
    def usable(self) -> list[str]:
        return sorted(self.counts)

    @property
    def partial_label(self) -> str:
        """``"2020/21 (Mar 2021 only)"`` when not every month is usable."""
        return partial_label(self.label, self.usable, len(self.months))


def period_counts(
    label: str, months: Sequence[str], monthly: Mapping[str, float],
    unusable: Mapping[str, str] | None = None, irregular: str = "",
) -> PeriodCounts:
    """A :class:`PeriodCounts` of ``months``: a month not ``unusable`` and absent from
    ``monthly`` counted zero."""
    skip = {m: r for m, r in (unusable or {}).items() if m in set(months)}
    counts = {m: float(monthly.get(m, 0.0)) for m in months if m not in skip}
    return PeriodCounts(label, tuple(months), counts, skip, irregular)


@dataclass(frozen=True)
class Comparison:
    """What :meth:`ComparisonPolicy.compare` decided (see :meth:`as_row` for the fields)."""

    before_period: str
    after_period: str
    before_label: str
    after_label: str
    status: str
    result: str
    reason: str
    before: float
    after: float
    before_months: int
    after_months: int
    baseline_years: tuple[str, ...]
    months: tuple[str, ...]
    like_for_like: str
    test: str = ""
    method: str = ""
    dispersion: float = math.nan
    p_value: float = math.nan
    alpha: float = 0.05
    caveats: tuple[str, ...] = ()

    @property
    def comparable(self) -> bool:
        return self.status == COMPARED

    @property
    def expected(self) -> float:
        """The before count on the after period's scale: the average a year for a baseline."""
        return self.before / max(len(self.baseline_years), 1)

    @property
    def pct_change(self) -> float:
        e = self.expected
        return 100.0 * (self.after - e) / e if e > 0 else math.nan

    def as_row(self) -> dict[str, Any]:
        """The comparison as a table row (the columns of
        :data:`cspkit.analysis.comparisons.COMPARE_COLUMNS`)."""
        e = self.expected
        return {
            "before_period": self.before_period, "after_period": self.after_period,
            "before_label": self.before_label, "after_label": self.after_label,
            "before": self.before, "after": self.after, "before_months": self.before_months,
            "after_months": self.after_months, "expected_after": e, "change": self.after - e,
            "pct_change": self.pct_change,
            "z": 2 * (math.sqrt(self.after) - math.sqrt(e)) if self.comparable else math.nan,
            "p_value": self.p_value, "test": self.test, "method": self.method,
            "dispersion": self.dispersion, "alpha": self.alpha, "result": self.result,
            "comparable": self.comparable, "status": self.status, "reason": self.reason,
            "baseline_years": ", ".join(self.baseline_years), "months_compared":
            months_text(self.months) if self.months else "", "like_for_like": self.like_for_like,
            "baseline": len(self.baseline_years) > 1 or " to " in self.before_period,
            "note": "; ".join(self.caveats),
        }

    def sentence(self, name: str) -> str:
        """The comparison in words (:func:`comparison_sentence`)."""
        return comparison_sentence(name, self.as_row())


def _whole(name: str, value: object, least: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise InputError(f"ComparisonPolicy(): {name}={value!r} must be a whole number of "
                         f"{least} or more")
    return value


@dataclass(frozen=True)
class ComparisonPolicy:
    """The rules of the module docstring; validated once."""

    min_months: int = 6
    alpha: float = 0.05
    min_count: int = 10
    method: str = "auto"
    min_baseline_years: int = 2

    def __post_init__(self) -> None:
        _whole("min_months", self.min_months, 1)
        _whole("min_count", self.min_count, 0)
        _whole("min_baseline_years", self.min_baseline_years, 1)
        require_fraction("ComparisonPolicy", "alpha", self.alpha)
        if self.method not in METHODS:
            raise InputError(f"ComparisonPolicy(): method={self.method!r}; use one of "
                             f"{', '.join(map(repr, METHODS))}")

    def describe(self) -> str:
        """The rules in words, for a report's methods."""
        test = {"auto": "a quasi-Poisson model of the monthly counts with a month-of-year "
                        "term (the Poisson E-test where the months vary no more than Poisson "
                        "counts)", "quasi-poisson": "a quasi-Poisson model of the monthly "
                        "counts with a month-of-year term", "e-test": "the Poisson E-test"}
        return (
            f"A period is compared only with at least {self.min_months} usable months, and "
            "only on the calendar months usable in both periods (like for like) and on the "
            "same side of any declared break; a three-year average counts only the years "
            f"that pass that rule themselves and are not irregular (at least "
            f"{self.min_baseline_years}). Counts under {self.min_count} (raw, on either side) "
            f"are too small to compare. Changes are tested with {test[self.method]}, two-sided, "
            f"at the {self.alpha:g} level."
        )

    def compare(
        self, before: PeriodCounts | Sequence[PeriodCounts], after: PeriodCounts, *,
        breaks: Mapping[str, str] | None = None, counts: bool = True,
    ) -> Comparison:
        """Compare ``after`` with ``before`` (one period) or with the average of several
        (``[year1, year2, year3]``). ``breaks`` are declared breaks ``{month: description}``;
        ``counts=False`` compares values that are not counts (rates) without a test."""
        years = [before] if isinstance(before, PeriodCounts) else list(before)
        baseline = not isinstance(before, PeriodCounts)
        brk = dict(sorted((breaks or {}).items()))
        base = _Base(years, after, baseline, self.alpha)
        refusal = self._refusal(years, after, baseline)
        if refusal:
            return base.refused(refusal[0], refusal[1])
        kept = [y for y in years if self._passes(y)] if baseline else years
        months = _paired(kept, after, brk)
        if len(months) < self.min_months:
            return base.refused(NOT_COMPARABLE, _too_few_paired(kept, after, months, brk,
                                                                self.min_months))
        return self._compared(base, kept, months, counts)

    # -- the rules ------------------------------------------------------------------------------

    def _passes(self, year: PeriodCounts) -> bool:
        return len(year.counts) >= self.min_months and not year.irregular

    def _refusal(self, years: list[PeriodCounts], after: PeriodCounts, baseline: bool
                 ) -> tuple[str, str] | None:
        need = f"at least {self.min_months} are needed"
        if not after.counts or all(not y.counts for y in years):
            empty = [p for p in (*years, after) if not p.counts]
            return NO_DATA, "; ".join(f"{p.label} has no usable month" for p in empty)
        if len(after.counts) < self.min_months:
            return NOT_COMPARABLE, f"{_usable_text(after)}; {need}"
        if not baseline:
            if len(years[0].counts) < self.min_months:
                return NOT_COMPARABLE, f"{_usable_text(years[0])}; {need}"
            return None
        kept = [y for y in years if self._passes(y)]
        if len(kept) >= self.min_baseline_years:
            return None
        why = "; ".join(_usable_text(y) if len(y.counts) < self.min_months
                        else f"{y.label} was {y.irregular}" for y in years if y not in kept)
        return NOT_COMPARABLE, (
            f"the average of {years[0].label} to {years[-1].label} needs at least "
            f"{self.min_baseline_years} regular years with {self.min_months} or more usable "
            f"months each: {why}"
        )

    def _compared(self, base: _Base, kept: list[PeriodCounts], months: list[str],
                  counts: bool) -> Comparison:
        after = np.array([base.after.counts[m] for m in months])
        before = np.array([[y.counts[_same(y, m)] for m in months] for y in kept])
        a, b, n = float(after.sum()), float(before.sum()), len(kept)
        made = base.made(kept, months, a, b)
        if not counts:
            return made.with_result(COMPARED, NOT_A_COUNT, "")
        if a < self.min_count or b / n < self.min_count:
            side = "a year before" if n > 1 else "before"
            return made.with_result(
                "too small", TOO_SMALL, f"{a:,.0f} after and {b / n:,.0f} {side}; at least "
                f"{self.min_count} are needed on each side")
        t = count_test(before, after, method=self.method)
        up = INCREASE if a > b / n else DECREASE
        result = up if t.p_value < self.alpha else NO_CHANGE
        return made.with_result(COMPARED, result, "", t.test, t.method, t.dispersion, t.p_value)


def significant_changes(rows: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """The comparison rows a document may print as significant changes: those the policy made
    (``comparable``) and found significant. A row kept without the policy's verdict (linked
    before the policy existed) is never printed as significant."""
    return [r for r in rows if r.get("comparable") is True and r.get("status") == COMPARED
            and r.get("result") in (INCREASE, DECREASE)]


def _same(year: PeriodCounts, month: str) -> str:
    """The month of ``year`` with the calendar month of ``month``."""
    for m in year.months:
        if m[5:] == month[5:]:
            return m
    return ""


def _side(month: str, brk: Mapping[str, str]) -> tuple[bool, ...]:
    return tuple(month >= b for b in brk)


def _paired(years: list[PeriodCounts], after: PeriodCounts, brk: Mapping[str, str]
            ) -> list[str]:
    """The after period's usable months whose calendar month is usable in every year, on the
    same side of every break."""
    out = []
    for m in after.usable:
        same = [_same(y, m) for y in years]
        if all(s in y.counts and _side(s, brk) == _side(m, brk)
               for s, y in zip(same, years, strict=True)):
            out.append(m)
    return out


def _usable_text(p: PeriodCounts) -> str:
    n = len(p.counts)
    which = f" ({months_text(p.usable)})" if 0 < n < len(p.months) else ""
    return f"{p.label} has {n} usable month{'s' * (n != 1)}{which}"


def _too_few_paired(years: list[PeriodCounts], after: PeriodCounts, months: list[str],
                    brk: Mapping[str, str], need: int) -> str:
    labels = " and ".join([*(y.label for y in years), after.label]) if len(years) == 1 else (
        f"{', '.join(y.label for y in years)} and {after.label}")
    both = [m for m in after.usable if all(_same(y, m) in y.counts for y in years)]
    which = f" ({month_names(months)})" if months else ""
    text = f"only {len(months)} calendar month{'s' * (len(months) != 1)}{which} can be " \
           f"compared like for like in {labels}"
    if len(both) > len(months):
        cut = [b for b in brk if any(_side(_same(y, m), {b: ""}) != _side(m, {b: ""})
                                     for m in both for y in years)]
        text += (" on the same side of the break of "
                 + " and ".join(f"{b} ({brk[b]})" for b in cut))
    return f"{text}; at least {need} are needed"


class _Base:
    """What every outcome of one comparison shares; builds the :class:`Comparison`."""

    def __init__(self, years: list[PeriodCounts], after: PeriodCounts, baseline: bool,
                 alpha: float) -> None:
        self.years, self.after, self.baseline, self.alpha = years, after, baseline, alpha
        self.before_period = years[0].label if len(years) == 1 else \
            f"{years[0].label} to {years[-1].label}"
        self.caveats = [f"{p.label} was {p.irregular}: treat with care"
                        for p in (*years, after) if p.irregular and not baseline]
        self.kept: list[PeriodCounts] = years

    def _before_label(self) -> str:
        if not self.baseline:
            return self.years[0].partial_label
        return " and ".join(y.label for y in self.kept) if len(self.kept) < 3 else \
            self.before_period

    def refused(self, status: str, reason: str) -> Comparison:
        b = sum(sum(y.counts.values()) for y in self.years)
        return Comparison(
            self.before_period, self.after.label, self._before_label(),
            self.after.partial_label, status, status, reason, b, sum(self.after.counts.values()),
            sum(len(y.counts) for y in self.years), len(self.after.counts),
            tuple(y.label for y in self.years), (), "", alpha=self.alpha,
            caveats=tuple(self.caveats))

    def made(self, kept: list[PeriodCounts], months: list[str], a: float, b: float) -> _Made:
        self.kept = kept
        left = [f"{y.label} left out of the average: "
                + (y.irregular if y.irregular else _usable_text(y).split(" has ", 1)[1])
                for y in self.years if y not in kept]
        full = len(months) == len(self.after.months)
        lfl = "" if full else f"the same {len(months)} calendar months in each year " \
                              f"({month_names(months)})"
        return _Made(self, kept, months, a, b, lfl, [*self.caveats, *left])


@dataclass
class _Made:
    base: _Base
    kept: list[PeriodCounts]
    months: list[str]
    a: float
    b: float
    like_for_like: str
    caveats: list[str]

    def with_result(self, status: str, result: str, reason: str, test: str = "",
                    method: str = "", dispersion: float = math.nan,
                    p_value: float = math.nan) -> Comparison:
        k = len(self.months)
        before_label = self.base._before_label()
        if self.like_for_like and not self.base.baseline:
            before_label = self.base.years[0].label
        return Comparison(
            self.base.before_period, self.base.after.label, before_label,
            self.base.after.label, status, result, reason, self.b, self.a, k * len(self.kept), k,
            tuple(y.label for y in self.kept), tuple(self.months), self.like_for_like, test,
            method, dispersion, p_value, self.base.alpha, tuple(self.caveats))
