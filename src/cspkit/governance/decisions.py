"""Decisions recorded by the crime and disorder scrutiny committee (or another body)."""

from __future__ import annotations

from typing import ClassVar

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.partnership.models import Partnership
from cspkit.partnership.scoping import Policy, Scoped

#: The kinds of record a decision may be about (model names), as the partnership file names them.
ABOUT_KINDS = {
    "priority": "priority",
    "crosscuttingtheme": "theme",
    "body": "body",
    "organisation": "organisation",
    "actionplan": "action_plan",
    "indicator": "indicator",
    "case": "case",
}


class Decision(Scoped, models.Model):
    """A decision taken at a meeting: its minute reference and text, and the record it concerns
    (a priority, an action plan, ...; optional)."""

    public: ClassVar[bool] = True
    policy: ClassVar[Policy] = Policy.DECISION

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="decisions"
    )
    body = models.ForeignKey(
        "governance.Body", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="decisions", help_text="The committee or group that decided.",
    )
    meeting = models.CharField(
        max_length=200, help_text="The meeting, e.g. Crime and Disorder Committee"
    )
    date = models.DateField()
    minute_reference = models.CharField(max_length=60, blank=True)
    text = models.TextField()
    about_type = models.ForeignKey(
        ContentType, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    about_id = models.PositiveBigIntegerField(null=True, blank=True)
    about = GenericForeignKey("about_type", "about_id")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "date", "pk"]

    def __str__(self) -> str:
        ref = f" ({self.minute_reference})" if self.minute_reference else ""
        return f"{self.meeting}, {self.date:%d %B %Y}{ref}"

    def clean(self) -> None:
        if self.body_id and self.body.partnership_id != self.partnership_id:
            raise ValidationError({"body": f"{self.body} belongs to another partnership"})
        about = self.about
        if about is not None:
            if about._meta.model_name not in ABOUT_KINDS:
                raise ValidationError({"about_id": (
                    f"a decision may be about a {', '.join(ABOUT_KINDS.values())}; "
                    f"not a {about._meta.verbose_name}"
                )})
            owner = about.get_partnership() if isinstance(about, Scoped) else None
            if owner is None or owner.pk != self.partnership_id:
                raise ValidationError({"about_id": f"{about} belongs to another partnership"})
