"""The progress report for a quarter: actions by status, indicators against target, exceptions
first.

For a financial quarter (``2021/22 Q2``) of a partnership, from its records as they stood at
the quarter's end:

- **Exceptions** come first: actions overdue (due by the quarter's end and not complete) or off
  track, and indicators rated red;
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

__all__ = ["ActionAt", "IndicatorAt", "progress_document", "quarter_status"]

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


@dataclass(frozen=True)
class IndicatorAt:
    indicator: Indicator
    subject: str
    latest: float | None
    latest_period: str
    rag: Rag


def _quarter(quarter: str) -> tuple[dt.date, dt.date, str]:
    """First and last day and financial year of ``quarter`` (any form cspkit.calendar reads)."""
    period = parse_period(parse_quarter(quarter))
    return period.start, period.end, quarter_financial_year(quarter)


def _action_at(a: Action, end: dt.date, subject: str) -> ActionAt:
    updates = [u for u in a.updates.all() if u.date <= end]
    latest = max(updates, key=lambda u: (u.date, u.pk)) if updates else None
    status = latest.status if latest is not None else a.status
    note = f"{latest.date:%-d %b %Y}: {latest.comment}".strip(": ") if latest else "–"
    overdue = bool(a.due and a.due <= end and status != Status.COMPLETE)
    owner = a.action_plan.owner
    return ActionAt(a, subject, str(owner) if owner else "–", status, note, overdue)


def quarter_status(partnership: Partnership, quarter: str) -> tuple[list[ActionAt],
                                                                    list[IndicatorAt]]:
    """Every action of the quarter's year and every indicator, as they stood at its end."""
    _start, end, year = _quarter(quarter)
    plans = (ActionPlan.objects.filter(partnership=partnership, year=year)
             .select_related("priority", "theme", "owner")
             .prefetch_related("actions__updates"))
    actions = []
    for plan in sorted(plans, key=lambda p: (p.priority is None, _position(p))):
        for a in plan.actions.all():
            actions.append(_action_at(a, end, str(plan.subject)))
    indicators = []
    for ind in Indicator.objects.filter(partnership=partnership).select_related(
            "action_plan__priority", "action_plan__theme").prefetch_related("measurements"):
        ms = sorted((m for m in ind.measurements.all() if m.period_start <= end),
                    key=lambda m: m.period_start)
        values = [m.value for m in ms]
        subject = str(ind.action_plan.subject) if ind.action_plan else "Partnership-wide"
        indicators.append(IndicatorAt(
            ind, subject, values[-1] if values else None, ms[-1].period if ms else "",
            ind.rag_of(ms)))
    return actions, indicators


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


def _exceptions(actions: list[ActionAt], indicators: list[IndicatorAt], source: str
                ) -> list[Block]:
    late = [a for a in actions if a.overdue or a.status == Status.OFF_TRACK]
    red = [i for i in indicators if i.rag.status == "red"]
    if not late and not red:
        return [Paragraph("No exceptions: no action is overdue or off track and no indicator "
                          "is red.")]
    out: list[Block] = [Callout(f"{len(late)} action(s) overdue or off track and {len(red)} "
                                "indicator(s) red.", "warning")]
    if late:
        out.append(Table("Actions overdue or off track",
                         ("Priority or theme", "Action", "Subgroup", "Due", "Status",
                          "Latest update"), _action_rows(late, True), source=source,
                         numeric=(False,) * 6))
    if red:
        out.append(Table("Indicators rated red",
                         ("Priority or theme", "Indicator", "Baseline", "Latest", "Target",
                          "RAG", "Why"), _indicator_rows(red, True), source=source,
                         numeric=(False, False, True, True, True, False, False)))
    return out


def progress_document(partnership: Partnership, quarter: str) -> Document:
    """The progress report of ``partnership`` for financial ``quarter`` (e.g. 2021/22 Q2)."""
    quarter = parse_quarter(quarter)
    start, end, year = _quarter(quarter)
    actions, indicators = quarter_status(partnership, quarter)
    source = (f"{partnership.name}'s action plans {year}, progress updates dated up to "
              f"{end:%-d %B %Y} and indicator measurements of periods starting by then "
              "(cspkit records)")
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
    sections = [Section("Exceptions", _exceptions(actions, indicators, source)), summary, detail]
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
