"""Priorities, cross-cutting themes and the subgroups that deliver them (the plan's Appendix 3)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.governance.models import Body
from cspkit.partnership.models import Partnership
from cspkit.partnership.scoping import Scoped
from cspkit.priorities.alignment import Alignment, ExternalPlan, ExternalPriority

__all__ = [
    "Alignment",
    "CrossCuttingTheme",
    "ExternalPlan",
    "ExternalPriority",
    "Priority",
    "PriorityDelivery",
]


class Priority(Scoped, models.Model):
    """A priority of the plan: what the partnership will achieve, why, and where it will focus."""

    public: ClassVar[bool] = True

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="priorities"
    )
    key = models.SlugField(max_length=80, help_text="Short name used in links, e.g. domestic-abuse")
    title = models.CharField(max_length=300)
    short_title = models.CharField(max_length=100, blank=True)
    objective = models.TextField(blank=True, help_text="The partnership's objective.")
    why_important = models.TextField("why is this important?", blank=True)
    focus = models.TextField("what is our focus?", blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "position", "pk"]
        verbose_name_plural = "priorities"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "key"], name="priority_key_unique"),
        ]

    def __str__(self) -> str:
        return self.short_title or self.title


class CrossCuttingTheme(Scoped, models.Model):
    """A theme every subgroup works on (the Prevent duty, anti-social behaviour, reoffending)."""

    public: ClassVar[bool] = True

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="themes")
    key = models.SlugField(max_length=80)
    title = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "position", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "key"], name="theme_key_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class PriorityDelivery(Scoped, models.Model):
    """A subgroup, working group or team that delivers (part of) a priority's action plan."""

    partnership_path: ClassVar[str] = "priority__partnership"
    public: ClassVar[bool] = True

    priority = models.ForeignKey(Priority, on_delete=models.CASCADE, related_name="deliveries")
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="deliveries")
    note = models.CharField(max_length=300, blank=True)
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["priority", "position", "pk"]
        verbose_name_plural = "priority deliveries"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["priority", "body"], name="delivery_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.body} delivers {self.priority}"

    def clean(self) -> None:
        if self.priority_id and self.body_id and (
            self.body.partnership_id != self.priority.partnership_id
        ):
            raise ValidationError({"body": f"{self.body} belongs to another partnership"})
