"""The overdispersion-aware test: against statsmodels by hand, and by simulation against the
E-test (the larger simulation is bench/significance.py)."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
import statsmodels.api as sm
from scipy import stats
from scipy.stats import poisson_means_test

from cspkit.analysis.dispersion import count_test
from cspkit.errors import InputError

SEASON = 1 + 0.2 * np.cos(2 * np.pi * np.arange(12) / 12)


def poisson_months(rng: np.random.Generator, mean: float, shape: tuple[int, ...]) -> np.ndarray:
    return rng.poisson(mean * SEASON, size=shape)


def nb_months(rng: np.random.Generator, mean: float, dispersion: float,
              shape: tuple[int, ...]) -> np.ndarray:
    """Negative binomial months with variance = dispersion x mean."""
    mu = mean * SEASON
    n = mu / (dispersion - 1)
    return rng.negative_binomial(n, n / (n + mu), size=shape)


Draw = Callable[[np.random.Generator, tuple[int, ...]], np.ndarray]


def rejection_rates(draw: Draw, reps: int, seed: int) -> tuple[float, float, float]:
    """(E-test rate, count_test rate, share of equal decisions) at the 5% level when nothing
    changed between the two years."""
    rng = np.random.default_rng(seed)
    e = q = same = 0
    for _ in range(reps):
        before, after = draw(rng, (12,)), draw(rng, (12,))
        pe = poisson_means_test(int(after.sum()), 12, int(before.sum()), 12).pvalue < 0.05
        pq = count_test(before, after).p_value < 0.05
        e, q, same = e + pe, q + pq, same + (pe == pq)
    return e / reps, q / reps, same / reps


def test_on_poisson_months_it_agrees_with_the_e_test() -> None:
    e, q, same = rejection_rates(lambda rng, shape: poisson_months(rng, 15, shape), 200, 1)
    print(f"Poisson months: E-test false-positive rate {e:.3f}, count_test {q:.3f}, "
          f"same decision {same:.1%}")
    assert 0.01 <= e <= 0.10 and 0.01 <= q <= 0.10
    assert same >= 0.95


def test_on_overdispersed_months_its_false_positives_stay_near_alpha() -> None:
    # dispersion 15, as police-recorded ASB in a district (Maidstone's is about 19)
    e, q, _ = rejection_rates(lambda rng, shape: nb_months(rng, 40, 15, shape), 200, 3)
    print(f"Negative binomial months (dispersion 15): E-test false-positive rate {e:.3f}, "
          f"count_test {q:.3f}")
    assert e > 0.4
    assert q <= 0.10


def test_the_quasi_poisson_p_value_is_statsmodels_own() -> None:
    rng = np.random.default_rng(7)
    before, after = nb_months(rng, 200, 10, (3, 12)), nb_months(rng, 240, 10, (12,))
    result = count_test(before, after)
    y = np.concatenate([before.ravel(), after]).astype(float)
    month = np.tile(np.arange(12), 4)
    x = np.column_stack([np.eye(12)[month], np.r_[np.zeros(36), np.ones(12)]])
    fit = sm.GLM(y, x, family=sm.families.Poisson()).fit(scale="X2")
    assert result.test == "quasi-Poisson" and result.df == 35
    assert result.dispersion == pytest.approx(fit.scale)
    t = fit.params[-1] / fit.bse[-1]
    assert result.p_value == pytest.approx(2 * stats.t.sf(abs(t), 35))
    assert result.method == (f"quasi-Poisson model of 48 monthly counts with a month-of-year "
                             f"term (dispersion {fit.scale:.1f}, t-test on 35 df)")


def test_when_the_e_test_is_used_it_says_why() -> None:
    flat = count_test([100] * 12, [120] * 12)
    assert flat.test == "Poisson E-test"
    assert flat.method.endswith("the months fit the model exactly, leaving no variation to "
                                "estimate the dispersion from")
    assert flat.p_value == pytest.approx(poisson_means_test(1440, 12, 1200, 12).pvalue)
    few = count_test([10, 12, 9], [14, 15, 13])
    assert few.method == ("Poisson E-test of the totals (3 months after, 3 before): 6 monthly "
                          "counts are too few to estimate the dispersion")
    calm = count_test([48, 52, 50, 49, 51, 50], [50, 49, 52, 51, 50, 48])
    assert calm.test == "Poisson E-test" and calm.dispersion < 1
    assert "the months vary no more than Poisson counts (dispersion 0.1)" in calm.method
    forced = count_test([48, 52, 50, 49, 51, 50], [50, 49, 52, 51, 50, 48],
                        method="quasi-poisson")
    assert forced.test == "quasi-Poisson"
    e = count_test([100, 200, 300], [150, 150, 150], method="e-test")
    assert (e.test, math.isnan(e.dispersion)) == ("Poisson E-test", True)


def test_bad_input_is_refused() -> None:
    with pytest.raises(InputError, match="before has 3 months a year and after 2"):
        count_test([1, 2, 3], [1, 2])
    with pytest.raises(InputError, match="after must be monthly counts"):
        count_test([1, 2], [1, 2.5])
    with pytest.raises(InputError, match="method='exact'; use one of 'auto'"):
        count_test([1, 2], [1, 2], method="exact")
