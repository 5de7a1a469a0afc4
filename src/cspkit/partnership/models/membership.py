"""People and their roles in a partnership (see :mod:`cspkit.partnership.permissions`)."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.partnership.models.partnership import Partnership
from cspkit.partnership.scoping import Policy, Scoped


class Role(models.TextChoices):
    ADMINISTRATOR = "administrator", "Administrator"
    COMMUNITY_SAFETY_OFFICER = "community_safety_officer", "Community safety officer"
    SUBGROUP_LEAD = "subgroup_lead", "Subgroup lead"
    PARTNER_MEMBER = "partner_member", "Partner member"
    SCRUTINY_MEMBER = "scrutiny_member", "Scrutiny committee member"


class Membership(Scoped, models.Model):
    """A user's role in one partnership. A subgroup lead names the body they lead; a person
    may hold several memberships (lead of two subgroups, or of two partnerships)."""

    policy: ClassVar[Policy] = Policy.MEMBERSHIP

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=30, choices=Role.choices)
    body = models.ForeignKey(
        "governance.Body",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="leads",
        help_text="The subgroup a subgroup lead leads (only for that role).",
    )
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "user", "role"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["user", "partnership", "role", "body"], name="membership_unique"
            ),
        ]

    def __str__(self) -> str:
        where = f" of {self.body}" if self.body_id else ""
        return f"{self.user} — {self.get_role_display()}{where} ({self.partnership})"

    def clean(self) -> None:
        if self.role == Role.SUBGROUP_LEAD and not self.body_id:
            raise ValidationError({"body": "a subgroup lead needs the subgroup they lead"})
        if self.role != Role.SUBGROUP_LEAD and self.body_id:
            raise ValidationError({"body": "only a subgroup lead names a subgroup"})
        if self.body_id and self.body.partnership_id != self.partnership_id:
            raise ValidationError({"body": f"{self.body} belongs to another partnership"})
