"""What each kind of job does: one service function of a lower layer, the same one the command
line calls (``cspkit load police``, ``cspkit fetch police``, ``cspkit assess``).

Each kind takes a :class:`JobContext` (its parameters, the store, where to report progress and
notes) and returns its result as JSON: a load returns its load report, an assessment the
documents it wrote.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from cspkit import config
from cspkit.calendar import month_range
from cspkit.store import Store

__all__ = ["KINDS", "SOURCES", "JobContext", "job_folder", "report_result"]

DEFAULT_POLICE_API = "https://data.police.uk/api/"


def job_folder(what: str, slug: str, job_id: int) -> Path:
    """Where a job keeps its files: ``<data folder>/<what>/<partnership>/job-<id>``."""
    return config.data_dir() / what / slug / f"job-{job_id}"


class JobContext:
    """A job's parameters, the store it works on, and where it reports progress and notes."""

    def __init__(self, params: dict[str, Any], *, partnership_slug: str, job_id: int) -> None:
        self.params = params
        self.partnership_slug = partnership_slug
        self.job_id = job_id

    @property
    def store(self) -> Store:
        """The deployment's store (``$CSPKIT_STORE``), or the one the job names (the demo's)."""
        return Store(self.params.get("store") or config.store_path())

    def folder(self, what: str) -> Path:
        return job_folder(what, self.partnership_slug, self.job_id)

    def progress(self, done: float, total: float) -> None:
        """How far the job is (``done`` of ``total``, in any unit)."""

    def note(self, line: str) -> None:
        """A line for the job's log."""


def report_result(report: Any) -> dict[str, Any]:
    """A load report (:class:`cspkit.sources.LoadReport`) as the JSON a job keeps."""
    return {
        "what": report.what,
        "files": report.files,
        "rows": report.rows,
        "tables": dict(report.tables),
        "periods": list(report.periods),
        "replaced": list(report.replaced),
        "empty": list(report.empty),
        "skipped": [s.text() for s in report.skipped],
        "warnings": list(report.warnings),
        "lines": report.lines(),
    }


def load_police_files(ctx: JobContext) -> dict[str, Any]:
    """Load uploaded police files (zips or CSVs): ``paths``, ``allow_shrink``."""
    from cspkit.sources import load_police

    report = load_police(ctx.store, ctx.params["paths"],
                         allow_shrink=bool(ctx.params.get("allow_shrink")),
                         progress=ctx.progress)
    return report_result(report)


#: What the upload page loads besides police data: source -> (what it is, the command that
#: loads the same files, the file types). The loaders detect the rest from the files.
SOURCES = {
    "partner": ("Partner agency measures (CSV or Excel)", "cspkit load partner FILES",
                (".csv", ".xlsx")),
    "deprivation": ("Indices of Deprivation (CSV or Excel)", "cspkit load deprivation FILES",
                    (".csv", ".xlsx")),
    "population": ("Population estimates (CSV)", "cspkit load geography population FILES",
                   (".csv",)),
    "lookup": ("ONS lookups (CSV)", "cspkit load geography lookup FILES", (".csv",)),
    "boundaries": ("Boundaries (GeoJSON or GeoPackage)", "cspkit load geography boundaries FILES",
                   (".geojson", ".json", ".gpkg")),
}


def load_files(ctx: JobContext) -> dict[str, Any]:
    """Load uploaded files of ``source`` (a key of :data:`SOURCES`) with its loader: ``paths``."""
    from cspkit import sources

    loaders: dict[str, Callable[..., Any]] = {
        "partner": sources.load_partner, "deprivation": sources.load_deprivation,
        "population": sources.load_population, "lookup": sources.load_lookup,
        "boundaries": sources.load_boundaries,
    }
    ctx.progress(1, 3)
    report = loaders[ctx.params["source"]](ctx.store, ctx.params["paths"])
    return report_result(report)


def fetch_police_months(ctx: JobContext) -> dict[str, Any]:
    """Download months from data.police.uk for the districts' area, then load them:
    ``districts``, ``force``, ``first``, ``last``."""
    from cspkit.sources import load_police
    from cspkit.sources.police import PoliceAPI, fetch_district

    p = ctx.params
    months = month_range(p["first"], p["last"])
    out = ctx.folder("downloads")
    paths: list[Path] = []
    url = os.environ.get("CSPKIT_POLICE_API_URL", DEFAULT_POLICE_API)
    steps = len(months) * len(p["districts"])
    with PoliceAPI(base_url=url) as api:
        for i, month in enumerate(months):
            for j, district in enumerate(p["districts"]):
                paths += fetch_district(ctx.store, district, p["force"], month, month,
                                        out / district, api=api)
                ctx.progress(i * len(p["districts"]) + j + 1, steps + 1)
            ctx.note(f"Downloaded {month}")
    report = load_police(ctx.store, paths, progress=lambda d, t: ctx.progress(
        steps + d / max(t, 1), steps + 1))
    return report_result(report)


def assess_area(ctx: JobContext) -> dict[str, Any]:
    """The strategic assessment of ``area`` for ``year`` (``public``: small counts of
    sensitive crimes suppressed), written as HTML, PDF and Word."""
    import dataclasses

    from cspkit.assessment import AssessmentConfig, assess, write_assessment

    p = ctx.params
    settings = AssessmentConfig()
    if p.get("public"):
        settings = dataclasses.replace(settings, public=True)
    ctx.progress(1, 10)
    sa = assess(ctx.store, p["area"], p["year"], settings)
    ctx.progress(6, 10)
    ctx.note("Assessed; writing the documents")
    written = write_assessment(sa, ctx.folder("assessments"), ("html", "pdf", "docx"))
    return {"documents": [path.name for path in written], "findings": list(sa.findings[:5])}


KINDS: dict[str, Callable[[JobContext], dict[str, Any]]] = {
    "load-police": load_police_files,
    "load-files": load_files,
    "fetch-police": fetch_police_months,
    "assess": assess_area,
}
