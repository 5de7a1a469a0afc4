"""Indicators and their measurements."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.actions.models import ActionPlan
from cspkit.calendar import parse_period
from cspkit.errors import InputError, QueryParamError
from cspkit.indicators.periods import EXAMPLES, FREQUENCY_FORMS
from cspkit.indicators.rag import Rag, Trend, rag_status, tested_trend
from cspkit.partnership.models import Partnership
from cspkit.partnership.scoping import Policy, Scoped
from cspkit.partnership.validators import validate_json_object

__all__ = ["Indicator", "Measurement"]


class Indicator(Scoped, models.Model):
    """A measure of a trend the partnership watches, with its baseline and target.

    Its values come from the analytical store by a named query (``source = query``; see
    :mod:`cspkit.indicators.queries`) or are entered by a person (``source = manual``).
    """

    subgroup_path: ClassVar[str | None] = "action_plan__owner"

    class Direction(models.TextChoices):
        UP = "up", "Up is good"
        DOWN = "down", "Down is good"

    class Frequency(models.TextChoices):
        MONTHLY = "monthly", "Monthly"
        QUARTERLY = "quarterly", "Quarterly"
        YEARLY = "yearly", "Yearly"

    class Source(models.TextChoices):
        QUERY = "query", "Computed from the analytical store"
        MANUAL = "manual", "Entered by a person"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="indicators"
    )
    action_plan = models.ForeignKey(
        ActionPlan, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators"
    )
    key = models.SlugField(max_length=80)
    name = models.CharField(max_length=300)
    definition = models.TextField(blank=True)
    unit = models.CharField(max_length=100, blank=True)
    direction = models.CharField(max_length=4, choices=Direction.choices)
    baseline = models.FloatField(null=True, blank=True)
    baseline_period = models.CharField(max_length=20, blank=True)
    target = models.FloatField(null=True, blank=True)
    target_period = models.CharField(max_length=20, blank=True)
    frequency = models.CharField(max_length=10, choices=Frequency.choices)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    query = models.CharField(max_length=80, blank=True, help_text="The named query (source query)")
    params = models.JSONField(default=dict, blank=True, validators=[validate_json_object])
    source_note = models.CharField(
        max_length=300, blank=True, help_text="Where a person takes the figures from"
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "position", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "key"], name="indicator_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from cspkit.indicators.queries import GRANULARITIES, check_params

        errors: dict[str, str] = {}
        if self.action_plan_id and self.action_plan.partnership_id != self.partnership_id:
            errors["action_plan"] = f"{self.action_plan} belongs to another partnership"
        for name in ("baseline_period", "target_period"):
            value = getattr(self, name)
            if value:
                try:
                    setattr(self, name, parse_period(value).label)
                except InputError as exc:
                    errors[name] = str(exc)
        if self.source == self.Source.QUERY:
            try:
                checked = check_params(self.query, self.params)
            except QueryParamError as exc:
                errors["query" if "named query" in str(exc) else "params"] = str(exc)
            else:
                made = GRANULARITIES[checked["period"]]
                if made != self.frequency:
                    errors["frequency"] = (
                        f"the query's period {checked['period']!r} makes {made} values; set the "
                        f"frequency to {made} or the query's period to match {self.frequency}"
                    )
        elif self.query or self.params:
            errors["query"] = "a manual indicator names no query; clear query and params"
        if errors:
            raise ValidationError(errors)

    def rag(self) -> Rag:
        """The RAG status by the rule of :mod:`cspkit.indicators.rag`: where the indicator
        counts events, its trend is tested by the comparison policy on the monthly counts its
        measurements keep (``provenance["monthly"]``, recorded by a refresh from the store)."""
        return self.rag_of(list(self.measurements.order_by("period_start")))

    def rag_of(self, measured: list[Measurement]) -> Rag:
        """The RAG status from these of its measurements, in period order (e.g. those to the
        end of a quarter, for a progress report)."""
        values = [m.value for m in measured]
        return rag_status(values, self.target, self.direction, self.baseline,
                          tested=self.tested_trend(measured))

    def tested_trend(self, measured: list[Measurement]) -> Trend | None:
        """The trend by the comparison policy where the indicator counts events, else None."""
        from cspkit.indicators.queries import REGISTRY

        query = REGISTRY.get(self.query) if self.source == self.Source.QUERY else None
        if query is None or not query.counts or not measured:
            return None
        monthly: dict[str, float] = {}
        for m in measured:
            monthly.update(m.provenance.get("monthly") or {})
        if not monthly:
            return Trend("flat", "not tested: its measurements keep no monthly counts; "
                                 "refresh it from the store (`cspkit indicator refresh`)")
        last = parse_period(measured[-1].period).end.strftime("%Y-%m")
        return tested_trend(monthly, last, self.direction)


class Measurement(Scoped, models.Model):
    """An indicator's value for one period, with where it came from."""

    partnership_path: ClassVar[str] = "indicator__partnership"
    subgroup_path: ClassVar[str | None] = "indicator__action_plan__owner"
    policy: ClassVar[Policy] = Policy.MEASUREMENT

    indicator = models.ForeignKey(
        Indicator, on_delete=models.CASCADE, related_name="measurements"
    )
    period = models.CharField(max_length=20, help_text="e.g. 2021-04, 2021/22 Q1, 2021/22")
    period_start = models.DateField(editable=False)
    value = models.FloatField()
    provenance = models.JSONField(
        default=dict, blank=True, validators=[validate_json_object],
        help_text="The query and data that made it, or who entered it from what.",
    )
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["indicator", "period_start", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["indicator", "period"], name="measurement_period"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.period} = {self.value:g}"

    def clean(self) -> None:
        try:
            period = parse_period(self.period)
        except InputError as exc:
            raise ValidationError({"period": str(exc)}) from None
        self.period = period.label
        if self.indicator_id:
            forms = FREQUENCY_FORMS[self.indicator.frequency]
            if period.form not in forms:
                raise ValidationError({"period": (
                    f"{self.period!r} is a {period.form}; {self.indicator} is "
                    f"{self.indicator.frequency}: write a {' or a '.join(forms)} such as "
                    f"{EXAMPLES[forms[0]]}"
                )})

    def save(self, *args: object, **kwargs: object) -> None:
        period = parse_period(self.period)
        self.period, self.period_start = period.label, period.start
        super().save(*args, **kwargs)
