"""Harm weights: one per police.uk category, ASB not weighted, documented with its sources."""

from __future__ import annotations

from importlib import resources

import pandas as pd
import pytest

from cspkit.analysis.harm import (
    HARM_COLUMNS,
    NOT_WEIGHTED,
    harm_weighted_counts,
    harm_weights,
)
from cspkit.demo.categories import CATEGORIES
from cspkit.errors import InputError


def test_every_police_uk_category_has_a_row() -> None:
    w = harm_weights()
    assert sorted(w["crime_type"]) == sorted(c.name for c in CATEGORIES)
    assert list(w.columns) == ["crime_type", "weight", "weight_low", "weight_high", "weighted",
                               "police_generated", "basis"]


def test_asb_is_not_weighted_and_police_generated_categories_are_marked() -> None:
    w = harm_weights().set_index("crime_type")
    asb = w.loc["Anti-social behaviour"]
    assert asb["weight"] is pd.NA and not asb["weighted"]
    assert sorted(w.index[w["police_generated"]]) == ["Drugs", "Possession of weapons"]
    crimes = w.drop(index="Anti-social behaviour")
    assert crimes["weighted"].all()
    assert ((crimes["weight_low"] <= crimes["weight"])
            & (crimes["weight"] <= crimes["weight_high"])).all()
    assert (crimes["weight"] > 0).all()
    # the ONS ordering the approximation must keep
    assert w.loc["Robbery", "weight"] > w.loc["Violence and sexual offences", "weight"]
    assert w.loc["Violence and sexual offences", "weight"] > w.loc["Shoplifting", "weight"]


def test_the_derivation_is_documented_with_its_source_and_uncertainty() -> None:
    doc = resources.files("cspkit.analysis").joinpath("data/harm_weights.md").read_text("utf-8")
    assert "ONS Crime Severity Score (Experimental Statistics) weights, ons.gov.uk" in doc
    assert "volume-weighted mean" in doc
    assert "approximation" in doc.lower() and "uncertainty" in doc.lower()
    for name in harm_weights()["crime_type"]:
        assert name in doc, name


def test_harm_weighted_counts_beside_plain_counts() -> None:
    counts = pd.DataFrame(
        {"period": ["2021/22"] * 3 + ["2022/23"],
         "crime_type": ["Shoplifting", "Robbery", "Anti-social behaviour", "Robbery"],
         "count": [100, 10, 500, 20]}
    )
    out = harm_weighted_counts(counts, by="period")
    assert list(out.columns) == [*counts.columns, *HARM_COLUMNS]
    r = out.set_index(["period", "crime_type"])
    assert r.loc[("2021/22", "Shoplifting"), "harm"] == 500
    assert r.loc[("2021/22", "Robbery"), "harm"] == 3400
    assert r.loc[("2021/22", "Robbery"), "harm_low"] == 2500
    assert r.loc[("2021/22", "Robbery"), "harm_share"] == pytest.approx(100 * 3400 / 3900)
    assert r.loc[("2022/23", "Robbery"), "harm_share"] == pytest.approx(100.0)
    # the range: robbery at its low weight (250) and shoplifting at its high (h), and the reverse
    shop = harm_weights().set_index("crime_type").loc["Shoplifting"]
    low = 2500 / (2500 + 100 * float(shop["weight_high"]))
    high = 4500 / (4500 + 100 * float(shop["weight_low"]))
    robbery = r.loc[("2021/22", "Robbery")]
    assert robbery["harm_share_low"] == pytest.approx(100 * low)
    assert robbery["harm_share_high"] == pytest.approx(100 * high)
    assert robbery["harm_share_low"] < robbery["harm_share"] < robbery["harm_share_high"]
    assert r.loc[("2022/23", "Robbery"), "harm_share_low"] == pytest.approx(100.0)
    asb = r.loc[("2021/22", "Anti-social behaviour")]
    assert asb["count"] == 500 and asb["harm"] is pd.NA and asb["weighted"] == NOT_WEIGHTED
    assert "ONS Crime Severity Score" in out.attrs["note"]


def test_unknown_category_names_the_fix() -> None:
    counts = pd.DataFrame({"crime_type": ["Violent crime"], "count": [3]})
    with pytest.raises(InputError) as err:
        harm_weighted_counts(counts)
    assert str(err.value).startswith(
        "harm_weighted_counts(): no harm weight for categor(y/ies) 'Violent crime'; the weights "
        "cover 'Anti-social behaviour', 'Bicycle theft',"
    )
    assert str(err.value).endswith(
        "Rename the categories to police.uk's spelling, or pass weights= with a row for each"
    )
    own = harm_weights()
    own.loc[len(own)] = ["Violent crime", 120.0, 70.0, 200.0, True, False, "pre-2013 category"]
    assert harm_weighted_counts(counts, weights=own)["harm"].tolist() == [360.0]
