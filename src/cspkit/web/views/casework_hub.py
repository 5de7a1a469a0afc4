"""Case work's front page for every member of the partnership, and the ASB Case Review's
yearly published figures (counts only, for every member to read and publish).

The front page links each forum's cases for its case workers; others see that the forum
exists, and how many cases are open only where the partnership's settings allow it.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cspkit.calendar import financial_year_of, parse_financial_year
from cspkit.casework.access import may_administer, may_work, require_administrator
from cspkit.casework.figures import yearly_figures
from cspkit.casework.listing import open_count
from cspkit.casework.models import Forum
from cspkit.casework.subject_access import subject_access
from cspkit.casework.trends import BY, mental_health_share, trend_table
from cspkit.errors import InputError
from cspkit.web.access import get_partnership, is_member, page
from cspkit.web.forms.casework import SubjectAccessForm

__all__ = ["figures", "hub", "subject_access_page", "trends"]

PAGES = {"vulnerability": "web:casework", "asb_review": "web:asb-review"}


@login_required
def hub(request: HttpRequest, slug: str) -> HttpResponse:
    """The forums, each linked for its case workers; the yearly figures."""
    partnership = get_partnership(request, slug)
    if not is_member(request.user, partnership):
        raise Http404("case work is for the partnership's members")
    forums = []
    for key, label in Forum.choices:
        mine = may_work(request.user, partnership, key)
        forums.append({
            "label": label,
            "url": reverse(PAGES[key], args=[slug]) if mine else "",
            "count": None if mine else open_count(partnership, key),
        })
    year = financial_year_of(timezone.localdate().strftime("%Y-%m"))
    context = page(request, partnership, nav="casework", forums=forums,
                   trends_url=reverse("web:casework-trends", args=[slug]),
                   sar_url=reverse("web:casework-sar", args=[slug])
                   if may_administer(request.user, partnership) else "",
                   figures_url=reverse("web:asb-figures", args=[slug, year.replace("/", "-")]))
    return render(request, "web/casework/hub.html", context)


@login_required
def figures(request: HttpRequest, slug: str, year: str, fmt: str = "") -> HttpResponse:
    """The yearly figures as a page, or as CSV (``.csv``)."""
    partnership = get_partnership(request, slug)
    if not is_member(request.user, partnership):
        raise Http404("the figures are published by the partnership, not here")
    try:
        fy = parse_financial_year(year)
    except InputError:
        raise Http404(f"{year} is not a financial year") from None
    found = yearly_figures(partnership, fy)
    if fmt == "csv":
        response = HttpResponse(found.csv(), content_type="text/csv; charset=utf-8")
        name = f"asb-case-review-{slug}-{fy.replace('/', '-')}.csv"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response
    start = int(fy[:4])
    context = page(
        request, partnership, nav="casework",
        breadcrumbs=[("Case work", reverse("web:casework-hub", args=[slug]))], figures=found,
        csv_url=reverse("web:asb-figures-csv", args=[slug, fy.replace("/", "-")]),
        previous=reverse("web:asb-figures", args=[slug, f"{start - 1}-{str(start)[2:]}"]),
    )
    return render(request, "web/casework/figures.html", context)


@login_required
def trends(request: HttpRequest, slug: str) -> HttpResponse:
    """The vulnerability meeting's trends for every member: counts per quarter by flag, risk,
    ward, agency and outcome, small counts hidden; the share with a mental health flag."""
    partnership = get_partnership(request, slug)
    if not is_member(request.user, partnership):
        raise Http404("the trends are for the partnership's members")
    tables = [(label, trend_table(partnership, by)) for by, label in BY.items()]
    context = page(
        request, partnership, nav="casework",
        breadcrumbs=[("Case work", reverse("web:casework-hub", args=[slug]))],
        tables=tables, share=mental_health_share(partnership),
        rule=next((t.rule for _, t in tables if t.rule), ""),
    )
    return render(request, "web/casework/trends.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def subject_access_page(request: HttpRequest, slug: str) -> HttpResponse:
    """A subject access export for the partnership's administrators: the person's name (and
    date of birth) in, everything held about them out as a JSON download (logged)."""
    partnership = get_partnership(request, slug)
    require_administrator(request.user, partnership, "export a person's records")
    form = SubjectAccessForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        name, dob = form.cleaned_data["name"], form.cleaned_data["date_of_birth"]
        found = subject_access(request.user, partnership, name, date_of_birth=dob)
        response = HttpResponse(json.dumps(found, indent=2, ensure_ascii=False),
                                content_type="application/json; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="subject-access.json"'
        return response
    context = page(
        request, partnership, nav="casework",
        breadcrumbs=[("Case work", reverse("web:casework-hub", args=[slug]))], form=form,
        title="Subject access: everything held about one person",
        button="Download the records (JSON)",
    )
    return render(request, "web/casework/form.html", context)
