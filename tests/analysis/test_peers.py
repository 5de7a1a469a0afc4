"""Peers: the funnel's limits, and Maidstone among the Kent districts (real data)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from cspkit.analysis.comparisons import ALL_CRIME
from cspkit.analysis.funnel import funnel, position
from cspkit.analysis.peers import PEER_COLUMNS, peer_rates
from cspkit.calendar import financial_year_months
from cspkit.errors import InputError
from cspkit.sources import load_lookup, load_population
from cspkit.sources.police import load_police
from cspkit.store import Store


def test_poisson_limits_by_hand() -> None:
    fun = funnel([100, 100], [10_000, 10_000], adjust="none")
    assert fun.target == pytest.approx(0.01) and fun.phi == pytest.approx(0.0)
    (lo,), (hi,) = fun.limits([10_000], 0.95)
    # sqrt(0.01) +/- 1.96 / (2 sqrt(10000)), squared
    assert lo == pytest.approx((0.1 - 1.959964 / 200) ** 2, rel=1e-6)
    assert hi == pytest.approx((0.1 + 1.959964 / 200) ** 2, rel=1e-6)
    assert position(fun, 100, 10_000) == "within the 95% limits"
    assert position(fun, 140, 10_000) == "above the 99.8% limit"
    assert position(fun, 80, 10_000) == "below the 95% limit"


def test_chance_alone_puts_about_one_area_in_twenty_outside_the_95_limits() -> None:
    rng = np.random.default_rng(11)
    pops = rng.integers(50_000, 300_000, 400)
    counts = rng.poisson(0.05 * pops)
    fun = funnel(counts, pops)
    assert fun.adjustment == "none"  # no overdispersion found
    outside = [position(fun, c, p) != "within the 95% limits" for c, p in zip(counts, pops,
                                                                             strict=True)]
    assert 0.02 <= np.mean(outside) <= 0.08


def test_overdispersed_rates_widen_the_limits() -> None:
    rng = np.random.default_rng(12)
    pops = rng.integers(50_000, 300_000, 40)
    counts = rng.poisson(0.05 * pops * rng.lognormal(0, 0.25, 40))
    fun = funnel(counts, pops)
    assert fun.adjustment == "additive" and fun.phi > 10 and fun.tau2 > 0
    plain = funnel(counts, pops, adjust="none")
    outside = sum(position(plain, c, p) != "within the 95% limits"
                  for c, p in zip(counts, pops, strict=True))
    adjusted = sum(position(fun, c, p) != "within the 95% limits"
                   for c, p in zip(counts, pops, strict=True))
    assert outside > 20 and adjusted <= 6
    assert fun.describe().startswith("limits widened for overdispersion by additive random "
                                     "effects (phi ")
    multi = funnel(counts, pops, adjust="multiplicative")
    assert multi.sd([100_000])[0] == pytest.approx(np.sqrt(multi.phi / 400_000))
    with pytest.raises(InputError, match="adjust='random'"):
        funnel(counts, pops, adjust="random")
    with pytest.raises(InputError, match="at least two areas"):
        funnel([1], [100])


@pytest.mark.shared_data
def test_maidstone_among_the_kent_districts(shared_data: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    load_police(store, [shared_data / "police" / "kent" / "street"])
    lookups = shared_data / "geography" / "lookups"
    load_lookup(store, lookups / "LSOA11_WD19_LAD19_EW_LU.csv")
    load_lookup(store, lookups / "LAD19_CSP19_PFA19_EW_LU.csv")
    load_lookup(store, lookups / "WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU.csv")
    load_population(store, shared_data / "population" / "mysociety_lsoa_population_mid2019_uk.csv")
    r = peer_rates(store, "E07000110", financial_year_months("2021/22"))
    assert list(r.table.columns) == list(PEER_COLUMNS)
    s = r.summary.set_index(["group", "crime_type"])
    kent = s.loc[("Kent police force area", ALL_CRIME)]
    # 15,816 crimes (the trends' count) over 171,826 residents (mid-2019)
    assert (kent["count"], kent["rank"], kent["of"]) == (15_816, 6, 13)
    assert kent["rate_per_1000"] == pytest.approx(1000 * 15_816 / 171_826)
    county = s.loc[("Kent county", ALL_CRIME)]
    assert (county["rank"], county["of"]) == (5, 12)  # Medway is a unitary authority
    t = r.table[(r.table["group"] == "Kent police force area")
                & (r.table["crime_type"] == ALL_CRIME)].sort_values("rank")
    assert t["lad_name"].iloc[0] == "Thanet" and t["lad_name"].iloc[-1] == "Tonbridge and Malling"
    assert r.sentence() == (
        "Maidstone's rate of crime (excluding ASB), 92.0 per 1,000 residents, is the 6th "
        "highest of the 13 districts of the Kent police force area (94.0 for the area as a "
        "whole): within the 95% limits of the funnel (Apr 2021 to Mar 2022; population 2019)."
    )
    assert kent["limits"].startswith("limits widened for overdispersion by additive random")
