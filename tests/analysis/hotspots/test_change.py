"""hotspot_change: two periods on one grid, the change and the Poisson E-test per cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.stats import poisson_means_test

from cspkit.analysis.hotspots import HotspotOptions, hotspot_change

from .conftest import X0, Y0, xy_frame


def _at(cell: tuple[int, int], k: int, rng: np.random.Generator) -> pd.DataFrame:
    """k points inside the 100 m cell (col, row)."""
    col, row = cell
    return xy_frame(X0 + col * 100 + rng.uniform(5, 95, k), Y0 + row * 100 + rng.uniform(5, 95, k))


@pytest.fixture
def periods() -> tuple[pd.DataFrame, pd.DataFrame]:
    rng = np.random.default_rng(2)
    # cell A (0, 0): 10 -> 30; cell B (3, 2): 5 -> 5; cell C (1, 1): 12 -> 0
    before = pd.concat([_at((0, 0), 10, rng), _at((3, 2), 5, rng), _at((1, 1), 12, rng)])
    after = pd.concat([_at((0, 0), 30, rng), _at((3, 2), 5, rng)])
    return before, after


def test_counts_change_and_significance(periods: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    before, after = periods
    out = hotspot_change(before, after, cell_size=100, quiet=True).set_index("cell_id")
    # one grid for both periods: 3 rows x 4 cols from the points of both
    assert out.index.tolist() == list(range(12))
    a, b, c = out.loc[0], out.loc[2 * 4 + 3], out.loc[1 * 4 + 1]
    assert (a["n_before"], a["n_after"], a["change"]) == (10, 30, 20)
    assert (b["n_before"], b["n_after"], b["change"]) == (5, 5, 0)
    assert (c["n_before"], c["n_after"], c["change"]) == (12, 0, -12)
    assert a["pvalue"] == pytest.approx(poisson_means_test(10, 1, 30, 1).pvalue)
    assert c["pvalue"] == pytest.approx(poisson_means_test(12, 1, 0, 1).pvalue)
    assert a["classification"] == "significant increase"
    assert b["classification"] == "no significant change"
    assert c["classification"] == "significant decrease"
    empty = out[(out["n_before"] == 0) & (out["n_after"] == 0)]
    assert (empty["pvalue"] == 1).all()
    assert out["n_before"].sum() == len(before) and out["n_after"].sum() == len(after)


def test_periods_of_different_lengths(periods: tuple[pd.DataFrame, pd.DataFrame]) -> None:
    before, after = periods
    opts = HotspotOptions(exposure=(1.0, 3.0))  # the after period is three times as long
    out = hotspot_change(before, after, cell_size=100, quiet=True, options=opts)
    a = out.set_index("cell_id").loc[0]
    assert a["pvalue"] == pytest.approx(poisson_means_test(10, 1, 30, 3).pvalue)
    assert a["classification"] == "no significant change"  # same rate: 10 a period


def test_announced(
    periods: tuple[pd.DataFrame, pd.DataFrame], capsys: pytest.CaptureFixture[str]
) -> None:
    hotspot_change(*periods, cell_size=100)
    assert capsys.readouterr().err == (
        "Change tested in each cell by the Poisson E-test (scipy.stats.poisson_means_test), "
        "two-sided, for periods of equal length; significant at p < 0.05, not adjusted for "
        "multiple testing (up to 5% of cells with incidents could be significant at 95% by "
        "chance alone; use HotspotOptions(p_adjust='fdr') to control the false discovery rate).\n"
    )
    hotspot_change(*periods, cell_size=100, quiet=True)
    assert capsys.readouterr().err == ""
