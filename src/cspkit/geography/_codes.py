"""Area levels and codes, shared by the questions here and the readers in :mod:`cspkit.sources`."""

from __future__ import annotations

import re

__all__ = ["GSS_CODE", "LEVELS", "GeographyWarning"]


class GeographyWarning(UserWarning):
    """Something about an area input was fixed or assumed (invalid polygons made valid, a CRS
    assumed, lookup codes of another vintage); the message says what and how to avoid it."""


#: Level names, finest first (the order picks the level of a boundary file that has several).
LEVELS: tuple[str, ...] = (
    "oa", "lsoa", "msoa", "ward", "lad", "utla", "county", "csp", "pfa", "region", "country",
)

#: A GSS code: a letter and eight digits (E01024320, W05000001, S12000033, ...).
GSS_CODE = re.compile(r"^[A-Z]\d{8}$")
