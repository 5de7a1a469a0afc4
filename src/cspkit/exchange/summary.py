"""How many records a partnership holds, for messages after an import."""

from __future__ import annotations

from cspkit.actions.models import Action, ActionPlan
from cspkit.indicators.models import Indicator
from cspkit.partnership.models import Partnership

__all__ = ["counts"]


def counts(p: Partnership) -> dict[str, int]:
    """Records of the partnership by kind, e.g. ``{"priorities": 5, "actions": 15, ...}``."""
    return {
        "organisations": p.organisations.count(),
        "bodies": p.bodies.count(),
        "priorities": p.priorities.count(),
        "cross-cutting themes": p.themes.count(),
        "action plans": ActionPlan.objects.filter(partnership=p).count(),
        "actions": Action.objects.filter(action_plan__partnership=p).count(),
        "indicators": Indicator.objects.filter(partnership=p).count(),
        "problem-solving cases": p.cases.count(),
        "decisions": p.decisions.count(),
        "glossary terms": p.glossary.count(),
    }
