"""Action plans and their actions."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.actions.progress import FundingBid, ProgressUpdate, Status
from cspkit.governance.models import Body
from cspkit.partnership.fields import FinancialYearField
from cspkit.partnership.models import Organisation, Partnership
from cspkit.partnership.scoping import Policy, Scoped
from cspkit.partnership.validators import validate_financial_year
from cspkit.priorities.models import CrossCuttingTheme, Priority

__all__ = ["Action", "ActionPlan", "FourP", "FundingBid", "ProgressUpdate", "Status"]


class ActionPlan(Scoped, models.Model):
    """One year's plan for a priority or a cross-cutting theme, owned by a subgroup.

    Each subgroup's plan carries its equalities analysis (its plans conform to the duties of the
    Equality Act 2010).
    """

    subgroup_path: ClassVar[str | None] = "owner"
    policy: ClassVar[Policy] = Policy.SUBGROUP

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="action_plans"
    )
    priority = models.ForeignKey(
        Priority, on_delete=models.CASCADE, null=True, blank=True, related_name="action_plans"
    )
    theme = models.ForeignKey(
        CrossCuttingTheme, on_delete=models.CASCADE, null=True, blank=True,
        related_name="action_plans",
    )
    year = FinancialYearField(
        max_length=7, validators=[validate_financial_year], help_text="Financial year, e.g. 2021/22"
    )
    title = models.CharField(max_length=200, blank=True, help_text="e.g. Year 3")
    owner = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="action_plans",
        help_text="The subgroup (or team) that writes and delivers the plan.",
    )
    summary = models.TextField(blank=True, help_text="How the owner will deliver the plan.")
    outcome = models.TextField("high-level outcome", blank=True)
    equalities_analysis = models.TextField(
        blank=True, help_text="The equalities analysis of the plan (Equality Act 2010)."
    )
    equalities_analysis_date = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "year", "priority", "theme", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(priority__isnull=False, theme__isnull=True)
                | models.Q(priority__isnull=True, theme__isnull=False),
                name="action_plan_priority_or_theme",
            ),
            models.UniqueConstraint(fields=["priority", "year"], name="action_plan_priority_year"),
            models.UniqueConstraint(fields=["theme", "year"], name="action_plan_theme_year"),
        ]

    def __str__(self) -> str:
        return f"{self.priority or self.theme} {self.year}"

    @property
    def subject(self) -> Priority | CrossCuttingTheme | None:
        return self.priority or self.theme

    def clean(self) -> None:
        subject = self.subject
        if subject is None or (self.priority_id and self.theme_id):
            raise ValidationError("an action plan is for a priority or a theme (one of them)")
        if subject.partnership_id != self.partnership_id:
            raise ValidationError(f"{subject} belongs to another partnership")
        if self.owner_id and self.owner.partnership_id != self.partnership_id:
            raise ValidationError({"owner": f"{self.owner} belongs to another partnership"})


class FourP(models.TextChoices):
    """The national serious and organised crime framework."""

    PURSUE = "pursue", "Pursue"
    PREVENT = "prevent", "Prevent"
    PROTECT = "protect", "Protect"
    PREPARE = "prepare", "Prepare"


class Action(Scoped, models.Model):
    """A measurable action of an action plan."""

    partnership_path: ClassVar[str] = "action_plan__partnership"
    subgroup_path: ClassVar[str | None] = "action_plan__owner"
    policy: ClassVar[Policy] = Policy.SUBGROUP

    action_plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    key = models.SlugField(
        max_length=80, blank=True, help_text="Optional short name, for links from other records"
    )
    text = models.TextField()
    owner = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    lead = models.CharField(max_length=200, blank=True, help_text="The person or role leading it")
    due = models.DateField(null=True, blank=True)
    four_p = models.CharField("4P", max_length=10, choices=FourP.choices, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    resources = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["action_plan", "position", "pk"]

    def __str__(self) -> str:
        return self.text if len(self.text) <= 80 else self.text[:77] + "..."

    def clean(self) -> None:
        plan = self.action_plan if self.action_plan_id else None
        if plan is None:
            return
        if self.owner_id and self.owner.partnership_id != plan.partnership_id:
            raise ValidationError({"owner": f"{self.owner} belongs to another partnership"})
        if self.key:
            clash = Action.objects.filter(
                action_plan__partnership_id=plan.partnership_id, key=self.key
            ).exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {"key": f"another action of the partnership has key {self.key!r}"}
                )
