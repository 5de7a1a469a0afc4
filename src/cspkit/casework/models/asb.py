"""The ASB Case Review (formerly the Community Trigger): applications, the incidents they
report, the threshold decision, the review and its recommendations, the applicant told, and
the appeal."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.partnership.models import Organisation, Partnership
from cspkit.partnership.scoping import Scoped

__all__ = ["AsbApplication", "AsbIncident", "Recommendation"]


class AsbApplication(Scoped, models.Model):
    """One application for an ASB Case Review."""

    need_to_know: ClassVar[bool] = True
    forum: ClassVar[str] = "asb_review"
    prefix: ClassVar[str] = "ASB"

    class Status(models.TextChoices):
        RECEIVED = "received", "Received: threshold to decide"
        NOT_MET = "not_met", "Threshold not met"
        AWAITING_REVIEW = "awaiting_review", "Threshold met: review to hold"
        REVIEWED = "reviewed", "Reviewed: applicant to be told"
        CLOSED = "closed", "Closed"

    class Appeal(models.TextChoices):
        UPHELD = "upheld", "Upheld (the review is held again)"
        DISMISSED = "dismissed", "Dismissed"

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="asb_applications"
    )
    applicant_name = models.CharField(max_length=200)
    applicant_contact = models.TextField("applicant's address, phone or e-mail", blank=True)
    on_behalf_of = models.CharField(
        "applying on behalf of", max_length=200, blank=True,
        help_text="The victim, when someone applies for them (with their consent).",
    )
    received_on = models.DateField()
    description = models.TextField("the anti-social behaviour described")
    ward_code = models.CharField(max_length=9, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.RECEIVED)
    acknowledged_on = models.DateField(null=True, blank=True)
    threshold_met = models.BooleanField(null=True, blank=True)
    threshold_rule = models.CharField(max_length=300, blank=True)
    decided_on = models.DateField(null=True, blank=True)
    decision_reason = models.TextField(blank=True)
    review_on = models.DateField("review meeting", null=True, blank=True)
    panel = models.TextField("panel (agencies and roles present)", blank=True)
    review_findings = models.TextField(blank=True)
    told_on = models.DateField("applicant told the outcome", null=True, blank=True)
    outcome_letter = models.TextField("what the applicant was told", blank=True)
    appeal_received_on = models.DateField(null=True, blank=True)
    appeal_outcome = models.CharField(max_length=20, choices=Appeal.choices, blank=True)
    appeal_decided_on = models.DateField(null=True, blank=True)
    closed_on = models.DateField(null=True, blank=True)
    anonymised_on = models.DateField(null=True, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "-received_on", "-pk"]
        verbose_name = "ASB Case Review application"

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"{self.prefix}-{self.pk:04d}" if self.pk else f"{self.prefix}-new"

    def clean(self) -> None:
        for name in ("acknowledged_on", "decided_on", "review_on", "told_on"):
            value = getattr(self, name)
            if value is not None and self.received_on and value < self.received_on:
                label = self._meta.get_field(name).verbose_name
                raise ValidationError(
                    {name: f"{label} ({value}) is before the application was received "
                           f"({self.received_on})"}
                )


class AsbIncident(Scoped, models.Model):
    """One report of the behaviour the applicant made to an agency."""

    need_to_know: ClassVar[bool] = True
    partnership_path: ClassVar[str] = "application__partnership"

    application = models.ForeignKey(
        AsbApplication, on_delete=models.CASCADE, related_name="incidents"
    )
    reported_on = models.DateField()
    agency = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="asb_reports"
    )
    summary = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["application", "reported_on", "pk"]
        verbose_name = "report of the behaviour"
        verbose_name_plural = "reports of the behaviour"

    def __str__(self) -> str:
        return f"{self.application}: reported to {self.agency} on {self.reported_on}"

    def clean(self) -> None:
        if self.agency_id and self.application_id and (
            self.agency.partnership_id != self.application.partnership_id
        ):
            raise ValidationError({"agency": "belongs to another partnership"})


class Recommendation(Scoped, models.Model):
    """A recommendation of the review, its owner, and its follow-up."""

    need_to_know: ClassVar[bool] = True
    partnership_path: ClassVar[str] = "application__partnership"

    application = models.ForeignKey(
        AsbApplication, on_delete=models.CASCADE, related_name="recommendations"
    )
    text = models.TextField("recommendation")
    owner = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, related_name="asb_recommendations"
    )
    due = models.DateField(null=True, blank=True)
    done_on = models.DateField(null=True, blank=True)
    follow_up = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["application", "pk"]

    def __str__(self) -> str:
        return f"{self.application}: {self.text[:60]}"

    def clean(self) -> None:
        if self.owner_id and self.application_id and (
            self.owner.partnership_id != self.application.partnership_id
        ):
            raise ValidationError({"owner": "belongs to another partnership"})
