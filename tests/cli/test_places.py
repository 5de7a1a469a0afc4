"""`cspkit places clusters|focus|evaluate` through click's runner on real Maidstone data.

One store per module: the ONS lookups, Maidstone's wards (2022) and LSOAs (2011), mid-2019
population, IoD2019 File 2 and Kent street data for 2021/22, loaded with the load functions.
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner

from cspkit.analysis.places import ASSIGNMENT_COLUMNS, RANK_COLUMNS, ClusterSet, next_version
from cspkit.analysis.places.district import save_clusters
from cspkit.cli import main
from cspkit.sources import (
    load_boundaries,
    load_deprivation,
    load_lookup,
    load_police,
    load_population,
)
from cspkit.store import Store

pytestmark = pytest.mark.shared_data

MAIDSTONE = "E07000110"
HIGH_STREET, BRIDGE = "E05004996", "E05004987"
SHEPWAY_NORTH, SHEPWAY_SOUTH, PARK_WOOD = "E05005003", "E05005004", "E05005002"
MONTHS = (*(f"2021-{m:02d}" for m in range(4, 13)), "2022-01", "2022-02", "2022-03")


@pytest.fixture(scope="module")
def store(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("places_cli") / "store"
    store = Store(root)
    lookups = shared_data / "geography" / "lookups"
    load_lookup(store, [lookups / "LSOA11_WD19_LAD19_EW_LU.csv",
                        lookups / "LAD19_CSP19_PFA19_EW_LU.csv"])
    bounds = shared_data / "geography" / "boundaries"
    load_boundaries(store, [bounds / "maidstone_wards_WD22_E07000110.geojson",
                            bounds / "maidstone_lsoa2011_E07000110.geojson"])
    load_population(store, shared_data / "population" / "mysociety_lsoa_population_mid2019_uk.csv")
    load_deprivation(store,
                     shared_data / "deprivation" / "File_2_-_IoD2019_Domains_of_Deprivation.csv")
    street = shared_data / "police" / "kent" / "street"
    load_police(store, [street / m / f"{m}-kent-street.csv" for m in MONTHS])
    return root


@pytest.fixture(scope="module")
def sets(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A folder of saved cluster sets, shared by the cluster tests."""
    return tmp_path_factory.mktemp("cluster_sets")


def run(store: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["--store", str(store), "places", *args])
    assert result.exit_code == code, result.output
    return result.output


def cluster_line(out: str, code: str) -> str:
    return next(line for line in out.splitlines() if f"({code})" in line)


def test_clusters_print_wards_and_heterogeneity_and_write_csv(store: Path, sets: Path,
                                                              tmp_path: Path) -> None:
    csv = tmp_path / "clusters.csv"
    out = run(store, "clusters", "--area", MAIDSTONE, "--year", "2021-22", "--seed", "2024",
              "--random", "19", "-o", str(csv), "--name", "Maidstone wards", "--save", str(sets))
    lines = out.splitlines()
    assert lines[0] == ("Maidstone wards: 26 wards in 7 clusters of at most 4 touching wards "
                        "(12 months of police data; seed 2024)")
    saved = sets / "maidstone_wards.v1.json"
    assert lines[-1] == f"Saved 'Maidstone wards' as {saved}"
    first = ClusterSet.load(saved)
    assert first.lad_code == MAIDSTONE and first.seed == 2024
    assert first.quality is not None and first.quality["random_draws"] == 19
    # the same clusters saved again keep their version
    assert save_clusters(first, sets) == saved
    # the figures the README gives for Maidstone, seed 2024
    assert ("  heterogeneity 155.85 of 390.00 (60% of the variation is between the 7 clusters)"
            in lines)
    assert "  unconstrained k-means: 64.02 (clusters / k-means = 2.43)" in lines
    assert any(line.startswith("  random contiguous partitions, same sizes (19): best ")
               for line in lines)
    assert "dep_income" in next(line for line in lines if line.startswith("Features: "))
    table = pd.read_csv(csv)
    assert tuple(table.columns) == ASSIGNMENT_COLUMNS and len(table) == 26
    assert table.groupby("cluster_id").size().max() <= 4
    # every ward is printed once, in the cluster the file gives it
    for row in table.itertuples():
        assert cluster_line(out, str(row.ward_code)).startswith(f"  {row.cluster_id}. ")


