"""The assessment's charts and maps as Vega-Lite specifications (one spec for web and print)."""

from __future__ import annotations

import json
from typing import Any

import altair as alt
import geopandas as gpd
import numpy as np
import pandas as pd

from cspkit.analysis.funnel import Funnel
from cspkit.calendar import financial_year_months, financial_year_of

__all__ = ["category_bars", "choropleth", "funnel_plot", "hotspot_map", "monthly_series"]

BLUE, GREY, RED = "#1d70b8", "#b1b4b6", "#d4351c"


def monthly_series(
    monthly: pd.DataFrame, crime_type: str, year: str, excluded: set[str], years: int = 4
) -> dict[str, Any]:
    """Monthly counts over the last ``years`` financial years; earlier years shaded grey,
    the selected year in blue; excluded or missing months are gaps, never zeros."""
    data = monthly[monthly["crime_type"] == crime_type][["month", "count"]]
    keep = sorted({financial_year_of(m) for m in data["month"]})
    keep = [y for y in keep if y <= year][-years:]
    span = [m for y in keep for m in financial_year_months(y)]
    data = pd.DataFrame({"month": span}).merge(data, on="month", how="left")
    data.loc[data["month"].isin(excluded), "count"] = None
    data["financial_year"] = data["month"].map(financial_year_of)
    data["date"] = pd.to_datetime(data["month"] + "-01")
    # each run of months with data is its own line, so a gap stays a gap
    data["run"] = data["count"].isna().cumsum()
    data = data.dropna(subset=["count"])
    bands = pd.DataFrame(
        {
            "financial_year": keep,
            "start": [pd.Timestamp(f"{y[:4]}-04-01") for y in keep],
            "end": [pd.Timestamp(f"{int(y[:4]) + 1}-04-01") for y in keep],
        }
    )
    bands["selected"] = bands["financial_year"] == year
    shade = (
        alt.Chart(bands)
        .mark_rect(opacity=0.25)
        .encode(
            x="start:T",
            x2="end:T",
            color=alt.Color(
                "selected:N",
                scale=alt.Scale(domain=[False, True], range=[GREY, "#bbd4ea"]),
                legend=None,
            ),
        )
    )
    labels = (
        alt.Chart(bands)
        .mark_text(dy=-6, baseline="bottom", align="left", dx=4)
        .encode(
            x="start:T",
            y=alt.value(0),
            text="financial_year:N",
        )
    )
    line = (
        alt.Chart(data)
        .mark_line(point=True, color=BLUE)
        .encode(
            detail="run:N",
            x=alt.X("date:T", title=None, axis=alt.Axis(format="%b %Y", labelAngle=0, tickCount=8)),
            y=alt.Y("count:Q", title="Incidents per month"),
            tooltip=["month", "count"],
        )
    )
    return (shade + labels + line).properties(width=560, height=180).to_dict()


def category_bars(harm: pd.DataFrame) -> dict[str, Any]:
    """Counts by category for the year, police-generated categories marked."""
    data = harm[["crime_type", "count", "police_generated"]].copy()
    data["kind"] = data["police_generated"].map({True: "police-generated", False: "reported"})
    return (
        alt.Chart(data)
        .mark_bar()
        .encode(
            y=alt.Y("crime_type:N", sort="-x", title=None),
            x=alt.X("count:Q", title="Recorded in the year"),
            color=alt.Color(
                "kind:N",
                scale=alt.Scale(domain=["reported", "police-generated"], range=[BLUE, GREY]),
                title=None,
            ),
            tooltip=["crime_type", "count"],
        )
        .properties(width=460, height=300)
        .to_dict()
    )


def _geo(frame: gpd.GeoDataFrame, columns: list[str]) -> alt.Data:
    return alt.Data(values=json.loads(frame[[*columns, "geometry"]].to_json())["features"])


