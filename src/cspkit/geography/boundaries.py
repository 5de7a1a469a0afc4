"""Area boundaries in the store: which vintages are loaded, and the boundaries themselves.

Boundary files are read and loaded by :mod:`cspkit.sources.boundaries`
(``cspkit load geography boundaries FILE``) into GeoParquet tables named
``boundaries_<level>_<vintage>`` (:func:`boundary_table_name`), in British National Grid
(EPSG:27700), with the columns :data:`BOUNDARY_COLUMNS`::

    code, name, level, vintage, lad_code, geometry

:func:`boundaries` reads them back; :func:`boundary_vintages` says which vintages of a level
are loaded.
"""

from __future__ import annotations

import re

import geopandas as gpd

from cspkit.errors import GeographyError, NotLoadedError
from cspkit.geography._codes import LEVELS
from cspkit.store import Store

__all__ = [
    "BNG",
    "BOUNDARY_COLUMNS",
    "boundaries",
    "boundary_table_name",
    "boundary_vintages",
    "check_level",
    "check_vintage",
]

#: British National Grid, the CRS every stored boundary is in.
BNG = "EPSG:27700"

#: The columns of a normalised boundary table, in order.
BOUNDARY_COLUMNS = ("code", "name", "level", "vintage", "lad_code", "geometry")

_VINTAGE = re.compile(r"^(19|20)\d{2}$")
_TABLE = re.compile(r"^boundaries_(?P<level>[a-z]+)_(?P<vintage>\d{4})$")


def boundary_table_name(level: str, vintage: str) -> str:
    """``("ward", "2022")`` -> ``"boundaries_ward_2022"``."""
    return f"boundaries_{check_level(level)}_{check_vintage(vintage)}"


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise GeographyError(
            f"level {level!r} is not a level cspkit knows; give one of "
            f"{', '.join(repr(lv) for lv in LEVELS)} (--level)"
        )
    return level


def check_vintage(vintage: str | int) -> str:
    text = str(vintage).strip()
    if not _VINTAGE.fullmatch(text):
        raise GeographyError(
            f"vintage {vintage!r} is not a year; give the boundary set's four-digit year, "
            "e.g. --vintage 2022 for wards as at December 2022"
        )
    return text


def boundary_vintages(store: Store, level: str) -> list[str]:
    """The vintages of ``level`` boundaries in the store, oldest first."""
    check_level(level)
    found = [m for m in map(_TABLE.match, store.table_names()) if m and m["level"] == level]
    return sorted(m["vintage"] for m in found)


def boundaries(store: Store, level: str, vintage: str | int | None = None) -> gpd.GeoDataFrame:
    """The stored boundaries of ``level`` (the latest vintage unless ``vintage`` is given)."""
    have = boundary_vintages(store, level)
    if vintage is None:
        if not have:
            others = sorted({m["level"] for m in map(_TABLE.match, store.table_names()) if m})
            raise NotLoadedError(
                f"the store at {store.root} has no {level} boundaries (levels loaded: "
                f"{', '.join(others) or 'none'}); load some with "
                "`cspkit load geography boundaries FILE`"
            )
        vint = have[-1]
    else:
        vint = check_vintage(vintage)
        if vint not in have:
            raise NotLoadedError(
                f"the store at {store.root} has no {level} boundaries of vintage {vint} "
                f"(vintages loaded: {', '.join(have) or 'none'}); load them with "
                "`cspkit load geography boundaries FILE`"
            )
    return gpd.read_parquet(store.table_file(boundary_table_name(level, vint)))
