"""``cspkit assess`` for many districts in one run (--county, --all, repeated --area), on the
real Kent street data: one document set per district and a table of them all."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cspkit.assessment.batch import assess_many, districts_loaded, districts_of_county
from cspkit.cli import main
from cspkit.errors import GeographyError
from cspkit.store import Store

KENT_DISTRICTS = ["E07000105", "E07000106", "E07000107", "E07000108", "E07000109", "E07000110",
                  "E07000111", "E07000112", "E07000113", "E07000114", "E07000115", "E07000116"]


@pytest.fixture(scope="module")
def kent(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Store:
    from cspkit.sources import load_boundaries, load_lookup, load_population
    from cspkit.sources.police import load_police

    store = Store(tmp_path_factory.mktemp("kent") / "store")
    lookups = shared_data / "geography" / "lookups"
    bounds = shared_data / "geography" / "boundaries"
    load_police(store, [shared_data / "police" / "kent" / "street"])
    load_lookup(store, [lookups / "LSOA11_WD19_LAD19_EW_LU.csv",
                        lookups / "WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU.csv"])
    load_boundaries(store, bounds / "kent_county_wards_WD22_E10000016.geojson")
    load_boundaries(store, bounds / "medway_wards_WD22_E06000035.geojson", add=True)
    load_population(store, shared_data / "population" / "mysociety_lsoa_population_mid2019_uk.csv")
    return store


def run(store: Store, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["--store", str(store.root), *args])
    assert result.exit_code == code, result.output
    return result.output


def test_the_districts_of_a_county_and_of_the_store(kent: Store) -> None:
    assert districts_of_county(kent, "E10000016") == KENT_DISTRICTS
    assert districts_of_county(kent, "kent") == KENT_DISTRICTS
    with pytest.raises(GeographyError, match="--county Kentish: no county of that code or name"):
        districts_of_county(kent, "Kentish")
    loaded = districts_loaded(kent)
    assert set(KENT_DISTRICTS) | {"E06000035"} <= set(loaded)  # and neighbours' border rows


def test_several_districts_in_one_run(kent: Store, tmp_path: Path) -> None:
    """Two districts written; one with no rows (the City of London) reported, not fatal."""
    out = run(kent, "assess", "--area", "E07000110", "--area", "E07000115", "--area", "E09000001",
              "--year", "2021/22", "--format", "html", "--out", str(tmp_path), "--workers", "2")
    assert "Assessing 3 districts for 2021/22" in out
    assert re.search(r"^\[\d/3\] E07000110 Maidstone: 1 documents$", out, re.M)
    assert re.search(r"^\[\d/3\] E07000115 Tonbridge and Malling: 1 documents$", out, re.M)
    assert re.search(r"^\[\d/3\] E09000001 : not assessed: ", out, re.M)
    assert "Wrote 2 documents for 2 of 3 districts" in out
    assert sorted(p.name for p in tmp_path.glob("*.html")) == [
        "strategic-assessment-E07000110-2021-22.html",
        "strategic-assessment-E07000115-2021-22.html",
    ]
    with (tmp_path / "assessments-2021-22.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["lad_name"] for r in rows] == ["Maidstone", "Tonbridge and Malling", ""]
    assert all(int(r["crimes"]) > 5_000 and r["error"] == "" for r in rows[:2])
    assert rows[2]["error"] != "" and rows[2]["documents"] == ""


def test_in_one_process_a_district_without_rows_is_reported(kent: Store, tmp_path: Path) -> None:
    seen: list[tuple[int, int, str]] = []
    results = assess_many(kent, ["E09000001"], "2021/22", tmp_path, formats=("html",),
                          progress=lambda i, n, r: seen.append((i, n, r.lad_code)))
    assert seen == [(1, 1, "E09000001")]
    assert results[0].paths == [] and "E09000001" in results[0].error


def test_say_which_districts(kent: Store, tmp_path: Path) -> None:
    out = run(kent, "assess", "--area", "E07000110", "--all", "--year", "2021/22", code=2)
    assert "say which districts to assess: --area CODE (repeatable), --county CODE or --all" in out
