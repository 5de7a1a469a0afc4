"""Small helpers shared by the places modules: announcements, warnings, argument checks."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from cspkit.analysis._checks import announce
from cspkit.errors import InputError

__all__ = ["announce", "check_choice", "codes_text", "slug"]


def check_choice(func: str, name: str, value: object, allowed: Sequence[str]) -> str:
    """``value`` if it is one of ``allowed``; else an InputError naming the function and options."""
    if not isinstance(value, str) or value not in allowed:
        options = ", ".join(repr(a) for a in allowed)
        raise InputError(f"{func}: {name}={value!r} is not one of {options}; pass one of them")
    return value


def codes_text(codes: Iterable[object], limit: int = 5) -> str:
    """``"E05005003, E05005004, ..."``: the first ``limit`` codes, sorted, for messages."""
    items = sorted(str(c) for c in codes)
    more = ", ..." if len(items) > limit else ""
    return ", ".join(items[:limit]) + more


def slug(text: str) -> str:
    """``"Anti-social behaviour"`` -> ``"anti_social_behaviour"``."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")
