"""The errors of plan versions, in the :mod:`cspkit.errors` tree::

    CspkitError
    └── PlanError                    a plan version cannot do what was asked
        ├── VersionLockedError       adopted (or superseded): it can no longer change
        ├── VersionNotDraftError     recommended: waits for the committee; return it to draft
        ├── VersionStateError        the step does not follow from its status (adopt a draft)
        └── PlanContentError         an edit names a priority, action or body that is not there

The web views answer 409 Conflict for the first three and show the message; the JSON API
answers 409 with ``{"error": message, "status": ...}``.
"""

from __future__ import annotations

from cspkit.errors import CspkitError

__all__ = [
    "PlanContentError",
    "PlanError",
    "VersionLockedError",
    "VersionNotDraftError",
    "VersionStateError",
]


class PlanError(CspkitError):
    """A plan version cannot do what was asked."""

    exit_code = 2


class VersionLockedError(PlanError):
    """The version was adopted by the committee (or superseded since) and can no longer change."""


class VersionNotDraftError(PlanError):
    """The version is recommended to the committee; it must return to draft to change."""


class VersionStateError(PlanError):
    """The step asked for does not follow from the version's status."""


class PlanContentError(PlanError):
    """An edit of a version's content names something the content does not hold."""
