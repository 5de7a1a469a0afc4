"""The police street files: names, header, encoding and row details as data.police.uk has them."""

from __future__ import annotations

import re

import pandas as pd

from cspkit.demo import DemoBorough
from cspkit.demo.categories import ASB, CATEGORIES, OUTCOMES
from cspkit.sources.police.schema import STREET, parse_police_filename

HEADER = (",".join(STREET.published) + "\r\n").encode("utf-8")


def test_one_file_per_month_named_as_the_archive(demo: DemoBorough) -> None:
    assert len(demo.police_files) == len(demo.months)
    for month, path in zip(demo.months, demo.police_files, strict=True):
        assert path.relative_to(demo.out_dir).as_posix() == (
            f"police/{month}/{month}-castlebridgeshire-street.csv"
        )
        parsed = parse_police_filename(path.name)
        assert parsed is not None and parsed[:2] == (month, "castlebridgeshire")
        assert parsed[2] is STREET


def test_header_is_exactly_the_published_one(demo: DemoBorough) -> None:
    for path in demo.police_files:
        raw = path.read_bytes()
        assert raw.startswith(HEADER), path.name  # no byte-order mark, CRLF as published
        raw.decode("utf-8")
        assert raw.count(b"\n") == raw.count(b"\r\n")


def test_rows_have_their_files_month(street: pd.DataFrame, demo: DemoBorough) -> None:
    assert list(street.columns[:-1]) == list(STREET.published)
    assert (street["Month"] == street["file_month"]).all()
    assert len(street) == demo.rows
    per_month = street.groupby("Month").size()
    assert list(per_month.index) == list(demo.months)
    assert 1_500 <= per_month.mean() <= 1_800


def test_force_and_categories(street: pd.DataFrame) -> None:
    assert set(street["Reported by"]) == {"Castlebridgeshire Police"}
    assert set(street["Falls within"]) == {"Castlebridgeshire Police"}
    assert set(street["Crime type"]) == {c.name for c in CATEGORIES}
    assert set(street["Context"]) == {""}


def test_crime_ids_and_outcomes(street: pd.DataFrame) -> None:
    asb = street["Crime type"] == ASB
    assert (street.loc[asb, "Crime ID"] == "").all()
    assert (street.loc[asb, "Last outcome category"] == "").all()
    ids = street.loc[~asb, "Crime ID"]
    assert ids.str.fullmatch(r"[0-9a-f]{64}").all()
    assert ids.is_unique
    assert set(street.loc[~asb, "Last outcome category"]) <= set(OUTCOMES)
    # recent crimes are more often still under investigation
    last = street[~asb & (street["Month"] == street["Month"].max())]
    first = street[~asb & (street["Month"] == street["Month"].min())]
    under = "Under investigation"
    assert (last["Last outcome category"] == under).mean() > 0.4
    assert (first["Last outcome category"] == under).mean() < 0.1


def test_no_location_rows(street: pd.DataFrame, demo: DemoBorough) -> None:
    crimes = street[street["Crime type"] != ASB]
    nowhere = crimes["Location"] == "No Location"
    assert 0.01 <= nowhere.mean() <= 0.02
    blank = crimes.loc[nowhere, ["Longitude", "Latitude", "LSOA code", "LSOA name"]]
    assert (blank == "").all().all()
    assert nowhere.sum() == demo.no_location_rows


def test_located_rows_look_like_police_uk(street: pd.DataFrame) -> None:
    located = street[street["Location"] != "No Location"]
    assert located["Location"].str.startswith("On or near ").all()
    for col in ("Longitude", "Latitude"):
        assert located[col].str.fullmatch(r"-?\d+\.\d{6}").all()
    assert located["LSOA code"].str.fullmatch(r"E0199\d{4}").all()
    assert located["LSOA name"].str.fullmatch(r"Castlebridge \d{3}[A-Z]").all()


def test_snap_points_are_fixed_and_repeat(street: pd.DataFrame) -> None:
    located = street[street["Location"] != "No Location"]
    points = located.groupby(["Longitude", "Latitude"])
    # one name and one LSOA per point
    assert (points["Location"].nunique() == 1).all()
    assert (points["LSOA code"].nunique() == 1).all()
    per_lsoa = located.groupby("LSOA code")[["Longitude", "Latitude"]].apply(
        lambda g: len(g.drop_duplicates())
    )
    assert per_lsoa.between(10, 40).all()
    assert per_lsoa.median() >= 15
    # repeat locations: the busiest tenth of points carry far more than a tenth of incidents
    sizes = points.size().sort_values(ascending=False)
    top = sizes.iloc[: len(sizes) // 10].sum() / sizes.sum()
    assert top > 0.3


def test_rows_are_shuffled_within_the_month(demo: DemoBorough) -> None:
    df = pd.read_csv(demo.police_files[0], dtype=str, keep_default_na=False)
    assert not df["LSOA code"].is_monotonic_increasing
    assert not df["Crime type"].is_monotonic_increasing
    assert re.fullmatch(r"\d{4}-\d{2}", df["Month"].iloc[0])
