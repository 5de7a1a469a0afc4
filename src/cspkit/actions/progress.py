"""Where an action stands: its status, dated progress updates and funding bids."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.partnership.scoping import Policy, Scoped


class Status(models.TextChoices):
    NOT_STARTED = "not_started", "Not started"
    ON_TRACK = "on_track", "On track (green)"
    AT_RISK = "at_risk", "At risk (amber)"
    OFF_TRACK = "off_track", "Off track (red)"
    COMPLETE = "complete", "Complete"


class ProgressUpdate(Scoped, models.Model):
    """A dated note of progress on an action, with the status it reported."""

    partnership_path: ClassVar[str] = "action__action_plan__partnership"
    subgroup_path: ClassVar[str | None] = "action__action_plan__owner"
    policy: ClassVar[Policy] = Policy.SUBGROUP

    action = models.ForeignKey("actions.Action", on_delete=models.CASCADE, related_name="updates")
    date = models.DateField()
    status = models.CharField(max_length=20, choices=Status.choices)
    comment = models.TextField(blank=True)
    by = models.CharField(max_length=200, blank=True, help_text="Who reported it")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["action", "date", "pk"]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"


class FundingBid(Scoped, models.Model):
    """An application for funding made for an action."""

    partnership_path: ClassVar[str] = "action__action_plan__partnership"
    subgroup_path: ClassVar[str | None] = "action__action_plan__owner"
    policy: ClassVar[Policy] = Policy.SUBGROUP

    class BidStatus(models.TextChoices):
        PLANNED = "planned", "Planned"
        SUBMITTED = "submitted", "Submitted"
        AWARDED = "awarded", "Awarded"
        REFUSED = "refused", "Refused"
        WITHDRAWN = "withdrawn", "Withdrawn"

    action = models.ForeignKey(
        "actions.Action", on_delete=models.CASCADE, related_name="funding_bids"
    )
    funder = models.CharField(max_length=200)
    amount = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    status = models.CharField(max_length=20, choices=BidStatus.choices, default=BidStatus.PLANNED)
    submitted = models.DateField(null=True, blank=True)
    note = models.TextField(blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["action", "pk"]

    def __str__(self) -> str:
        return f"{self.funder}: {self.get_status_display()}"
