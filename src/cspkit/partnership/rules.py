"""The registry: one read rule and one write rule per record type.

Every model of the partnership apps (every :class:`~cspkit.partnership.scoping.Scoped` model)
has exactly one entry in :data:`RULES`, keyed by its label (``app.Model``). Pages, downloads,
the JSON API, documents, the command line and the admin all ask
:mod:`cspkit.partnership.permissions`, which reads its rules here and nowhere else.

Read rules (:class:`Read`):

- ``MEMBERS``: the partnership's members (any role) and superusers. Everything that is not
  published: action plans and actions, progress updates and comments, funding bids, indicators
  and measurements, cases, plan versions (drafts and adopted alike), scoring, memberships.
- ``PUBLISHED``: also any signed-in user once the partnership is public
  (:attr:`Partnership.is_public`): the partnership, its organisations, bodies, priorities,
  themes, external plans and alignments, decisions and glossary: what a partnership publishes
  with its adopted plan. Aggregate figures leave only through documents built with disclosure
  control (the public strategic assessment).

Write rules are the :class:`~cspkit.partnership.scoping.Policy` values (who may add, change
and delete; drawn in :mod:`cspkit.partnership.permissions`). Creating or deleting a whole
partnership is for superusers, who may do everything.

Adding a model: add its line to :data:`RULES`; ``tests/security/test_rules.py`` fails for a
Scoped model without one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from cspkit.partnership.scoping import Policy

__all__ = ["RULES", "Read", "Rule", "label_of", "rule_for"]


class Read(StrEnum):
    """Who may read records of a type."""

    MEMBERS = "members"
    """The partnership's members and superusers."""
    PUBLISHED = "published"
    """Those, and any signed-in user when the partnership is public."""
    CASE_WORKERS = "case workers"
    """Need to know: of the partnership's members, only the case workers of the record's forum
    (and superusers); :mod:`cspkit.casework.access` decides, the pages ask it for each record
    (other members get 403, everyone else 404), and every view is logged."""


@dataclass(frozen=True)
class Rule:
    """Who reads and who writes records of one type."""

    read: Read
    write: Policy


_MEMBERS = Read.MEMBERS
_PUBLISHED = Read.PUBLISHED
_CASE = Read.CASE_WORKERS

#: model label -> its rule. One line per record type.
RULES: dict[str, Rule] = {
    "partnership.Partnership": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "partnership.Organisation": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "partnership.Membership": Rule(_MEMBERS, Policy.MEMBERSHIP),
    "governance.Body": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "governance.BodyChair": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "governance.BodyMember": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "governance.Decision": Rule(_PUBLISHED, Policy.DECISION),
    "priorities.Priority": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "priorities.CrossCuttingTheme": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "priorities.PriorityDelivery": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "priorities.ExternalPlan": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "priorities.ExternalPriority": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "priorities.Alignment": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "glossary.Term": Rule(_PUBLISHED, Policy.PARTNERSHIP),
    "actions.ActionPlan": Rule(_MEMBERS, Policy.SUBGROUP),
    "actions.Action": Rule(_MEMBERS, Policy.SUBGROUP),
    "actions.ProgressUpdate": Rule(_MEMBERS, Policy.SUBGROUP),
    "actions.FundingBid": Rule(_MEMBERS, Policy.SUBGROUP),
    "indicators.Indicator": Rule(_MEMBERS, Policy.PARTNERSHIP),
    "indicators.Measurement": Rule(_MEMBERS, Policy.MEASUREMENT),
    "problemsolving.Case": Rule(_MEMBERS, Policy.PARTNERSHIP),
    "problemsolving.CaseAction": Rule(_MEMBERS, Policy.PARTNERSHIP),
    "plans.PlanVersion": Rule(_MEMBERS, Policy.PARTNERSHIP),
    "plans.ScoringSettings": Rule(_MEMBERS, Policy.PARTNERSHIP),
    "plans.Judgement": Rule(_MEMBERS, Policy.PARTNERSHIP),
    "jobs.Job": Rule(_MEMBERS, Policy.PARTNERSHIP),
    "casework.CaseworkRole": Rule(_CASE, Policy.MEMBERSHIP),
    "casework.CaseworkSettings": Rule(_CASE, Policy.PARTNERSHIP),
    "casework.CaseAccess": Rule(_CASE, Policy.PARTNERSHIP),
    "casework.RetentionLog": Rule(_CASE, Policy.PARTNERSHIP),
    "casework.VulnerabilityCase": Rule(_CASE, Policy.PARTNERSHIP),
    "casework.VulnerabilityAction": Rule(_CASE, Policy.PARTNERSHIP),
    "casework.Meeting": Rule(_CASE, Policy.PARTNERSHIP),
    "casework.AgendaItem": Rule(_CASE, Policy.PARTNERSHIP),
    "casework.AsbApplication": Rule(_CASE, Policy.PARTNERSHIP),
    "casework.AsbIncident": Rule(_CASE, Policy.PARTNERSHIP),
    "casework.Recommendation": Rule(_CASE, Policy.PARTNERSHIP),
}

#: The rule of a model missing from :data:`RULES` (the suite fails for it; at run time it is
#: read by members only and changed by administrators only).
UNLISTED = Rule(_MEMBERS, Policy.MEMBERSHIP)


def label_of(model: Any) -> str:
    """``app.Model`` for a model class or instance."""
    meta = model._meta
    return f"{meta.app_label}.{meta.object_name}"


def rule_for(model: Any) -> Rule:
    """The rule of a model class or instance (:data:`UNLISTED` if it has none)."""
    return RULES.get(label_of(model), UNLISTED)
