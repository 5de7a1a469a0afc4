"""Case lists with names minimised: a reference, initials, the ward, the risk or the stage,
the next date. Listing is logged (one entry per list, not per case: the list names no one)."""

from __future__ import annotations

from typing import Any

from cspkit.casework.access import cases_of, log_access
from cspkit.casework.asb import settings_for
from cspkit.casework.models import AsbApplication, Forum, VulnerabilityCase
from cspkit.casework.rules import initials
from cspkit.partnership.models import Partnership

__all__ = ["case_rows", "open_count"]


def _vulnerability_row(c: VulnerabilityCase) -> dict[str, Any]:
    score, band = c.risk
    return {
        "pk": c.pk,
        "reference": c.reference,
        "initials": initials(c.name),
        "ward": c.ward_code or "–",
        "referred": c.referred_on.isoformat(),
        "risk": f"{band} ({score})" if score else band,
        "review": c.review_on.isoformat() if c.review_on else "–",
        "status": c.get_status_display(),
    }


def _asb_row(a: AsbApplication) -> dict[str, Any]:
    return {
        "pk": a.pk,
        "reference": a.reference,
        "initials": initials(a.applicant_name),
        "ward": a.ward_code or "–",
        "received": a.received_on.isoformat(),
        "status": a.get_status_display(),
    }


def case_rows(
    user: Any, partnership: Partnership, forum: str, *, include_closed: bool = False,
    channel: str = "web",
) -> list[dict[str, Any]]:
    """The forum's cases for a case worker (refused for others), newest first, minimised
    (``pk`` is the key in links, not shown)."""
    rows: list[dict[str, Any]]
    if forum == Forum.VULNERABILITY:
        cases = cases_of(user, partnership, VulnerabilityCase).select_related(None)
        if not include_closed:
            cases = cases.filter(status=VulnerabilityCase.Status.OPEN)
        rows = [_vulnerability_row(c) for c in cases.order_by("-referred_on", "-pk")]
    else:
        apps = cases_of(user, partnership, AsbApplication)
        if not include_closed:
            apps = apps.filter(closed_on__isnull=True)
        rows = [_asb_row(a) for a in apps.order_by("-received_on", "-pk")]
    log_access(user, partnership, forum, f"listed {len(rows)} cases (initials only)",
               channel=channel)
    return rows


def open_count(partnership: Partnership, forum: str) -> int | None:
    """How many cases are open, for members without a case-work role where the partnership's
    settings allow it (None where they do not)."""
    if not settings_for(partnership).members_see_existence:
        return None
    if forum == Forum.VULNERABILITY:
        return VulnerabilityCase.objects.filter(
            partnership=partnership, status=VulnerabilityCase.Status.OPEN).count()
    return AsbApplication.objects.filter(partnership=partnership, closed_on__isnull=True).count()
