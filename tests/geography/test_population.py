"""Population: the two real LSOA files, adding years and sources, sums to wards."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspkit.errors import (
    ColumnError,
    FileFormatError,
    GeographyError,
    NotLoadedError,
    ValueProblem,
)
from cspkit.geography import (
    POPULATION_COLUMNS,
    load_lookup,
    load_population,
    population_by,
    read_population,
)
from cspkit.store import Store

from .conftest import MAIDSTONE, write_csv

MYSOCIETY = "mysociety_lsoa_population_mid2019_uk.csv"
FILE6 = "File_6_-_IoD2019_Population_Denominators.csv"


@pytest.mark.shared_data
def test_mysociety_mid2019(shared_data: Path) -> None:
    pop = read_population(shared_data / "population" / MYSOCIETY)
    assert list(pop.columns) == list(POPULATION_COLUMNS)
    assert set(pop["year"]) == {2019}
    assert set(pop["source"]) == {"mysociety"}
    assert "Grand Total" not in set(pop["area_code"])
    assert len(pop) == 42619
    assert pop.loc[pop["area_code"] == "E01011949", "population"].item() == 1954  # "1,954"
    assert pop.loc[pop["area_code"].str.startswith("E"), "population"].sum() == 56_286_961


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
def test_second_year_adds_and_same_year_replaces(shared_data: Path, lookups_dir: Path,
                                                  store: Store) -> None:
    load_lookup(store, lookups_dir / "LSOA11_WD19_LAD19_EW_LU.csv")
    load_population(store, shared_data / "population" / MYSOCIETY)
    load_population(store, shared_data / "population" / FILE6)
    table = store.read_table("population").to_pandas()
    counts = table.groupby(["year", "source"]).size().to_dict()
    assert counts == {(2015, "iod2019_file6"): 32844, (2019, "mysociety"): 42619}
    assert not table.duplicated(["area_code", "year", "source"]).any()
    # mid-2015, excluding prisoners (IoD2019 File 6)
    mid2015 = population_by(store, "lad", 2015, lad_code=MAIDSTONE)
    assert mid2015["population"].item() == 163_352
    assert population_by(store, "lad", lad_code=MAIDSTONE)["year"].item() == 2019  # latest
    # loading the same year and source again replaces those rows only
    load_population(store, shared_data / "population" / FILE6)
    again = store.read_table("population").to_pandas()
    assert again.groupby(["year", "source"]).size().to_dict() == counts
    parts = store.table_entry("population").meta["parts"]
    assert [(p["year"], p["source"]) for p in parts] == [
        (2019, "mysociety"), (2015, "iod2019_file6"),
    ]


def test_hand_made_file_with_bom_and_explicit_year(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "pop.csv", 'lsoa_code,population\nE01024320,"1,234"\n', bom=True)
    pop = read_population(path, year=2021, source="census")
    assert pop.to_dict("records") == [
        {"area_code": "E01024320", "year": 2021, "population": 1234, "source": "census"}
    ]


def test_year_is_needed(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "pop.csv", "lsoa,pop\nE01024320,1234\n")
    with pytest.raises(FileFormatError) as err:
        read_population(path)
    assert str(err.value) == (
        f"{path}: cannot tell the year of these population estimates (neither the file name nor "
        "the column 'pop' names one). Give the mid-year of the estimates, e.g. --year 2019 "
        "(cspkit load geography population FILE --year 2019)."
    )


def test_missing_columns(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "pop2019.csv", "LSOA11CD,people\nE01024320,1234\n")
    with pytest.raises(ColumnError) as err:
        read_population(path)
    assert str(err.value) == (
        f"{path}, line 1: missing column(s) 'pop'; the header has 'LSOA11CD', 'people'. A "
        "population file needs an LSOA code column (lsoa, lsoa_code, LSOA11CD or 'LSOA code "
        "(2011)') and a population column (pop, population or 'Total population: mid YYYY ...')."
    )


def test_bad_population_value(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "pop_mid2019.csv",
                     'lsoa,pop\nE01024320,"1,234"\nE01024321,"1,2x4"\n')
    with pytest.raises(ValueProblem) as err:
        read_population(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'pop': value '1,2x4'; expected a whole number of people "
        "(e.g. 1954 or \"1,954\"). Correct or remove that row."
    )


def test_repeated_area(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "pop_mid2019.csv", "lsoa,pop\nE01024320,1\nE01024320,2\n")
    with pytest.raises(ValueProblem) as err:
        read_population(path)
    assert str(err.value) == (
        f"{path}, line 3, column 'lsoa': value 'E01024320'; expected each area once. "
        "Remove the repeated row."
    )


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
