"""`cspkit load ...`: every loader through click's runner, the one report shape, all or none."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cspkit.analysis.survey import survey_sentences
from cspkit.cli import main
from cspkit.sources import read_questions, read_survey, stored_survey
from cspkit.store import Store
from tests.files import write_csv
from tests.police_csv import write_street


def run(store: Path, *args: str, code: int = 0) -> str:
    result = CliRunner().invoke(main, ["--store", str(store), *args])
    assert result.exit_code == code, result.output
    return result.output


def report_of(out: str) -> list[str]:
    """The report's lines without the last (the store's folder and the load's id)."""
    lines = out.splitlines()
    assert lines[-1].startswith("Store: ")
    return lines[:-1]


@pytest.mark.shared_data
def test_lookups_load_all_or_none(tmp_path: Path, lookups_dir: Path) -> None:
    store = tmp_path / "s"
    a, b = lookups_dir / "LSOA11_WD19_LAD19_EW_LU.csv", lookups_dir / "LAD19_CSP19_PFA19_EW_LU.csv"
    bad = write_csv(tmp_path / "bad.csv", "LAD19CD,LAD19NM,CSP19CD,CSP19NM,PFA19CD,PFA19NM\n"
                    "E07000110,Maidstone,E2200014,Maidstone,E23000032,Kent\n")
    out = run(store, "load", "geography", "lookup", str(a), str(b), str(bad), code=2)
    assert out == (
        f"Error: {bad}, line 2, column 'CSP19CD': value 'E2200014'; expected an ONS GSS code (a "
        "letter and eight digits, e.g. E07000110). Correct or remove that row; an ONS lookup has "
        "a code on every row.\n"
    )
    assert not Store(store).exists() or Store(store).table_names() == []
    out = run(store, "load", "geography", "lookup", str(a), str(b))
    assert report_of(out) == [
        "Loaded 2 file(s) of ONS lookups: 35,095 rows.",
        "  tables: lsoa_ward 34,753, lad_csp_pfa 342",
        "  areas: 34,753 LSOAs, 8,023 wards, 339 districts, 314 partnerships, "
        "43 police force areas",
        "  periods: LSOA 2011, WD 2019, LAD 2019, LAD/CSP/PFA 2019",
        "  replaced: none",
        "  skipped: none",
    ]
    assert Store(store).table_names() == ["lad_csp_pfa", "lsoa_ward"]


@pytest.mark.shared_data
def test_boundaries_and_population(tmp_path: Path, shared_data: Path, boundaries_dir: Path) -> None:
    store = tmp_path / "s"
    out = run(store, "load", "geography", "boundaries",
              str(boundaries_dir / "kent_county_wards_WD22_E10000016.geojson"),
              str(boundaries_dir / "medway_wards_WD22_E06000035.geojson"))
    assert report_of(out) == [
        "Loaded 2 file(s) of boundaries: 293 rows.",
        "  tables: boundaries_ward_2022 293",
        "  areas: 293 wards",
        "  periods: ward 2022",
        "  replaced: none",
        "  skipped: none",
    ]
    run(store, "load", "geography", "lookup",
        str(shared_data / "geography/lookups/LSOA11_WD19_LAD19_EW_LU.csv"))
    out = run(store, "load", "geography", "population",
              str(shared_data / "population/mysociety_lsoa_population_mid2019_uk.csv"))
    assert report_of(out) == [
        "Loaded 1 file(s) of population estimates: 42,619 rows.",
        "  tables: population 42,619",
        "  areas: 42,619 areas",
        "  periods: 2019",
        "  replaced: none",
        "  skipped: 1 rows of "
        f"{shared_data / 'population/mysociety_lsoa_population_mid2019_uk.csv'}: totals, not areas",
        "  note: 7,866 of the 42,619 areas of mysociety_lsoa_population_mid2019_uk.csv are in no "
        "loaded LSOA lookup (e.g. S01006506, S01006507, S01006508); they are kept, and left out "
        "of ward and district sums",
    ]


@pytest.mark.shared_data
def test_deprivation(tmp_path: Path, shared_data: Path) -> None:
    store = tmp_path / "s"
    run(store, "load", "geography", "lookup",
        str(shared_data / "geography/lookups/LSOA11_WD19_LAD19_EW_LU.csv"))
    iod2025 = shared_data / "deprivation/File_1_IoD2025_Index_of_Multiple_Deprivation.csv"
    out = run(store, "load", "deprivation", str(iod2025))
    assert report_of(out) == [
        "Loaded 1 file(s) of Indices of Deprivation: 33,755 rows.",
        "  tables: deprivation 33,755",
        "  areas: 33,755 LSOAs",
        "  periods: IoD2025",
        "  domains: imd",
        "  replaced: none",
        "  skipped: none",
        "  note: the Indices of Deprivation 2025 rank LSOAs of 2021, and the store's LSOA "
        "lookup is of 2011: ward and district averages need a lookup of LSOA 2021 (`cspkit load "
        "geography lookup FILE`)",
    ]
    out = run(store, "load", "deprivation", str(tmp_path / "nope.csv"), code=2)
    assert out == f"Error: {tmp_path / 'nope.csv'}: no such file. Give the path of an Indices " \
                  "of Deprivation CSV (File 1 or File 2).\n"


