"""Problem-solving cases (OSARA): the list, and each case with its stages, area, actions and
the before/after evaluation when there is one."""

from __future__ import annotations

import json
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from cspkit.actions.models import Action
from cspkit.partnership.permissions import can_edit, visible_queryset
from cspkit.problemsolving.models import Case
from cspkit.web.access import get_partnership, get_record, page
from cspkit.web.summaries import fmt
from cspkit.web.views.history import history_url

__all__ = ["case", "cases", "evaluation_summary"]

#: The five OSARA stages, in order, with the case's field holding each one's text.
STAGES = [
    ("objective", "Objective"),
    ("scanning", "Scanning"),
    ("analysis", "Analysis"),
    ("response", "Response"),
    ("assessment", "Assessment"),
]

ROLES = {
    "target": "Target area",
    "comparison": "Comparison area",
    "buffer": "Buffer (displacement)",
    "buffer_comparison": "Buffer's comparison area",
}


@login_required
def cases(request: HttpRequest, slug: str) -> HttpResponse:
    """The partnership's problem-solving cases, latest first."""
    partnership = get_partnership(request, slug)
    found = (
        visible_queryset(request.user, Case)
        .filter(partnership=partnership)
        .select_related("body")
        .order_by("-started", "title")
    )
    context = page(request, partnership, nav="cases", cases=list(found))
    return render(request, "web/cases.html", context)


@login_required
def case(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    """One case: where it stands, its five stages' text, its actions and its evaluation."""
    partnership = get_partnership(request, slug)
    record = get_record(request, partnership, Case, key=key)
    actions = [
        {"action": a, "editable": can_edit(request.user, a)}
        for a in visible_queryset(request.user, Action)
        .filter(cases=record)
        .select_related("action_plan__priority", "action_plan__theme", "owner")
    ]
    context = page(
        request,
        partnership,
        nav="cases",
        breadcrumbs=[("Problem solving", reverse("web:cases", args=[slug]))],
        case=record,
        stages=_stages(record),
        actions=actions,
        evaluation=evaluation_summary(record.evaluation),
        history_url=history_url(partnership, record),
    )
    return render(request, "web/case.html", context)


def _stages(record: Case) -> list[dict[str, Any]]:
    keys = [key for key, _ in STAGES]
    now = keys.index(record.stage) if record.stage in keys else len(keys)
    return [
        {
            "key": key,
            "label": label,
            "text": getattr(record, key),
            "state": "done" if i < now else "current" if i == now else "to come",
        }
        for i, (key, label) in enumerate(STAGES)
    ]


def evaluation_summary(record: dict[str, Any]) -> dict[str, Any] | None:
    """What the page shows of a case's evaluation: the analysis's own form
    (:meth:`cspkit.analysis.places.Evaluation.to_record`) as a verdict, a table of counts and
    the WDD's figures; anything else as its keys and values; None when there is none."""
    if not record:
        return None
    if not {"verdict", "counts", "wdd"} <= record.keys():
        return {"other": [(str(k), json.dumps(v, ensure_ascii=False)) for k, v in record.items()]}
    rows = [
        {
            "area": ROLES.get(str(c.get("role")), str(c.get("role"))),
            "before": fmt(c.get("before")),
            "after": fmt(c.get("after")),
            "change": _signed(c.get("change")),
            "percent": "–" if c.get("percent_change") is None else
            f"{_signed(c['percent_change'])}%",
        }
        for c in record["counts"]
    ]
    w = record["wdd"]
    low, high = fmt(w.get("ci_low")), fmt(w.get("ci_high"))
    level = 100 * (1 - float(w.get("alpha", 0.1)))
    figures = [
        ("Weighted displacement difference", _signed(w.get("wdd"))),
        (f"{level:g}% confidence interval", f"{low} to {high}"),
        ("z and p", f"z = {w.get('z')}, p = {w.get('p')}"),
        ("Target area alone (Poisson E-test)", f"p = {record.get('etest_p')}"),
    ]
    before, after = record.get("before") or ["", ""], record.get("after") or ["", ""]
    return {
        "verdict": record["verdict"],
        "periods": f"{before[0]} to {before[-1]} against {after[0]} to {after[-1]}",
        "crime_types": ", ".join(record.get("crime_types") or []) or "All crime and ASB",
        "rows": rows,
        "figures": figures,
        "method": record.get("formula", ""),
    }


def _signed(value: Any) -> str:
    if value is None:
        return "–"
    return ("+" if float(value) > 0 else "") + fmt(float(value))
