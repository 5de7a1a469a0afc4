"""The need index on hand-made tables, with area indicators joined to them."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from cspkit.analysis.places import (
    RANK_COLUMNS,
    FocusAreas,
    FocusParams,
    NeedInput,
    add_indicators,
)
from cspkit.errors import GeographyError, InputError
from cspkit.sources import INDICATOR_COLUMNS, read_indicators


@pytest.fixture
def table() -> pd.DataFrame:
    # district: 60 ASB in 6,000 people = 10 per 1,000; mean deprivation (pop-weighted) 40
    return pd.DataFrame(
        {
            "name": ["Alpha", "Beta", "Gamma"],
            "population": [1000, 2000, 3000],
            "asb": [30, 20, 10],
            "dep": [80.0, 40.0, 26.6666667],
        },
        index=pd.Index(["E05000001", "E05000002", "E05000003"], name="area_code"),
    )


INPUTS = (NeedInput("asb", label="ASB"), NeedInput("dep", kind="rate", label="deprivation"))


def test_indices_scores_and_reasons_by_hand(table: pd.DataFrame) -> None:
    ranked = FocusAreas(table, FocusParams(INPUTS, top_n=1), seed=1).rank()
    assert tuple(ranked.columns[: len(RANK_COLUMNS)]) == RANK_COLUMNS
    alpha = ranked.set_index("area_code").loc["E05000001"]
    # ASB: 30 per 1,000 against 10 -> 300; deprivation 80 against 40 -> 200; mean 250
    assert alpha["index_asb"] == pytest.approx(300.0)
    assert alpha["index_dep"] == pytest.approx(200.0)
    assert alpha["score"] == pytest.approx(250.0)
    assert alpha["contribution_asb"] == pytest.approx(100.0)
    assert alpha["top_inputs"] == "ASB 300 (+100.0), deprivation 200 (+50.0)"
    assert list(ranked["area_code"]) == ["E05000001", "E05000002", "E05000003"]
    assert list(ranked["rank"]) == [1, 2, 3]
    assert list(ranked["shortlisted"]) == [True, False, False]
    gamma = ranked.set_index("area_code").loc["E05000003"]
    assert gamma["top_inputs"] == "none above the district average"


def test_weights_move_the_score(table: pd.DataFrame) -> None:
    heavy = (NeedInput("asb", weight=3.0), NeedInput("dep", kind="rate", weight=1.0))
    ranked = FocusAreas(table, FocusParams(heavy), seed=1).rank().set_index("area_code")
    assert ranked.loc["E05000001", "score"] == pytest.approx((3 * 300 + 200) / 4)


def test_rank_stability_is_reported_and_seeded() -> None:
    # two areas that trade places as the weights change, one always last
    t = pd.DataFrame({"population": [100, 100, 100], "a": [30, 10, 5], "b": [10, 29, 5]},
                     index=["E05000001", "E05000002", "E05000003"])
    params = FocusParams((NeedInput("a"), NeedInput("b")), draws=2000, weight_range=0.5)
    one = FocusAreas(t, params, seed=3).rank().set_index("area_code")
    two = FocusAreas(t, params, seed=3).rank().set_index("area_code")
    pd.testing.assert_frame_equal(one, two)
    assert one.loc["E05000001", "rank_low"] == 1 and one.loc["E05000001", "rank_high"] == 2
    assert one.loc["E05000003", "rank_median"] == 3 and one.loc["E05000003", "rank_low"] == 3
    fixed = FocusAreas(t, FocusParams(params.inputs, weight_range=0.0), seed=3).rank()
    assert (fixed["rank_low"] == fixed["rank_high"]).all()


def test_focus_input_errors(table: pd.DataFrame) -> None:
    with pytest.raises(InputError) as err:
        FocusAreas(table, FocusParams((NeedInput("marac"),)))
    assert str(err.value) == (
        "FocusAreas: input column(s) 'marac' are not in the table; its columns are 'name', "
        "'population', 'asb', 'dep'"
    )
    gap = table.assign(dep=[80.0, float("nan"), 20.0])
    with pytest.raises(InputError) as err:
        FocusAreas(gap, FocusParams(INPUTS))
    assert str(err.value) == (
        "FocusAreas: input 'dep' is missing for 1 area(s) (E05000002); give a value for every "
        "area or leave the input out"
    )
    with pytest.raises(InputError) as err:
        FocusAreas(table.drop(columns="population"), FocusParams(INPUTS))
    assert str(err.value) == (
        "FocusAreas: count inputs need a positive 'population' for every area; 3 area(s) lack "
        "one (E05000001, E05000002, E05000003). Add the population column (e.g. from "
        "population_by) or give those inputs as kind='rate'"
    )
    with pytest.raises(InputError) as err:
        NeedInput("asb", kind="share")
    assert str(err.value) == (
        "NeedInput: kind='share' is not one of 'count', 'rate'; pass one of them"
    )
    with pytest.raises(InputError) as err:
        FocusParams(INPUTS, weight_range=1.5)
    assert str(err.value) == (
        "FocusParams: weight_range=1.5 must be from 0 to under 1 (0.5 varies each weight by "
        "±50%)"
    )


# -- the indicator CSV --------------------------------------------------------------------------
def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "indicators.csv"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = (
    "area_code,indicator,value,period,source\n"
    "E05000001,MARAC referrals,12,2021/22,Kent MARAC\n"
    "E05000002,MARAC referrals,4,2021/22,Kent MARAC\n"
    "E05000003,MARAC referrals,2,2021/22,Kent MARAC\n"
    "E05000001,MARAC referrals,9,2020/21,Kent MARAC\n"
    "E05000001,Self-harm admissions,250.5,2016-21,OHID\n"
    "E05000002,Self-harm admissions,120,2016-21,OHID\n"
    "E05000003,Self-harm admissions,80,2016-21,OHID\n"
    "E09999999,Self-harm admissions,80,2016-21,OHID\n"
)


def test_read_and_add_indicators(tmp_path: Path, table: pd.DataFrame) -> None:
    ind = read_indicators(write(tmp_path, GOOD))
    assert tuple(ind.columns) == INDICATOR_COLUMNS
    assert ind["value"].dtype == float and len(ind) == 8
    out = add_indicators(table, ind)
    assert list(out["ind_marac_referrals"]) == [12, 4, 2]  # the latest period, 2021/22
    assert out.attrs["indicators"]["ind_marac_referrals"] == {
        "indicator": "MARAC referrals", "period": "2021/22", "source": ["Kent MARAC"]}
    older = add_indicators(table, ind, period={"MARAC referrals": "2020/21"})
    assert older["ind_marac_referrals"].isna().sum() == 2
    ranked = FocusAreas(out, FocusParams((NeedInput("ind_marac_referrals"),
                                          NeedInput("ind_self_harm_admissions", kind="rate"))),
                        seed=1).rank()
    assert ranked.iloc[0]["area_code"] == "E05000001"


def test_indicators_of_other_areas_only(tmp_path: Path, table: pd.DataFrame) -> None:
    ind = read_indicators(write(tmp_path, "area_code,indicator,value,period,source\n"
                                          "E05999999,MARAC,3,2021/22,X\n"))
    with pytest.raises(GeographyError) as err:
        add_indicators(table, ind)
    assert str(err.value) == (
        "add_indicators: none of the indicator file's 1 area codes (E05999999) is among the "
        "table's 3 areas (E05000001, E05000002, E05000003); use indicators of the same areas "
        "and vintage"
    )
