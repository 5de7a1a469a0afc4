"""Recording decisions."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models

from cspkit.governance.models import Body, Decision
from cspkit.partnership.models import Partnership
from cspkit.partnership.services import save_record

__all__ = ["record_decision"]


def record_decision(
    user: Any,
    partnership: Partnership,
    *,
    meeting: str,
    date: dt.date,
    text: str,
    minute_reference: str = "",
    body: Body | None = None,
    about: models.Model | None = None,
) -> Decision:
    """Record a decision taken at a meeting (scrutiny members, officers and administrators)."""
    decision = Decision(
        partnership=partnership, meeting=meeting, date=date, text=text,
        minute_reference=minute_reference, body=body,
    )
    if about is not None:
        decision.about = about
    return save_record(user, decision)
