"""The case-work records (see :mod:`cspkit.casework`)."""

from cspkit.casework.models.asb import AsbApplication, AsbIncident, Recommendation
from cspkit.casework.models.common import (
    CaseAccess,
    CaseworkRole,
    CaseworkSettings,
    Forum,
    RetentionLog,
)
from cspkit.casework.models.vulnerability import (
    AgendaItem,
    Flag,
    Meeting,
    VulnerabilityAction,
    VulnerabilityCase,
)

__all__ = [
    "AgendaItem",
    "AsbApplication",
    "AsbIncident",
    "CaseAccess",
    "CaseworkRole",
    "CaseworkSettings",
    "Flag",
    "Forum",
    "Meeting",
    "Recommendation",
    "RetentionLog",
    "VulnerabilityAction",
    "VulnerabilityCase",
]
