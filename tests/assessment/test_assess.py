"""The strategic assessment: assembled from the analysis library, written as HTML, PDF and Word."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from docx import Document as WordDocument
from pypdf import PdfReader

from cspkit.assessment import AssessmentConfig, assess, load_config, write_assessment
from cspkit.cli import main
from cspkit.demo.load import run_demo
from cspkit.errors import GeographyError, HotspotWarning, InputError, NotLoadedError
from cspkit.geography import load_boundaries, load_lookup, load_population
from cspkit.store import Store
from cspkit.store.police_load import load_police

ROOT = Path(__file__).resolve().parents[2]
DEMO = "E07000999"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Store:
    root = tmp_path_factory.mktemp("assess")
    store = Store(root / "store")
    run_demo(store, root / "files", seed=2024)
    return store


@pytest.fixture(scope="module")
def demo_sa(demo_store: Store):  # type: ignore[no-untyped-def]
    config = load_config(ROOT / "examples" / "assessment-castlebridge.yaml")
    return assess(demo_store, DEMO, "2022/23", config)


def test_findings_are_plain_english_with_significance(demo_sa) -> None:  # type: ignore[no-untyped-def]
    violence = [f for f in demo_sa.findings if f.startswith("Violence and sexual offences rose")]
    assert violence == [
        "Violence and sexual offences rose from 5,078 in 2021/22 to 5,958 in 2022/23 (+17%), a "
        "statistically significant increase (not like for like: the periods straddle 2022-06 "
        "(new police recording system (violence, public order and other crime recorded more "
        "fully)))."
    ]
    assert all("%" not in f or "statistically" in f or "harm" in f or "crimes (" in f
               for f in demo_sa.findings)
    pandemic = demo_sa.comparison("All crime (excluding ASB)", "average of the three years before")
    assert "2020/21" in pandemic["irregular"]


def test_every_figure_has_a_source(demo_sa) -> None:  # type: ignore[no-untyped-def]
    from cspkit.assessment import assessment_document

    doc = assessment_document(demo_sa)
    notes = doc.source_notes()
    assert len(notes) > 15
    assert all(n.source and n.source != "not stated" for n in notes)
    assert any("2022-04 to 2023-03" in n.source for n in notes)


def test_three_formats(demo_sa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    paths = write_assessment(demo_sa, tmp_path, ("html", "pdf", "docx"))
    assert [p.suffix for p in paths] == [".html", ".pdf", ".docx"]
    html = paths[0].read_text()
    headings = ["Summary of findings", "Overview of crime and anti-social behaviour", "Places",
                "Data quality", "Methods", "Appendix: sources of figures and tables"]
    for h in headings:
        assert f">{h}</h2>" in html
    assert html.count("<svg") >= 10 and "Crimes per km²" in html
    pdf = "\n".join(p.extract_text() for p in PdfReader(str(paths[1])).pages)
    for h in headings:
        assert h in pdf
    word = WordDocument(str(paths[2]))
    titles = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert titles[1:] == [*headings[:2], "Serious violence and organised crime",
                          "Anti-social behaviour and criminal damage",
                          "Neighbourhood and acquisitive crime", *headings[2:]]
    assert len(word.inline_shapes) >= 10


def test_public_version_suppresses_small_sensitive_counts(
    demo_store: Store, tmp_path: Path
) -> None:
    config = dataclasses.replace(
        load_config(ROOT / "examples" / "assessment-castlebridge.yaml"), public=True
    )
    sa = assess(demo_store, DEMO, "2022/23", config)
    public = sa.public_wards
    assert public is not None and "count" not in public.columns
    violence = public[public["crime_type"] == "Violence and sexual offences"]
    assert set(violence["suppressed"]) <= {"", "primary", "secondary"}
    small = public[public["suppressed"] == "primary"]
    assert (small["shown"] == "*").all()
    assert set(small["crime_type"]) <= {"Violence and sexual offences"}
    html = write_assessment(sa, tmp_path, ("html",))[0].read_text()
    assert "PUBLIC VERSION" in html and "Repeat locations" not in html


def test_unknown_area_and_empty_year(demo_store: Store) -> None:
    with pytest.raises(GeographyError) as info:
        assess(demo_store, "E07000000", "2022/23")
    assert "E07000000" in str(info.value)
    with pytest.raises(NotLoadedError) as info2:
        assess(demo_store, DEMO, "2030/31")
    assert "2030/31" in str(info2.value)


def test_bad_config(tmp_path: Path) -> None:
    bad = tmp_path / "a.yaml"
    bad.write_text("themes:\n  - name: X\n    crime_types: [Burglery]\n")
    with pytest.raises(InputError) as info:
        load_config(bad)
    assert str(info.value).startswith(
        f"{bad}: themes[0].crime_types: 'Burglery' is not a police.uk category; use one of "
        "Anti-social behaviour, Bicycle theft, Burglary,"
    )


def test_the_assess_command(demo_store: Store, tmp_path: Path) -> None:
    args = ["--store", str(demo_store.root), "assess", "--area", DEMO, "--year", "2022/23",
            "--format", "html,docx", "--out", str(tmp_path)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert f"Wrote {tmp_path}/strategic-assessment-E07000999-2022-23.html" in result.output
    bad = CliRunner().invoke(main, [*args[:-4], "--format", "odt"])
    assert bad.exit_code == 2
    assert "Error: --format 'odt': use html, pdf and/or docx, e.g. --format html,pdf" in bad.output
    future = CliRunner().invoke(main, [*args[:5], "--year", "2030-31"])
    assert future.exit_code == 2  # a year not loaded is bad input too
    assert future.stderr.startswith(
        "Error: no street crime data in Castlebridge (E07000999) for 2030/31 (April 2030 to "
        "March 2031): the data has months in "
    )


@pytest.mark.shared_data
def test_maidstone_counts_equal_a_direct_duckdb_count(shared_data: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    street = shared_data / "police" / "kent" / "street"
    lookup = shared_data / "geography" / "lookups" / "LSOA11_WD19_LAD19_EW_LU.csv"
    load_police(store, [street])
    load_lookup(store, lookup)
    geo = shared_data / "geography/boundaries"
    load_boundaries(store, geo / "maidstone_wards_WD22_E07000110.geojson")
    pop = shared_data / "population/mysociety_lsoa_population_mid2019_uk.csv"
    load_population(store, pop, 2019)
    config = AssessmentConfig(partnership="Safer Maidstone Partnership")
    with pytest.warns(HotspotWarning) as noted:  # in the assessment's words, not the library's
        sa = assess(store, "E07000110", "2021/22", config)
    assert [str(w.message) for w in noted] == [
        "the hot spot map leaves out 1 of 15,826 located crimes: they lie outside the district's "
        "ward boundaries"
    ]
    ours = sa.trends.by_year
    ours = ours[(ours["period"] == "2021/22") & (ours["crime_type"] != "All crime (excluding ASB)")]
    direct = duckdb.sql(f"""
        SELECT "Crime type", count(*)
        FROM read_csv('{street}/*/*.csv', header=true, all_varchar=true)
        WHERE "Month" BETWEEN '2021-04' AND '2022-03' AND "LSOA code" IN (
            SELECT LSOA11CD FROM read_csv('{lookup}', header=true, all_varchar=true)
            WHERE LAD19CD = 'E07000110')
        GROUP BY 1""").fetchall()
    assert dict(zip(ours["crime_type"], ours["count"].astype(int), strict=True)) == dict(direct)
    assert sum(n for _, n in direct) == 18_861
    assert sa.hotspots is not None and len(sa.findings) >= 3
