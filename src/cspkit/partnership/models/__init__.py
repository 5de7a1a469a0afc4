"""The partnership, its partner organisations, and its people's roles."""

from cspkit.partnership.models.membership import Membership, Role
from cspkit.partnership.models.partnership import (
    GSS_DISTRICT_PREFIXES,
    MediaStorage,
    Organisation,
    Partnership,
    validate_district_codes,
)

__all__ = [
    "GSS_DISTRICT_PREFIXES",
    "MediaStorage",
    "Membership",
    "Organisation",
    "Partnership",
    "Role",
    "validate_district_codes",
]
