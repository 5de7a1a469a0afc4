"""Who works cases, the partnership's case-work settings, and the logs of views and removals."""

from __future__ import annotations

from typing import ClassVar

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.casework.rules import STATUTORY_COMPLAINTS, STATUTORY_WINDOW_MONTHS
from cspkit.partnership.models import Partnership
from cspkit.partnership.scoping import Policy, Scoped

__all__ = ["CaseAccess", "CaseworkRole", "CaseworkSettings", "Forum", "RetentionLog"]

VULNERABILITY_RETENTION_REASON = (
    "Two years after closure: long enough to see a person referred again within the period "
    "partners review repeat referrals, no longer (UK GDPR art. 5(1)(e))."
)
ASB_RETENTION_REASON = (
    "Three years after closure: an appeal, a complaint to the Ombudsman and the yearly "
    "published figures are settled by then; the anonymised counts stay for the figures."
)


class Forum(models.TextChoices):
    VULNERABILITY = "vulnerability", "Vulnerability meeting (CSVG)"
    ASB_REVIEW = "asb_review", "ASB Case Review panel"


class CaseworkRole(Scoped, models.Model):
    """A user's seat on a forum: they may see and work its cases. Given by the partnership's
    administrators (the membership rule)."""

    policy: ClassVar[Policy] = Policy.MEMBERSHIP

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="casework_roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="casework_roles"
    )
    forum = models.CharField(max_length=20, choices=Forum.choices)
    chair = models.BooleanField(default=False, help_text="Chairs the meeting or panel.")
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "forum", "user"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(
                fields=["partnership", "user", "forum"], name="casework_role_unique"
            ),
        ]

    def __str__(self) -> str:
        chair = " (chair)" if self.chair else ""
        return f"{self.user} — {self.get_forum_display()}{chair}"


def _months(default: int) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        default=default, validators=[MinValueValidator(1), MaxValueValidator(240)]
    )


def _days(default: int, help_text: str) -> models.PositiveSmallIntegerField:
    return models.PositiveSmallIntegerField(
        default=default, validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=help_text,
    )


class CaseworkSettings(Scoped, models.Model):
    """A partnership's case-work settings: the ASB threshold and clock, retention, what other
    members see. A partnership without a row has the defaults."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="casework_settings"
    )
    asb_complaints = models.PositiveSmallIntegerField(
        "complaints needed", default=STATUTORY_COMPLAINTS,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )
    asb_window_months = models.PositiveSmallIntegerField(
        "in how many months", default=STATUTORY_WINDOW_MONTHS,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    acknowledge_days = _days(5, "Working days to acknowledge an application.")
    decision_days = _days(10, "Working days from receipt to the threshold decision.")
    review_days = _days(25, "Working days from receipt to the review meeting.")
    respond_days = _days(5, "Working days from the review to telling the applicant.")
    vulnerability_retention_months = _months(24)
    vulnerability_retention_reason = models.TextField(default=VULNERABILITY_RETENTION_REASON)
    asb_retention_months = _months(36)
    asb_retention_reason = models.TextField(default=ASB_RETENTION_REASON)
    members_see_existence = models.BooleanField(
        default=False,
        help_text="Members without a case-work role see how many cases are open (never who).",
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "case-work settings"

    def __str__(self) -> str:
        return f"Case-work settings of {self.partnership}"


class CaseAccess(Scoped, models.Model):
    """One view (or export) of a case: who, when, what. Appended, never changed; holds no
    personal data of the person the case is about."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="case_accesses"
    )
    when = models.DateTimeField(auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
        related_name="case_accesses",
    )
    username = models.CharField(max_length=150)
    forum = models.CharField(max_length=20, choices=Forum.choices)
    case_id = models.PositiveIntegerField(null=True, blank=True)
    reference = models.CharField(max_length=30, blank=True)
    what = models.CharField(max_length=200)
    channel = models.CharField(max_length=20, default="web")

    class Meta:
        ordering: ClassVar[list[str]] = ["-when", "-pk"]
        indexes: ClassVar[list[models.Index]] = [
            models.Index(fields=["partnership", "forum", "case_id"], name="case_access_case"),
        ]

    def __str__(self) -> str:
        return f"{self.when:%Y-%m-%d %H:%M} {self.username} {self.what} {self.reference}"


class RetentionLog(Scoped, models.Model):
    """A case deleted or anonymised at the end of its retention period (no personal data)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="retention_log"
    )
    when = models.DateTimeField(auto_now_add=True)
    username = models.CharField(max_length=150)
    forum = models.CharField(max_length=20, choices=Forum.choices)
    reference = models.CharField(max_length=30)
    closed_on = models.DateField()
    action = models.CharField(max_length=20)
    detail = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering: ClassVar[list[str]] = ["-when", "-pk"]

    def __str__(self) -> str:
        return f"{self.reference} {self.action} {self.when:%Y-%m-%d}"
