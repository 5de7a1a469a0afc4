"""The RAG (red, amber, green) status of an indicator, from its target and its trend.

No Django here. The rule, applied to the measurements in period order:

1. **No status** (``none``) while the indicator has no target or no measurement.
2. **Green** when the latest value meets the target: at or above it where up is good, at or
   below it where down is good.
3. Otherwise the **trend** is the direction of the least-squares line through the latest
   ``TREND_POINTS`` (3) values; with a single value, the change from the baseline (when there
   is one). It is *improving* when it moves towards good (up where up is good), *worsening*
   when it moves away, *flat* when level or when there is nothing to compare with.
4. **Amber** when the target is missed but the trend is improving, or the latest value is
   within ``TOLERANCE`` (5%) of the target.
5. **Red** when the target is missed by more than 5% and the trend is flat or worsening.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from cspkit.errors import InputError

__all__ = ["TOLERANCE", "TREND_POINTS", "Rag", "rag_status", "trend"]

TOLERANCE = 0.05
TREND_POINTS = 3


@dataclass(frozen=True)
class Rag:
    """A status (``green``, ``amber``, ``red`` or ``none``) and the reason, for the page."""

    status: str
    reason: str
    trend: str = "flat"


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


def rag_status(
    values: Sequence[float],
    target: float | None,
    direction: str,
    baseline: float | None = None,
) -> Rag:
    """The status of an indicator whose measurements, in period order, are ``values``.

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
    how = trend(values, direction, baseline)
    better = "at or above" if direction == "up" else "at or below"
    if (latest >= target) if direction == "up" else (latest <= target):
        return Rag("green", f"{_fmt(latest)} is {better} the target of {_fmt(target)}", how)
    gap = abs(latest - target)
    near = gap <= TOLERANCE * abs(target)
    missed = f"{_fmt(latest)} misses the target of {_fmt(target)}"
    if how == "improving":
        return Rag("amber", f"{missed}, but the trend is improving", how)
    if near:
        return Rag("amber", f"{missed} by {TOLERANCE:.0%} or less; the trend is {how}", how)
    return Rag("red", f"{missed} by more than {TOLERANCE:.0%} and the trend is {how}", how)