def choropleth(wards: gpd.GeoDataFrame, value: str, title: str) -> dict[str, Any]:
    """Wards shaded by ``value`` (in British National Grid, drawn without reprojection)."""
    base = alt.Chart(_geo(wards, ["name", value])).mark_geoshape(stroke="white", strokeWidth=0.8)
    return (
        base.encode(
            color=alt.Color(f"properties.{value}:Q", title=title, scale=alt.Scale(scheme="blues")),
            tooltip=[
                alt.Tooltip("properties.name:N", title="Ward"),
                alt.Tooltip(f"properties.{value}:Q", title=title, format=",.1f"),
            ],
        )
        .project(type="identity", reflectY=True)
        .properties(width=440, height=440)
        .to_dict()
    )


def hotspot_map(grid: gpd.GeoDataFrame, wards: gpd.GeoDataFrame) -> dict[str, Any]:
    """Kernel density of crime on the grid, Gi* hot spots outlined, ward boundaries over it."""
    cells = grid[grid["kde"] > grid["kde"].max() * 0.02].copy()
    cells["hot"] = cells["classification"].isin(["hot spot 99%", "hot spot 95%"])
    density = (
        alt.Chart(_geo(cells, ["kde", "hot"]))
        .mark_geoshape(strokeWidth=0)
        .encode(
            color=alt.Color(
                "properties.kde:Q", title="Crimes per km²", scale=alt.Scale(scheme="orangered")
            ),
        )
    )
    hot = alt.Chart(_geo(cells[cells["hot"]], ["hot"])).mark_geoshape(
        fillOpacity=0, stroke=RED, strokeWidth=1.2
    )
    outline = alt.Chart(_geo(wards, ["name"])).mark_geoshape(
        fillOpacity=0, stroke="#505a5f", strokeWidth=0.6
    )
    layered = (density + hot + outline).project(type="identity", reflectY=True)
    return layered.properties(width=440, height=440).to_dict()


def funnel_plot(peers: pd.DataFrame, fun: Funnel) -> dict[str, Any]:
    """Each district's rate per 1,000 against its population, the group's rate, and the 95%
    and 99.8% limits; the district assessed in red, named; every district labelled."""
    top = float(peers["population"].max()) * 1.15
    low = float(peers["population"].min()) * 0.85
    grid = np.linspace(low, top, 80)
    lines = []
    for level, name in ((0.95, "95% limits"), (0.998, "99.8% limits")):
        lo, hi = fun.limits(grid, level)
        for side, values in (("lower", lo), ("upper", hi)):
            lines += [{"population": float(n), "rate": 1000 * float(v), "limit": name,
                       "side": side} for n, v in zip(grid, values, strict=True)]
    limits = alt.Chart(pd.DataFrame(lines)).mark_line(strokeDash=[4, 3]).encode(
        x=alt.X("population:Q", title="Residents"),
        y=alt.Y("rate:Q", title="Per 1,000 residents"),
        detail="side:N",
        color=alt.Color("limit:N", title=None,
                        scale=alt.Scale(domain=["95% limits", "99.8% limits"],
                                        range=["#505a5f", GREY])),
    )
    target = alt.Chart(pd.DataFrame({"rate": [1000 * fun.target]})).mark_rule(
        color="#0b0c0c").encode(y="rate:Q")
    data = peers.assign(kind=peers["target"].map({True: "this district", False: "peer"}))
    points = alt.Chart(data).mark_circle(size=60, opacity=1).encode(
        x="population:Q", y=alt.Y("rate_per_1000:Q"),
        fill=alt.Fill("kind:N", scale=alt.Scale(domain=["this district", "peer"],
                                                range=[RED, BLUE]), title=None),
        tooltip=["lad_name", "count", "population", alt.Tooltip("rate_per_1000:Q", format=".1f")],
    )
    # name the district, the highest and lowest rates and the largest (the table names all)
    named = {peers["rate_per_1000"].idxmax(), peers["rate_per_1000"].idxmin(),
             peers["population"].idxmax(), *peers.index[peers["target"]]}
    labels = alt.Chart(data.loc[sorted(named)]).mark_text(align="left", dx=6, fontSize=9).encode(
        x="population:Q", y="rate_per_1000:Q", text="lad_name:N")
    return (limits + target + points + labels).properties(width=460, height=300).to_dict()
