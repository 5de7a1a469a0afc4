"""Benchmark: the comparison test (quasi-Poisson of the monthly counts, E-test where justified)
against the Poisson E-test of the totals, on simulated series where nothing changed.

For each scenario, ``--reps`` pairs of years are drawn with the same monthly means (a seasonal
cosine of amplitude 20%), so every "significant" result is a false positive; at the 5% level a
test that holds its level rejects about 5%. Scenarios: Poisson months (where the E-test is
exact), and negative binomial months with variance = dispersion x mean, dispersion 3, 10 and 19
(Maidstone's ASB months vary about 19 times as much as Poisson counts). One scenario with a
real 15% rise gives each test's power.

Printed per scenario: the false-positive (or detection) rate of the E-test, of
``count_test`` (method ``auto``, as the policy uses it), of the quasi-Poisson model always, the
share of pairs where ``count_test`` and the E-test decide the same, and the median dispersion.
With ``--kent`` (the real data in ../shared/data or $CSPKIT_SHARED_DATA) it also prints
Maidstone's ASB comparison that the policy refuses (2021/22 against the 7 usable months of
2018/19 to 2020/21), tested both ways.

    .venv/bin/python bench/significance.py [--reps 500] [--seed 2024] [--kent]
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import statsmodels.api as sm
from scipy.stats import poisson_means_test

from cspkit.analysis.dispersion import count_test

SEASON = 1 + 0.2 * np.cos(2 * np.pi * np.arange(12) / 12)
Draw = Callable[[np.random.Generator, tuple[int, ...]], np.ndarray]


def poisson(mean: float) -> Draw:
    return lambda rng, shape: rng.poisson(mean * SEASON, size=shape)


def negative_binomial(mean: float, dispersion: float) -> Draw:
    def draw(rng: np.random.Generator, shape: tuple[int, ...]) -> np.ndarray:
        mu = mean * SEASON
        n = mu / (dispersion - 1)
        return rng.negative_binomial(n, n / (n + mu), size=shape)
    return draw


def scenario(before: Draw, after: Draw, years: int, reps: int, seed: int
             ) -> tuple[float, float, float, float, float]:
    rng = np.random.default_rng(seed)
    e = auto = quasi = same = 0
    phis = []
    for _ in range(reps):
        b, a = before(rng, (years, 12)), after(rng, (12,))
        pe = poisson_means_test(int(a.sum()), 12, int(b.sum()), 12 * years).pvalue < 0.05
        t = count_test(b, a)
        q = count_test(b, a, method="quasi-poisson")
        e, auto, quasi = e + pe, auto + (t.p_value < 0.05), quasi + (q.p_value < 0.05)
        same += pe == (t.p_value < 0.05)
        phis.append(q.dispersion)
    return e / reps, auto / reps, quasi / reps, same / reps, float(np.nanmedian(phis))


def simulate(reps: int, seed: int) -> None:
    rows = [
        ("Poisson, 50 a month, year against year", poisson(50), poisson(50), 1),
        ("Poisson, 50 a month, year against three", poisson(50), poisson(50), 3),
        ("NB dispersion 3, 100 a month", negative_binomial(100, 3), negative_binomial(100, 3), 1),
        ("NB dispersion 10, 100 a month", negative_binomial(100, 10),
         negative_binomial(100, 10), 1),
        ("NB dispersion 19, 100 a month", negative_binomial(100, 19),
         negative_binomial(100, 19), 1),
        ("NB dispersion 19, year against three", negative_binomial(100, 19),
         negative_binomial(100, 19), 3),
        ("Poisson, a real 15% rise (power)", poisson(50), poisson(57.5), 1),
        ("NB dispersion 3, a real 15% rise (power)", negative_binomial(100, 3),
         negative_binomial(115, 3), 1),
    ]
    print(f"{reps} pairs a scenario, seed {seed}, 5% level, two-sided")
    print(f"{'scenario':42} {'E-test':>7} {'policy':>7} {'quasi':>7} {'same':>6} {'disp':>5}")
    for i, (name, before, after, years) in enumerate(rows):
        start = time.perf_counter()
        e, auto, quasi, same, phi = scenario(before, after, years, reps, seed + i)
        took = time.perf_counter() - start
        print(f"{name:42} {e:7.3f} {auto:7.3f} {quasi:7.3f} {same:6.1%} {phi:5.1f}  "
              f"({took:.0f} s)")


def kent() -> None:
    from cspkit.analysis.trends import ASB, district_trends
    from cspkit.sources import load_lookup
    from cspkit.sources.police import load_police
    from cspkit.store import Store

    data = Path(os.environ.get("CSPKIT_SHARED_DATA",
                               Path(__file__).resolve().parents[1].parent / "shared" / "data"))
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "store")
        load_police(store, [data / "police" / "kent" / "street"])
        load_lookup(store, data / "geography" / "lookups" / "LSOA11_WD19_LAD19_EW_LU.csv")
        t = district_trends(store, "E07000110", "2021/22", quiet=True)
    asb = t.monthly[t.monthly["crime_type"] == ASB].set_index("month")["count"]
    base = ["2018-10", "2019-01", "2019-02", "2019-07", "2019-08", "2019-09", "2021-03"]
    same = ["2021-10", "2022-01", "2022-02", "2021-07", "2021-08", "2021-09", "2022-03"]
    b, a = asb[base].to_numpy(), asb[[m for m in asb.index if "2021-04" <= m <= "2022-03"]]
    old = poisson_means_test(int(a.sum()), 12, int(b.sum()), 7).pvalue
    lfl = count_test(b, asb[same].to_numpy(), method="quasi-poisson")
    row = t.comparisons.set_index(["crime_type", "comparison"]).loc[
        (ASB, "average of the three years before")]
    print("\nMaidstone ASB, 2021/22 against the 7 usable months of 2018/19 to 2020/21:")
    print(f"  before this policy: E-test of {int(b.sum())} in 7 months against "
          f"{int(a.sum())} in 12, p = {old:.1e}")
    y = np.concatenate([b, a.to_numpy()]).astype(float)
    x = np.column_stack([np.ones(len(y)), np.r_[np.zeros(len(b)), np.ones(len(a))]])
    pooled = sm.GLM(y, x, family=sm.families.Poisson()).fit(scale="X2")
    print(f"  quasi-Poisson of the 19 months, period effect only: p = {pooled.pvalues[1]:.2f}, "
          f"dispersion {pooled.scale:.1f}")
    print(f"  quasi-Poisson on the same 7 calendar months: p = {lfl.p_value:.2f}, "
          f"dispersion {lfl.dispersion:.1f}")
    print(f"  the policy: {row['result']}: {row['reason']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reps", type=int, default=500)
    parser.add_argument("--seed", type=int, default=2024)
    parser.add_argument("--kent", action="store_true")
    args = parser.parse_args()
    simulate(args.reps, args.seed)
    if args.kent:
        kent()


if __name__ == "__main__":
    main()
