"""Hotspots: one family of functions, modelled on R's sfhotspot.

    hotspot_grid(points, area=None, cell_size=None, quiet=False)
        -> cell_id, n, geometry
    hotspot_kde(points, area=None, cell_size=None, bandwidth=None, quiet=False, options=None)
        -> cell_id, n, kde, geometry                      (kde: incidents per square km)
    hotspot_gistar(points, area=None, cell_size=None, neighbours=None, seed=2024, kde=False, ...)
        -> cell_id, n, [kde,] gistar, pvalue, classification, geometry
    hotspot_change(points_before, points_after, area=None, cell_size=None, quiet=False, ...)
        -> cell_id, n_before, n_after, change, pvalue, classification, geometry
    hotspot_classify(points, periods_column="period", area=None, cell_size=None, ...)
        -> cell_id, n, periods_hot, pattern, classification, geometry
    repeat_locations(points, n=10)
        -> rank, location, longitude, latitude, n, share

Conventions, shared by all:

- **Data first.** ``points`` is a DataFrame with ``longitude``/``latitude`` (WGS84, as police.uk
  publishes; the store's ``street`` view) or ``x``/``y`` (British National Grid metres), or a
  GeoDataFrame of points with its CRS set. Rows without coordinates are left out with a
  :class:`HotspotWarning` giving their count. ``area`` (optional) is the outline to map,
  e.g. a district's wards (unioned); points outside it are left out, with a warning.
- **British National Grid.** All work is in EPSG:27700 metres; outputs are GeoDataFrames in it.
- **Defaults chosen automatically and announced** on stderr, silenced with ``quiet=True``:
  the cell size (shorter side of the area's or points' bounding box / 50, rounded down to 1, 2,
  2.5 or 5 times a power of ten), the KDE bandwidth (Scott's rule, as scipy's gaussian_kde), the
  Gi* neighbours (queen contiguity) and how p-values are made (z-scores, normal approximation;
  with a multiple-testing note). ``quiet`` silences these announcements, not the warnings about
  rows left out (as in sfhotspot).
- **Tidy outputs with fixed columns** (the ``*_COLUMNS`` constants), one row per grid cell; the
  settings used are in ``.attrs``.
- **Tuning options** in one frozen :class:`HotspotOptions`, validated when made.
- **Errors** are :class:`cspkit.errors.InputError`, named after the function called, saying
  what is wrong and how to fix it: ``hotspot_kde(): `cell_size` must be a positive number of
  metres, got -5. Give the cell size in metres, e.g. cell_size=250``.
"""

from cspkit.analysis.hotspots._change import CHANGE_CLASSES, CHANGE_COLUMNS, hotspot_change
from cspkit.analysis.hotspots._classify import (
    CLASSIFY_CLASSES,
    CLASSIFY_COLUMNS,
    hotspot_classify,
)
from cspkit.analysis.hotspots._gistar import GISTAR_CLASSES
from cspkit.analysis.hotspots._hotspots import (
    DEFAULT_SEED,
    GISTAR_COLUMNS,
    GRID_COLUMNS,
    KDE_COLUMNS,
    hotspot_gistar,
    hotspot_grid,
    hotspot_kde,
)
from cspkit.analysis.hotspots._options import HotspotOptions
from cspkit.analysis.hotspots._repeat import REPEAT_COLUMNS, repeat_locations
from cspkit.errors import HotspotWarning

__all__ = [
    "CHANGE_CLASSES",
    "CHANGE_COLUMNS",
    "CLASSIFY_CLASSES",
    "CLASSIFY_COLUMNS",
    "DEFAULT_SEED",
    "GISTAR_CLASSES",
    "GISTAR_COLUMNS",
    "GRID_COLUMNS",
    "KDE_COLUMNS",
    "REPEAT_COLUMNS",
    "HotspotOptions",
    "HotspotWarning",
    "hotspot_change",
    "hotspot_classify",
    "hotspot_gistar",
    "hotspot_grid",
    "hotspot_kde",
    "repeat_locations",
]
