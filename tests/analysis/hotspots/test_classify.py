"""hotspot_classify: persistent, emerging, former and intermittent hotspots over periods."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cspkit.analysis.hotspots import hotspot_classify
from cspkit.analysis.hotspots._classify import classify_history
from cspkit.errors import InputError

from .conftest import X0, Y0, xy_frame

H, _ = True, False


@pytest.mark.parametrize(
    ("history", "label"),
    [
        ([H, H, H, H], "persistent hotspot"),
        ([_, H, H, H], "persistent hotspot"),  # 3 of 4 incl. the last
        ([H, H, H, _], "former hotspot"),  # not in the last
        ([_, _, _, H], "emerging hotspot"),
        ([H, _, _, H], "intermittent hotspot"),  # earlier and recent, only 2 of 4
        ([_, H, _, H], "intermittent hotspot"),
        ([_, H, _, _], "former hotspot"),
        ([_, _, _, _], "no pattern"),
    ],
)
def test_the_rule_on_four_periods(history: list[bool], label: str) -> None:
    assert classify_history(np.array([history]), 0.75, 0.25).tolist() == [label]


def test_the_rule_on_eight_periods() -> None:
    # recent = the last round(0.25 * 8) = 2 periods; persistent needs 6 of 8 incl. the last
    hot = np.array(
        [
            [_, _, H, H, H, H, H, H],  # 6 of 8, last: persistent
            [_, _, _, _, _, _, H, _],  # only in the recent two: emerging
            [H, H, H, H, H, H, _, _],  # not recently: former
            [_, _, H, H, H, H, _, H],  # 5 of 8: intermittent
        ]
    )
    assert classify_history(hot, 0.75, 0.25).tolist() == [
        "persistent hotspot",
        "emerging hotspot",
        "former hotspot",
        "intermittent hotspot",
    ]


def test_clusters_over_four_years(capsys: pytest.CaptureFixture[str]) -> None:
    rng = np.random.default_rng(4)
    years = ["2018/19", "2019/20", "2020/21", "2021/22"]
    # cells (col, row) of 100 m in a 2 km square: which years each cluster is present
    clusters = {
        (4, 4): years,  # persistent
        (15, 4): years[3:],  # emerging
        (4, 15): years[:2],  # former
        (15, 15): [years[0], years[3]],  # intermittent
    }
    frames = []
    for year in years:
        even = rng.uniform(1, 1999, size=(120, 2))
        frames.append(xy_frame(X0 + even[:, 0], Y0 + even[:, 1]).assign(year=year))
        for (col, row), present in clusters.items():
            if year in present:
                pts = rng.uniform(10, 90, size=(25, 2))
                frames.append(
                    xy_frame(X0 + col * 100 + pts[:, 0], Y0 + row * 100 + pts[:, 1]).assign(
                        year=year
                    )
                )
    points = pd.concat(frames, ignore_index=True)
    out = hotspot_classify(points, periods_column="year", cell_size=100, neighbours=1)
    assert out.attrs["periods"] == years
    by_cell = out.set_index("cell_id")
    got = {cell: by_cell.loc[cell[1] * 20 + cell[0], "classification"] for cell in clusters}
    assert got == {
        (4, 4): "persistent hotspot",
        (15, 4): "emerging hotspot",
        (4, 15): "former hotspot",
        (15, 15): "intermittent hotspot",
    }
    assert by_cell.loc[4 * 20 + 4, "pattern"] == "HHHH"
    assert by_cell.loc[15 * 20 + 15, "pattern"] == "H..H"
    assert by_cell.loc[4 * 20 + 4, "periods_hot"] == 4
    assert out["n"].sum() == len(points)
    err = capsys.readouterr().err
    assert (
        "Periods (4, oldest first): 2018/19, 2019/20, 2020/21, 2021/22; a cell is hot in a "
        "period when its Gi* z > 0 and p < 0.05; the last 1 period(s) are recent.\n"
    ) in err


def test_needs_two_periods() -> None:
    points = xy_frame([X0 + 10, X0 + 20], [Y0 + 10, Y0 + 20]).assign(period="2021/22")
    with pytest.raises(InputError) as exc:
        hotspot_classify(points, cell_size=100, quiet=True)
    assert str(exc.value) == (
        "hotspot_classify(): column 'period' of `points` holds 1 period(s) (2021/22); "
        "classifying needs at least two. Give points from several periods, e.g. a column of "
        "financial years '2019/20', '2020/21'"
    )
    with pytest.raises(InputError) as exc:
        hotspot_classify(points, periods_column="year", cell_size=100, quiet=True)
    assert str(exc.value) == (
        "hotspot_classify(): `points` has no column 'year'; its columns are 'x', 'y', 'period'. "
        "Give the column that holds each point's period, e.g. periods_column='financial_year'"
    )


def test_ordered_categories_keep_their_order() -> None:
    rng = np.random.default_rng(5)
    xy = rng.uniform(1, 999, size=(40, 2))
    order = ["spring", "summer", "autumn"]
    period = pd.Categorical(rng.choice(order, 40), categories=order, ordered=True)
    points = xy_frame(X0 + xy[:, 0], Y0 + xy[:, 1]).assign(period=period)
    out = hotspot_classify(points, cell_size=100, neighbours=1, quiet=True)
    assert out.attrs["periods"] == order
