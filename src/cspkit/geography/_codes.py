"""Area levels and codes, shared by the questions here and the readers in :mod:`cspkit.sources`."""

from __future__ import annotations

import re

from cspkit.errors import GeographyWarning

__all__ = ["GSS_CODE", "LEVELS", "GeographyWarning"]


#: Level names, finest first (the order picks the level of a boundary file that has several).
LEVELS: tuple[str, ...] = (
    "oa", "lsoa", "msoa", "ward", "lad", "utla", "county", "csp", "pfa", "region", "country",
)

#: A GSS code: a letter and eight digits (E01024320, W05000001, S12000033, ...).
GSS_CODE = re.compile(r"^[A-Z]\d{8}$")
