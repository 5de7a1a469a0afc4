"""Disclosure control: primary and secondary suppression of small sensitive counts."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cspkit.analysis.disclosure import (
    SUPPRESSION_RULE,
    DisclosureRules,
    is_below_district,
    suppress_small_counts,
)
from cspkit.errors import InputError

VSO = "Violence and sexual offences"


def long(cells: dict[str, dict[str, int]], category: str = "crime_type") -> pd.DataFrame:
    return pd.DataFrame(
        [(a, c, v) for a, row in cells.items() for c, v in row.items()],
        columns=["area_code", category, "count"],
    )


def grid(out: pd.DataFrame, col: str = "shown", category: str = "crime_type") -> dict:
    return out.pivot(index="area_code", columns=category, values=col).to_dict("index")


def test_primary_and_secondary_suppression_known_answer() -> None:
    table = long({
        "E05000001": {VSO: 3, "Burglary": 7, "Shoplifting": 20},
        "E05000002": {VSO: 12, "Burglary": 5, "Shoplifting": 9},
        "E05000003": {VSO: 0, "Burglary": 2, "Shoplifting": 30},
        "E07000110": {VSO: 2, "Burglary": 14, "Shoplifting": 59},
    })
    out = suppress_small_counts(table)
    assert "count" not in out.columns  # hidden numbers cannot leak
    assert grid(out) == {
        "E05000001": {"Burglary": "*", "Shoplifting": "20", VSO: "*"},
        "E05000002": {"Burglary": "*", "Shoplifting": "*", VSO: "*"},
        "E05000003": {"Burglary": "*", "Shoplifting": "*", VSO: "0"},  # zero is shown
        "E07000110": {"Burglary": "14", "Shoplifting": "59", VSO: "2"},  # a district: in full
    }
    assert grid(out, "suppressed")["E05000001"] == {
        "Burglary": "secondary", "Shoplifting": "", VSO: "primary",
    }
    assert out.attrs["rule"] == SUPPRESSION_RULE
    assert out.attrs["unprotected"] == []


def test_secondary_suppression_leaves_no_line_with_one_hidden_cell() -> None:
    rng = np.random.default_rng(7)
    cats = [VSO, "Burglary", "Robbery", "Shoplifting", "Vehicle crime"]
    cells = {f"E05{i:06d}": {c: int(rng.integers(0, 15)) for c in cats} for i in range(12)}
    out = suppress_small_counts(long(cells))
    hidden = pd.DataFrame(grid(out)).T == "*"
    assert (hidden[VSO] | ~pd.DataFrame(grid(long(cells), "count")).T[VSO].between(1, 4)).all()
    for line in (hidden.sum(axis=0), hidden.sum(axis=1)):
        assert not (line == 1).any()
    # only sensitive cells are primary
    assert set(out.loc[out["suppressed"] == "primary", "crime_type"]) == {VSO}


def test_only_the_next_smallest_cell_is_taken() -> None:
    table = long({"E05000001": {VSO: 2, "Burglary": 40, "Shoplifting": 6},
                  "E05000002": {VSO: 9, "Burglary": 41, "Shoplifting": 60}})
    out = grid(suppress_small_counts(table), "suppressed")
    assert out["E05000001"] == {"Burglary": "", "Shoplifting": "secondary", VSO: "primary"}
    assert out["E05000002"][VSO] == "secondary"  # the column VSO needed a second cell


def test_domestic_abuse_partner_measures_are_sensitive_by_name() -> None:
    table = long({"E05000001": {"Domestic abuse one-stop-shop attendance": 2,
                                "Substance misuse treatment starts": 3}}, "measure")
    out = suppress_small_counts(table, category="measure")
    got = grid(out, category="measure")["E05000001"]
    # one row of two cells: the primary forces the only other cell too
    assert got == {"Domestic abuse one-stop-shop attendance": "*",
                   "Substance misuse treatment starts": "*"}


def test_not_public_keeps_everything_and_the_threshold_is_configurable() -> None:
    table = long({"E05000001": {VSO: 3, "Burglary": 7}, "E05000002": {VSO: 6, "Burglary": 8}})
    private = suppress_small_counts(table, public=False)
    assert private["count"].tolist() == [3, 7, 6, 8]
    assert (private["suppressed"] == "").all()
    rules = DisclosureRules(threshold=6, marker="1-6")
    out = grid(suppress_small_counts(table, rules=rules))
    assert out["E05000002"][VSO] == "1-6" and out["E05000001"][VSO] == "1-6"
    assert "counts of 1 to 6 of sensitive categories" in suppress_small_counts(
        table, rules=rules).attrs["rule"]


def test_a_single_category_table_hides_a_second_cell_only_for_the_district_total() -> None:
    # rows of one cell have no separate total; the column's total is the district's count
    table = long({"E05000001": {VSO: 3}, "E05000002": {VSO: 30}, "E05000003": {VSO: 25}})
    out = grid(suppress_small_counts(table))
    assert out == {"E05000001": {VSO: "*"}, "E05000002": {VSO: "30"},
                   "E05000003": {VSO: "*"}}


def test_groups_are_suppressed_separately_and_levels_can_be_given() -> None:
    table = pd.concat([long({"E05000001": {VSO: 3, "Burglary": 9}}).assign(year="2021/22"),
                       long({"E05000001": {VSO: 8, "Burglary": 9}}).assign(year="2022/23")])
    out = suppress_small_counts(table, by="year")
    assert out["shown"].tolist() == ["*", "*", "8", "9"]
    cluster = pd.DataFrame({"area_code": ["Town centre"], "crime_type": [VSO], "count": [2],
                            "small": [True]})
    assert suppress_small_counts(cluster, level="small")["shown"].tolist() == ["*"]
    district_only = long({"E07000110": {VSO: 2, "Burglary": 1}})
    assert suppress_small_counts(district_only)["shown"].tolist() == ["2", "1"]
    assert is_below_district("Town centre") and is_below_district("E01024320")
    assert not is_below_district("E07000110") and not is_below_district("E22000142")


def test_bad_input() -> None:
    with pytest.raises(InputError) as err:
        DisclosureRules(threshold=0)
    assert str(err.value) == (
        "DisclosureRules(): threshold=0 must be a whole number of 1 or more, e.g. 4"
    )
    with pytest.raises(InputError, match="table lacks column"):
        suppress_small_counts(pd.DataFrame({"area": ["x"], "count": [1]}))
