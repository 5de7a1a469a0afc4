"""Before/after evaluation: the WDD on hand-computed examples, the E-test and the verdict."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd
import pytest
from pyproj import Transformer
from scipy.stats import poisson_means_test

from cspkit.analysis.places import FORMULA, before_after, buffer_zone, wdd
from cspkit.errors import GeographyError, InputError

from .conftest import grid


def test_wdd_of_the_paper_example() -> None:
    # Wheeler and Ratcliffe (2018): treated 207 -> 110, control 308 -> 318, displacement
    # 178 -> 157, displacement control 150 -> 140
    r = wdd((207, 110), (308, 318), (178, 157), (150, 140), alpha=0.05)
    assert r.local == (110 - 207) - (318 - 308) == -107
    assert r.displacement == (157 - 178) - (140 - 150) == -11
    assert r.wdd == -118
    assert r.variance == 207 + 110 + 308 + 318 + 178 + 157 + 150 + 140 == 1568
    assert r.se == pytest.approx(math.sqrt(1568))
    assert round(r.z, 2) == -2.98
    assert (round(r.ci_low), round(r.ci_high)) == (-196, -40)
    assert r.local_se == pytest.approx(math.sqrt(207 + 110 + 308 + 318))


@pytest.mark.parametrize(
    ("args", "local", "disp", "total"),
    [
        (((20, 10), (20, 20)), -10, 0, -10),
        (((20, 20), (20, 20), (20, 10), (20, 20)), 0, -10, -10),
        (((20, 10), (20, 20), (20, 10), (20, 20)), -10, -10, -20),
        (((10, 10), (30, 15), (5, 9)), 15, 4, 19),
    ],
)
def test_wdd_parts_by_hand(args: tuple, local: int, disp: int, total: int) -> None:
    r = wdd(*args)
    assert (r.local, r.displacement, r.wdd) == (local, disp, total)
    assert r.variance == sum(sum(a) for a in args)
    assert r.p == pytest.approx(2 * (1 - 0.5 * (1 + math.erf(abs(r.z) / math.sqrt(2)))))


def test_wdd_checks() -> None:
    with pytest.raises(InputError) as err:
        wdd((10, -1), (5, 5))
    assert str(err.value) == (
        "wdd: target=(10, -1) has a negative count; counts are 0 or more"
    )
    with pytest.raises(InputError) as err:
        wdd((10, 5), (5, 5), None, (3, 3))
    assert str(err.value) == "wdd: buffer_comparison is given without buffer; give both or neither"
    assert wdd((0, 0), (0, 0)).p == 1.0


def rows_for(counts: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Street rows: for each ward, ``before`` rows in 2021-04..06 and ``after`` in 2021-07..09."""
    out = []
    for ward, (b, a) in counts.items():
        for i in range(b):
            out.append((ward, f"2021-0{4 + i % 3}", "Anti-social behaviour"))
        for i in range(a):
            out.append((ward, f"2021-0{7 + i % 3}", "Anti-social behaviour"))
    out.append(("E05000001", "2021-08", "Burglary"))
    return pd.DataFrame(out, columns=["ward_code", "month", "crime_type"])


PERIODS: dict[str, Any] = {"before": ("2021-04", "2021-06"), "after": ("2021-07", "2021-09")}


def test_before_after_counts_tests_and_verdict() -> None:
    rows = rows_for({"E05000001": (207, 110), "E05000002": (308, 318), "E05000003": (178, 157),
                     "E05000004": (150, 140)})
    ev = before_after(rows, target=["E05000001"], comparison=["E05000002"],
                      buffer=["E05000003"], buffer_comparison=["E05000004"],
                      crime_types=["Anti-social behaviour"], alpha=0.05, **PERIODS)
    assert ev.counts[["role", "before", "after"]].values.tolist() == [
        ["target", 207, 110], ["comparison", 308, 318], ["buffer", 178, 157],
        ["buffer_comparison", 150, 140]]
    assert ev.wdd.wdd == -118
    expected = poisson_means_test(110, 3, 207, 3)
    assert ev.etest_p == pytest.approx(expected.pvalue)
    assert ev.verdict == (
        "Net of the comparison area and of displacement to the buffer, crime in the target area "
        "fell by 118 more than expected: a statistically significant fall (WDD = -118, "
        "z = -2.98, p = 0.003, 0.05 level). Against the comparison area alone, crime in the "
        "target area fell by 107 more: statistically significant (p < 0.001). The buffer shows "
        "no significant displacement (-11, p = 0.660). In the target area alone, crime went "
        "from 207 to 110 (Poisson E-test p < 0.001)."
    )
    assert ev.wdd.alpha == 0.05  # the product's one level, unless set
    rtm = before_after(rows, target=["E05000001"], comparison=["E05000002"],
                       crime_types=["Anti-social behaviour"], chosen_for_high_crime=True,
                       **PERIODS)
    assert rtm.verdict.endswith(
        "The target area was chosen for its high crime, so part of any fall may be regression "
        "to the mean: unusually high counts tend to fall back by themselves. The comparison "
        "area allows for this only if it was chosen the same way.")
    assert rtm.to_record()["chosen_for_high_crime"] is True
    assert ev.formula == FORMULA and "Wheeler and Ratcliffe (2018)" in FORMULA


