"""An indicator: its definition, chart against the target, measurements, and downloads."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from cspkit.indicators.models import Indicator
from cspkit.web.access import get_partnership, get_record, page
from cspkit.web.charts import indicator_chart
from cspkit.web.downloads import measurements_csv, measurements_xlsx
from cspkit.web.summaries import fmt, indicator_rows
from cspkit.web.views.dashboard import plan_url
from cspkit.web.views.history import history_url

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def indicator(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """The indicator page."""
    partnership = get_partnership(request, slug)
    found = get_record(request, partnership, Indicator, key=key)
    row = indicator_rows(request.user, partnership, Indicator.objects.filter(pk=found.pk))[0]
    stored = list(found.measurements.order_by("period_start", "pk"))
    measurements = [{"m": m, "value": fmt(m.value, found.unit)} for m in reversed(stored)]
    plan = found.action_plan
    context = page(
        request,
        partnership,
        nav="dashboard",
        breadcrumbs=[(str(plan.subject), plan_url(partnership, plan))] if plan else [],
        row=row,
        indicator=found,
        chart=indicator_chart(found, stored) if len(stored) > 1 else "",
        measurements=measurements,
        notes=any(m.note for m in stored),
        baseline=fmt(found.baseline, found.unit) if found.baseline is not None else "",
        history_url=history_url(partnership, found),
    )
    return render(request, "web/indicator.html", context)


@login_required
def download(request: HttpRequest, slug: str, key: str, fmt: str) -> HttpResponse:
    """The measurements as ``measurements.csv`` or ``measurements.xlsx``."""
    partnership = get_partnership(request, slug)
    found = get_record(request, partnership, Indicator, key=key)
    measurements = list(found.measurements.order_by("period_start", "pk"))
    name = f"{partnership.slug}-{found.key}-measurements.{fmt}"
    if fmt == "csv":
        response = HttpResponse(
            measurements_csv(found, measurements), content_type="text/csv; charset=utf-8"
        )
    elif fmt == "xlsx":
        response = HttpResponse(measurements_xlsx(found, measurements), content_type=XLSX)
    else:
        raise Http404(f"no download in the format {fmt!r}; use csv or xlsx")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
