"""Funnel plots of rates: is an area's rate out of line with its peers', allowing for its size?

For areas with counts ``y_i`` and populations ``n_i``, the target is the group's pooled rate
``theta = sum(y) / sum(n)``. Each area's rate is judged on the **square-root scale**, where a
Poisson count's variance is steady (Spiegelhalter, 2005, "Funnel plots for comparing
institutional performance", *Statistics in Medicine* 24:1185): ``z_i = 2 (sqrt(y_i) -
sqrt(theta n_i))`` is about standard normal when areas differ only by chance. The limits at
population ``n`` are ``(sqrt(theta) +/- z_p * s(n))^2`` per head, at 95% (``z`` 1.96) and
99.8% (``z`` 3.09), where ``s(n)`` is:

- ``none``: ``1 / (2 sqrt(n))``, chance alone (Poisson);
- ``multiplicative``: ``sqrt(phi) / (2 sqrt(n))``, with the overdispersion ``phi`` = the mean of
  the squared z-scores after winsorising the 10% most extreme at each end;
- ``additive`` (random effects, the default when the areas are overdispersed): ``sqrt(1 / (4 n)
  + tau^2)``, with ``tau^2`` the DerSimonian-Laird between-area variance from the same
  winsorised z-scores: ``tau^2 = max(0, (k phi - (k - 1)) / (sum w - sum w^2 / sum w))``,
  ``w = 4 n`` (Spiegelhalter, 2005, "Handling over-dispersion of performance indicators",
  *Quality and Safety in Health Care* 14:347).

Crime rates of districts vary far more than chance (a town centre draws visitors; a rural
district does not), so with chance-only limits nearly every district would be "out of line".
``adjust="auto"`` therefore tests overdispersion (``k phi`` against chi-squared on ``k - 1``
df, at 5%) and uses the additive limits when it is found, the Poisson limits otherwise, and
says which.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist

import numpy as np
from numpy.typing import ArrayLike, NDArray
from scipy import stats

from cspkit.errors import InputError

__all__ = ["ADJUSTMENTS", "LEVELS", "Funnel", "funnel", "position", "positions"]

ADJUSTMENTS = ("auto", "additive", "multiplicative", "none")
#: The funnel's two pairs of limits, as public-health funnel plots draw them.
LEVELS = (0.95, 0.998)
_WINSOR = 0.10

FloatArray = NDArray[np.float64]


@dataclass(frozen=True)
class Funnel:
    """A group's target rate and how its limits widen (see :func:`funnel`)."""

    target: float
    """The pooled rate per head (sum of counts / sum of populations)."""
    adjustment: str
    """``"none"``, ``"multiplicative"`` or ``"additive"``."""
    phi: float
    tau2: float
    overdispersion_p: float
    z: FloatArray
    """Each area's z-score on the square-root scale (unadjusted)."""

    def sd(self, population: ArrayLike) -> FloatArray:
        """The standard deviation of sqrt(rate) at ``population``, with the adjustment."""
        n = np.asarray(population, dtype=float)
        base = 1.0 / (4.0 * n)
        if self.adjustment == "multiplicative":
            return np.asarray(np.sqrt(self.phi * base), dtype=float)
        if self.adjustment == "additive":
            return np.asarray(np.sqrt(base + self.tau2), dtype=float)
        return np.asarray(np.sqrt(base), dtype=float)

    def limits(self, population: ArrayLike, level: float) -> tuple[FloatArray, FloatArray]:
        """(lower, upper) rate per head at ``population`` for a two-sided ``level``."""
        z = NormalDist().inv_cdf(0.5 + level / 2)
        root, sd = math.sqrt(self.target), self.sd(population)
        lower = np.clip(root - z * sd, 0, None) ** 2
        return lower, (root + z * sd) ** 2

    def describe(self) -> str:
        """How the limits were made, in words."""
        test = f"overdispersion test p = {self.overdispersion_p:.3g}"
        if self.adjustment == "additive":
            return (f"limits widened for overdispersion by additive random effects (phi "
                    f"{self.phi:.1f}, tau² {self.tau2:.2g} on the square-root scale; {test})")
        if self.adjustment == "multiplicative":
            return (f"limits widened for overdispersion multiplicatively (phi {self.phi:.1f}; "
                    f"{test})")
        return f"Poisson limits (chance alone; {test})"


def _winsorised_phi(z: FloatArray) -> float:
    lo, hi = np.quantile(z, [_WINSOR, 1 - _WINSOR])
    return float(np.mean(np.clip(z, lo, hi) ** 2))


def funnel(counts: ArrayLike, populations: ArrayLike, *, adjust: str = "auto") -> Funnel:
    """The funnel of a group of areas (module docstring)."""
    if adjust not in ADJUSTMENTS:
        raise InputError(f"funnel(): adjust={adjust!r}; use one of "
                         f"{', '.join(map(repr, ADJUSTMENTS))}")
    y = np.asarray(counts, dtype=float)
    n = np.asarray(populations, dtype=float)
    if y.shape != n.shape or y.size < 2 or (n <= 0).any() or (y < 0).any():
        raise InputError("funnel(): give a count of 0 or more and a population above 0 for "
                         f"each of at least two areas; got counts {y.tolist()!r} and "
                         f"populations {n.tolist()!r}")
    target = float(y.sum() / n.sum())
    z = 2.0 * (np.sqrt(y) - np.sqrt(target * n))
    k = y.size
    phi = _winsorised_phi(z)
    p = float(stats.chi2.sf(k * phi, k - 1))
    w = 4.0 * n
    tau2 = max(0.0, (k * phi - (k - 1)) / float(w.sum() - (w**2).sum() / w.sum()))
    chosen = adjust
    if adjust == "auto":
        chosen = "additive" if p < 0.05 and tau2 > 0 else "none"
    return Funnel(target, chosen, phi, tau2, p, z)


def position(fun: Funnel, count: float, population: float) -> str:
    """Where an area lies: ``"above the 99.8% limit"``, ``"above the 95% limit"``, ``"within
    the 95% limits"``, ``"below the 95% limit"`` or ``"below the 99.8% limit"``."""
    return positions(fun, [count], [population])[0]


def positions(fun: Funnel, counts: ArrayLike, populations: ArrayLike) -> list[str]:
    """:func:`position` of many areas at once."""
    n = np.asarray(populations, dtype=float)
    rate = np.asarray(counts, dtype=float) / n
    lo95, hi95 = fun.limits(n, 0.95)
    lo998, hi998 = fun.limits(n, 0.998)
    out = np.full(len(n), "within the 95% limits", dtype=object)
    out[rate < lo95] = "below the 95% limit"
    out[rate < lo998] = "below the 99.8% limit"
    out[rate > hi95] = "above the 95% limit"
    out[rate > hi998] = "above the 99.8% limit"
    return [str(x) for x in out]