def test_partner_measures(tmp_path: Path) -> None:
    store = tmp_path / "s"
    good = write_csv(tmp_path / "marac.csv", "month,area_code,measure,value\n"
                     "2021-04,E05005003,MARAC referrals,31\n2021-05,,MARAC referrals,28\n")
    negative = write_csv(tmp_path / "oss.csv", "month,measure,value\n2021-04,OSS attendance,-2\n")
    out = run(store, "load", "partner", str(good), str(negative), code=2)
    assert out == (
        f"Error: {negative}, line 2, column 'value': value '-2'; expected a count of 0 or more "
        "(a partner measure counts referrals, attendances, starts). Correct that cell (or remove "
        "the row) and load the file again.\n"
    )
    out = run(store, "load", "partner", str(good), "--source", "Kent MARAC")
    assert report_of(out) == [
        "Loaded 1 file(s) of partner measures: 2 rows.",
        "  tables: partner_measures 2",
        "  areas: 1 areas",
        "  periods: 2021-04, 2021-05",
        "  measures: MARAC referrals",
        "  replaced: none",
        "  skipped: none",
    ]
    again = run(store, "load", "partner", str(good), "--source", "Kent MARAC")
    assert "  replaced: partner measures of 'Kent MARAC' (MARAC referrals) (2 rows)" in again
    assert Store(store).read_table("partner_measures").num_rows == 2


def test_area_indicators(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "health.csv", "area_code,indicator,value,period\n"
                     "E05005003,Self-harm admissions,212.5,2016/17-2020/21\n"
                     "E05005004,Self-harm admissions,120,2016/17-2020/21\n")
    out = run(tmp_path / "s", "load", "area-indicators", str(path), code=2)
    assert "missing column(s) 'source'" in out and "--source" in out
    out = run(tmp_path / "s", "load", "area-indicators", str(path), "--source", "OHID")
    assert report_of(out) == [
        "Loaded 1 file(s) of area indicators: 2 rows.",
        "  tables: area_indicators 2",
        "  areas: 2 areas",
        "  periods: 2016/17-2020/21",
        "  indicators: Self-harm admissions",
        "  replaced: none",
        "  skipped: none",
    ]


QUESTIONS = """\
survey: Residents' survey
questions:
  - key: safe_home
    answers: [Very safe, Fairly safe, Fairly unsafe, Very unsafe, Don't know]
    counts_as: [Very safe, Fairly safe]
    not_in_base: [Don't know]
    statement: said they feel very or fairly safe in their home
  - key: fear_fraud
    answers: [Yes, No]
    counts_as: [Yes]
    statement: were worried about fraud
"""


def _respondents(path: Path, wave: str, safe: int, n: int = 200) -> Path:
    rows = [f"{i + 1},{wave},{'Very safe' if i < safe else 'Fairly unsafe'},"
            f"{'Yes' if i % 2 else 'No'},{'Bearsted' if i % 3 else 'Marden'}" for i in range(n)]
    return write_csv(path, "respondent,wave,safe_home,fear_fraud,ward\n" + "\n".join(rows) + "\n")


def test_survey_waves_load_and_read_back(tmp_path: Path) -> None:
    store = tmp_path / "s"
    questions = tmp_path / "questions.yaml"
    questions.write_text(QUESTIONS, encoding="utf-8")
    w2017 = _respondents(tmp_path / "2017.csv", "2017", 150)
    w2019 = _respondents(tmp_path / "2019.csv", "2019", 170)
    out = run(store, "load", "survey", str(w2017), str(w2019), "--questions", str(questions),
              "--group", "ward")
    assert report_of(out) == [
        "Loaded 2 file(s) of survey responses: 800 rows.",
        "  tables: survey_responses 800",
        "  periods: 2017, 2019",
        "  respondents: 200 in \"Residents' survey\"",
        "  questions: safe_home, fear_fraud",
        "  replaced: none",
        "  skipped: none",
    ]
    kept = stored_survey(Store(store))
    title, qs = read_questions(questions)
    direct = read_survey(w2019, qs, title=title, groups=["ward"])
    assert kept.waves == ["2017", "2019"] and kept.groups == ("ward",)
    assert survey_sentences(kept, wave="2019") == survey_sentences(direct)
    # the same wave again replaces that wave only
    out = run(store, "load", "survey", str(w2019), "--questions", str(questions),
              "--group", "ward")
    assert "  replaced: survey \"Residents' survey\" wave(s) 2019 (400 rows)" in out
    assert stored_survey(Store(store)).respondents == {"2017": 200, "2019": 200}


def test_police_allow_shrink(tmp_path: Path) -> None:
    store = tmp_path / "s"
    write_street(tmp_path / "full", "2021-05", 10)
    run(store, "load", "police", str(tmp_path / "full"))
    empty = write_street(tmp_path / "empty", "2021-05", 0)
    out = run(store, "load", "police", str(empty), code=2)
    assert out == (
        f"Error: {empty} has 0 rows where the store holds 10 for street testshire 2021-05: "
        "loading it would remove 10 rows. A file with a header and no rows, or one cut short "
        "while downloading, does this: download the month again from data.police.uk, or, if the "
        "month really has fewer rows now, load it again with --allow-shrink\n"
    )
    out = run(store, "load", "police", str(empty), "--allow-shrink")
    assert report_of(out)[-3:] == [
        "  replaced: street testshire 2021-05 (10 rows before, 0 now)",
        "  empty: street testshire 2021-05 (a header and no rows)",
        "  skipped: none",
    ]
    cov = run(store, "coverage")
    assert "0 missing, 1 empty and 0 low force-month(s)" in cov
