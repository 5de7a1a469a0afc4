"""How every record reaches its partnership, and who may change it.

Each model of the partnership apps inherits :class:`Scoped` and declares three things:

- ``partnership_path``: the ORM lookup from the model to its :class:`Partnership`
  (``"partnership"`` for a direct foreign key, ``"action_plan__partnership"`` through a parent,
  ``""`` for the partnership itself). Querysets are scoped with it, so one deployment keeps
  several partnerships apart.
- ``public``: whether the record is part of the published plan, which everyone may read once the
  partnership is public (:attr:`Partnership.is_public`). Everything else is for members only.
- ``policy``: which rule of :mod:`cspkit.partnership.permissions` decides who may change it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ObjectDoesNotExist

if TYPE_CHECKING:
    from cspkit.governance.models import Body
    from cspkit.partnership.models import Partnership


class Policy(StrEnum):
    """Who may add, change and delete records of a model (see ``permissions``)."""

    PARTNERSHIP = "partnership"
    """Administrators and community safety officers of the partnership."""
    SUBGROUP = "subgroup"
    """Those, and the leads of the subgroup that owns the record's action plan."""
    MEASUREMENT = "measurement"
    """Those, and the leads of the subgroup owning the indicator, for manual indicators only."""
    DECISION = "decision"
    """Those, and scrutiny committee members (who may add and change, not delete)."""
    MEMBERSHIP = "membership"
    """Administrators of the partnership only."""


def follow(obj: Any, path: str) -> Any:
    """Follow a lookup path (``a__b__c``) attribute by attribute; None where a link is empty."""
    for name in path.split("__") if path else []:
        if obj is None:
            return None
        try:
            obj = getattr(obj, name)
        except ObjectDoesNotExist:  # a link not set yet on an unsaved record
            return None
    return obj


class Scoped:
    """Mixin for the partnership apps' models: the partnership, the owning subgroup, the policy."""

    partnership_path: ClassVar[str] = "partnership"
    subgroup_path: ClassVar[str | None] = None
    """Lookup to the governance body owning the record (action plans and what hangs under them)."""
    public: ClassVar[bool] = False
    policy: ClassVar[Policy] = Policy.PARTNERSHIP

    def get_partnership(self) -> Partnership | None:
        """The partnership this record belongs to (None while its parent is not set)."""
        return follow(self, self.partnership_path) if self.partnership_path else self  # type: ignore[return-value]

    def get_subgroup(self) -> Body | None:
        """The body owning this record, for records owned by a subgroup; None otherwise."""
        return follow(self, self.subgroup_path) if self.subgroup_path else None


def partnership_lookup(model: type[Any]) -> str:
    """The queryset lookup to the partnership, e.g. ``action_plan__partnership`` (``pk`` for it)."""
    return model.partnership_path or "pk"
