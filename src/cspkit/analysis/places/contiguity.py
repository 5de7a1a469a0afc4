"""Which wards touch: libpysal contiguity weights, islands and connected components.

Queen contiguity: two wards are neighbours when their boundaries share at least one point;
rook: when they share an edge (a stretch of boundary). Boundaries from the same ONS file share
vertices exactly, which both need.

A ward with no neighbour (an *island*: an offshore ward, or a ward whose neighbours were left
out) is handled as ``islands`` says:

- ``"singleton"`` (default): it stays unlinked and becomes a cluster of its own, with a
  :class:`~cspkit.analysis.places.PlacesWarning` naming it;
- ``"nearest"``: it is linked to the ward nearest to it (shortest distance between the
  boundaries), and the link is recorded in :attr:`Contiguity.attached`;
- ``"error"``: :class:`~cspkit.errors.GeographyError`.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass
from typing import cast

import geopandas as gpd
import libpysal
import numpy as np
import numpy.typing as npt
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components

from cspkit.analysis.places._common import check_choice, codes_text
from cspkit.errors import GeographyError, PlacesWarning

__all__ = ["CONTIGUITY", "ISLANDS", "Contiguity", "contiguity"]

#: Kinds of contiguity.
CONTIGUITY = ("queen", "rook")
#: What to do with a ward that has no neighbour.
ISLANDS = ("singleton", "nearest", "error")


@dataclass(frozen=True)
class Contiguity:
    """The neighbours of each ward, by position in ``codes``."""

    codes: tuple[str, ...]
    neighbours: tuple[frozenset[int], ...]
    kind: str
    """``"queen"`` or ``"rook"``."""
    islands: tuple[str, ...]
    """Wards that had no neighbour."""
    attached: dict[str, str]
    """Island -> the ward it was linked to (``islands="nearest"``)."""
    component: np.ndarray
    """Connected component of each ward (0, 1, ...), after islands were handled."""

    @property
    def n_components(self) -> int:
        return int(self.component.max()) + 1 if len(self.component) else 0

    def to_w(self) -> libpysal.weights.W:
        """The same links as a libpysal ``W`` (ids are the ward codes)."""
        neigh = {c: [self.codes[j] for j in sorted(nb)] for c, nb in
                 zip(self.codes, self.neighbours, strict=True)}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # libpysal warns about islands we already reported
            return libpysal.weights.W(neigh, id_order=list(self.codes))


def _raw_neighbours(wards: gpd.GeoDataFrame, kind: str) -> list[set[int]]:
    builder = libpysal.weights.Queen if kind == "queen" else libpysal.weights.Rook
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # islands and disconnected parts are reported by us
        w = builder.from_dataframe(wards, use_index=False)
    return [set(w.neighbors[i]) for i in range(len(wards))]


def _components(neighbours: list[set[int]]) -> np.ndarray:
    rows = [i for i, nb in enumerate(neighbours) for _ in nb]
    cols = [j for nb in neighbours for j in nb]
    n = len(neighbours)
    graph = csr_matrix((np.ones(len(rows)), (rows, cols)), shape=(n, n))
    return cast("npt.NDArray[np.intp]", connected_components(graph, directed=False)[1])


def contiguity(
    wards: gpd.GeoDataFrame, kind: str = "queen", islands: str = "singleton"
) -> Contiguity:
    """Contiguity of ``wards`` (a GeoDataFrame with a ``code`` column, in a projected CRS).

    See the module doc for ``kind`` and ``islands``.
    """
    check_choice("contiguity", "kind", kind, CONTIGUITY)
    check_choice("contiguity", "islands", islands, ISLANDS)
    codes = tuple(str(c) for c in wards["code"])
    geoms = wards.geometry.reset_index(drop=True)
    neighbours = _raw_neighbours(gpd.GeoDataFrame(geometry=geoms, crs=wards.crs), kind)
    lonely = [i for i, nb in enumerate(neighbours) if not nb]
    attached: dict[str, str] = {}
    if lonely and len(codes) > 1:
        names = codes_text(codes[i] for i in lonely)
        if islands == "error":
            raise GeographyError(
                f"ward(s) {names} have no neighbour under {kind} contiguity; pass "
                "islands='singleton' to make each its own cluster or islands='nearest' to link "
                "each to its nearest ward"
            )
        if islands == "nearest":
            for i in lonely:
                dist = geoms.distance(geoms.iloc[i]).to_numpy(dtype=float, copy=True)
                dist[i] = np.inf
                j = int(np.argmin(dist))
                neighbours[i].add(j)
                neighbours[j].add(i)
                attached[codes[i]] = codes[j]
        else:
            warnings.warn(
                f"ward(s) {names} have no neighbour under {kind} contiguity; each becomes a "
                "cluster of its own. Pass islands='nearest' to link each to its nearest ward",
                PlacesWarning,
                stacklevel=3,
            )
    return Contiguity(
        codes=codes,
        neighbours=tuple(frozenset(nb) for nb in neighbours),
        kind=kind,
        islands=tuple(codes[i] for i in lonely),
        attached=attached,
        component=_components(neighbours),
    )