@pytest.mark.parametrize(
    ("counts", "verdict"),
    [
        # WDD = (52 - 50) - (49 - 50) + (41 - 40) = 4; Var = 282; z = 4 / 16.79 = 0.24
        ({"E05000001": (50, 52), "E05000002": (50, 49), "E05000003": (40, 41)},
         "Net of the comparison area and of displacement to the buffer, the change in the "
         "target area is within what chance explains: no significant change (WDD = +4, "
         "z = 0.24, p = 0.812, 0.05 level). Against the comparison area alone, crime in the "
         "target area rose by 3 more: not significant (p = 0.832). The buffer shows no "
         "significant displacement (+1, p = 0.912) (the buffer had no comparison area). In the "
         "target area alone, crime went from 50 to 52 (Poisson E-test p = 0.842)."),
        # WDD = -40 - 0 + 60 = 20; Var = 520; z = 20 / 22.80 = 0.88: the words follow the WDD,
        # not the local fall
        ({"E05000001": (100, 60), "E05000002": (100, 100), "E05000003": (50, 110)},
         "Net of the comparison area and of displacement to the buffer, the change in the "
         "target area is within what chance explains: no significant change (WDD = +20, "
         "z = 0.88, p = 0.380, 0.05 level). Against the comparison area alone, crime in the "
         "target area fell by 40 more: statistically significant (p = 0.035). The buffer shows "
         "displacement (+60, p < 0.001) (the buffer had no comparison area). In the target area "
         "alone, crime went from 100 to 60 (Poisson E-test p = 0.002)."),
        # WDD = 60 - 0 - 60 = 0
        ({"E05000001": (60, 120), "E05000002": (100, 100), "E05000003": (100, 40)},
         "Net of the comparison area and of displacement to the buffer, the change in the "
         "target area is within what chance explains: no significant change (WDD = +0, "
         "z = 0.00, p = 1.000, 0.05 level). Against the comparison area alone, crime in the "
         "target area rose by 60 more: statistically significant (p = 0.002). The buffer shows "
         "a diffusion of benefits (-60, p < 0.001) (the buffer had no comparison area). In the "
         "target area alone, crime went from 60 to 120 (Poisson E-test p < 0.001)."),
    ],
)
def test_verdicts(counts: dict[str, tuple[int, int]], verdict: str) -> None:
    ev = before_after(rows_for(counts), target=["E05000001"], comparison=["E05000002"],
                      buffer=["E05000003"], crime_types=["Anti-social behaviour"], **PERIODS)
    assert ev.verdict == verdict


def test_without_a_buffer() -> None:
    ev = before_after(rows_for({"E05000001": (30, 10), "E05000002": (30, 30)}),
                      target=["E05000001"], comparison=["E05000002"], **PERIODS)
    assert ev.counts["role"].tolist() == ["target", "comparison"]
    assert ev.counts["before"].tolist() == [30, 30]  # the burglary is in 2021-08
    assert ev.counts["after"].tolist() == [11, 30]
    assert "No displacement buffer was given." in ev.verdict


