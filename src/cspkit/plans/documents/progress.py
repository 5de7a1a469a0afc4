"""The progress report for a quarter: actions by status, indicators against target, exceptions
first.

For a financial quarter (``2021/22 Q2``) of a partnership, from its records as they stood at
the quarter's end:

- **Exceptions** come first, each kind in its own table with why it is an exception: actions
  off track, overdue (due by the quarter's end and not complete), not started when they should
  have been (due within the next quarter, or the year half gone), with no due date, or with no
  update this quarter (stale); indicators rated red, worse than the period before, or without
  data;
- **Summary**: actions by status per priority (and theme) and per subgroup;
- then, by priority and theme: its actions (owner, due date, status, latest update)
  and its indicators against target with their RAG rating (:mod:`cspkit.indicators.rag`).

An action's status at the quarter's end is that of its latest progress update dated by then;
an action with no update by then shows its recorded status. Measurements count when their
period starts by the quarter's end.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from cspkit.actions.models import Action, ActionPlan, Status
from cspkit.calendar import parse_period, parse_quarter, quarter_financial_year
from cspkit.indicators.models import Indicator
from cspkit.indicators.rag import Rag
from cspkit.partnership.logos import partnership_logo
from cspkit.reports.document import Block, Callout, Document, Paragraph, Section, Table

if TYPE_CHECKING:
    from cspkit.partnership.models import Partnership

__all__ = [
    "ActionAt",
    "IndicatorAt",
    "action_exceptions",
    "indicator_exceptions",
    "progress_document",
    "quarter_status",
]

STATUSES: list[str] = list(Status.values)
LABELS = {value: str(label).split(" (")[0] for value, label in Status.choices}


@dataclass(frozen=True)
class ActionAt:
    """An action as it stood at the quarter's end."""

    action: Action
    subject: str
    subgroup: str
    status: str
    update: str
    overdue: bool
    updated_this_quarter: bool = True


@dataclass(frozen=True)
class IndicatorAt:
    indicator: Indicator
    subject: str
    latest: float | None
    latest_period: str
    rag: Rag
    worse: bool = False
    """The latest value is worse than the one before, in the indicator's direction."""


def _quarter(quarter: str) -> tuple[dt.date, dt.date, str]:
    """First and last day and financial year of ``quarter`` (any form cspkit.calendar reads)."""
    period = parse_period(parse_quarter(quarter))
    return period.start, period.end, quarter_financial_year(quarter)


def _action_at(a: Action, start: dt.date, end: dt.date, subject: str) -> ActionAt:
    updates = [u for u in a.updates.all() if u.date <= end]
    latest = max(updates, key=lambda u: (u.date, u.pk)) if updates else None
    status = latest.status if latest is not None else a.status
    note = f"{latest.date:%-d %b %Y}: {latest.comment}".strip(": ") if latest else "–"
    overdue = bool(a.due and a.due <= end and status != Status.COMPLETE)
    owner = a.action_plan.owner
    fresh = any(u.date >= start for u in updates)
    return ActionAt(a, subject, str(owner) if owner else "–", status, note, overdue, fresh)


def quarter_status(partnership: Partnership, quarter: str) -> tuple[list[ActionAt],
                                                                    list[IndicatorAt]]:
    """Every action of the quarter's year and every indicator, as they stood at its end."""
    start, end, year = _quarter(quarter)
    plans = (ActionPlan.objects.filter(partnership=partnership, year=year)
             .select_related("priority", "theme", "owner")
             .prefetch_related("actions__updates"))
    actions = []
    for plan in sorted(plans, key=lambda p: (p.priority is None, _position(p))):
        for a in plan.actions.all():
            actions.append(_action_at(a, start, end, str(plan.subject)))
    indicators = []
    for ind in Indicator.objects.filter(partnership=partnership).select_related(
            "action_plan__priority", "action_plan__theme").prefetch_related("measurements"):
        ms = sorted((m for m in ind.measurements.all() if m.period_start <= end),
                    key=lambda m: m.period_start)
        values = [m.value for m in ms]
        subject = str(ind.action_plan.subject) if ind.action_plan else "Partnership-wide"
        indicators.append(IndicatorAt(
            ind, subject, values[-1] if values else None, ms[-1].period if ms else "",
            ind.rag_of(ms), _worse(ind, ms)))
    return actions, indicators


