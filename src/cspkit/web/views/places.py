"""Places from the browser: ward clusters (saved as named versions) and focus areas ranked by
need, for the partnership's district(s), from the store the assessment reads.

Both run in the request (a second or two on the demo borough) through the services of
:mod:`cspkit.analysis.places.district`, the ones ``cspkit places clusters|focus`` call.

Access: :func:`cspkit.web.views.jobs.job_partnership` (read: members; write, i.e. making,
ranking or saving: administrators and community safety officers; 403 for other members, 404
for non-members), called once at the top of each view.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cspkit import config
from cspkit.analysis.places.clusterset import ClusterSet
from cspkit.analysis.places.district import cluster_district, focus_district
from cspkit.errors import CspkitError
from cspkit.partnership.models import Partnership
from cspkit.store import Store
from cspkit.web.access import page
from cspkit.web.forms.places import ClustersForm, FocusForm
from cspkit.web.views.assessment import latest_whole_year
from cspkit.web.views.jobs import job_partnership, may_start_jobs

__all__ = ["clusters_folder", "focus", "for_page", "places"]

#: Random contiguous partitions the clusters are compared with (as the command's default).
RANDOM_DRAWS = 999


#: The command's option names in the service's messages, as the page's fields are labelled.
_FIELDS = (("choose another --year", "enter another financial year"),
           ("--input ", "input "), ("--level", "areas to rank"))


def for_page(error: CspkitError) -> str:
    """The service's message, naming the page's fields where it names the command's options."""
    text = str(error)
    for option, field in _FIELDS:
        text = text.replace(option, field)
    return text


def clusters_folder(slug: str) -> Path:
    """Where the partnership's saved cluster sets are: ``<data folder>/clusters/<slug>``."""
    return config.data_dir() / "clusters" / slug


def _saved(slug: str) -> list[dict[str, Any]]:
    folder = clusters_folder(slug)
    rows = []
    for path in sorted(folder.glob("*.json")) if folder.is_dir() else []:
        try:
            cs = ClusterSet.load(path)
        except CspkitError:
            continue
        rows.append({"name": cs.name, "version": cs.version, "file": path.name,
                     "clusters": cs.assignments["cluster_id"].nunique(),
                     "created": cs.created, "lad_code": cs.lad_code})
    return rows


def _quality(run: Any) -> dict[str, Any]:
    q = run.quality
    return {"heterogeneity": q.heterogeneity, "total": q.total, "kmeans": q.kmeans,
            "random_best": q.random_best, "random_median": q.random_median,
            "draws": q.random_draws, "beats_random": q.beats_random,
            "between": 100 * (1 - q.heterogeneity / q.total) if q.total else 0.0}


def _cluster_rows(run: Any) -> list[dict[str, Any]]:
    rows = []
    for cid, group in run.clusters.assignments.groupby("cluster_id"):
        wards = [f"{n} ({c})" for c, n in zip(group["ward_code"], group["ward_name"],
                                              strict=True)]
        rows.append({"id": cid, "wards": wards, "size": len(wards)})
    return rows


def _run_clusters(slug: str, areas: list[str], data: dict[str, Any], save: bool
                  ) -> tuple[list[dict[str, Any]], list[str]]:
    """Cluster each district; (results, warnings). CspkitError passes up to the view."""
    store, results = Store(config.store_path()), []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        for area in areas:
            run = cluster_district(
                store, area, data["year"], max_size=data["max_size"], seed=data["seed"],
                n_random=RANDOM_DRAWS, name=data.get("name") or None,
                save_to=clusters_folder(slug) if save else None)
            results.append({"run": run, "clusters": _cluster_rows(run),
                            "quality": _quality(run),
                            "saved": ClusterSet.load(run.saved).version if run.saved else 0})
    return results, sorted({str(w.message) for w in caught})


@login_required
def places(request: HttpRequest, slug: str) -> HttpResponse:
    """Make ward clusters (POST, for those who may start jobs), save them as a named version,
    and list the versions saved."""
    write = request.method == "POST"
    partnership = job_partnership(request, slug, write=write)
    form = ClustersForm(request.POST) if write else ClustersForm(
        initial={"year": latest_whole_year(partnership)})
    problem = "" if partnership.district_codes else "The partnership has no district set."
    results: list[dict[str, Any]] = []
    notes: list[str] = []
    if write and not problem and form.is_valid():
        try:
            results, notes = _run_clusters(slug, list(partnership.district_codes),
                                           form.cleaned_data, "save" in request.POST)
        except CspkitError as error:
            form.add_error(None, for_page(error))
    return render(request, "web/places.html", _context(
        request, partnership, form=form, results=results, notes=notes, problem=problem,
        saved=_saved(slug), has_errors=bool(form.errors)))


def _focus_rows(ranked: Any) -> list[dict[str, Any]]:
    return [{"rank": r.rank, "area": f"{r.area_name} ({r.area_code})", "score": r.score,
             "low": r.rank_low, "high": r.rank_high, "drivers": r.top_inputs,
             "shortlisted": bool(r.shortlisted)} for r in ranked.itertuples()]


@login_required
def focus(request: HttpRequest, slug: str) -> HttpResponse:
    """Rank the district's wards or LSOAs by a need index (POST, for those who may start
    jobs): each area's score, what drives it and the interval of its rank."""
    write = request.method == "POST"
    partnership = job_partnership(request, slug, write=write)
    form = FocusForm(request.POST) if write else FocusForm(
        initial={"year": latest_whole_year(partnership)})
    problem = "" if partnership.district_codes else "The partnership has no district set."
    results: list[dict[str, Any]] = []
    notes: list[str] = []
    if write and not problem and form.is_valid():
        data, store = form.cleaned_data, Store(config.store_path())
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                for area in partnership.district_codes:
                    ranked = focus_district(store, area, data["year"], inputs=data["inputs"],
                                            level=data["level"], seed=data["seed"],
                                            top_n=data["top"])
                    results.append({"attrs": ranked.attrs, "rows": _focus_rows(ranked),
                                    "inputs": [f"{n} ×{w:g} ({k})"
                                               for n, w, k in ranked.attrs["inputs"]]})
            notes = sorted({str(w.message) for w in caught})
        except CspkitError as error:
            form.add_error("inputs" if "--input" in str(error) else None, for_page(error))
    return render(request, "web/places_focus.html", _context(
        request, partnership, form=form, results=results, notes=notes, problem=problem,
        has_errors=bool(form.errors),
        breadcrumbs=[("Places", reverse("web:places", args=[slug]))]))


def _context(request: HttpRequest, partnership: Partnership, **extra: Any) -> dict[str, Any]:
    return page(request, partnership, nav="places",
                may_start=may_start_jobs(request.user, partnership), **extra)
