"""The strategic assessment: assembled from the analysis library, written as HTML, PDF and Word."""

from __future__ import annotations

import dataclasses
from html import unescape
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner
from docx import Document as WordDocument
from pypdf import PdfReader

from cspkit.analysis.comparisons import ALL_CRIME
from cspkit.assessment import AssessmentConfig, assess, load_config, write_assessment
from cspkit.cli import main
from cspkit.demo.load import run_demo
from cspkit.errors import GeographyError, HotspotWarning, InputError, NotLoadedError
from cspkit.sources import load_boundaries, load_lookup, load_population
from cspkit.sources.police import load_police
from cspkit.store import Store

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


def test_findings_lead_with_what_the_data_supports(demo_sa) -> None:  # type: ignore[no-untyped-def]
    f = demo_sa.findings
    assert f[0].startswith(
        "Anti-social behaviour incidents fell from 4,655 in 2021/22 to 4,265 in 2022/23 (-8%), a "
        "statistically significant decrease (p = 0.026; quasi-Poisson, dispersion 2.6)"
    )
    # the break affects violence: its comparisons are refused, never "rose ... significant"
    assert not any(x.startswith("Violence and sexual offences rose") for x in f)
    refused = ("2022/23 could not be compared with 2021/22 for criminal damage and arson, other "
               "crime, police-recorded crime (excluding ASB), public order and violence and "
               "sexual offences: only 2 calendar months (Apr to May) can be compared like for "
               "like in 2021/22 and 2022/23 on the same side of the break of 2022-06 (new police "
               "recording system (violence, public order and other crime recorded more fully)); "
               "at least 6 are needed.")
    assert refused in f
    # the order: significant changes, harm, hot spots, (peers), not compared, data quality
    first = [next(i for i, x in enumerate(f) if x.startswith(p)) for p in (
        "Anti-social behaviour incidents fell", "Weighted by harm", "166 cells of 250 m",
        "2022/23 could not be compared", "Irregular months")]
    assert first == sorted(first)
    assert all("%" not in x or "statistically" in x or "harm" in x or "crimes (" in x
               for x in f)
    pandemic = demo_sa.comparison("All crime (excluding ASB)", "average of the three years before")
    assert "2020/21" in pandemic["irregular"]
    assert demo_sa.peers is None and "not compared with its peers" in demo_sa.quality["peers"]


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
    headings = ["Executive summary", "Overview of crime and anti-social behaviour", "Places",
                "How Castlebridge compares with its peers", "Data quality", "Methods",
                "Appendix: sources of figures and tables"]
    for h in headings:
        assert f">{h}</h2>" in html
    assert html.count("<svg") >= 10 and "Crimes per km²" in html
    pdf = "\n".join(p.extract_text() for p in PdfReader(str(paths[1])).pages)
    for h in headings:
        assert h in pdf
    word = WordDocument(str(paths[2]))
    titles = [p.text for p in word.paragraphs if p.style.name == "Heading 1"]
    assert titles == [*headings[:2], "Serious violence and organised crime",
                          "Anti-social behaviour and criminal damage",
                          "Neighbourhood and acquisitive crime", *headings[2:]]
    assert len(word.inline_shapes) >= 10
    assert all(shape._inline.docPr.get("descr") for shape in word.inline_shapes)
    assert word.core_properties.title == "Strategic assessment 2022/23"
    assert word.core_properties.author == "Safer Castlebridge Partnership"


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
    load_lookup(store, shared_data / "geography" / "lookups" / "LAD19_CSP19_PFA19_EW_LU.csv")
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
    _maidstone_is_honest(sa, tmp_path)