def test_clusters_follow_pins_and_write_geojson(store: Path, sets: Path, tmp_path: Path
                                                ) -> None:
    path = tmp_path / "clusters.geojson"
    version = next_version(sets, "Maidstone wards")  # 2 after the test above
    out = run(store, "clusters", "--area", MAIDSTONE, "--year", "2021/22", "--seed", "2024",
              "--random", "0", "--max-size", "3", "--must-link", f"{HIGH_STREET},{BRIDGE}",
              "--cannot-link", f"{SHEPWAY_NORTH},{SHEPWAY_SOUTH}", "-o", str(path),
              "--name", "Maidstone wards", "--save", str(sets))
    # other clusters under the same name: the next version
    saved = sets / f"maidstone_wards.v{version}.json"
    assert out.splitlines()[-1] == f"Saved 'Maidstone wards' as {saved}"
    assert ClusterSet.load(saved).params["max_size"] == 3
    assert cluster_line(out, HIGH_STREET) == cluster_line(out, BRIDGE)
    assert cluster_line(out, SHEPWAY_NORTH) != cluster_line(out, SHEPWAY_SOUTH)
    assert "  random contiguous partitions: none could be drawn" in out
    features = json.loads(path.read_text())["features"]
    assert len(features) == 26
    sizes = pd.Series([f["properties"]["cluster_id"] for f in features]).value_counts()
    assert sizes.max() <= 3
    assert f"Wrote {path}" in out


def test_focus_ranks_wards_with_drivers_and_intervals(store: Path, tmp_path: Path) -> None:
    csv = tmp_path / "focus.csv"
    out = run(store, "focus", "--area", MAIDSTONE, "--year", "2021/22", "--seed", "7",
              "--rows", "6", "-o", str(csv))
    assert out.splitlines()[0] == (
        f"Need index of the wards of {MAIDSTONE}, 2021/22 (12 months of police data): "
        "anti_social_behaviour x2 (count), income x1 (rate), employment x1 (rate), health x1 "
        "(rate), education x1 (rate)")
    rows = [line for line in out.splitlines() if line[:1] in "* " and line[1:5].strip().isdigit()]
    assert [r.split("  ")[2].strip() for r in rows[:4]] == [
        f"High Street ({HIGH_STREET})", f"Park Wood ({PARK_WOOD})",
        f"Shepway South ({SHEPWAY_SOUTH})", f"Shepway North ({SHEPWAY_NORTH})"]
    assert rows[0].startswith("*   1  High Street")
    assert "anti_social_behaviour 353 (+84.4)" in rows[0]
    assert "... 20 more (--rows 0 or -o FILE.csv for all)" in out
    table = pd.read_csv(csv)
    assert len(table) == 26 and tuple(table.columns[:len(RANK_COLUMNS)]) == RANK_COLUMNS
    assert (table["rank_low"] <= table["rank"]).all()
    assert (table["rank"] <= table["rank_high"]).all()


def test_focus_ranks_lsoas_on_the_inputs_given(store: Path) -> None:
    out = run(store, "focus", "--area", MAIDSTONE, "--year", "2021/22", "--level", "lsoa",
              "--input", "count_anti_social_behaviour:2", "--input", "income", "--rows", "3")
    assert ": count_anti_social_behaviour x2 (count), income x1 (rate)" in out.splitlines()[0]
    assert "Need index of the lsoas" in out
    assert "... 92 more" in out


