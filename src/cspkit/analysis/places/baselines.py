"""How good is a clustering? Heterogeneity, and two baselines to hold it against.

- :func:`heterogeneity`: the sum over clusters of the squared deviations of the (standardised)
  features from the cluster means (the k-means objective; lower is better).
- :func:`kmeans_heterogeneity`: the same for scikit-learn's unconstrained ``KMeans`` with the
  same number of clusters: no contiguity, no size cap, so usually *lower*: the price of the
  constraints.
- :func:`random_heterogeneity`: the same for random contiguous partitions with exactly the same
  cluster sizes (spopt's ``RandomRegion`` with ``cardinality`` and ``contiguity``): a good
  clustering should beat the best of many of them.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from libpysal.weights import W
from sklearn.cluster import KMeans
from spopt.region import RandomRegion

from cspkit.analysis.places.contiguity import Contiguity

__all__ = ["heterogeneity", "kmeans_heterogeneity", "random_heterogeneity"]


def heterogeneity(x: np.ndarray, labels: Sequence[int] | np.ndarray) -> float:
    """Sum of squared deviations of the rows of ``x`` from their cluster's mean."""
    labels = np.asarray(labels)
    total = 0.0
    for c in np.unique(labels):
        part = x[labels == c]
        total += float(((part - part.mean(axis=0)) ** 2).sum())
    return total


def kmeans_heterogeneity(x: np.ndarray, k: int, seed: int, n_init: int = 20) -> float:
    """Heterogeneity of unconstrained k-means (scikit-learn, ``random_state=seed``)."""
    model = KMeans(n_clusters=k, n_init=n_init, random_state=seed).fit(x)
    return heterogeneity(x, model.labels_)


@dataclass(frozen=True)
class _Plan:
    """One connected component: its wards (positions), codes, weights and cluster sizes."""

    ids: list[int]
    codes: list[str]
    w: W | None
    sizes: list[int]

    def draw(self) -> list[list[int]] | None:
        if len(self.sizes) == 1:
            return [self.ids]
        if all(s == 1 for s in self.sizes):
            return [[i] for i in self.ids]
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            region = RandomRegion(self.codes, num_regions=len(self.sizes),
                                  cardinality=list(self.sizes), contiguity=self.w)
        if not region.feasible:
            return None
        pos = dict(zip(self.codes, self.ids, strict=True))
        return [[pos[c] for c in reg] for reg in region.regions]


def _component_w(cont: Contiguity, ids: list[int]) -> W:
    """The links within one component as a libpysal W, neighbours in a fixed order (so that
    spopt's draws depend on the seed alone, not on string hashing)."""
    inside = set(ids)
    neigh = {cont.codes[i]: [cont.codes[j] for j in sorted(cont.neighbours[i]) if j in inside]
             for i in ids}
    return W(neigh, id_order=[cont.codes[i] for i in ids], silence_warnings=True)


def _plans(cont: Contiguity, labels: np.ndarray) -> list[_Plan]:
    plans = []
    for comp in np.unique(cont.component):
        ids = [int(i) for i in np.flatnonzero(cont.component == comp)]
        codes = [cont.codes[i] for i in ids]
        sizes = sorted(int((labels[ids] == c).sum()) for c in np.unique(labels[ids]))
        w = None
        if len(sizes) > 1 and any(s > 1 for s in sizes):
            w = _component_w(cont, ids)
        plans.append(_Plan(ids, codes, w, sizes))
    return plans


def random_heterogeneity(
    x: np.ndarray, cont: Contiguity, labels: Sequence[int] | np.ndarray, n: int, seed: int
) -> np.ndarray:
    """Heterogeneity of ``n`` random contiguous partitions with the cluster sizes of ``labels``
    (per connected component), drawn by spopt's ``RandomRegion``. Draws spopt cannot make
    feasible are left out, so the result may be shorter than ``n``.

    spopt draws from NumPy's global generator: it is seeded with ``seed`` for the draws and put
    back as it was afterwards.
    """
    labels = np.asarray(labels)
    plans = _plans(cont, labels)
    state = np.random.get_state()
    np.random.seed(seed)
    out = []
    try:
        for _ in range(n):
            draw = np.empty(len(labels), dtype=np.int64)
            offset, ok = 0, True
            for plan in plans:
                regions = plan.draw()
                if regions is None:
                    ok = False
                    break
                for r, members in enumerate(regions):
                    draw[members] = offset + r
                offset += len(regions)
            if ok:
                out.append(heterogeneity(x, draw))
    finally:
        np.random.set_state(state)
    return np.array(out)
