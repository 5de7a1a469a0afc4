"""Static maps (PNG or SVG, by the file's suffix) and GeoJSON of clusters and focus areas.

Drawn with matplotlib's non-interactive Agg backend; boundaries come from the ward polygons
given (any projected CRS; GeoJSON is written in WGS84 longitude/latitude, RFC 7946). Maps carry
the ONS/OS attribution the boundaries need.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd

from cspkit.analysis.places.clusterset import ClusterSet
from cspkit.errors import InputError

__all__ = ["ATTRIBUTION", "clusters_geojson", "plot_clusters", "plot_focus"]

ATTRIBUTION = (
    "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
    "Contains OS data © Crown copyright and database right."
)
_SUFFIXES = (".png", ".svg")


def _figure_path(path: str | Path, func: str) -> Path:
    path = Path(path)
    if path.suffix.lower() not in _SUFFIXES:
        raise InputError(
            f"{func}: {path.name!r} must end in .png or .svg (the suffix picks the format)"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    return path


def _joined(wards: gpd.GeoDataFrame, table: pd.DataFrame, key: str) -> gpd.GeoDataFrame:
    wards = wards.reset_index(drop=True)
    missing = sorted(set(table[key]) - set(wards["code"]))
    if missing:
        raise InputError(
            f"the map's boundaries lack area code(s) {', '.join(missing[:5])}; give the "
            "boundaries the table was made from"
        )
    merged = wards[["code", "geometry"]].merge(table, left_on="code", right_on=key, how="inner")
    return gpd.GeoDataFrame(merged, geometry="geometry", crs=wards.crs)


def _attribute(ax: Any) -> None:
    ax.annotate(ATTRIBUTION, xy=(0.0, -0.01), xycoords="axes fraction", fontsize=6,
                va="top", ha="left", wrap=True)


def clusters_geojson(wards: gpd.GeoDataFrame, clusters: ClusterSet, path: str | Path) -> Path:
    """Write each ward with ``ward_code, ward_name, cluster_id, cluster_name`` (and the set's
    name and version) as GeoJSON in WGS84; return the path."""
    gdf = _joined(wards, clusters.assignments, "ward_code").drop(columns=["code"])
    gdf["cluster_set"] = clusters.name
    gdf["version"] = clusters.version
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    gdf.to_crs("EPSG:4326").to_file(path, driver="GeoJSON", engine="pyogrio")
    return path


def plot_clusters(wards: gpd.GeoDataFrame, clusters: ClusterSet, path: str | Path, *,
                  title: str | None = None) -> Path:
    """Map of the clusters: wards coloured by cluster, cluster outlines thick, cluster ids
    labelled; PNG or SVG by ``path``'s suffix."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = _figure_path(path, "plot_clusters")
    gdf = _joined(wards, clusters.assignments, "ward_code")
    outlines = gdf.dissolve(by="cluster_id").reset_index()
    fig, ax = plt.subplots(figsize=(8, 8))
    try:
        gdf.plot(ax=ax, column="cluster_id", categorical=True, cmap="tab20",
                 edgecolor="white", linewidth=0.6)
        outlines.boundary.plot(ax=ax, color="#0b0c0c", linewidth=1.6)
        for row in outlines.itertuples():
            pt = row.geometry.representative_point()
            ax.annotate(str(row.cluster_id), (pt.x, pt.y), ha="center", va="center",
                        fontsize=11, fontweight="bold",
                        bbox={"boxstyle": "circle", "fc": "white", "ec": "#0b0c0c"})
        ax.set_title(title or f"{clusters.name} (version {clusters.version})")
        ax.set_axis_off()
        _attribute(ax)
        fig.savefig(path, dpi=120, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path


def plot_focus(wards: gpd.GeoDataFrame, ranked: pd.DataFrame, path: str | Path, *,
               top_n: int = 5, title: str = "Need index (district average = 100)") -> Path:
    """Map of a need index: areas shaded by ``score``, the top ``top_n`` outlined and labelled
    with their rank. ``ranked`` is :meth:`FocusAreas.rank`'s table."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    path = _figure_path(path, "plot_focus")
    gdf = _joined(wards, ranked[["area_code", "score", "rank"]], "area_code")
    top = gdf[gdf["rank"] <= top_n]
    fig, ax = plt.subplots(figsize=(8, 8))
    try:
        gdf.plot(ax=ax, column="score", cmap="YlOrRd", edgecolor="#505a5f", linewidth=0.4,
                 legend=True, legend_kwds={"label": "score", "shrink": 0.6})
        top.boundary.plot(ax=ax, color="#0b0c0c", linewidth=2.0)
        for row in top.itertuples():
            pt = row.geometry.representative_point()
            ax.annotate(str(row.rank), (pt.x, pt.y), ha="center", va="center", fontsize=10,
                        fontweight="bold",
                        bbox={"boxstyle": "circle", "fc": "white", "ec": "#0b0c0c"})
        ax.set_title(title)
        ax.set_axis_off()
        _attribute(ax)
        fig.savefig(path, dpi=120, bbox_inches="tight")
    finally:
        plt.close(fig)
    return path
