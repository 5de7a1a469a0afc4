"""A seasonal model of monthly counts, and its forecast intervals.

The model is a negative binomial GLM (statsmodels) of the monthly count::

    log E[count] = log(days in month / 30.44) + a + b * years + seasonal terms + sum_k s_k * step_k

- **offset** for the length of the month, so that February is not "low";
- **trend**: a straight line in time on the log scale (a steady yearly percentage change);
- **season**: ``harmonics`` sine/cosine pairs of the month of the year (default one pair: the
  summer peak and winter trough typical of police-recorded crime). Two or three years of
  history cannot support eleven month-of-year parameters without fitting the noise; a pair of
  harmonics needs two;
- **steps**: one level shift per declared break (e.g. a new police recording system) that the
  fitted months straddle, so the step is estimated rather than read as an irregularity;
- **overdispersion**: crime counts vary more than Poisson (sprees, repeat victims, reporting
  campaigns). A Poisson GLM is fitted first; the NB dispersion ``alpha`` is then the moment
  estimate ``sum(((y - mu)^2 - mu) / mu^2) / (n - p)`` (Cameron and Trivedi), floored at 0, and
  the GLM is refitted with that NB family.

The forecast interval of a month is the central ``level`` interval of a negative binomial with
the forecast mean ``mu`` and dispersion ``alpha + se^2``, where ``se`` is the standard error of
the forecast's log mean: the first term is the month's own noise, the second the uncertainty of
the fitted model (delta method). The interval of a year's total uses the same idea with the sum
of the months' means and variances plus the covariance of the fitted parameters.

Why not a seasonal-naive forecast (same month last year)? It uses one earlier value per month,
so its interval is wide and one odd month last year spoils this year's; the GLM pools every
earlier month, carries a trend, and takes a step term for a declared break.
"""

from __future__ import annotations

import calendar
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import statsmodels.api as sm
from numpy.typing import NDArray
from scipy import stats

from cspkit.calendar import month_index

__all__ = ["Forecast", "design_matrix", "fit_forecast", "nb_interval"]

FloatArray = NDArray[np.float64]
ArrayLikeFloat = float | FloatArray
_MEAN_MONTH_DAYS = 365.25 / 12


@dataclass(frozen=True)
class Forecast:
    """Forecasts for the months asked, and for their total."""

    expected: FloatArray
    lower: FloatArray
    upper: FloatArray
    total_expected: float
    total_lower: float
    total_upper: float
    alpha: float
    """The fitted NB dispersion (0: Poisson)."""


def design_matrix(
    months: Sequence[str], origin: str, breaks: Sequence[str], harmonics: int
) -> tuple[pd.DataFrame, FloatArray]:
    """The model's columns for ``months`` (trend in years since ``origin``) and the offset."""
    idx = np.array([month_index(m) for m in months])
    moy = idx % 12
    cols: dict[str, FloatArray] = {
        "const": np.ones(len(idx)),
        "trend": (idx - month_index(origin)) / 12.0,
    }
    for k in range(1, harmonics + 1):
        cols[f"sin{k}"] = np.sin(2 * np.pi * k * moy / 12)
        cols[f"cos{k}"] = np.cos(2 * np.pi * k * moy / 12)
    for b in breaks:
        cols[f"step {b}"] = (idx >= month_index(b)).astype(float)
    days = np.array([calendar.monthrange(i // 12, i % 12 + 1)[1] for i in idx], dtype=float)
    return pd.DataFrame(cols), np.log(days / _MEAN_MONTH_DAYS)


def nb_interval(mean: ArrayLikeFloat, alpha: ArrayLikeFloat, level: float
                ) -> tuple[FloatArray, FloatArray]:
    """Central ``level`` interval of NB(mean, alpha) (Poisson where alpha is ~0)."""
    mu = np.atleast_1d(np.asarray(mean, dtype=float))
    a = np.broadcast_to(np.asarray(alpha, dtype=float), mu.shape)
    q = ((1 - level) / 2, 1 - (1 - level) / 2)
    pois = a < 1e-9
    safe = np.where(pois, 1.0, a)
    n, p = 1.0 / safe, 1.0 / (1.0 + safe * mu)
    lo = np.where(pois, stats.poisson.ppf(q[0], mu), stats.nbinom.ppf(q[0], n, p))
    hi = np.where(pois, stats.poisson.ppf(q[1], mu), stats.nbinom.ppf(q[1], n, p))
    return lo.astype(float), hi.astype(float)


def _fit(y: FloatArray, x: pd.DataFrame, offset: FloatArray) -> tuple[Any, float]:
    """(NB GLM results, alpha)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        pois = sm.GLM(y, x, family=sm.families.Poisson(), offset=offset).fit()
        mu = np.asarray(pois.fittedvalues, dtype=float)
        dof = max(len(y) - x.shape[1], 1)
        alpha = max(0.0, float((((y - mu) ** 2 - mu) / mu**2).sum() / dof))
        if alpha < 1e-9:
            return pois, 0.0
        nb = sm.GLM(
            y, x, family=sm.families.NegativeBinomial(alpha=alpha), offset=offset
        ).fit()
    return nb, alpha


def fit_forecast(
    fit_months: Sequence[str],
    fit_counts: FloatArray,
    months: Sequence[str],
    *,
    breaks: Sequence[str] = (),
    harmonics: int = 1,
    level: float = 0.99,
) -> Forecast:
    """Fit the model to ``fit_months`` and forecast ``months`` (see the module docstring)."""
    x_all, off_all = design_matrix([*fit_months, *months], fit_months[0], breaks, harmonics)
    n = len(fit_months)
    keep = [c for c in x_all.columns if not c.startswith("step") or x_all[c][:n].nunique() > 1]
    x_all = x_all[keep]
    y = np.asarray(fit_counts, dtype=float)
    res, alpha = _fit(y, x_all.iloc[:n], off_all[:n])
    params = np.asarray(res.params, dtype=np.float64)
    cov = np.asarray(res.cov_params(), dtype=np.float64)
    xp = x_all.iloc[n:].to_numpy(dtype=np.float64)
    mu = np.exp(xp @ params + off_all[n:])
    var_eta = np.einsum("ij,jk,ik->i", xp, cov, xp)
    lower, upper = nb_interval(mu, alpha + var_eta, level)
    total = float(mu.sum())
    grad = mu @ xp
    var_total = float((mu + alpha * mu**2).sum() + grad @ cov @ grad)
    t_alpha = max(var_total - total, 0.0) / total**2 if total > 0 else 0.0
    t_lo, t_hi = nb_interval(total, t_alpha, level)
    return Forecast(mu, lower, upper, total, float(t_lo[0]), float(t_hi[0]), alpha)
