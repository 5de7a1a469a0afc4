"""Export a partnership to one YAML document (see :mod:`.schema`)."""

from __future__ import annotations

import base64
from decimal import Decimal
from typing import Any

import yaml
from django.db import models

from cspkit.actions.models import ActionPlan
from cspkit.exchange.schema import FORMAT, KEYS
from cspkit.governance.decisions import ABOUT_KINDS
from cspkit.governance.models import Body, Decision
from cspkit.indicators.models import Indicator
from cspkit.partnership.models import Partnership
from cspkit.priorities.models import CrossCuttingTheme, Priority

__all__ = ["dump_yaml", "export_data", "export_yaml"]

HEADER = (
    "# A cspkit partnership file: import it with `cspkit import FILE`.\n"
    "# Keys and lists are described in cspkit.exchange.schema.\n"
)


def _sorted(value: Any) -> Any:
    """JSON values with mapping keys sorted, so every database exports the same text."""
    if isinstance(value, dict):
        return {str(k): _sorted(value[k]) for k in sorted(value, key=str)}
    if isinstance(value, list):
        return [_sorted(v) for v in value]
    return value


def _entry(kind: str, values: dict[str, Any]) -> dict[str, Any]:
    """The entry's keys in the schema's order, leaving out empty values."""
    out: dict[str, Any] = {}
    for key in KEYS[kind]:
        value = values.get(key)
        if value is None or value == "" or value == [] or value == {} or value is False:
            continue
        if isinstance(value, Decimal):
            value = f"{value:.2f}"
        out[key] = value
    return out


def _key(obj: models.Model | None) -> str | None:
    return getattr(obj, "key", None) if obj is not None else None


def _indicator(ind: Indicator) -> dict[str, Any]:
    return _entry("indicator", {
        "key": ind.key, "name": ind.name, "direction": ind.direction,
        "frequency": ind.frequency, "definition": ind.definition, "unit": ind.unit,
        "baseline": ind.baseline, "baseline_period": ind.baseline_period, "target": ind.target,
        "target_period": ind.target_period,
        "source": ind.source if ind.source != "manual" else None,
        "query": ind.query, "params": _sorted(ind.params), "source_note": ind.source_note,
        "measurements": [
            _entry("measurement", {"period": m.period, "value": m.value,
                                   "provenance": _sorted(m.provenance), "note": m.note})
            for m in ind.measurements.order_by("period_start", "pk")
        ],
    })


def _action_plans(plans: models.QuerySet[ActionPlan]) -> list[dict[str, Any]]:
    out = []
    for plan in plans.order_by("year", "pk"):
        actions = []
        for a in plan.actions.order_by("position", "pk"):
            actions.append(_entry("action", {
                "text": a.text, "key": a.key, "owner": _key(a.owner), "lead": a.lead,
                "due": a.due, "four_p": a.four_p, "status": a.status, "resources": a.resources,
                "funding_bids": [
                    _entry("funding_bid", {"funder": b.funder, "amount": b.amount,
                                           "status": b.status, "submitted": b.submitted,
                                           "note": b.note})
                    for b in a.funding_bids.order_by("pk")
                ],
                "updates": [
                    _entry("update", {"date": u.date, "status": u.status,
                                      "comment": u.comment, "by": u.by})
                    for u in a.updates.order_by("date", "pk")
                ],
            }))
        out.append(_entry("action_plan", {
            "year": plan.year, "title": plan.title, "owner": _key(plan.owner),
            "summary": plan.summary, "outcome": plan.outcome,
            "equalities_analysis": plan.equalities_analysis,
            "equalities_analysis_date": plan.equalities_analysis_date,
            "indicators": [_indicator(i) for i in plan.indicators.order_by("position", "pk")],
            "actions": actions,
        }))
    return out


def _aligned(subject: Priority | CrossCuttingTheme) -> list[str]:
    return [
        f"{a.external.plan.key}/{a.external.key}"
        for a in subject.alignments.select_related("external__plan").order_by(
            "external__plan__position", "external__position", "pk"
        )
    ]


def _about(d: Decision) -> str | None:
    about = d.about
    if about is None:
        return None
    if isinstance(about, ActionPlan):
        subject = about.subject
        return f"action_plan:{subject.key if subject else ''}/{about.year}"
    return f"{ABOUT_KINDS[about._meta.model_name]}:{about.key}"


