"""The partnership's dashboard, and the page of each priority or cross-cutting theme.

Their main parts are rendered without the request's context (no CSRF token or messages in
them) and kept by :func:`cspkit.web.fragments.cached_fragment` until the partnership changes;
permissions are checked once per person until the partnership changes (see that module for
why that suffices)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse

from cspkit.actions.models import Action, ActionPlan
from cspkit.calendar import parse_financial_year
from cspkit.errors import InputError
from cspkit.partnership.models import Partnership
from cspkit.partnership.permissions import can_edit, visible_queryset
from cspkit.priorities.models import CrossCuttingTheme, Priority
from cspkit.web.access import check_partnership, find_partnership, get_record, page
from cspkit.web.fragments import Fragment, cached_fragment
from cspkit.web.summaries import STATUSES, indicator_rows, plan_rows, plan_years
from cspkit.web.views.history import history_url


def plan_url(partnership: Partnership, plan: ActionPlan) -> str:
    """The page of the priority or theme of ``plan``, at the plan's year."""
    if plan.priority_id:
        url = reverse("web:priority", args=[partnership.slug, plan.priority.key])
    else:
        url = reverse("web:theme", args=[partnership.slug, plan.theme.key])
    return f"{url}?year={plan.year}"


def _year(request: HttpRequest, years: list[str]) -> str | None:
    """The year asked for (``?year=2021/22``, or any form cspkit.calendar reads) if it has
    plans, else the latest."""
    try:
        asked = parse_financial_year(request.GET.get("year", ""))
    except InputError:
        asked = None
    return asked if asked in years else (years[0] if years else None)


@login_required
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """Priorities and themes with their actions counted by status; indicators with RAG."""
    partnership = find_partnership(slug, request)
    part = cached_fragment(
        request,
        partnership,
        "dashboard",
        check=lambda: check_partnership(request, partnership),
        render=lambda: _dashboard_fragment(request, partnership),
    )
    return _part_page(request, partnership, part)


def _part_page(
    request: HttpRequest,
    partnership: Partnership,
    part: Fragment,
    breadcrumbs: list[tuple[str, str]] | None = None,
) -> HttpResponse:
    """The page around a kept part: the frame, the messages, the part."""
    context = page(
        request, partnership, nav="dashboard", breadcrumbs=breadcrumbs, title=part.title,
        content=part.content,
    )
    return render(request, "web/part.html", context)


def _dashboard_fragment(request: HttpRequest, partnership: Partnership) -> Fragment:
    user = request.user
    years = plan_years(user, partnership)
    year = _year(request, years)
    rows = plan_rows(
        user,
        partnership,
        year,
        priority=visible_queryset(user, Priority).filter(partnership=partnership),
        theme=visible_queryset(user, CrossCuttingTheme).filter(partnership=partnership),
    )
    context = {
        "partnership": partnership,
        "year": year,
        "years": years,
        "statuses": [(key, label.split(" (")[0]) for key, label in STATUSES],
        "priorities": rows["priority"],
        "themes": rows["theme"],
        "indicators": indicator_rows(user, partnership),
    }
    return Fragment(render_to_string("web/fragments/dashboard.html", context), "Dashboard")


def _subject_page(
    request: HttpRequest, slug: str, model: type[Priority | CrossCuttingTheme], key: str
) -> HttpResponse:
    partnership = find_partnership(slug, request)
    kind = "priority" if model is Priority else "theme"
    subjects: list[Priority | CrossCuttingTheme] = []  # found by the check, kept for the render

    def check() -> None:
        check_partnership(request, partnership)
        subjects.append(get_record(request, partnership, model, key=key))

    def fragment() -> Fragment:
        subject = subjects[0] if subjects else get_record(request, partnership, model, key=key)
        return _subject_fragment(request, partnership, subject, kind)

    part = cached_fragment(request, partnership, kind, check=check, render=fragment)
    return _part_page(request, partnership, part, breadcrumbs=[])


def _subject_fragment(
    request: HttpRequest, partnership: Partnership, subject: Priority | CrossCuttingTheme, kind: str
) -> Fragment:
    user = request.user
    plans = visible_queryset(user, ActionPlan).filter(**{kind: subject}).select_related("owner")
    by_year = {p.year: p for p in plans}
    year = _year(request, sorted(by_year, reverse=True))
    plan = by_year.get(year) if year else None
    actions: list[dict[str, Any]] = []
    indicators = []
    if plan is not None:
        qs = visible_queryset(user, Action).filter(action_plan=plan)
        for action in qs.select_related("owner", "action_plan__owner"):
            actions.append({"action": action, "editable": can_edit(user, action)})
        indicators = indicator_rows(user, partnership, plan.indicators.all())
    context = {
        "partnership": partnership,
        "subject": subject,
        "kind": kind,
        "plan": plan,
        "year": year,
        "years": sorted(by_year, reverse=True),
        "actions": actions,
        "indicators": indicators,
        "deliveries": subject.deliveries.select_related("body") if kind == "priority" else [],
        "history_url": history_url(partnership, subject),
        "plan_history_url": history_url(partnership, plan) if plan else "",
        "page_url": reverse(f"web:{kind}", args=[partnership.slug, subject.key]),
    }
    return Fragment(render_to_string("web/fragments/subject.html", context), subject.title)


@login_required
def priority(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """A priority: why it matters, the objective, the focus, and its action plan."""
    return _subject_page(request, slug, Priority, key)


@login_required
def theme(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """A cross-cutting theme and its action plan."""
    return _subject_page(request, slug, CrossCuttingTheme, key)
