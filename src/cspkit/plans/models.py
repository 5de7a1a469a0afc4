"""Plan versions: each year's revision of the partnership's plan, from draft to adoption.

A version holds its **content** as a snapshot of the plan's records in the partnership file's
shape (``cspkit-partnership/1``, :mod:`cspkit.exchange`): priorities with their
action plans and actions, themes, bodies, external plans, task-force cases and the glossary.
Its **texts** (preface, foreword, introduction, what the data and people told us, ...) are
fields of the version. A new version starts as a draft copy of the current (adopted) one.

Status: ``draft`` (editable) -> ``recommended`` (waits for the committee; not editable, may
return to draft) -> ``adopted`` (records the committee, meeting, date and minute reference; can
no longer change) -> ``superseded`` (when a later version is adopted). ``save()`` and
``delete()`` refuse changes that the status forbids (:mod:`cspkit.errors`), whoever
calls them; every change is audited (django-simple-history).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from simple_history.models import HistoricalRecords

from cspkit.errors import VersionLockedError, VersionNotDraftError
from cspkit.governance.models import Body, Decision
from cspkit.partnership.fields import FinancialYearField
from cspkit.partnership.models import Partnership
from cspkit.partnership.scoping import Scoped
from cspkit.partnership.validators import validate_financial_year

__all__ = ["Judgement", "PlanVersion", "ScoringSettings", "Status"]


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    RECOMMENDED = "recommended", "Recommended to committee"
    ADOPTED = "adopted", "Adopted"
    SUPERSEDED = "superseded", "Superseded"


#: Fields that a status change may set (everything else is content or text).
STATUS_FIELDS = frozenset({
    "status", "adopted_by", "adopted_meeting", "adopted_on", "minute_reference", "decision",
    "recommended_on", "updated",
})


class PlanVersion(Scoped, models.Model):
    """One version of the partnership's plan (e.g. "June 2021 Update" of the 2019-22 plan)."""

    partnership = models.ForeignKey(
        Partnership, on_delete=models.CASCADE, related_name="plan_versions"
    )
    title = models.CharField(max_length=200, help_text="e.g. June 2021 Update")
    plan_title = models.CharField(
        max_length=200, default="Community Safety Partnership Plan",
        help_text="e.g. Maidstone Community Safety Partnership Plan",
    )
    plan_period = models.CharField(max_length=20, blank=True, help_text="e.g. 2019-22")
    year = FinancialYearField(
        max_length=7, validators=[validate_financial_year],
        help_text="The financial year whose actions it sets, e.g. 2021/22",
    )
    year_label = models.CharField(
        max_length=40, blank=True, help_text="What the plan calls the year, e.g. Year 3"
    )
    strapline = models.CharField(max_length=200, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    based_on = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="revisions"
    )
    content = models.JSONField(default=dict, blank=True)
    headings = models.JSONField(
        default=dict, blank=True, help_text="Headings that differ from the defaults, by section"
    )
    # the plan's texts (paragraphs separated by a blank line)
    preface = models.TextField(blank=True)
    preface_by = models.CharField(max_length=300, blank=True)
    foreword = models.TextField(blank=True)
    foreword_by = models.CharField(max_length=300, blank=True)
    introduction = models.TextField(blank=True)
    data_text = models.TextField("what data we used and what it told us", blank=True)
    people_text = models.TextField("what people told us", blank=True)
    local_text = models.TextField("local considerations", blank=True)
    priority_setting_text = models.TextField("priority setting for the year", blank=True)
    governance_text = models.TextField(blank=True)
    subgroups_text = models.TextField(blank=True)
    task_force_text = models.TextField(blank=True)
    linked_boards_text = models.TextField(blank=True)
    appendix_text = models.TextField("county and PCC priorities (appendix 1)", blank=True)
    # evidence kept with the version
    assessment = models.JSONField(
        default=dict, blank=True,
        help_text="The linked strategic assessment: findings and sources",
    )
    survey = models.JSONField(
        default=dict, blank=True, help_text="Survey results: title, sentences, shares"
    )
    scores = models.JSONField(
        default=dict, blank=True, help_text="The priority-setting matrix and its result"
    )
    # the issue for decision
    committee = models.CharField(
        max_length=300, blank=True, help_text="The committee the revision goes to"
    )
    meeting_date = models.DateField(null=True, blank=True)
    issue_text = models.TextField("issue for decision", blank=True)
    recommendation_text = models.TextField("recommendation made", blank=True)
    reasons_text = models.TextField("reasons for recommendation", blank=True)
    alternatives = models.JSONField(
        default=list, blank=True, help_text="[{option, why_not}]: alternatives considered"
    )
    background_documents = models.JSONField(default=list, blank=True)
    implications = models.JSONField(
        default=dict, blank=True,
        help_text="{consultation, financial, legal, risk, equalities, next_steps}: the "
                  "standard sections a council adds to a committee report, each optional",
    )
    # recommendation and adoption
    recommended_on = models.DateField(null=True, blank=True)
    adopted_by = models.ForeignKey(
        Body, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        help_text="The committee that adopted it",
    )
    adopted_meeting = models.CharField(max_length=300, blank=True)
    adopted_on = models.DateField(null=True, blank=True)
    minute_reference = models.CharField(max_length=60, blank=True)
    decision = models.ForeignKey(
        Decision, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["partnership", "created", "pk"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["partnership", "title"], name="plan_version_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def editable(self) -> bool:
        return self.status == Status.DRAFT

    def locked_message(self) -> str:
        """Why the version cannot change, and what to do instead."""
        if self.status == Status.RECOMMENDED:
            return (
                f"The {self.title} of {self.partnership.name}'s plan is recommended to the "
                "committee and waits for its decision, so it cannot change. Return it to draft "
                "to change it."
            )
        body = self.adopted_meeting or (str(self.adopted_by) if self.adopted_by_id else "")
        by = f" by the {body}" if body else ""
        when = f" on {self.adopted_on:%-d %B %Y}" if self.adopted_on else ""
        minute = f" (minute {self.minute_reference})" if self.minute_reference else ""
        later = " and has since been superseded" if self.status == Status.SUPERSEDED else ""
        return (
            f"The {self.title} of {self.partnership.name}'s plan was adopted{by}{when}{minute}"
            f"{later}, so it can no longer change. Start a revision (a new draft copied from "
            "the current version) to make changes."
        )

    def locked_error(self) -> Exception:
        cls = VersionNotDraftError if self.status == Status.RECOMMENDED else VersionLockedError
        return cls(self.locked_message())

    def _changed_fields(self, stored: PlanVersion) -> set[str]:
        return {
            f.name for f in self._meta.concrete_fields
            if getattr(self, f.attname) != getattr(stored, f.attname)
        }

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Save, unless the stored version's status forbids the change (see the module)."""
        stored = type(self).objects.filter(pk=self.pk).first() if self.pk else None
        if stored is not None and stored.status != Status.DRAFT:
            changed = self._changed_fields(stored)
            allowed = {
                Status.RECOMMENDED: STATUS_FIELDS,
                Status.ADOPTED: frozenset({"status", "updated"}),
            }.get(Status(stored.status), frozenset())
            to = self.status
            ok_move = (
                (stored.status == Status.RECOMMENDED and to in (Status.DRAFT, Status.ADOPTED,
                                                                Status.RECOMMENDED))
                or (stored.status == Status.ADOPTED and to in (Status.ADOPTED,
                                                               Status.SUPERSEDED))
            )
            if changed - allowed or (changed and not ok_move):
                raise stored.locked_error()
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        if self.status in (Status.ADOPTED, Status.SUPERSEDED):
            raise VersionLockedError(self.locked_message())
        return super().delete(*args, **kwargs)


class ScoringSettings(Scoped, models.Model):
    """The partnership's priority-setting matrix (:mod:`cspkit.analysis.priority`); empty
    criteria mean the documented defaults."""

    partnership = models.OneToOneField(
        Partnership, on_delete=models.CASCADE, related_name="scoring_settings"
    )
    matrix = models.JSONField(default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name_plural = "scoring settings"

    def __str__(self) -> str:
        return f"Priority scoring of {self.partnership}"


class Judgement(Scoped, models.Model):
    """A judgement score of a candidate priority on one criterion, with its reason."""

    partnership_path: ClassVar[str] = "version__partnership"

    version = models.ForeignKey(PlanVersion, on_delete=models.CASCADE, related_name="judgements")
    candidate = models.SlugField(max_length=100)
    criterion = models.SlugField(max_length=60)
    score = models.PositiveSmallIntegerField()
    reason = models.TextField(help_text="The evidence or professional view the score rests on")
    by = models.CharField(max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering: ClassVar[list[str]] = ["version", "candidate", "criterion"]
        constraints: ClassVar[list[models.BaseConstraint]] = [
            models.UniqueConstraint(fields=["version", "candidate", "criterion"],
                                    name="judgement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.candidate} {self.criterion} = {self.score}"