def test_areas_as_polygons() -> None:
    wards = grid(3)  # 3 x 3 km squares; target is the middle one
    to_ll = Transformer.from_crs("EPSG:27700", "EPSG:4326", always_xy=True)
    pts = [  # (x, y, month): two in the target before, one after; one in the 400 m ring before
        (501_500, 151_500, "2021-04"), (501_600, 151_400, "2021-05"), (501_500, 151_700, "2021-08"),
        (501_500, 150_800, "2021-04"), (500_100, 150_100, "2021-07"),
    ]
    lon, lat = to_ll.transform([p[0] for p in pts], [p[1] for p in pts])
    rows = pd.DataFrame({"longitude": lon, "latitude": lat, "month": [p[2] for p in pts],
                         "crime_type": "Burglary", "ward_code": "x"})
    target = wards.loc[wards["code"] == "r1c1"].geometry.iloc[0]
    ring = buffer_zone(wards, ["r1c1"], 400)
    assert ring.area == pytest.approx((1800**2 - 1000**2) - (4 - np.pi) * 400**2, rel=1e-3)
    ev = before_after(rows, target=target, comparison=wards.geometry.iloc[0], buffer=ring,
                      **PERIODS)
    assert ev.counts[["before", "after"]].values.tolist() == [[2, 1], [0, 1], [1, 0]]


def test_before_after_checks() -> None:
    rows = rows_for({"E05000001": (3, 3), "E05000002": (3, 3)})
    with pytest.raises(GeographyError) as err1:
        before_after(rows, target=["E05000009"], comparison=["E05000002"], **PERIODS)
    assert str(err1.value) == (
        "before_after: target area code(s) E05000009 are not in the rows' ward_code; check the "
        "codes"
    )
    with pytest.raises(GeographyError) as err2:
        before_after(rows, target=["E05000001"], comparison=["E05000003"],
                     areas=["E05000001", "E05000002"], **PERIODS)
    assert str(err2.value) == (
        "before_after: comparison area code(s) E05000003 are not among the areas given; check "
        "the codes"
    )
    with pytest.raises(InputError) as err3:
        before_after(rows, target=["E05000001"], comparison=["E05000002"],
                     before=("2021-01", "2021-06"), after=("2021-07", "2021-09"))
    assert str(err3.value) == (
        "before_after: before has 6 months and after 3; the WDD compares counts over periods of "
        "the same length: make them equal"
    )
    with pytest.raises(InputError) as err4:
        before_after(rows, target=["E05000001"], comparison=["E05000001"], **PERIODS)
    assert str(err4.value) == (
        "before_after: area(s) E05000001 are in both target and comparison; each area may play "
        "one part"
    )
    with pytest.raises(InputError) as err5:
        before_after(rows, target="E05000001", comparison=["E05000002"], **PERIODS)
    assert str(err5.value) == (
        "before_after: target='E05000001' must be a list of area codes, e.g. "
        "target=['E05000001']"
    )
    with pytest.raises(InputError) as err6:
        before_after(rows, target=["E05000001"], comparison=["E05000002"],
                     before=("2021-4", "2021-06"), after=("2021-07", "2021-09"))
    assert str(err6.value) == "before_after: before month '2021-4' is not a month; write YYYY-MM"


def test_rows_without_the_area_column() -> None:
    rows = rows_for({"E05000001": (3, 3)}).drop(columns="ward_code")
    with pytest.raises(InputError) as err:
        before_after(rows, target=["E05000001"], comparison=["E05000002"], **PERIODS)
    assert str(err.value) == (
        "before_after: rows lack column(s) 'ward_code'; give street rows with month, crime_type "
        "and the area column (e.g. assign_district_wards(...))"
    )


def test_the_record_a_case_keeps_is_json_and_complete() -> None:
    import json

    rows = rows_for({"E05000001": (207, 110), "E05000002": (308, 318), "E05000003": (0, 4)})
    ev = before_after(rows, target=["E05000001"], comparison=["E05000002"],
                      buffer=["E05000003"], crime_types=["Anti-social behaviour"], **PERIODS)
    record = json.loads(json.dumps(ev.to_record()))
    assert record["before"] == ["2021-04", "2021-06"] and record["after"] == ["2021-07", "2021-09"]
    assert record["crime_types"] == ["Anti-social behaviour"]
    assert record["counts"] == [
        {"role": "target", "before": 207, "after": 110, "change": -97, "percent_change": -46.9},
        {"role": "comparison", "before": 308, "after": 318, "change": 10, "percent_change": 3.2},
        {"role": "buffer", "before": 0, "after": 4, "change": 4, "percent_change": None},
    ]
    assert record["wdd"]["wdd"] == ev.wdd.wdd == -97 - 10 + 4
    assert record["wdd"]["p"] == round(ev.wdd.p, 4)
    assert record["verdict"] == ev.verdict and record["formula"] == FORMULA