def _body(b: Body) -> dict[str, Any]:
    return _entry("body", {
        "key": b.key, "name": b.name, "kind": b.kind, "short_name": b.short_name,
        "description": b.description, "functions": list(b.functions),
        "terms_of_reference": b.terms_of_reference, "meets": b.meets,
        "reports_to": _key(b.reports_to),
        "chairs": [
            _entry("chair", {"name": c.name, "job_title": c.job_title,
                             "organisation": _key(c.organisation)})
            for c in b.chairs.order_by("position", "pk")
        ],
        "members": [m.organisation.key for m in b.members.order_by("organisation__position",
                                                                    "organisation__pk")],
    })


def export_data(p: Partnership) -> dict[str, Any]:
    """The partnership as plain data (the YAML document before dumping)."""
    logo = None
    if p.logo:
        with p.logo.open("rb") as fh:
            logo = {"name": p.logo.name.rsplit("/", 1)[-1],
                    "content": base64.b64encode(fh.read()).decode("ascii")}
    doc: dict[str, Any] = {"format": FORMAT}
    doc["partnership"] = _entry("partnership", {
        "name": p.name, "slug": p.slug, "csp_code": p.csp_code,
        "district_codes": list(p.district_codes), "police_force": p.police_force,
        "police_force_name": p.police_force_name, "is_public": p.is_public, "logo": logo,
    })
    doc["organisations"] = [
        _entry("organisation", {"key": o.key, "name": o.name, "kind": o.kind,
                                "short_name": o.short_name,
                                "responsible_authority": o.responsible_authority})
        for o in p.organisations.order_by("position", "pk")
    ]
    doc["bodies"] = [_body(b) for b in p.bodies.order_by("position", "pk")]
    doc["external_plans"] = [
        _entry("external_plan", {
            "key": e.key, "kind": e.kind, "title": e.title, "publisher": e.publisher,
            "period": e.period, "note": e.note,
            "priorities": [
                _entry("external_priority", {"key": x.key, "title": x.title,
                                             "kind": x.kind if x.kind != "priority" else None})
                for x in e.priorities.order_by("position", "pk")
            ],
        })
        for e in p.external_plans.order_by("position", "pk")
    ]
    doc["priorities"] = [
        _entry("priority", {
            "key": pr.key, "title": pr.title, "short_title": pr.short_title,
            "objective": pr.objective, "why_important": pr.why_important, "focus": pr.focus,
            "delivered_by": [
                _entry("delivery", {"body": d.body.key, "note": d.note})
                for d in pr.deliveries.order_by("position", "pk")
            ],
            "aligned_with": _aligned(pr),
            "action_plans": _action_plans(pr.action_plans.all()),
        })
        for pr in p.priorities.order_by("position", "pk")
    ]
    doc["cross_cutting_themes"] = [
        _entry("theme", {
            "key": t.key, "title": t.title, "description": t.description,
            "aligned_with": _aligned(t), "action_plans": _action_plans(t.action_plans.all()),
        })
        for t in p.themes.order_by("position", "pk")
    ]
    doc["indicators"] = [
        _indicator(i) for i in p.indicators.filter(action_plan=None).order_by("position", "pk")
    ]
    doc["cases"] = [
        _entry("case", {
            "key": c.key, "title": c.title, "body": _key(c.body),
            "ward_codes": list(c.ward_codes), "ward_vintage": c.ward_vintage,
            "stage": c.stage, "started": c.started, "objective": c.objective,
            "scanning": c.scanning, "analysis": c.analysis, "response": c.response,
            "assessment": c.assessment,
            "actions": [ca.action.key for ca in c.case_actions.order_by("pk") if ca.action.key],
            "evaluation": _sorted(c.evaluation),
        })
        for c in p.cases.order_by("pk")
    ]
    doc["decisions"] = [
        _entry("decision", {
            "meeting": d.meeting, "date": d.date, "text": d.text, "body": _key(d.body),
            "minute_reference": d.minute_reference, "about": _about(d),
        })
        for d in p.decisions.order_by("date", "pk")
    ]
    doc["glossary"] = [
        _entry("term", {"term": t.term, "meaning": t.meaning,
                        "kind": t.kind if t.kind != "acronym" else None})
        for t in p.glossary.order_by("position", "pk")
    ]
    return {k: v for k, v in doc.items() if v != []}


class _Dumper(yaml.SafeDumper):
    """Block style for text of several lines; lists indented under their key."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump_yaml(doc: dict[str, Any]) -> str:
    """The document as YAML text (deterministic: same records, same text)."""
    body = yaml.dump(doc, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100,
                     default_flow_style=False)
    return HEADER + body


def export_yaml(partnership: Partnership | str) -> str:
    """The partnership (or the one with this slug) as YAML text."""
    p = Partnership.objects.get(slug=partnership) if isinstance(partnership, str) else partnership
    return dump_yaml(export_data(p))