def test_evaluate_prints_counts_wdd_and_verdict(store: Path) -> None:
    out = run(store, "evaluate", "--area", MAIDSTONE, "--target", SHEPWAY_NORTH,
              "--target", SHEPWAY_SOUTH, "--comparison", HIGH_STREET, "--buffer", "400",
              "--before", "2021-22 Q1", "--after", "2021/22 Q3")
    lines = out.splitlines()
    assert lines[0] == ("Before 2021-04 to 2021-06, after 2021-10 to 2021-12; all crime types "
                        "and ASB")
    assert lines[2] == "target                 456     362     -94 (-20.6%)"
    assert lines[3].startswith("comparison") and lines[4].startswith("buffer")
    assert lines[5].startswith("WDD -391 (standard error 62.9, z = -6.21, p < 0.001; 95% interval")
    assert lines[6].startswith("Verdict: Net of the comparison area and of displacement to the "
                               "buffer, crime in the target area fell by 391 more than expected: "
                               "a statistically significant fall")


def test_evaluate_uses_the_partnerships_comparison_policy(store: Path, tmp_path: Path) -> None:
    settings = tmp_path / "assessment.yaml"
    settings.write_text("comparison:\n  alpha: 0.01\n")
    out = run(store, "evaluate", "--area", MAIDSTONE, "--target", PARK_WOOD, "--comparison",
              BRIDGE, "--before", "2021-07", "--after", "2021-08", "--crime-type",
              "Anti-social behaviour", "--chosen-for-high-crime", "--config", str(settings))
    assert "; Anti-social behaviour" in out.splitlines()[0]
    assert "99% interval" in out
    assert "0.01 level" in out
    assert "regression to the mean" in out


@pytest.mark.parametrize(("args", "message"), [
    (["focus", "--area", MAIDSTONE, "--year", "2021/22", "--input", "asb:lots"],
     "Error: --input 'asb:lots': write NAME:WEIGHT, NAME a column of the area table and WEIGHT "
     "a positive number, e.g. --input anti_social_behaviour:2 --input income:1"),
    (["clusters", "--area", MAIDSTONE, "--year", "2021/22", "-o", "clusters.txt"],
     "Error: -o clusters.txt: cspkit writes .geojson or .csv here; give a file name ending in "
     "one of them, e.g. -o clusters.geojson"),
    (["clusters", "--area", MAIDSTONE, "--year", "2021/22", "--cannot-link", SHEPWAY_NORTH],
     f"Error: --cannot-link '{SHEPWAY_NORTH}' is not two ward codes joined by a comma; write "
     "e.g. --cannot-link E05005003,E05005004"),
    (["clusters", "--area", MAIDSTONE, "--year", "2019/20"],
     "Error: the store has no police street data for 2019/20 (months loaded: 2021-04 to "
     "2022-03); load it with `cspkit load police FILE ...` or choose another --year"),
    (["evaluate", "--area", MAIDSTONE, "--target", "E05999999", "--comparison", BRIDGE,
      "--before", "2021/22 Q1", "--after", "2021/22 Q2"],
     f"Error: --target: ward code(s) E05999999 are not wards of {MAIDSTONE} (its wards are "),
    (["evaluate", "--area", MAIDSTONE, "--target", PARK_WOOD, "--comparison", BRIDGE,
      "--before", "2021/22 Q1", "--after", "2021-12"],
     "Error: --before 2021-04 to 2021-06 has 3 month(s) and --after 2021-12 to 2021-12 has 1; "
     "the WDD compares periods of the same length: give periods of equal length, e.g. --before "
     "2021/22 Q1 --after 2021/22 Q3"),
    (["evaluate", "--area", MAIDSTONE, "--target", PARK_WOOD, "--comparison", BRIDGE,
      "--before", "2021/22 Q1", "--after", "2021/22 Q3", "--crime-type", "Burglery"],
     "Error: --crime-type 'Burglery' is not a crime type of the district's street rows in those "
     "months; use one of Anti-social behaviour, Bicycle theft, Burglary"),
])
def test_errors_name_the_option_and_the_fix(store: Path, args: list[str], message: str) -> None:
    out = run(store, *args, code=2)
    assert " ".join(out.split()).startswith(message)