def _maidstone_is_honest(sa, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Issue 11: the Maidstone 2021/22 assessment contains no comparison the policy refuses."""
    assert not sa.trends.comparisons["comparable"].any()  # 2020/21 has one usable month
    html = unescape(write_assessment(sa, tmp_path, ("html",))[0].read_text())
    for claim in ("+254%", "statistically significant increase",
                  "statistically significant decrease", "rose from 399"):
        assert claim not in html and not any(claim in f for f in sa.findings)
    assert "2021/22 could not be compared with 2020/21 for any series: 2020/21 has 1 usable " \
        "month (Mar 2021); at least 6 are needed." in sa.findings
    assert "2020/21 (Mar 2021 only)" in html
    # silence never reads as "no irregular months"
    assert "The irregular-month check could not run for 2021/22: too little history" in html
    # the hot spots' "most of those crimes were in X, Y and Z" is true of the crimes
    sentence = next(f for f in sa.findings if "hot spots of crime" in f)
    by_ward = sa.hotspots.attrs["hot_by_ward"]
    named = sentence.split(" were in ")[1].removesuffix(" wards.").replace(" and ", ", ")
    held = sum(by_ward[w] for w in named.split(", "))
    assert "most of those crimes" in sentence and held > sum(by_ward.values()) / 2
    assert "false discovery rate" in sentence
    assert "per 1,000 residents (mid-2019 population; LSOA 2011 boundaries summed to wards" \
        in html
    assert "between 54% and 93% with the weights' low and high values" in html
    # High Street (the town centre) carries the footfall caveat
    assert "High Street: rates per resident overstate the risk" in html
    assert "Benjamini-Hochberg" in html and "m east-west" in html
    # peers: Maidstone ranked among the Kent districts
    assert "Maidstone's rate of crime (excluding ASB), 92.0 per 1,000 residents, is the 6th " \
        "highest of the 13 districts of the Kent police force area" in html
    assert "How Maidstone compares with its peers" in html and "Funnel plot" in html
    # a funnel plot for every crime group in which Maidstone lies outside the 95% limits
    mine = sa.peers.summary[(sa.peers.summary["group"] == sa.peers.summary["group"].iloc[0])
                            & (sa.peers.summary["crime_type"] != ALL_CRIME)]
    for r in mine.to_dict("records"):
        caption = f"Funnel plot: {r['crime_type'].lower()} per 1,000 residents"
        assert (caption in html) == (not r["position"].startswith("within")), r["crime_type"]
    # (every group is within them for Maidstone 2021/22 with overdispersed limits: said so)
    assert mine["position"].str.startswith("within").all()
    assert "Maidstone lies within the 95% limits of the districts of Kent police force area for " \
        "every crime group" in html


def test_the_comparison_policy_and_scoped_breaks_are_settings(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text("comparison: {alpha: 0.01, min_months: 8, method: e-test}\n"
                    "town_centres: [High Street]\n"
                    "breaks:\n  '2022-06':\n    description: new system\n"
                    "    crime_types: [Public order]\n")
    config = load_config(good)
    assert (config.comparison.alpha, config.comparison.min_months) == (0.01, 8)
    assert config.comparison.method == "e-test" and config.town_centres == ("High Street",)
    assert config.breaks == {"2022-06": {"description": "new system",
                                         "crime_types": ("Public order",)}}
    for text, message in (
        ("comparison: {alpah: 0.01}\n", "comparison: unknown setting(s) alpah; the settings "
                                         "are alpha, method, min_baseline_years, min_count, "
                                         "min_months"),
        ("comparison: {alpha: 2}\n", "comparison: ComparisonPolicy(): alpha=2 must be a "
                                      "number between 0 and 1, e.g. 0.05"),
        ("breaks:\n  '2022-06': {description: x, crime_type: [Drugs]}\n",
         "breaks[2022-06]: unknown setting(s) crime_type; a break has a description and, "
         "optionally, the crime_types it affects"),
        ("breaks:\n  '2022-06': {crime_types: [Drug]}\n",
         "breaks[2022-06].crime_types: 'Drug' is not a police.uk category"),
    ):
        bad = tmp_path / "bad.yaml"
        bad.write_text(text)
        with pytest.raises(InputError) as info:
            load_config(bad)
        assert str(info.value).startswith(f"{bad}: {message}")


def test_partner_measures_are_charted_beside_police_data(demo_sa) -> None:  # type: ignore[no-untyped-def]
    from cspkit.assessment.config import Theme
    from cspkit.assessment.report import assessment_document
    from cspkit.reports import Figure

    asb = demo_sa.trends.monthly
    asb = asb[asb["crime_type"] == "Anti-social behaviour"]
    monthly = asb.rename(columns={"count": "value"}).assign(
        measure="Fly-tipping reports", source="Castlebridge Council")[
        ["measure", "source", "month", "value"]]
    partner = dataclasses.replace(demo_sa.trends, monthly=monthly)
    theme = Theme("Environmental crime", crime_types=("Anti-social behaviour",),
                  partner_measures=("Fly-tipping reports",))
    sa = dataclasses.replace(demo_sa, partner=partner,
                             config=dataclasses.replace(demo_sa.config, themes=(theme,)))
    doc = assessment_document(sa)
    section = next(s for s in doc.sections if s.title == "Environmental crime")
    figures = [(sub.title, b) for sub in section.subsections for b in sub.blocks
               if isinstance(b, Figure)]
    assert [t for t, _ in figures] == ["Anti-social behaviour", "Fly-tipping reports"]
    chart = figures[1][1]
    assert chart.caption == "Fly-tipping reports (partner data): per month"
    assert chart.alt_text == "Monthly Fly-tipping reports recorded by Castlebridge Council"
    assert "Castlebridge Council data, " in chart.source
    from cspkit.assessment.themes import partner_monthly

    charted = partner_monthly(sa, "Fly-tipping reports")
    assert list(charted.columns) == ["month", "count", "crime_type"]
    assert charted["count"].sum() == asb["count"].sum()
