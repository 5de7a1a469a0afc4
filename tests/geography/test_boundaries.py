"""Boundaries in the store: vintages, and what is said when they are not loaded."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cspkit.errors import NotLoadedError
from cspkit.geography import boundaries
from cspkit.sources import load_boundaries
from cspkit.store import Store


def _ward_file(path: Path) -> Path:
    ring = [[0.5, 51.25], [0.51, 51.25], [0.51, 51.26], [0.5, 51.26], [0.5, 51.25]]
    feature = {"type": "Feature", "properties": {"WD22CD": "E05004982", "WD22NM": "A"},
               "geometry": {"type": "Polygon", "coordinates": [ring]}}
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    return path


def test_reader_errors_say_what_is_loaded(tmp_path: Path, store: Store) -> None:
    with pytest.raises(NotLoadedError) as err:
        boundaries(store, "ward")
    assert str(err.value) == (
        f"the store at {store.root} has no ward boundaries (levels loaded: none); load some "
        "with `cspkit load geography boundaries FILE`"
    )
    load_boundaries(store, _ward_file(tmp_path / "w.geojson"))
    with pytest.raises(NotLoadedError) as err:
        boundaries(store, "ward", "2019")
    assert str(err.value) == (
        f"the store at {store.root} has no ward boundaries of vintage 2019 (vintages loaded: "
        "2022); load them with `cspkit load geography boundaries FILE`"
    )
    with pytest.raises(NotLoadedError) as err:
        boundaries(store, "lsoa")
    assert str(err.value) == (
        f"the store at {store.root} has no lsoa boundaries (levels loaded: ward); load some "
        "with `cspkit load geography boundaries FILE`"
    )