def _worse(ind: Indicator, measured: list[Any]) -> bool:
    """Worse than the period before: for an indicator that counts events, only a significant
    worsening by the comparison policy (its tested trend); otherwise the latest value against
    the one before, in the indicator's direction."""
    tested = ind.tested_trend(measured)
    if tested is not None:
        return tested.direction == "worsening"
    values = [m.value for m in measured]
    if len(values) < 2 or values[-1] == values[-2]:
        return False
    return (values[-1] < values[-2]) == (ind.direction == "up")


def _position(plan: ActionPlan) -> tuple[int, int]:
    subject: Any = plan.subject
    return (getattr(subject, "position", 0), subject.pk if subject else 0)


def _fmt(x: float | None) -> str:
    return "–" if x is None else f"{x:,.2f}".rstrip("0").rstrip(".")


def _action_rows(items: list[ActionAt], with_subject: bool) -> tuple[tuple[Any, ...], ...]:
    return tuple(
        ((a.subject,) if with_subject else ()) + (
            str(a.action.text), a.subgroup,
            f"{a.action.due:%-d %b %Y}" if a.action.due else "–",
            LABELS.get(a.status, a.status) + (" (overdue)" if a.overdue else ""), a.update)
        for a in items)


def _indicator_rows(items: list[IndicatorAt], with_subject: bool) -> tuple[tuple[Any, ...], ...]:
    return tuple(
        ((i.subject,) if with_subject else ()) + (
            i.indicator.name, _fmt(i.indicator.baseline),
            f"{_fmt(i.latest)} ({i.latest_period})" if i.latest_period else "–",
            _fmt(i.indicator.target), i.rag.status.upper() if i.rag.status != "none" else "–",
            i.rag.reason)
        for i in items)


def _counts(actions: list[ActionAt], key: str) -> tuple[tuple[Any, ...], ...]:
    groups: dict[str, Counter[str]] = {}
    for a in actions:
        groups.setdefault(getattr(a, key), Counter())[a.status] += 1
    return tuple((name, *(c[s] for s in STATUSES), sum(c.values()),
                  sum(1 for a in actions if getattr(a, key) == name and a.overdue))
                 for name, c in groups.items())


#: The kinds of exception, in the order the report lists them, with why each is one.
ACTION_EXCEPTIONS = (
    ("off_track", "Actions off track", "reported off track"),
    ("overdue", "Actions overdue", "due by the quarter's end and not complete"),
    ("not_started", "Actions not started that should have", "not started and due within the "
     "next quarter, or the year more than half gone"),
    ("no_due", "Actions with no due date", "no due date, so progress cannot be judged"),
    ("stale", "Actions with no update this quarter", "no progress update dated this quarter"),
)
INDICATOR_EXCEPTIONS = (
    ("red", "Indicators rated red", "rated red against target"),
    ("worse", "Indicators worse than the period before", "the latest value is worse than the "
     "one before (for a count, a significant worsening by the comparison policy)"),
    ("no_data", "Indicators without data", "no measurement for a period starting by the "
     "quarter's end"),
)


def action_exceptions(actions: list[ActionAt], start: dt.date, end: dt.date
                      ) -> dict[str, list[ActionAt]]:
    """The actions that are exceptions at the quarter's end, by kind (an action may be more
    than one kind)."""
    half = dt.date(start.year if start.month >= 4 else start.year - 1, 10, 1)
    soon = end + dt.timedelta(days=92)
    live = [a for a in actions if a.status != Status.COMPLETE]
    return {
        "off_track": [a for a in live if a.status == Status.OFF_TRACK],
        "overdue": [a for a in actions if a.overdue],
        "not_started": [a for a in live if a.status == Status.NOT_STARTED and not a.overdue
                        and ((a.action.due and a.action.due <= soon) or end >= half)],
        "no_due": [a for a in live if a.action.due is None],
        "stale": [a for a in live if not a.updated_this_quarter],
    }


