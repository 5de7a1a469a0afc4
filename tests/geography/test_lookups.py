"""ONS lookups in the store: the questions asked of them (reading them: tests/sources)."""

from __future__ import annotations

import pytest

from cspkit.errors import GeographyError, NotLoadedError
from cspkit.geography import areas_of_district, csps_of_district, districts_of_csp
from cspkit.store import Store
from tests.files import MAIDSTONE


# -- the real files ------------------------------------------------------------------------
@pytest.mark.shared_data
def test_maidstone_has_95_lsoas_and_26_wards(geo_store: Store) -> None:
    areas = areas_of_district(geo_store, MAIDSTONE)
    assert areas.lad_name == "Maidstone"
    assert len(areas.lsoa_codes) == 95
    assert len(areas.ward_codes) == 26
    assert "E05005003" in areas.ward_codes  # Shepway North
    assert "E05005004" in areas.ward_codes  # Shepway South
    assert (areas.lsoa_vintage, areas.ward_vintage) == ("2011", "2019")


@pytest.mark.shared_data
def test_maidstone_csp_and_police_force_area(geo_store: Store) -> None:
    [row] = csps_of_district(geo_store, MAIDSTONE)
    assert (row.csp_code, row.csp_name) == ("E22000142", "Maidstone")
    assert (row.pfa_code, row.pfa_name) == ("E23000032", "Kent")
    assert row.vintage == "2019"


@pytest.mark.shared_data
def test_dartford_and_gravesham_share_a_csp(geo_store: Store) -> None:
    rows = districts_of_csp(geo_store, "E22000352")
    assert [(r.lad_code, r.lad_name) for r in rows] == [
        ("E07000107", "Dartford"),
        ("E07000109", "Gravesham"),
    ]
    assert {r.csp_name for r in rows} == {"Dartford and Gravesham"}
    assert csps_of_district(geo_store, "E07000107")[0].csp_code == "E22000352"


@pytest.mark.shared_data
def test_merged_district_keeps_its_several_csps(geo_store: Store) -> None:
    rows = csps_of_district(geo_store, "E07000244")  # East Suffolk, 2019
    assert [r.csp_name for r in rows] == ["Suffolk Coastal", "Waveney"]


@pytest.mark.shared_data
def test_district_name_instead_of_code_suggests_the_code(geo_store: Store) -> None:
    with pytest.raises(GeographyError) as err:
        areas_of_district(geo_store, "maidstone")
    assert str(err.value) == (
        "'maidstone' is not a district code: expected an ONS GSS code such as E07000110. "
        "Did you mean E07000110 (Maidstone)?"
    )


@pytest.mark.shared_data
def test_unknown_district_and_csp(geo_store: Store) -> None:
    with pytest.raises(GeographyError) as err:
        areas_of_district(geo_store, "E07000999")
    assert str(err.value) == (
        "district 'E07000999' is not in the lsoa_ward lookup (LAD vintage 2019, 339 districts); "
        "check the code, or load a lookup of the vintage that has it"
    )
    with pytest.raises(GeographyError) as err:
        districts_of_csp(geo_store, "E22999999")
    assert str(err.value) == (
        "Community Safety Partnership 'E22999999' is not in the lad_csp_pfa lookup (vintage "
        "2019, 314 partnerships); check the code"
    )


def test_lookup_not_loaded(store: Store) -> None:
    with pytest.raises(NotLoadedError) as err:
        areas_of_district(store, MAIDSTONE)
    assert str(err.value) == (
        f"the store at {store.root} has no 'lsoa_ward' lookup; load an ONS lookup CSV with "
        "columns like FID, LSOA11CD, LSOA11NM, WD19CD, WD19NM, LAD19CD, LAD19NM (`cspkit load "
        "geography lookup FILE`)"
    )
