"""The RAG (red, amber, green) status of an indicator, from its target and its trend.

No Django here. The rule, applied to the measurements in period order:

1. **No status** (``none``) while the indicator has no target or no measurement.
2. **Green** when the latest value meets the target: at or above it where up is good, at or
   below it where down is good.
3. Otherwise the **trend**. An indicator that counts events (crimes from the store) goes
   through the one comparison policy (:mod:`cspkit.analysis.policy`), like every other
   comparison cspkit prints: the 12 months to its latest measurement against the same calendar
   months a year before, like for like, on the monthly counts (:func:`tested_trend`). It is
   *improving* or *worsening* only when that change is statistically significant; *flat* when
   it is not, or when the policy refuses the comparison (too few months, numbers too small),
   and :attr:`Rag.basis` says which in words. Any other indicator (a rate, a share, a figure a
   person enters) is not a count and is not tested: its trend is the direction of the
   least-squares line through the latest ``TREND_POINTS`` (3) values; with a single value, the
   change from the baseline (when there is one), and its basis says so. *Improving* means
   moving towards good (up where up is good), *worsening* away from it.
4. **Amber** when the target is missed but the trend is improving, or the latest value is
   within ``TOLERANCE`` (5%) of the target.
5. **Red** when the target is missed by more than 5% and the trend is flat or worsening.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from cspkit.analysis.periods import months_text
from cspkit.analysis.policy import (
    DECREASE,
    INCREASE,
    ComparisonPolicy,
    PeriodCounts,
    period_counts,
)
from cspkit.calendar import add_months, check_month
from cspkit.errors import InputError

__all__ = ["TOLERANCE", "TREND_POINTS", "UNTESTED", "WINDOW", "Rag", "Trend", "rag_status",
           "tested_trend", "trend"]

TOLERANCE = 0.05
TREND_POINTS = 3
#: Months on each side of a count indicator's tested trend.
WINDOW = 12
UNTESTED = (f"not a count, so not tested: the direction of the latest {TREND_POINTS} values "
            "(or the change from the baseline)")


@dataclass(frozen=True)
class Trend:
    """A trend word (``improving``, ``worsening``, ``flat``) and how it was judged, in words."""

    direction: str
    basis: str


@dataclass(frozen=True)
class Rag:
    """A status (``green``, ``amber``, ``red`` or ``none``) and the reason, for the page."""

    status: str
    reason: str
    trend: str = "flat"
    basis: str = ""
    """How the trend was judged, in words (the policy's comparison, or why none was tested)."""


def _fmt(x: float) -> str:
    return f"{x:,.2f}".rstrip("0").rstrip(".")


def trend(values: Sequence[float], direction: str, baseline: float | None = None) -> str:
    """``improving``, ``worsening`` or ``flat`` (see the module's rule, step 3)."""
    recent = list(values)[-TREND_POINTS:]
    if len(recent) >= 2:
        n = len(recent)
        xm, ym = (n - 1) / 2, sum(recent) / n
        slope = sum((i - xm) * (y - ym) for i, y in enumerate(recent))
    elif len(recent) == 1 and baseline is not None:
        slope = recent[0] - baseline
    else:
        slope = 0.0
    if direction == "down":
        slope = -slope
    if abs(slope) < 1e-12:
        return "flat"
    return "improving" if slope > 0 else "worsening"


def tested_trend(monthly: Mapping[str, float], last: str, direction: str,
                 policy: ComparisonPolicy | None = None) -> Trend:
    """The trend of a count indicator by the comparison policy: its counts in the ``WINDOW``
    months to ``last`` against the same calendar months a year before (``monthly``: month ->
    count; a month absent from it is not usable and says so)."""
    last = check_month(last, "last")
    after = [add_months(last, i - WINDOW + 1) for i in range(WINDOW)]
    before = [add_months(m, -WINDOW) for m in after]

    def side(months: list[str]) -> PeriodCounts:
        gaps = {m: "not measured" for m in months if m not in monthly}
        label = f"{months_text(months[:1])}\u2013{months_text(months[-1:])}"
        return period_counts(label, months, monthly, gaps)

    c = (policy or ComparisonPolicy()).compare(side(before), side(after))
    words = c.sentence("The count")
    if c.result not in (INCREASE, DECREASE):
        return Trend("flat", words)
    good = (c.result == INCREASE) == (direction == "up")
    return Trend("improving" if good else "worsening", words)


def rag_status(
    values: Sequence[float],
    target: float | None,
    direction: str,
    baseline: float | None = None,
    *,
    tested: Trend | None = None,
) -> Rag:
    """The status of an indicator whose measurements, in period order, are ``values``
    (``tested``: its trend by the comparison policy, for an indicator that counts events).

    >>> rag_status([10, 12, 14], target=20, direction="up").status
    'amber'
    >>> rag_status([14, 12, 10], target=20, direction="up").status
    'red'
    """
    if direction not in ("up", "down"):
        raise InputError(f"an indicator's direction is 'up' or 'down' (the way that is good), "
                         f"not {direction!r}")
    if target is None:
        return Rag("none", "no target set")
    if not values:
        return Rag("none", "no measurements yet")
    latest = values[-1]
    how = tested.direction if tested else trend(values, direction, baseline)
    basis = tested.basis if tested else UNTESTED
    better = "at or above" if direction == "up" else "at or below"
    if (latest >= target) if direction == "up" else (latest <= target):
        return Rag("green", f"{_fmt(latest)} is {better} the target of {_fmt(target)}", how,
                   basis)
    gap = abs(latest - target)
    near = gap <= TOLERANCE * abs(target)
    missed = f"{_fmt(latest)} misses the target of {_fmt(target)}"
    if how == "improving":
        return Rag("amber", f"{missed}, but the trend is improving", how, basis)
    if near:
        return Rag("amber", f"{missed} by {TOLERANCE:.0%} or less; the trend is {how}", how,
                   basis)
    return Rag("red", f"{missed} by more than {TOLERANCE:.0%} and the trend is {how}", how,
               basis)
