"""A problem-solving case worked with the OSARA model in a focus area."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.actions.models import Action
from cspkit.governance.models import Body
from cspkit.partnership.models import Partnership
from cspkit.partnership.scoping import Scoped
from cspkit.partnership.validators import validate_json_object, validate_ward_codes

__all__ = ["Case", "CaseAction"]


class Case(Scoped, models.Model):
    """A focus area's problem worked through Objective, Scanning, Analysis, Response and
    Assessment, with its area (ward codes), its actions and a before/after evaluation."""

    class Stage(models.TextChoices):
        OBJECTIVE = "objective", "Objective"
        SCANNING = "scanning", "Scanning"
        ANALYSIS = "analysis", "Analysis"
        RESPONSE = "response", "Response"
        ASSESSMENT = "assessment", "Assessment"
        CLOSED = "closed", "Closed"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="cases"
    )
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    body = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="cases",
        help_text="The task force or group working the case.",
    )
    ward_codes = models.JSONField(default=list, blank=True, validators=[validate_ward_codes])
    ward_vintage = models.CharField(
        max_length=40, blank=True, help_text="Boundary vintage of the codes, e.g. December 2020"
    )
    stage = models.CharField(max_length=20, choices=Stage.choices, default=Stage.OBJECTIVE)
    started = models.DateField(null=True, blank=True)
    objective = models.TextField(blank=True)
    scanning = models.TextField(blank=True)
    analysis = models.TextField(blank=True)
    response = models.TextField(blank=True)
    assessment = models.TextField(blank=True)
    evaluation = models.JSONField(
        default=dict, blank=True, validators=[validate_json_object],
        help_text="The before/after evaluation as the analysis returned it.",
    )
    actions = models.ManyToManyField(Action, through="CaseAction", related_name="cases", blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "pk"]
        verbose_name = "problem-solving case"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "key"], name="case_key_unique"),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.body_id and self.body.partnership_id != self.partnership_id:
            raise ValidationError({"body": f"{self.body} belongs to another partnership"})


class CaseAction(Scoped, models.Model):
    """An action taken as part of a case's response."""

    partnership_path: ClassVar[str] = "case__partnership"

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="case_actions")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="case_links")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["case", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["case", "action"], name="case_action_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.case}: {self.action}"

    def clean(self) -> None:
        if self.case_id and self.action_id and (
            self.action.action_plan.partnership_id != self.case.partnership_id
        ):
            raise ValidationError({"action": "belongs to another partnership"})
