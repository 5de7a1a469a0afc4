"""A version's content, and the edits a draft allows, as operations on plain data.

The content is the plan's part of the partnership file (:mod:`cspkit.exchange`;
keys :data:`PLAN_KEYS`), JSON-safe (dates as ``2021-06-30``). Progress updates and indicator
measurements are left out: they are the year's monitoring, not the plan. Every edit checks
its arguments and raises :class:`~cspkit.errors.PlanContentError` naming what is known.
The functions change the mapping given (services pass a copy and save it).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any

from cspkit.actions.models import FourP, Status
from cspkit.calendar import parse_financial_year
from cspkit.errors import InputError, PlanContentError
from cspkit.exchange.schema import FORMAT

__all__ = [
    "ACTION_FIELDS",
    "PLAN_KEYS",
    "PRIORITY_FIELDS",
    "actions_of",
    "add_action",
    "add_priority",
    "drop_action",
    "find_action",
    "find_priority",
    "plan_of_year",
    "remove_priority",
    "set_action",
    "set_deliveries",
    "set_plan",
    "set_priority",
    "snapshot",
]

PLAN_KEYS = ("format", "partnership", "organisations", "bodies", "external_plans", "priorities",
             "cross_cutting_themes", "cases", "glossary")
PRIORITY_FIELDS = ("title", "short_title", "objective", "why_important", "focus")
ACTION_FIELDS = ("text", "key", "owner", "lead", "due", "four_p", "status", "resources")
PLAN_FIELDS = ("title", "owner", "summary", "outcome")


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_json_safe(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return value


def _strip(plans: Iterable[dict[str, Any]]) -> None:
    for plan in plans:
        for action in plan.get("actions", []):
            action.pop("updates", None)
        for indicator in plan.get("indicators", []):
            indicator.pop("measurements", None)


def snapshot(document: Mapping[str, Any]) -> dict[str, Any]:
    """The plan's part of a partnership document (:func:`~cspkit.exchange.
    export_data`), JSON-safe, without progress updates and measurements."""
    out = {k: _json_safe(document[k]) for k in PLAN_KEYS if k in document}
    out["format"] = FORMAT
    for kind in ("priorities", "cross_cutting_themes"):
        for subject in out.get(kind, []):
            _strip(subject.get("action_plans", []))
    return out


# -- finding things ----------------------------------------------------------------------------


def _known(items: Iterable[Mapping[str, Any]], key: str = "key") -> str:
    names = [str(i.get(key, "")) for i in items]
    return ", ".join(names) if names else "none"


def find_priority(content: Mapping[str, Any], key: str) -> dict[str, Any]:
    """The priority with ``key``; PlanContentError names the keys there are."""
    for p in content.get("priorities", []):
        if p.get("key") == key:
            return p
    raise PlanContentError(
        f"the plan has no priority {key!r}; its priorities are "
        f"{_known(content.get('priorities', []))}"
    )


def _body(content: Mapping[str, Any], key: str) -> None:
    if key not in {b.get("key") for b in content.get("bodies", [])}:
        raise PlanContentError(f"the plan has no body {key!r}; its bodies are "
                               f"{_known(content.get('bodies', []))}")


def _year(year: str) -> str:
    try:
        return parse_financial_year(year)
    except InputError as error:
        raise PlanContentError(str(error)) from None


def plan_of_year(priority: Mapping[str, Any], year: str) -> dict[str, Any] | None:
    """The priority's action plan for ``year`` (None when it has none)."""
    for plan in priority.get("action_plans", []):
        if plan.get("year") == year:
            return plan
    return None


def actions_of(priority: Mapping[str, Any], year: str | None = None) -> list[dict[str, Any]]:
    """The actions of one year's plan (``year``), or of every plan."""
    plans = priority.get("action_plans", [])
    return [a for p in plans if year is None or p.get("year") == year
            for a in p.get("actions", [])]


def find_action(
    content: Mapping[str, Any], priority: str, action: str, year: str | None = None
) -> dict[str, Any]:
    """An action of a priority by its key or its exact text (optionally of one year)."""
    p = find_priority(content, priority)
    found = [a for a in actions_of(p, year) if action in (a.get("key"), a.get("text"))]
    if len(found) == 1:
        return found[0]
    texts = "; ".join(repr(a.get("key") or a.get("text")) for a in actions_of(p, year))
    if found:
        raise PlanContentError(f"{len(found)} actions of {priority!r} read {action!r}; give "
                               "the year or the action's key")
    raise PlanContentError(f"priority {priority!r} has no action {action!r}; its actions are "
                           f"{texts or 'none'}")


# -- edits ---------------------------------------------------------------------------------------


def _texts(fields: Mapping[str, Any], allowed: Sequence[str], what: str) -> dict[str, str]:
    unknown = sorted(set(fields) - set(allowed))
    if unknown:
        raise PlanContentError(f"{what} has no field(s) {', '.join(unknown)}; its fields are "
                               f"{', '.join(allowed)}")
    out = {}
    for name, value in fields.items():
        if not isinstance(value, str):
            raise PlanContentError(f"{what}'s {name} must be text, not {value!r}")
        out[name] = value.strip()
    return out


def _set(entry: dict[str, Any], values: Mapping[str, Any]) -> None:
    for name, value in values.items():
        if value in ("", None):
            entry.pop(name, None)
        else:
            entry[name] = value


def set_priority(content: dict[str, Any], key: str, **fields: str) -> dict[str, Any]:
    """Change a priority's title, short title, objective, why it is important or focus."""
    p = find_priority(content, key)
    values = _texts(fields, PRIORITY_FIELDS, f"priority {key!r}")
    if "title" in values and not values["title"]:
        raise PlanContentError(f"priority {key!r} needs a title")
    _set(p, values)
    return p


def add_priority(
    content: dict[str, Any], key: str, title: str, *, position: int | None = None, **fields: str
) -> dict[str, Any]:
    """Add a priority (at ``position``, counting from 0; at the end by default)."""
    if not key or not key.replace("-", "").isalnum() or key != key.lower():
        raise PlanContentError(f"{key!r} is not a key; use lower-case letters, digits and "
                               "hyphens, e.g. knife-crime")
    if any(p.get("key") == key for p in content.get("priorities", [])):
        raise PlanContentError(f"the plan already has a priority {key!r}; choose another key")
    if not title.strip():
        raise PlanContentError(f"priority {key!r} needs a title")
    entry: dict[str, Any] = {"key": key, "title": title.strip()}
    _set(entry, _texts(fields, PRIORITY_FIELDS[1:], f"priority {key!r}"))
    items = content.setdefault("priorities", [])
    items.insert(len(items) if position is None else position, entry)
    return entry


def remove_priority(content: dict[str, Any], key: str) -> dict[str, Any]:
    """Take a priority (and its action plans) out of the plan."""
    p = find_priority(content, key)
    content["priorities"].remove(p)
    return p


def set_deliveries(
    content: dict[str, Any], key: str, bodies: Sequence[str | tuple[str, str]]
) -> dict[str, Any]:
    """Set which bodies deliver a priority (Appendix 3): body keys, or (key, note) pairs."""
    p = find_priority(content, key)
    out = []
    for item in bodies:
        body, note = (item, "") if isinstance(item, str) else item
        _body(content, body)
        out.append({"body": body, **({"note": note} if note else {})})
    _set(p, {"delivered_by": out or None})
    return p


def set_plan(
    content: dict[str, Any], priority: str, year: str, **fields: str
) -> dict[str, Any]:
    """Set (or start) a priority's action plan for ``year``: title, owner, summary, outcome.
    A new plan takes its owner from the latest earlier plan unless given."""
    p = find_priority(content, priority)
    values = _texts(fields, PLAN_FIELDS, f"the {year} plan of {priority!r}")
    if values.get("owner"):
        _body(content, values["owner"])
    year = _year(year)
    plan = plan_of_year(p, year)
    if plan is None:
        earlier = sorted(p.get("action_plans", []), key=lambda x: str(x.get("year")))
        plan = {"year": year}
        if earlier and earlier[-1].get("owner") and "owner" not in values:
            plan["owner"] = earlier[-1]["owner"]
        p.setdefault("action_plans", []).append(plan)
        p["action_plans"].sort(key=lambda x: str(x.get("year")))
    _set(plan, values)
    return plan


def _action_values(content: Mapping[str, Any], fields: Mapping[str, Any], what: str
                   ) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(ACTION_FIELDS))
    if unknown:
        raise PlanContentError(f"{what} has no field(s) {', '.join(unknown)}; its fields are "
                               f"{', '.join(ACTION_FIELDS)}")
    out = dict(fields)
    if "status" in out and out["status"] not in Status.values:
        raise PlanContentError(f"{what}: status {out['status']!r}; use one of "
                               f"{', '.join(Status.values)}")
    if out.get("four_p") and out["four_p"] not in FourP.values:
        raise PlanContentError(f"{what}: four_p {out['four_p']!r}; use one of "
                               f"{', '.join(FourP.values)}")
    if out.get("owner") and out["owner"] not in {o.get("key") for o in
                                                 content.get("organisations", [])}:
        raise PlanContentError(f"{what}: no organisation {out['owner']!r}; the organisations "
                               f"are {_known(content.get('organisations', []))}")
    if out.get("due"):
        try:
            out["due"] = dt.date.fromisoformat(str(out["due"])).isoformat()
        except ValueError:
            raise PlanContentError(f"{what}: due {out['due']!r} is not a date; write it as "
                                   "2021-06-30") from None
    return out


def add_action(
    content: dict[str, Any], priority: str, text: str, *, year: str, **fields: Any
) -> dict[str, Any]:
    """Add an action to the priority's plan for ``year`` (started if there is none)."""
    if not text.strip():
        raise PlanContentError("an action needs its text")
    plan = set_plan(content, priority, year)
    values = _action_values(content, fields, f"the new action of {priority!r}")
    action = {"text": text.strip(), "status": "not_started"}
    _set(action, values)
    plan.setdefault("actions", []).append(action)
    return action


def set_action(
    content: dict[str, Any], priority: str, action: str, *, year: str | None = None,
    **fields: Any,
) -> dict[str, Any]:
    """Change an action (found by key or text): its text, status, owner, due date, ..."""
    entry = find_action(content, priority, action, year)
    values = _action_values(content, fields, f"action {action!r} of {priority!r}")
    if "text" in values and not str(values["text"]).strip():
        raise PlanContentError("an action needs its text")
    _set(entry, values)
    return entry


def drop_action(
    content: dict[str, Any], priority: str, action: str, *, year: str | None = None
) -> dict[str, Any]:
    """Take an action out of the plan (dropped, not completed)."""
    entry = find_action(content, priority, action, year)
    for plan in find_priority(content, priority).get("action_plans", []):
        if entry in plan.get("actions", []):
            plan["actions"].remove(entry)
    return entry


def check_year(year: str) -> str:
    """``year`` as cspkit writes a financial year (``2021-22`` -> ``2021/22``); InputError
    when it is not one."""
    return parse_financial_year(year)
