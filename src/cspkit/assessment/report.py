"""The strategic assessment as a document (HTML, PDF and Word from one model)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from cspkit.analysis.trends import ALL_CRIME, ASB
from cspkit.assessment import charts
from cspkit.assessment.assemble import StrategicAssessment
from cspkit.assessment.evidence import (
    footfall_callout,
    footfall_wards,
    hotspot_caption,
    methods,
    peers_section,
    period_labels,
    rate_caption,
    share_range,
    year_labels,
)
from cspkit.assessment.findings import not_compared
from cspkit.assessment.themes import theme_section
from cspkit.reports import (
    BulletList,
    Callout,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
    render_docx,
    render_html,
    render_pdf,
)

__all__ = ["assessment_document", "write_assessment"]

OGL = (
    "Contains public sector information licensed under the Open Government Licence v3.0. "
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right."
)


def assessment_document(sa: StrategicAssessment) -> Document:
    """The assessment's document: summary, overview, themes, places, data quality, methods."""
    area = sa.area.lad_name
    doc = Document(
        title=f"Strategic assessment {sa.year}",
        subtitle=f"{sa.config.partnership or area + ' Community Safety Partnership'} — "
        f"{area} ({sa.area.lad_code})",
        organisation=sa.config.partnership or f"{area} Community Safety Partnership",
        issued=date.today(),
        notices=(
            (
                "PUBLIC VERSION: small counts of sensitive crimes are suppressed. "
                if sa.config.public
                else "NOT FOR PUBLICATION: contains unsuppressed counts. "
            )
            + OGL,
        ),
    )
    _summary(doc.section("Executive summary"), sa)
    _overview(doc.section("Overview of crime and anti-social behaviour"), sa)
    for theme in sa.config.themes:
        theme_section(doc.section(theme.name), sa, theme)
    _places(doc.section("Places"), sa)
    peers_section(doc.section(f"How {area} compares with its peers"), sa)
    _quality(doc.section("Data quality"), sa)
    _methods(doc.section("Methods"), sa)
    return doc


