"""The public surface of cspkit.geography: a curated ``__all__``, no Django."""

from __future__ import annotations

import subprocess
import sys

import cspkit.geography as geography


def test_all_is_sorted_and_importable() -> None:
    names = geography.__all__
    assert len(names) == len(set(names))
    assert all(hasattr(geography, n) for n in names)
    assert {
        "load_lookup", "areas_of_district", "csps_of_district", "districts_of_csp",
        "load_boundaries", "boundaries", "read_boundaries",
        "load_population", "population_by", "assign_wards", "assign_district_wards",
    } <= set(names)


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
