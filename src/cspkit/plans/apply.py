"""Carry an adopted version's content into the partnership's records.

The records (priorities, deliveries, action plans, actions, themes) are the partnership's
working state: the dashboard, progress updates and indicators hang on them. When a version
is adopted its content is carried in, adding and updating only:

- priorities by key: title, short title, objective, why, focus and order updated; new ones
  created; delivering bodies set to the plan's (bodies the records lack are reported);
- action plans by priority and year: created or updated (title, owner, summary, outcome);
- actions by key, else by text: updated (text, status, owner, lead, due, 4P, resources) or
  created. Nothing is deleted: a priority or action the plan no longer holds keeps its records
  and history and is listed in the report, for the officer to close.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from cspkit.actions.models import Action, ActionPlan
from cspkit.governance.models import Body
from cspkit.partnership.models import Organisation
from cspkit.partnership.services import delete_record, save_record
from cspkit.plans.models import PlanVersion
from cspkit.priorities.models import CrossCuttingTheme, Priority, PriorityDelivery

__all__ = ["ApplyReport", "apply_version"]


@dataclass
class ApplyReport:
    """What applying a version did, in sentences."""

    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    """Records the plan no longer holds, kept (with their history)."""
    skipped: list[str] = field(default_factory=list)


def _assign(obj: models.Model, values: dict[str, Any]) -> bool:
    changed = False
    for name, value in values.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def apply_version(user: Any, version: PlanVersion) -> ApplyReport:
    """Carry ``version``'s content into the records (see the module); one transaction is the
    caller's (:func:`cspkit.plans.services.adopt` runs it inside its own)."""
    p = version.partnership
    reason = f"adopted plan: {version.title}"
    report = ApplyReport()
    bodies = {b.key: b for b in Body.objects.filter(partnership=p)}
    orgs = {o.key: o for o in Organisation.objects.filter(partnership=p)}
    keys = []
    for position, entry in enumerate(version.content.get("priorities", [])):
        keys.append(entry["key"])
        pr = Priority.objects.filter(partnership=p, key=entry["key"]).first()
        values = {"title": entry["title"], "short_title": entry.get("short_title", ""),
                  "objective": entry.get("objective", ""),
                  "why_important": entry.get("why_important", ""),
                  "focus": entry.get("focus", ""), "position": position}
        if pr is None:
            pr = Priority(partnership=p, key=entry["key"], **values)
            save_record(user, pr, reason=reason)
            report.created.append(f"priority “{pr.title}”")
        elif _assign(pr, values):
            save_record(user, pr, reason=reason)
            report.updated.append(f"priority “{pr.title}”")
        _deliveries(user, pr, entry.get("delivered_by", []), bodies, report, reason)
        for plan in entry.get("action_plans", []):
            _plan(user, pr, plan, bodies, orgs, report, reason)
    for pr in Priority.objects.filter(partnership=p).exclude(key__in=keys):
        report.kept.append(f"priority “{pr.title}” (not in the {version.title})")
    for position, entry in enumerate(version.content.get("cross_cutting_themes", [])):
        theme = CrossCuttingTheme.objects.filter(partnership=p, key=entry["key"]).first()
        values = {"title": entry["title"], "description": entry.get("description", ""),
                  "position": position}
        if theme is None:
            save_record(user, CrossCuttingTheme(partnership=p, key=entry["key"], **values),
                        reason=reason)
            report.created.append(f"theme “{entry['title']}”")
        elif _assign(theme, values):
            save_record(user, theme, reason=reason)
            report.updated.append(f"theme “{theme.title}”")
    return report


def _deliveries(user: Any, pr: Priority, wanted: list[dict[str, Any]], bodies: dict[str, Body],
                report: ApplyReport, reason: str) -> None:
    have = {d.body.key: d for d in pr.deliveries.select_related("body")}
    for position, item in enumerate(wanted):
        body = bodies.get(item["body"])
        if body is None:
            report.skipped.append(f"body {item['body']!r} delivering “{pr}” (not in the records)")
            continue
        d = have.pop(body.key, None) or PriorityDelivery(priority=pr, body=body)
        if d.pk is None or _assign(d, {"note": item.get("note", ""), "position": position}):
            d.note, d.position = item.get("note", ""), position
            save_record(user, d, reason=reason)
    for d in have.values():
        delete_record(user, d, reason=reason)
        report.updated.append(f"{d.body} no longer delivers “{pr}”")


def _plan(user: Any, pr: Priority, entry: dict[str, Any], bodies: dict[str, Body],
          orgs: dict[str, Organisation], report: ApplyReport, reason: str) -> None:
    plan = ActionPlan.objects.filter(priority=pr, year=entry["year"]).first()
    values = {"title": entry.get("title", ""), "owner": bodies.get(entry.get("owner", "")),
              "summary": entry.get("summary", ""), "outcome": entry.get("outcome", "")}
    if plan is None:
        plan = ActionPlan(partnership=pr.partnership, priority=pr, year=entry["year"], **values)
        save_record(user, plan, reason=reason)
        report.created.append(f"action plan {plan}")
    elif _assign(plan, values):
        save_record(user, plan, reason=reason)
        report.updated.append(f"action plan {plan}")
    live = list(plan.actions.all())
    seen = set()
    for position, a in enumerate(entry.get("actions", [])):
        match = next((x for x in live if a.get("key") and x.key == a["key"]), None) or \
            next((x for x in live if x.text == a["text"] and x.pk not in seen), None)
        due = dt.date.fromisoformat(a["due"]) if a.get("due") else None
        values = {"text": a["text"], "key": a.get("key", ""), "lead": a.get("lead", ""),
                  "owner": orgs.get(a.get("owner", "")), "due": due,
                  "four_p": a.get("four_p", ""), "status": a.get("status", "not_started"),
                  "resources": a.get("resources", ""), "position": position}
        if match is None:
            save_record(user, Action(action_plan=plan, **values), reason=reason)
            report.created.append(f"action “{a['text']}”")
            continue
        seen.add(match.pk)
        if _assign(match, values):
            save_record(user, match, reason=reason)
            report.updated.append(f"action “{match.text}”")
    for x in live:
        if x.pk not in seen and not any(x.text == a["text"] for a in entry.get("actions", [])):
            report.kept.append(f"action “{x.text}” of {plan} (not in the plan)")
