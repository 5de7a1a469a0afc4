"""The public API of cspkit.demo: arguments, returned facts, the facts file, the docstring."""

from __future__ import annotations

import doctest
import json
from pathlib import Path

import pytest

import cspkit.demo
from cspkit.demo import FACTS_FILE, DemoBorough, generate_borough
from cspkit.errors import InputError


def test_public_names() -> None:
    assert cspkit.demo.__all__ == ["FACTS_FILE", "DemoBorough", "build_areas", "generate_borough"]


def test_facts_of_the_default_borough(demo: DemoBorough) -> None:
    assert (demo.district_code, demo.district_name) == ("E07000999", "Castlebridge")
    assert (demo.csp_code, demo.pfa_code) == ("E22000999", "E23000999")
    assert (demo.force_slug, demo.force_name) == ("castlebridgeshire", "Castlebridgeshire Police")
    assert demo.months[0] == "2018-04" and demo.months[-1] == "2023-03"
    assert len(demo.months) == 60
    assert demo.pandemic_months == tuple(
        [f"2020-{m:02d}" for m in range(4, 13)] + ["2021-01", "2021-02", "2021-03"]
    )
    assert demo.recording_change_month == "2022-06"
    assert demo.recording_change_note and "2022-06" in demo.recording_change_note
    assert 3 <= len(demo.hotspot_lsoas) <= 4
    assert demo.hotspot_lsoas == demo.town_centre_lsoas + demo.estate_lsoas
    assert 1 <= len(demo.hotspot_wards) <= 4
    assert len(demo.hotspot_ward_names) == len(demo.hotspot_wards)
    assert demo.hotspot_ward_names[0] == "High Street"
    assert demo.rows == demo.crime_rows + demo.asb_rows
    assert 1_500 * 60 <= demo.rows <= 1_800 * 60
    assert [p.name for p in demo.police_files[:2]] == [
        "2018-04-castlebridgeshire-street.csv", "2018-05-castlebridgeshire-street.csv",
    ]


def test_facts_file_matches_the_returned_facts(demo: DemoBorough) -> None:
    facts = json.loads(demo.facts_file.read_text(encoding="utf-8"))
    assert facts == demo.to_dict()
    assert demo.facts_file.name == FACTS_FILE
    assert facts["lsoa_boundaries"] == "geography/lsoa2011_E07000999.geojson"
    assert facts["police_files"][0] == "police/2018-04/2018-04-castlebridgeshire-street.csv"
    assert str(demo.out_dir) not in demo.facts_file.read_text(encoding="utf-8")


def test_period_outside_the_shocks(tmp_path: Path) -> None:
    demo = generate_borough(tmp_path, start="2018-01", end="2018-03", quiet=True)
    assert demo.months == ("2018-01", "2018-02", "2018-03")
    assert demo.pandemic_months == ()
    assert demo.recording_change_month is None and demo.recording_change_note is None
    assert len(demo.police_files) == 3


def test_announces_what_it_made(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    generate_borough(tmp_path, start="2020-03", end="2020-05")
    err = capsys.readouterr().err
    assert err.startswith("Demo borough Castlebridge (E07000999), seed 2024: ")
    assert "over 3 months, 2020-03 to 2020-05." in err
    assert "Pandemic months: 2020-04 to 2020-05." in err
    generate_borough(tmp_path, start="2020-03", end="2020-05", quiet=True)
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"start": "2018-4"}, "the demo's start '2018-4' is not a month; write it as YYYY-MM, "
                              "e.g. 2021-05"),
        ({"end": "2023-13"}, "the demo's end '2023-13' is not a month; write it as YYYY-MM, "
                             "e.g. 2021-05"),
        ({"start": "2023-01", "end": "2022-12"},
         "the demo's start 2023-01 is after its end 2022-12; swap them"),
        ({"seed": -1}, "the demo's seed -1 is not a whole number of 0 or more; give e.g. 2024 "
                       "(cspkit demo --seed 2024)"),
        ({"seed": 1.5}, "the demo's seed 1.5 is not a whole number of 0 or more; give e.g. 2024 "
                        "(cspkit demo --seed 2024)"),
        ({"start": "2000-01", "end": "2030-12"},
         "2000-01 to 2030-12 is 372 months, and the demo makes at most 240; move its start "
         "or end closer"),
    ],
)
def test_bad_arguments_say_how_to_fix_them(
    kwargs: dict[str, object], message: str, tmp_path: Path
) -> None:
    with pytest.raises(InputError) as err:
        generate_borough(tmp_path, **kwargs)
    assert str(err.value) == message
    assert not any(tmp_path.iterdir())


def test_docstring_example_runs() -> None:
    result = doctest.testmod(cspkit.demo, verbose=False)
    assert result.attempted > 0 and result.failed == 0
