"""hotspot_gistar: equal to esda's G_Local on the same grid and weights; seeds; labels."""

from __future__ import annotations

import warnings
from typing import Any

import numpy as np
import pandas as pd
import pytest
from esda.getisord import G_Local
from esda.significance import calculate_significance
from libpysal.weights import lat2W
from scipy import stats

from cspkit.analysis.hotspots import HotspotOptions, hotspot_gistar
from cspkit.analysis.hotspots._gistar import classify_gistar

SEED = 11
PERMUTE = HotspotOptions(pvalue="permutation")


def _esda(n: np.ndarray, nrows: int, ncols: int, seed: int, permutations: int = 999) -> G_Local:
    """esda's own Gi* on the counts, with queen weights built by libpysal for the lattice."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return G_Local(
            n.astype(float),
            lat2W(nrows, ncols, rook=False),
            transform="B",
            star=True,
            permutations=permutations,
            seed=seed,
            keep_simulations=True,
        )


def test_equals_esda_on_the_same_grid_and_weights(cluster_points: pd.DataFrame) -> None:
    out = hotspot_gistar(
        cluster_points, cell_size=100, neighbours=1, seed=SEED, quiet=True, options=PERMUTE
    )
    assert len(out) == 400 and out["cell_id"].tolist() == list(range(400))
    g = _esda(out["n"].to_numpy(), 20, 20, SEED)
    assert np.allclose(out["gistar"], g.Zs, equal_nan=True)
    greater = calculate_significance(g.Gs, g.rGs, alternative="greater")
    lesser = calculate_significance(g.Gs, g.rGs, alternative="lesser")
    assert np.allclose(out["pvalue"], np.minimum(1, 2 * np.minimum(greater, lesser)))
    folded = hotspot_gistar(
        cluster_points,
        cell_size=100,
        neighbours=1,
        seed=SEED,
        quiet=True,
        options=HotspotOptions(pvalue="permutation", alternative="folded"),
    )
    assert np.allclose(folded["pvalue"], calculate_significance(g.Gs, g.rGs, "folded"))


def test_default_pvalues_from_the_z_scores(cluster_points: pd.DataFrame) -> None:
    out = hotspot_gistar(cluster_points, cell_size=100, neighbours=1, quiet=True)
    g = _esda(out["n"].to_numpy(), 20, 20, SEED, permutations=0)
    assert np.allclose(out["gistar"], g.Zs)
    assert np.allclose(out["pvalue"], 2 * stats.norm.sf(np.abs(g.Zs)))


def test_the_cluster_is_the_hottest_spot(cluster_points: pd.DataFrame) -> None:
    out = hotspot_gistar(cluster_points, cell_size=100, neighbours=1, quiet=True)
    cluster = out.set_index("cell_id").loc[10 * 20 + 10]  # row 10, col 10: (1,000, 1,000)
    assert cluster["classification"] == "hot spot 99%"
    # Gi* sums neighbourhoods: the highest z is the cluster's cell or one next to it, and every
    # hot spot has the cluster in its neighbourhood
    top = int(out.loc[out["gistar"].idxmax(), "cell_id"])
    assert abs(top // 20 - 10) <= 1 and abs(top % 20 - 10) <= 1
    hot = out.loc[out["classification"] != "not significant", "cell_id"]
    assert len(hot) == 9
    assert ((abs(hot // 20 - 10) <= 1) & (abs(hot % 20 - 10) <= 1)).all()


def test_conditional_permutation_misses_a_lone_dense_cell(cluster_points: pd.DataFrame) -> None:
    """Why permutation p-values are not the default (see cspkit.analysis.hotspots._gistar)."""
    out = hotspot_gistar(cluster_points, cell_size=100, neighbours=1, quiet=True, options=PERMUTE)
    cluster = out.set_index("cell_id").loc[210]
    assert cluster["n"] == 60 and cluster["gistar"] > 6
    assert cluster["pvalue"] > 0.5


def test_determinism_with_a_seed(cluster_points: pd.DataFrame) -> None:
    kw: dict[str, Any] = {"cell_size": 100, "neighbours": 1, "quiet": True, "options": PERMUTE}
    np.random.seed(123)
    before = np.random.random()
    np.random.seed(123)
    a = hotspot_gistar(cluster_points, seed=5, **kw)
    assert np.random.random() == before  # esda's seeding leaves the global generator alone
    b = hotspot_gistar(cluster_points, seed=5, **kw)
    c = hotspot_gistar(cluster_points, seed=6, **kw)
    pd.testing.assert_frame_equal(a, b)
    assert not np.array_equal(a["pvalue"], c["pvalue"])
    assert np.array_equal(a["gistar"], c["gistar"], equal_nan=True)


def test_wider_neighbourhoods(cluster_points: pd.DataFrame) -> None:
    out = hotspot_gistar(cluster_points, cell_size=100, neighbours=2, seed=SEED, quiet=True)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from libpysal.weights import W

        # the 24 cells within two king's moves, built by hand
        neighbours = {
            r * 20 + c: [
                rr * 20 + cc
                for rr in range(max(r - 2, 0), min(r + 3, 20))
                for cc in range(max(c - 2, 0), min(c + 3, 20))
                if (rr, cc) != (r, c)
            ]
            for r in range(20)
            for c in range(20)
        }
        g = G_Local(
            out["n"].to_numpy(float), W(neighbours), transform="B", star=True, permutations=0
        )
    assert np.allclose(out["gistar"], g.Zs)


def test_multiple_testing_adjustments(cluster_points: pd.DataFrame) -> None:
    kw: dict[str, Any] = {"cell_size": 100, "neighbours": 1, "seed": SEED, "quiet": True}
    raw = hotspot_gistar(cluster_points, **kw)["pvalue"].to_numpy()
    fdr = hotspot_gistar(cluster_points, options=HotspotOptions(p_adjust="fdr"), **kw)
    bonf = hotspot_gistar(cluster_points, options=HotspotOptions(p_adjust="bonferroni"), **kw)
    assert (fdr["classification"] != "not significant").sum() <= (raw < 0.1).sum()
    assert np.allclose(fdr["pvalue"], stats.false_discovery_control(raw, method="bh"))
    assert np.allclose(bonf["pvalue"], np.minimum(raw * 400, 1))


def test_classification_labels() -> None:
    z = np.array([3.0, 2.0, 1.7, 0.5, -1.7, -2.0, -3.0, 2.0, np.nan])
    p = np.array([0.005, 0.03, 0.08, 0.5, 0.08, 0.03, 0.005, 0.2, np.nan])
    assert classify_gistar(z, p).tolist() == [
        "hot spot 99%",
        "hot spot 95%",
        "hot spot 90%",
        "not significant",
        "cold spot 90%",
        "cold spot 95%",
        "cold spot 99%",
        "not significant",
        "not significant",
    ]


def test_announcements(cluster_points: pd.DataFrame, capsys: pytest.CaptureFixture[str]) -> None:
    hotspot_gistar(cluster_points, cell_size=100)
    assert capsys.readouterr().err == (
        "Neighbours set to queen contiguity automatically: the 8 cells around each cell, and "
        "the cell itself (Gi*).\n"
        "Gi* p-values from the z-scores (normal approximation, two-sided), not adjusted for "
        "multiple testing: of 400 cells about 5% would be significant at 95% by chance alone; "
        "use HotspotOptions(p_adjust='fdr') to control the false discovery rate.\n"
    )
    opts = HotspotOptions(pvalue="permutation", p_adjust="fdr")
    hotspot_gistar(cluster_points, cell_size=100, neighbours=1, seed=7, options=opts)
    assert capsys.readouterr().err == (
        "Gi* p-values from 999 conditional permutations (esda, seed 7), two-sided, adjusted "
        "for 400 tests (Benjamini-Hochberg false discovery rate).\n"
    )
    hotspot_gistar(cluster_points, cell_size=100, quiet=True)
    assert capsys.readouterr().err == ""


@pytest.mark.shared_data
def test_maidstone_town_centre_is_the_hot_spot(
    maidstone: tuple[pd.DataFrame, Any],
) -> None:
    crimes, wards = maidstone
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the one point outside the generalised ward outlines
        out = hotspot_gistar(crimes, area=wards, quiet=True)
    assert out.attrs["cell_size"] == 250
    fullest = out.loc[out["n"].idxmax()]
    assert fullest["classification"] == "hot spot 99%"
    hot = out[out["classification"] == "hot spot 99%"]
    # the hot spots hold a large share of the crimes on a small share of the district
    assert hot["n"].sum() > 0.3 * out["n"].sum()
    assert hot.geometry.area.sum() < 0.05 * out.geometry.area.sum()
    assert not (out["classification"].str.startswith("cold")).any()
