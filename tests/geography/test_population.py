"""Population in the store, summed to wards and districts (reading the files: tests/sources)."""

from __future__ import annotations

import pytest

from cspkit.errors import GeographyError, NotLoadedError
from cspkit.geography import population_by
from cspkit.store import Store
from tests.files import MAIDSTONE


@pytest.mark.shared_data
def test_maidstone_lsoas_sum_to_171826(geo_store: Store) -> None:
    lsoas = population_by(geo_store, "lsoa", 2019, lad_code=MAIDSTONE)
    assert len(lsoas) == 95
    assert lsoas["population"].sum() == 171_826
    [district] = population_by(geo_store, "lad", 2019, lad_code=MAIDSTONE).itertuples()
    assert (district.area_name, district.population, district.approximate) == (
        "Maidstone", 171_826, False,
    )


@pytest.mark.shared_data
def test_ward_population_is_marked_approximate(geo_store: Store) -> None:
    wards = population_by(geo_store, "ward", 2019, lad_code=MAIDSTONE)
    assert list(wards.columns) == [
        "area_code", "area_name", "level", "vintage", "year", "population", "source", "lsoas",
        "approximate",
    ]
    assert len(wards) == 26
    assert wards["approximate"].all()
    assert wards["population"].sum() == 171_826
    assert wards["lsoas"].sum() == 95
    assert wards.attrs["note"] == (
        "Approximate: ward populations are sums of 2019 LSOA (2011) populations (mysociety) "
        "through the best-fit LSOA -> ward (2019) lookup; LSOAs do not nest in wards."
    )
    # a ward given a single LSOA by the best-fit lookup
    loose = wards.set_index("area_name").loc["Loose"]
    assert loose["lsoas"] == 1


@pytest.mark.shared_data
def test_level_and_year_errors(geo_store: Store) -> None:
    with pytest.raises(GeographyError) as err:
        population_by(geo_store, "msoa")
    assert str(err.value) == (
        "population is summed to 'lsoa', 'ward' or 'lad', not to 'msoa'"
    )
    with pytest.raises(NotLoadedError) as err2:
        population_by(geo_store, "ward", 2011)
    assert str(err2.value) == (
        "no population for 2011 in the store; loaded: 2019 'mysociety'"
    )
