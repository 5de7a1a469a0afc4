"""The public surface of cspkit.geography: a curated ``__all__``, no Django."""

from __future__ import annotations

import subprocess
import sys

import cspkit.geography as geography


def test_all_is_pinned_and_importable() -> None:
    """The questions about loaded areas; the readers and loaders are in cspkit.sources."""
    assert geography.__all__ == [
        "BNG", "BOUNDARY_COLUMNS", "GSS_CODE", "LEVELS", "LOOKUP_KINDS", "LSOA_COVERAGE_COLUMNS",
        "POPULATION_COLUMNS", "POPULATION_TABLE", "WARD_METHODS", "DistrictAreas", "DistrictCsp",
        "GeographyWarning", "LookupKind", "areas_of_district", "assign_district_wards",
        "assign_wards", "boundaries", "boundary_table_name", "boundary_vintages",
        "csps_of_district", "districts_of_csp", "lookup_table", "lsoa_coverage", "lsoa_vintages",
        "population_by", "unmatched_lsoas", "ward_index_of_points",
    ]
    assert all(hasattr(geography, n) for n in geography.__all__)


def test_public_functions_are_documented_and_typed() -> None:
    for name in geography.__all__:
        obj = getattr(geography, name)
        if callable(obj) and not isinstance(obj, type):
            assert obj.__doc__, name
            assert "return" in obj.__annotations__, name


def test_geography_does_not_import_django() -> None:
    code = "import sys, cspkit.geography; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
