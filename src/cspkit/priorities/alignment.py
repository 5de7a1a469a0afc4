"""Priorities set by others (the county's community safety agreement, the Police and Crime
Commissioner's plan) and which of the partnership's priorities and themes align with them."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.partnership.models import Partnership
from cspkit.partnership.scoping import Scoped


class ExternalPlan(Scoped, models.Model):
    """A plan by another body whose priorities the partnership aligns with."""

    public: ClassVar[bool] = True

    class Kind(models.TextChoices):
        COUNTY_AGREEMENT = "county_agreement", "County community safety agreement"
        PCC_PLAN = "pcc_plan", "Police and Crime Commissioner's plan"
        OTHER = "other", "Other"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="external_plans"
    )
    key = models.SlugField(max_length=80)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=300)
    publisher = models.CharField(max_length=200, blank=True)
    period = models.CharField(max_length=40, blank=True, help_text="e.g. 2017-22")
    note = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "position", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "key"], name="external_plan_key_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class ExternalPriority(Scoped, models.Model):
    """One priority (or cross-cutting theme) of an external plan."""

    partnership_path: ClassVar[str] = "plan__partnership"
    public: ClassVar[bool] = True

    class Kind(models.TextChoices):
        PRIORITY = "priority", "Priority"
        CROSS_CUTTING = "cross_cutting", "Cross-cutting theme"

    plan = models.ForeignKey(ExternalPlan, on_delete=models.CASCADE, related_name="priorities")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.PRIORITY)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["plan", "position", "pk"]
        verbose_name_plural = "external priorities"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["plan", "key"], name="external_priority_key_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.plan})"


class Alignment(Scoped, models.Model):
    """A priority or theme of the partnership aligned with an external priority."""

    partnership_path: ClassVar[str] = "external__plan__partnership"
    public: ClassVar[bool] = True

    external = models.ForeignKey(
        ExternalPriority, on_delete=models.CASCADE, related_name="alignments"
    )
    priority = models.ForeignKey(
        "priorities.Priority", on_delete=models.CASCADE, null=True, blank=True,
        related_name="alignments",
    )
    theme = models.ForeignKey(
        "priorities.CrossCuttingTheme", on_delete=models.CASCADE, null=True, blank=True,
        related_name="alignments",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.CheckConstraint(
                condition=models.Q(priority__isnull=False, theme__isnull=True)
                | models.Q(priority__isnull=True, theme__isnull=False),
                name="alignment_priority_or_theme",
            ),
            models.UniqueConstraint(fields=["external", "priority"], name="alignment_priority"),
            models.UniqueConstraint(fields=["external", "theme"], name="alignment_theme"),
        ]

    def __str__(self) -> str:
        return f"{self.priority or self.theme} aligns with {self.external}"

    def clean(self) -> None:
        ours = self.priority or self.theme
        if ours is None or (self.priority_id and self.theme_id):
            raise ValidationError("align either a priority or a theme (one of them)")
        if self.external_id and ours.partnership_id != self.external.plan.partnership_id:
            raise ValidationError(f"{ours} and {self.external} belong to different partnerships")
