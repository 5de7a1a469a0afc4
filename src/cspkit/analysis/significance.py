"""The Poisson E-test and Wheeler's Z of period **totals**, for callers that have only totals.

Outputs that compare periods (the assessment, the plan and decision documents, the priority
matrix) compare **monthly** counts through :class:`cspkit.analysis.policy.ComparisonPolicy`,
which allows for overdispersion (:mod:`cspkit.analysis.dispersion`); :func:`compare_counts`
is the totals-only tool beside it, labelled by the same policy's ``alpha`` and ``min_count``.

- The **Poisson E-test** (Krishnamoorthy and Thomson, 2004; ``scipy.stats.poisson_means_test``),
  two-sided, decides the label. It compares two Poisson rates, so it handles periods of
  different length (compared as **rates per month**; the ``basis`` column says so). It assumes
  the counts are Poisson: monthly crime counts usually vary more, and then it calls noise
  significant (see :mod:`cspkit.analysis.dispersion`).
- **Wheeler's Poisson Z** = 2 (sqrt(after) - sqrt(before)), with ``before`` scaled to the length
  of the ``after`` period, is the quick screen analysts know (A. Wheeler, "Testing changes in
  short run crime patterns"). It is reported beside the E-test, never instead of it.

A pair is ``"numbers too small to compare"`` when either **raw** count is under the policy's
``min_count`` (10), never judged on a count scaled to another period's length; ``"no data to
compare"`` when a period has no months. Every row carries the counts, the change, the p-value
and the label.

>>> row = compare_counts([16], [25]).iloc[0]
>>> round(float(row["p_value"]), 3), float(row["z"]), row["result"]
(0.165, 2.0, 'no significant change')
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike, NDArray
from scipy.stats import poisson_means_test

from cspkit.analysis._checks import require_counts
from cspkit.analysis.policy import (
    DECREASE,
    INCREASE,
    NO_CHANGE,
    NO_DATA,
    TOO_SMALL,
    ComparisonPolicy,
)
from cspkit.errors import InputError

__all__ = [
    "ALPHA",
    "COMPARISON_COLUMNS",
    "MIN_COUNT",
    "RESULTS",
    "TEST_NAME",
    "compare_counts",
    "e_test_p",
    "wheeler_z",
]

ALPHA = ComparisonPolicy.alpha
MIN_COUNT = ComparisonPolicy.min_count
TEST_NAME = "Poisson E-test (two-sided)"
RESULTS = (INCREASE, DECREASE, NO_CHANGE, TOO_SMALL, NO_DATA)

#: Columns of :func:`compare_counts`, in order.
COMPARISON_COLUMNS = (
    "before", "after", "before_months", "after_months", "expected_after", "change",
    "pct_change", "z", "p_value", "test", "alpha", "result", "basis",
)

FloatArray = NDArray[np.float64]


def _exposure(func: str, name: str, value: ArrayLike, n: int) -> FloatArray:
    arr = np.broadcast_to(np.asarray(value, dtype=float), (n,)).astype(float)
    if (~np.isfinite(arr) | (arr < 0)).any():
        raise InputError(
            f"{func}(): {name} must be numbers of months of 0 or more (e.g. 12); got {value!r}"
        )
    return arr


def wheeler_z(
    before: ArrayLike, after: ArrayLike, before_months: ArrayLike = 1, after_months: ArrayLike = 1
) -> FloatArray:
    """Wheeler's Poisson Z: ``2 * (sqrt(after) - sqrt(before * after_months / before_months))``.

    >>> wheeler_z([16], [25]).tolist()
    [2.0]
    """
    b, a = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    tb = np.asarray(before_months, dtype=float)
    ta = np.asarray(after_months, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        scaled = np.where(tb > 0, b * ta / tb, np.nan)
    return np.atleast_1d(2.0 * (np.sqrt(a) - np.sqrt(scaled)))


def e_test_p(
    before: ArrayLike, after: ArrayLike, before_months: ArrayLike = 1, after_months: ArrayLike = 1
) -> FloatArray:
    """Two-sided p-values of the Poisson E-test of equal rates, one per pair (NaN where a period
    has no months)."""
    b, a = np.atleast_1d(np.asarray(before, dtype=float)), np.atleast_1d(np.asarray(after, float))
    n = len(a)
    tb = np.broadcast_to(np.asarray(before_months, dtype=float), (n,))
    ta = np.broadcast_to(np.asarray(after_months, dtype=float), (n,))
    out = np.full(n, np.nan)
    for i in range(n):
        if tb[i] > 0 and ta[i] > 0:
            res = poisson_means_test(int(a[i]), float(ta[i]), int(b[i]), float(tb[i]))
            out[i] = float(res.pvalue)
    return out


def compare_counts(
    before: ArrayLike,
    after: ArrayLike,
    *,
    before_months: ArrayLike = 12,
    after_months: ArrayLike = 12,
    policy: ComparisonPolicy | None = None,
) -> pd.DataFrame:
    """Compare counts of two periods, one row per pair (vectorised over categories).

    ``before`` and ``after`` are counts (arrays, lists or Series of equal length);
    ``before_months`` and ``after_months`` the months each period covers (scalars or arrays).
    A Series index is kept. Columns (:data:`COMPARISON_COLUMNS`):

    - ``before``, ``after``, ``before_months``, ``after_months``: as given;
    - ``expected_after``: ``before`` scaled to the length of the ``after`` period (equal to
      ``before`` when the periods are equally long; the three-year average for 12 vs 36);
    - ``change`` = ``after - expected_after``; ``pct_change`` = ``100 * change /
      expected_after`` (NaN when that is 0);
    - ``z``: Wheeler's Poisson Z; ``p_value``: the E-test's; ``test``, ``alpha`` (the
      ``policy``'s, default :class:`~cspkit.analysis.policy.ComparisonPolicy`): as used;
    - ``result``: one of :data:`RESULTS`; ``basis``: ``"counts"`` or ``"rates per month
      (before: 36 months, after: 12 months)"``.
    """
    rules = policy or ComparisonPolicy()
    index = after.index if isinstance(after, pd.Series) else None
    b_in = pd.Series(np.atleast_1d(np.asarray(before)))
    a_in = pd.Series(np.atleast_1d(np.asarray(after)))
    if len(b_in) != len(a_in):
        raise InputError(
            f"compare_counts(): before has {len(b_in)} values and after {len(a_in)}; give one "
            "before count for each after count"
        )
    b = require_counts("compare_counts", b_in, "before")
    a = require_counts("compare_counts", a_in, "after")
    tb = _exposure("compare_counts", "before_months", before_months, len(a))
    ta = _exposure("compare_counts", "after_months", after_months, len(a))
    with np.errstate(divide="ignore", invalid="ignore"):
        expected = np.where(tb > 0, b * ta / tb, np.nan)
        pct = np.where(expected > 0, 100.0 * (a - expected) / expected, np.nan)
    p = e_test_p(b, a, tb, ta)
    out = pd.DataFrame(
        {
            "before": b.astype("int64"),
            "after": a.astype("int64"),
            "before_months": tb,
            "after_months": ta,
            "expected_after": expected,
            "change": a - expected,
            "pct_change": pct,
            "z": wheeler_z(b, a, tb, ta),
            "p_value": p,
            "test": TEST_NAME,
            "alpha": rules.alpha,
            "result": _labels(b, a, expected, p, tb, ta, rules),
            "basis": _basis(tb, ta),
        }
    )
    if index is not None:
        out.index = index
    return out


def _labels(
    b: FloatArray, a: FloatArray, expected: FloatArray, p: FloatArray, tb: FloatArray,
    ta: FloatArray, rules: ComparisonPolicy,
) -> list[str]:
    out = []
    for bi, ai, ei, pi, tbi, tai in zip(b, a, expected, p, tb, ta, strict=True):
        if tbi == 0 or tai == 0:
            out.append(NO_DATA)
        elif ai < rules.min_count or bi < rules.min_count:
            out.append(TOO_SMALL)
        elif pi < rules.alpha:
            out.append(INCREASE if ai > ei else DECREASE)
        else:
            out.append(NO_CHANGE)
    return out


def _basis(tb: FloatArray, ta: FloatArray) -> list[str]:
    def one(b: float, a: float) -> str:
        if b == a:
            return "counts"
        return (f"rates per month (before: {b:g} month{'s' * (b != 1)}, "
                f"after: {a:g} month{'s' * (a != 1)})")

    return [one(float(b), float(a)) for b, a in zip(tb, ta, strict=True)]
