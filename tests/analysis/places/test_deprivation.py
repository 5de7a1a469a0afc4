"""Averaging deprivation over wards (reading the files: tests/sources/test_deprivation.py)."""

from __future__ import annotations

import pandas as pd
import pytest

from cspkit.analysis.places import deprivation_by_area
from cspkit.errors import InputError


def test_population_weighted_ward_average() -> None:
    imd = pd.DataFrame({
        "lsoa_code": ["L1", "L2", "L3"], "lad_code": "D", "domain": "income",
        "rank": [1, 32844, 16422], "decile": [1, 10, 5],
    })
    lookup = pd.DataFrame({"lsoa_code": ["L1", "L2", "L3"], "ward_code": ["W1", "W1", "W2"]})
    pop = pd.DataFrame({"area_code": ["L1", "L2", "L3"], "population": [3000, 1000, 1500]})
    out = deprivation_by_area(imd, lookup, pop)
    # L1 is 100 (most deprived), L2 0: (100 * 3000 + 0 * 1000) / 4000 = 75
    assert out.loc["W1", "dep_income"] == pytest.approx(75.0)
    assert out.loc["W2", "dep_income"] == pytest.approx(100 * (32844 - 16422) / 32843)
    with pytest.raises(InputError) as err:
        deprivation_by_area(imd[imd["lsoa_code"] != "L3"], lookup, pop)
    assert str(err.value) == (
        "deprivation_by_area: 1 LSOA(s) of the lookup have no IMD rank (L3); give the whole "
        "file of the English Indices of Deprivation whose LSOAs are those of the lookup "
        "(IoD2019: LSOA 2011 codes; IoD2025: LSOA 2021 codes)"
    )