def indicator_exceptions(indicators: list[IndicatorAt]) -> dict[str, list[IndicatorAt]]:
    return {
        "red": [i for i in indicators if i.rag.status == "red"],
        "worse": [i for i in indicators if i.worse and i.rag.status != "red"],
        "no_data": [i for i in indicators if i.latest is None],
    }


def _exceptions(actions: list[ActionAt], indicators: list[IndicatorAt], source: str,
                start: dt.date, end: dt.date) -> list[Block]:
    acts = action_exceptions(actions, start, end)
    inds = indicator_exceptions(indicators)
    counts = [f"{title.lower()}: {len(acts[k])}" for k, title, _ in ACTION_EXCEPTIONS
              if acts[k]]
    counts += [f"{title.lower()}: {len(inds[k])}" for k, title, _ in INDICATOR_EXCEPTIONS
               if inds[k]]
    if not counts:
        return [Paragraph("No exceptions: no action is off track, overdue, late to start, "
                          "without a due date or without an update this quarter, and no "
                          "indicator is red, worse or without data.")]
    out: list[Block] = [Callout("Exceptions this quarter: " + "; ".join(counts) + ".",
                                "warning")]
    for key, title, why in ACTION_EXCEPTIONS:
        if acts[key]:
            out += [Paragraph(f"**{title}** ({why}):"),
                    Table(title, ("Priority or theme", "Action", "Subgroup", "Due", "Status",
                                  "Latest update"), _action_rows(acts[key], True),
                          source=source, numeric=(False,) * 6)]
    for key, title, why in INDICATOR_EXCEPTIONS:
        if inds[key]:
            out += [Paragraph(f"**{title}** ({why}):"),
                    Table(title, ("Priority or theme", "Indicator", "Baseline", "Latest",
                                  "Target", "RAG", "Why"), _indicator_rows(inds[key], True),
                          source=source, numeric=(False, False, True, True, True, False,
                                                  False))]
    return out


def progress_document(partnership: Partnership, quarter: str) -> Document:
    """The progress report of ``partnership`` for financial ``quarter`` (e.g. 2021/22 Q2)."""
    quarter = parse_quarter(quarter)
    start, end, year = _quarter(quarter)
    actions, indicators = quarter_status(partnership, quarter)
    source = (f"{partnership.name}'s action plans {year}, progress updates dated up to "
              f"{end:%-d %B %Y} and indicator measurements of periods starting by then")
    status_cols = tuple(LABELS[s] for s in STATUSES)
    summary = Section("Summary", [
        Paragraph(f"{len(actions)} actions in the {year} action plans; {len(indicators)} "
                  "indicators."),
        Table("Actions by status, per priority and theme",
              ("Priority or theme", *status_cols, "Total", "Overdue"),
              _counts(actions, "subject"), source=source),
        Table("Actions by status, per subgroup", ("Subgroup", *status_cols, "Total", "Overdue"),
              _counts(actions, "subgroup"), source=source),
    ])
    detail = Section("By priority and theme")
    sections = [Section("Exceptions", _exceptions(actions, indicators, source, start, end)),
                summary, detail]
    subjects = list(dict.fromkeys([a.subject for a in actions] + [i.subject for i in indicators]))
    for subject in subjects:
        mine = [a for a in actions if a.subject == subject]
        inds = [i for i in indicators if i.subject == subject]
        s = Section(subject)
        if mine:
            s.add(Table(f"Actions: {subject}",
                        ("Action", "Subgroup", "Due", "Status", "Latest update"),
                        _action_rows(mine, False), source=source, numeric=(False,) * 5))
        if inds:
            s.add(Table(f"Indicators: {subject}",
                        ("Indicator", "Baseline", "Latest", "Target", "RAG", "Why"),
                        _indicator_rows(inds, False), source=source,
                        numeric=(False, True, True, True, False, False)))
        detail.subsections.append(s)
    return Document(
        "Progress report", subtitle=f"{quarter}: {start:%-d %B} to {end:%-d %B %Y}",
        organisation=partnership.name, issued=end, sections=sections,
        logo=partnership_logo(partnership),
    )
