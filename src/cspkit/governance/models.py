"""The partnership's bodies: executive group, scrutiny committee, the partnership itself,
subgroups, working groups, linked boards, task forces and service teams."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.governance.decisions import Decision
from cspkit.partnership.models import Organisation, Partnership
from cspkit.partnership.scoping import Scoped
from cspkit.partnership.validators import validate_text_list

__all__ = ["Body", "BodyChair", "BodyMember", "Decision"]


class Body(Scoped, models.Model):
    """A group in the partnership's structure, with its functions and terms of reference."""

    public: ClassVar[bool] = True

    class Kind(models.TextChoices):
        EXECUTIVE_GROUP = "executive_group", "Executive group"
        SCRUTINY_COMMITTEE = "scrutiny_committee", "Crime and disorder scrutiny committee"
        PARTNERSHIP = "partnership", "Partnership"
        SUBGROUP = "subgroup", "Subgroup"
        WORKING_GROUP = "working_group", "Working group"
        LINKED_BOARD = "linked_board", "Linked board"
        TASK_FORCE = "task_force", "Task force"
        TEAM = "team", "Service team"

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="bodies")
    key = models.SlugField(max_length=80, help_text="Short name used in links, e.g. socp")
    name = models.CharField(max_length=200)
    short_name = models.CharField(max_length=40, blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices)
    description = models.TextField(blank=True)
    functions = models.JSONField(
        default=list, blank=True, validators=[validate_text_list],
        help_text="Its key functions or responsibilities, one text each.",
    )
    terms_of_reference = models.TextField(blank=True)
    meets = models.CharField(max_length=100, blank=True, help_text="e.g. weekly")
    reports_to = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="reporting_bodies"
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "position", "pk"]
        verbose_name_plural = "bodies"
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "key"], name="body_key_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent = self.reports_to
        if parent is not None and parent.partnership_id != self.partnership_id:
            raise ValidationError({"reports_to": f"{parent} belongs to another partnership"})
        seen = {self.pk}
        while parent is not None:
            if parent.pk in seen:
                raise ValidationError(
                    {"reports_to": f"{self.reports_to} reports (in the end) to {self}: a loop"}
                )
            seen.add(parent.pk)
            parent = parent.reports_to


class BodyChair(Scoped, models.Model):
    """A chair (or co-chair) of a body."""

    partnership_path: ClassVar[str] = "body__partnership"
    public: ClassVar[bool] = True

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="chairs")
    name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    organisation = models.ForeignKey(
        Organisation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    position = models.PositiveIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["body", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.name}, chair of {self.body}"

    def clean(self) -> None:
        org = self.organisation
        if org is not None and self.body_id and org.partnership_id != self.body.partnership_id:
            raise ValidationError({"organisation": f"{org} belongs to another partnership"})


class BodyMember(Scoped, models.Model):
    """A partner organisation sitting on a body."""

    partnership_path: ClassVar[str] = "body__partnership"
    public: ClassVar[bool] = True

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="seats"
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["body", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["body", "organisation"], name="body_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation} on {self.body}"

    def clean(self) -> None:
        if self.body_id and self.organisation_id and (
            self.organisation.partnership_id != self.body.partnership_id
        ):
            raise ValidationError({"organisation": "belongs to another partnership"})
