"""What ``cspkit import --replace`` would delete that must be kept: what the partnership has
adopted, decided or audited (plan versions, decisions, memberships, progress updates, funding
bids). Replacing a partnership that has any of them is refused with a message listing them.

The records are found as Django's delete would find them (every cascade), by model label, so
this module needs no import from the apps above it.
"""

from __future__ import annotations

from django.apps import apps
from django.db import router
from django.db.models.deletion import Collector, ProtectedError

from cspkit.partnership.models import Partnership
from cspkit.partnership.rules import label_of

__all__ = ["KEPT", "PROTECTED", "kept_records", "refusal"]

#: Record types a replace may not delete, and how the message names them.
KEPT = {
    "plans.PlanVersion": "plan versions",
    "governance.Decision": "decisions",
    "partnership.Membership": "memberships (people's roles)",
    "actions.ProgressUpdate": "progress updates",
    "actions.FundingBid": "funding bids",
}
#: Records that keep what they point to (case work keeps the agencies its cases name).
PROTECTED = "case records (kept for their retention period; `cspkit case retention`)"


def kept_records(p: Partnership) -> dict[str, list[str]]:
    """The records deleting ``p`` would take with it that must be kept: name -> records."""
    collector = Collector(using=router.db_for_write(Partnership))
    try:
        collector.collect([p])
    except ProtectedError as error:  # records that may not be deleted with what they name
        return {**_kept_by_path(p), PROTECTED: sorted(str(i) for i in error.protected_objects)}
    found: dict[str, list[str]] = {}
    for model, instances in collector.data.items():
        name = KEPT.get(label_of(model))
        if name and instances:
            found.setdefault(name, []).extend(sorted(str(i) for i in instances))
    for qs in collector.fast_deletes:
        name = KEPT.get(label_of(qs.model))
        if name:
            found.setdefault(name, []).extend(str(i) for i in qs)
    return {k: v for k, v in found.items() if v}


def _kept_by_path(p: Partnership) -> dict[str, list[str]]:
    """The kept records of ``p``, each type found by its path to the partnership (where the
    collector stopped at a protected record)."""
    found: dict[str, list[str]] = {}
    for label, name in KEPT.items():
        model = apps.get_model(label)
        path = getattr(model, "partnership_path", "partnership")
        records = sorted(str(r) for r in model._default_manager.filter(**{path: p}))
        if records:
            found[name] = records
    return found


def refusal(p: Partnership, kept: dict[str, list[str]]) -> str:
    """The message refusing to replace ``p``, listing what would be lost."""
    parts = []
    for name, records in kept.items():
        shown = "; ".join(records[:5]) + ("; ..." if len(records) > 5 else "")
        parts.append(f"{len(records)} {name} ({shown})")
    return (f"replacing {p.slug!r} would delete what it has adopted, decided or audited: "
            f"{', '.join(parts)}. Nothing was changed. Keep this database and change the "
            f"partnership's records through its pages or `cspkit plan`, or import the file into "
            f"a new database (CSPKIT_HOME=...); `cspkit import --dry-run FILE` shows what an "
            f"import would do")