def write_assessment(
    sa: StrategicAssessment, out_dir: Path, formats: tuple[str, ...]
) -> list[Path]:
    """Write the assessment in each of ``formats`` (html, pdf, docx); the paths written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    doc = assessment_document(sa)
    stem = f"strategic-assessment-{sa.area.lad_code}-{sa.year.replace('/', '-')}"
    if sa.config.public:
        stem += "-public"
    paths = []
    for fmt in formats:
        path = out_dir / f"{stem}.{fmt}"
        if fmt == "html":
            path.write_text(render_html(doc), encoding="utf-8")
        elif fmt == "pdf":
            render_pdf(doc, path)
        elif fmt == "docx":
            render_docx(doc, path)
        paths.append(path)
    return paths


def _summary(s: Section, sa: StrategicAssessment) -> None:
    s.add(
        Paragraph(
            f"This assessment covers police-recorded crime and anti-social behaviour in "
            f"{sa.area.lad_name} in the financial year {sa.year} (April to March), compared "
            f"with {sa.previous_year} and with the average of the three years before, and says "
            "where and what changed. Every change is tested for significance; figures are "
            "traced to their data in the appendix."
        )
    )
    # the caveat before the findings it qualifies, never alone on the next page
    if not sa.quality["excluded"].empty or not sa.quality["irregular"].empty:
        s.add(
            Callout(
                "Some months are excluded or irregular: see Data quality before comparing years.",
                "warning",
            )
        )
    s.add(BulletList(tuple(sa.findings)))


def _comparison_rows(sa: StrategicAssessment) -> tuple[tuple[object, ...], ...]:
    comp = sa.trends.comparisons
    prev = comp[comp["comparison"] == "previous year"].set_index("crime_type")
    avg = comp[comp["comparison"] != "previous year"].set_index("crime_type")
    order = [ALL_CRIME, ASB, *sorted(set(prev.index) - {ALL_CRIME, ASB})]
    rows = []
    for name in order:
        if name not in prev.index:
            continue
        p = prev.loc[name].to_dict()
        a = avg.loc[name].to_dict() if name in avg.index else None
        rows.append(
            (
                name,
                int(p["before"]),
                int(p["after"]),
                _num(p["pct_change"]) if p["comparable"] else None,
                _result(p),
                _result(a) if a is not None else "–",
            )
        )
    return tuple(rows)


def _overview(s: Section, sa: StrategicAssessment) -> None:
    before, after = period_labels(sa)
    s.add(
        Table(
            f"Crime and ASB in {sa.year} against {sa.previous_year} and the three years before",
            (
                "Category",
                before,
                after,
                "Change %",
                "Against last year",
                "Against the three-year average",
            ),
            _comparison_rows(sa),
            source=sa.sources["trends"],
            numeric=(False, True, True, True, False, False),
        )
    )
    refused = not_compared(sa)
    if refused:
        s.add(Paragraph("What could not be compared, and why:"), BulletList(tuple(refused)))
    s.add(
        Figure(
            f"Recorded crime and ASB by category, {sa.year}",
            charts.category_bars(sa.harm),
            alt_text="Bar chart of counts by police.uk category",
            source=sa.sources["year"],
        )
    )
    harm = sa.harm
    s.add(
        Table(
            f"Harm-weighted crime, {sa.year}",
            ("Category", "Count", "Weight (days)", "Harm share %", "Range %", "Weighted",
             "Police-generated"),
            tuple(
                (
                    r["crime_type"],
                    int(r["count"]),
                    _num(r["weight"]),
                    _num(r["harm_share"]),
                    share_range(r["harm_share_low"], r["harm_share_high"]),
                    r["weighted"],
                    bool(r["police_generated"]),
                )
                for r in _records(harm)
            ),
            source=sa.sources["harm"] + "; range: the category at its low weight and every "
            "other at its high weight, and the reverse",
            numeric=(False, True, True, True, False, False, False),
        )
    )


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    return [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]


def _result(row: dict[str, Any]) -> str:
    """The verdict; a refused comparison names its reason in the text below the table."""
    if row["status"] == "too small":
        return "numbers too small to compare"
    return str(row["result"])



def _num(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _ward_totals(sa: StrategicAssessment) -> pd.DataFrame:
    if "count" not in sa.wards.columns:
        return pd.DataFrame()
    crimes = sa.wards[sa.wards["crime_type"] != ASB]
    totals = crimes.groupby(["area_code", "area_name"], as_index=False)[
        ["count", "previous", "population"]
    ].agg({"count": "sum", "previous": "sum", "population": "first"})
    totals["rate"] = totals["count"] / totals["population"] * 1000
    return totals.sort_values("rate", ascending=False, na_position="last")


def _ward_table(s: Section, sa: StrategicAssessment, totals: pd.DataFrame) -> None:
    """The wards' counts: sensitive crimes suppressed where small in public, else every ward's
    crime and rate."""
    if sa.config.public:
        s.add(Callout(f"Ward counts are published under this rule: {sa.sources['rule']}"))
        assert sa.public_wards is not None
        shown = sa.public_wards[sa.public_wards["crime_type"].isin(sa.config.sensitive)]
        s.add(
            Table(
                "Sensitive crimes by ward (suppressed where small)",
                ("Ward", "Category", sa.year),
                tuple(zip(shown["area_name"], shown["crime_type"], shown["shown"], strict=True)),
                source=sa.sources["wards"],
            )
        )
    elif not totals.empty:
        s.add(
            Table(
                f"Crime (excluding ASB) by ward, {sa.year}, {rate_caption(sa)}",
                ("Ward", *year_labels(sa), "Residents", "Per 1,000"),
                tuple(
                    (
                        r["area_name"],
                        int(r["previous"]),
                        int(r["count"]),
                        _num(r["population"]),
                        _num(r["rate"]),
                    )
                    for r in _records(totals)
                ),
                source=sa.sources["wards"],
            )
        )


def _places(s: Section, sa: StrategicAssessment) -> None:
    totals = _ward_totals(sa)
    _ward_table(s, sa, totals)
    visited = footfall_wards(sa, totals)
    if visited:
        s.add(footfall_callout(visited))
    if not totals.empty:
        shapes = sa.ward_shapes.merge(
            totals[["area_code", "rate"]].dropna(), left_on="code", right_on="area_code"
        )
        s.add(
            Figure(
                f"Crime (excluding ASB) by ward, {sa.year}, {rate_caption(sa)}",
                charts.choropleth(shapes, "rate", "Per 1,000"),
                alt_text="Map of wards shaded by crime rate",
                source=sa.sources["wards"],
            )
        )
    if sa.hotspots is not None:
        s.add(
            Figure(
                f"Where crime concentrated in {sa.year}: density and Gi* hot spots",
                charts.hotspot_map(sa.hotspots, sa.ward_shapes),
                alt_text="Map of crime density with hot spot cells outlined in red",
                source=f"{sa.sources['hotspots']}; {hotspot_caption(sa.hotspots)}",
            )
        )
    if sa.repeat is not None and not sa.config.public:
        s.add(
            Table(
                f"Repeat locations: the snap points with most crime, {sa.year}",
                ("Rank", "Location (anonymised snap point)", "Crimes", "Share of crimes %"),
                tuple(
                    (int(r["rank"]), r["location"], int(r["n"]), round(float(r["share"]) * 100, 1))
                    for r in _records(sa.repeat)
                ),
                source=sa.sources["hotspots"],
            )
        )
    s.add(
        Paragraph(
            "Urban and rural breakdowns need the ONS Rural-Urban Classification of "
            "LSOAs, which is not loaded in this store."
        )
    )


def _quality(s: Section, sa: StrategicAssessment) -> None:
    q = sa.quality
    cov = q["coverage"]
    if cov.empty:
        s.add(Paragraph("No month of the loaded span is missing or far below its neighbours."))
    else:
        s.add(
            Table(
                "Months missing or far below their neighbours (coverage check)",
                ("Force", "Month", "Rows", "Flag"),
                tuple(
                    (r.force, r.month, None if pd.isna(r.rows) else int(r.rows), r.flag)
                    for r in cov.itertuples()
                ),
                source="store coverage of the district's LSOAs (cspkit.store.coverage)",
            )
        )
    irr = q["irregular"]
    if not irr.empty:
        cols = [
            c
            for c in ("crime_type", "month", "count", "expected", "lower", "upper", "flag")
            if c in irr.columns
        ]
        s.add(
            Table(
                "Irregular months (outside the forecast interval from earlier years)",
                tuple(cols),
                tuple(tuple(r) for r in irr[cols].head(40).itertuples(index=False)),
                source=sa.sources["trends"],
            )
        )
    s.add(
        Paragraph(
            f"Rows without a location in the force's data for {sa.year}: "
            f"{q['no_location_force']:,} of {q['rows_force']:,}. They have no LSOA and cannot be "
            "placed in a district; they are counted here and not in the district's figures."
        )
    )
    lost = q["unmatched_lsoa"]
    s.add(Paragraph(f"Every row of {sa.year} with an LSOA code is placed by a loaded LSOA lookup "
                    f"(LSOA {lost['lsoa_vintage']}).") if not lost["rows"] else Callout(
        f"{lost['rows']:,} rows of {sa.year} in the force's data have an LSOA code in no loaded "
        f"lookup (LSOA {lost['lsoa_vintage']}), {lost['district_rows']:,} of them named "
        f"{sa.area.lad_name} by police.uk ({', '.join(lost['district_codes']) or 'none'}); they "
        "count for no district until the LSOA lookup of their vintage is loaded.", "warning"))
    missing = q.get("wards_without_population") or []
    if missing:
        s.add(Callout(
            f"{len(missing)} ward(s) of the boundaries have no population in the store's "
            f"population table, whose wards come from the best-fit lookup (ward vintage "
            f"{sa.area.ward_vintage}): {', '.join(missing)}. Their crimes are counted but no rate "
            "is given; load a lookup of the boundaries' vintage to rate them.", "warning"))
    s.add(Paragraph(q["irregular_status"]))
    if q.get("peers"):
        s.add(Paragraph(q["peers"]))
    s.add(Paragraph(q["note"]))


def _methods(s: Section, sa: StrategicAssessment) -> None:
    s.add(methods(sa))
