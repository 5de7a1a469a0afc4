"""What the pages show, read in a few queries: action counts by status, indicators with their
values, RAG status and sparkline. Everything is filtered by what the user may read."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from django.db.models import Count, QuerySet
from django.utils.safestring import SafeString

from cspkit.actions.models import Action, ActionPlan, Status
from cspkit.indicators.models import Indicator, Measurement
from cspkit.indicators.rag import Rag, rag_status
from cspkit.partnership.models import Partnership
from cspkit.partnership.permissions import visible_queryset
from cspkit.web.svg import sparkline

__all__ = [
    "STATUSES",
    "IndicatorRow",
    "PlanRow",
    "Point",
    "indicator_rows",
    "plan_rows",
    "plan_years",
]

#: Action statuses in the order the dashboard's columns show them.
STATUSES: list[tuple[str, str]] = [(str(v), str(label)) for v, label in Status.choices]

SPARK_POINTS = 24


def fmt(value: float | None, unit: str = "") -> str:
    """A figure as people write it: ``1,234``, ``12.5``, ``48%``; a dash when missing."""
    if value is None:
        return "–"
    text = f"{value:,.1f}".rstrip("0").rstrip(".")
    return f"{text}%" if unit.strip() in ("%", "percent") else text


def plan_years(user: Any, partnership: Partnership) -> list[str]:
    """The financial years with action plans the user may read, latest first."""
    plans = visible_queryset(user, ActionPlan).filter(partnership=partnership)
    return sorted(set(plans.values_list("year", flat=True)), reverse=True)


@dataclass
class PlanRow:
    """A priority or theme, its action plan for the year (if any) and its actions by status."""

    subject: Any
    plan: ActionPlan | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def cells(self) -> list[tuple[str, int]]:
        """(status, count) in the order of :data:`STATUSES`."""
        return [(key, self.counts.get(key, 0)) for key, _ in STATUSES]


def plan_rows(
    user: Any, partnership: Partnership, year: str | None, **subjects: Iterable[Any]
) -> dict[str, list[PlanRow]]:
    """One row per subject with its plan of ``year`` and its actions counted by status, for
    each kind given: ``plan_rows(user, p, "2021/22", priority=[...], theme=[...])`` (two
    queries, whatever the number of subjects)."""
    plans = visible_queryset(user, ActionPlan).filter(partnership=partnership, year=year)
    by_subject: dict[tuple[str, int], ActionPlan] = {}
    for plan in plans:
        for kind in subjects:
            if getattr(plan, f"{kind}_id"):
                by_subject[kind, getattr(plan, f"{kind}_id")] = plan
    counts: dict[int, Counter[str]] = {}
    actions = visible_queryset(user, Action).filter(action_plan__in=list(by_subject.values()))
    for row in actions.values("action_plan_id", "status").annotate(n=Count("pk")):
        counts.setdefault(row["action_plan_id"], Counter())[row["status"]] = row["n"]
    rows: dict[str, list[PlanRow]] = {}
    for kind, items in subjects.items():
        rows[kind] = []
        for subject in items:
            plan = by_subject.get((kind, subject.pk))
            found = dict(counts.get(plan.pk, {})) if plan else {}
            rows[kind].append(PlanRow(subject, plan, found))
    return rows


class Point(NamedTuple):
    """One measurement as the summaries need it (cheaper than a model instance)."""

    period: str
    value: float


@dataclass(frozen=True)
class IndicatorRow:
    """An indicator, its values in period order, its status and its sparkline."""

    indicator: Indicator
    points: Sequence[Point]
    rag: Rag

    @property
    def latest(self) -> Point | None:
        return self.points[-1] if self.points else None

    @property
    def latest_text(self) -> str:
        m = self.latest
        return f"{fmt(m.value, self.indicator.unit)} ({m.period})" if m else "No data"

    @property
    def target_text(self) -> str:
        i = self.indicator
        if i.target is None:
            return "None set"
        return f"{fmt(i.target, i.unit)}" + (f" by {i.target_period}" if i.target_period else "")

    def sparkline(self) -> SafeString | None:
        recent = self.points[-SPARK_POINTS:]
        if len(recent) < 2:
            return None
        i = self.indicator
        values = [m.value for m in recent]
        label = (
            f"Trend of {i.name}: {len(recent)} values from {recent[0].period} to "
            f"{recent[-1].period}, lowest {fmt(min(values), i.unit)}, highest "
            f"{fmt(max(values), i.unit)}, latest {fmt(values[-1], i.unit)}"
            + (f"; target {fmt(i.target, i.unit)}" if i.target is not None else "")
        )
        return sparkline(values, label=label, target=i.target)


def indicator_rows(
    user: Any, partnership: Partnership, queryset: QuerySet[Indicator] | None = None
) -> list[IndicatorRow]:
    """The partnership's indicators the user may read, each with its values and RAG status
    (two queries, whatever the number of indicators)."""
    indicators = list(visible_queryset(user, Indicator, queryset).filter(partnership=partnership))
    points: dict[int, list[Point]] = {i.pk: [] for i in indicators}
    values = (
        Measurement.objects.filter(indicator__in=indicators)
        .order_by("indicator_id", "period_start", "pk")
        .values_list("indicator_id", "period", "value")
    )
    for indicator_id, period, value in values:
        points[indicator_id].append(Point(period, value))
    rows = []
    for ind in indicators:
        ps = points[ind.pk]
        rag = rag_status([p.value for p in ps], ind.target, ind.direction, ind.baseline)
        rows.append(IndicatorRow(ind, ps, rag))
    return rows
