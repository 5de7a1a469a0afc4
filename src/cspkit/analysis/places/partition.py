"""The state of a capped contiguous partition, and the problem it partitions.

Wards pinned together (must-link) are contracted into *units* first; everything below works on
units, each with a size (its number of wards), the sum of its wards' feature vectors and the sum
of their squared norms. A cluster's heterogeneity (sum of squared deviations from its mean) is
then ``sq - |sum|^2 / size``, so a move changes it in constant time.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

__all__ = ["Partition", "Problem"]


@dataclass(frozen=True)
class Problem:
    """Units to cluster: sizes, feature sums, links and limits."""

    size: np.ndarray
    """Wards in each unit."""
    sums: np.ndarray
    """Sum of each unit's feature vectors (units x features)."""
    sq: np.ndarray
    """Sum of each unit's squared feature norms."""
    adj: tuple[frozenset[int], ...]
    """Neighbouring units."""
    cannot: tuple[frozenset[int], ...]
    """Units that may not share a cluster with each unit."""
    component: np.ndarray
    """Connected component of each unit."""
    max_size: int
    min_size: int

    @property
    def n(self) -> int:
        return len(self.size)


def _cost(n: float, s: np.ndarray, q: float) -> float:
    return q - float(s @ s) / n if n > 0 else 0.0


class Partition:
    """Units assigned to clusters (ids need not be consecutive), with running sums."""

    def __init__(self, problem: Problem, labels: Iterable[int]) -> None:
        self.p = problem
        self.reset(labels)

    def reset(self, labels: Iterable[int]) -> None:
        """Assign the units afresh: unit ``u`` to cluster ``labels[u]``."""
        problem = self.p
        self.label = np.asarray(list(labels), dtype=np.int64)
        self.members: dict[int, set[int]] = {}
        for u, c in enumerate(self.label):
            self.members.setdefault(int(c), set()).add(u)
        self.size = {c: int(problem.size[list(m)].sum()) for c, m in self.members.items()}
        self.sums = {c: problem.sums[list(m)].sum(axis=0) for c, m in self.members.items()}
        self.sq = {c: float(problem.sq[list(m)].sum()) for c, m in self.members.items()}

    def copy(self) -> Partition:
        return Partition(self.p, self.label)

    # -- measures ----------------------------------------------------------------------------

    def cost(self, c: int) -> float:
        return _cost(self.size[c], self.sums[c], self.sq[c])

    def total(self) -> float:
        """Heterogeneity: the sum of squared deviations from the cluster means."""
        return sum(self.cost(c) for c in self.members)

    def shortfall(self) -> int:
        """Wards missing from clusters under ``min_size``."""
        return sum(max(0, self.p.min_size - s) for s in self.size.values())

    def score(self) -> tuple[int, float]:
        """What the search minimises: first the min-size shortfall, then heterogeneity."""
        return self.shortfall(), self.total()

    @property
    def n_clusters(self) -> int:
        return len(self.members)

    # -- questions ---------------------------------------------------------------------------

    def neighbour_clusters(self, u: int) -> set[int]:
        """Clusters, other than its own, that unit ``u`` touches."""
        own = int(self.label[u])
        return {int(self.label[v]) for v in self.p.adj[u]} - {own}

    def cluster_neighbours(self, c: int) -> set[int]:
        out: set[int] = set()
        for u in self.members[c]:
            out |= self.neighbour_clusters(u)
        return out

    def connected(self, units: set[int]) -> bool:
        """Whether ``units`` form one piece (an empty set does not)."""
        if not units:
            return False
        start = next(iter(units))
        seen, todo = {start}, [start]
        while todo:
            for v in self.p.adj[todo.pop()]:
                if v in units and v not in seen:
                    seen.add(v)
                    todo.append(v)
        return len(seen) == len(units)

    def allowed_with(self, u: int, units: Iterable[int]) -> bool:
        """No cannot-link between unit ``u`` and ``units``."""
        return self.p.cannot[u].isdisjoint(units)

    def move_delta(self, u: int, b: int) -> tuple[int, float]:
        """Change of :meth:`score` if unit ``u`` moved to cluster ``b`` (feasibility unchecked)."""
        a = int(self.label[u])
        nu, su, qu = int(self.p.size[u]), self.p.sums[u], float(self.p.sq[u])
        na, nb = self.size[a], self.size[b]
        d_ssd = (_cost(na - nu, self.sums[a] - su, self.sq[a] - qu)
                 + _cost(nb + nu, self.sums[b] + su, self.sq[b] + qu)
                 - self.cost(a) - self.cost(b))
        m = self.p.min_size
        d_short = (max(0, m - (na - nu)) + max(0, m - (nb + nu))
                   - max(0, m - na) - max(0, m - nb))
        return d_short, d_ssd

    def swap_delta(self, u: int, v: int) -> tuple[int, float]:
        """Change of :meth:`score` if units ``u`` and ``v`` (in different clusters) swapped."""
        a, b = int(self.label[u]), int(self.label[v])
        p = self.p
        dn = int(p.size[v]) - int(p.size[u])
        ds = p.sums[v] - p.sums[u]
        dq = float(p.sq[v]) - float(p.sq[u])
        na, nb = self.size[a] + dn, self.size[b] - dn
        d_ssd = (_cost(na, self.sums[a] + ds, self.sq[a] + dq)
                 + _cost(nb, self.sums[b] - ds, self.sq[b] - dq)
                 - self.cost(a) - self.cost(b))
        m = p.min_size
        d_short = (max(0, m - na) + max(0, m - nb)
                   - max(0, m - self.size[a]) - max(0, m - self.size[b]))
        return d_short, d_ssd

    # -- changes -----------------------------------------------------------------------------

    def move(self, u: int, b: int) -> None:
        """Put unit ``u`` in cluster ``b`` (a new id makes a new cluster)."""
        a = int(self.label[u])
        nu, su, qu = int(self.p.size[u]), self.p.sums[u], float(self.p.sq[u])
        self.members[a].discard(u)
        self.size[a] -= nu
        self.sums[a] = self.sums[a] - su
        self.sq[a] -= qu
        if not self.members[a]:
            for d in (self.members, self.size, self.sums, self.sq):
                del d[a]
        if b not in self.members:
            self.members[b], self.size[b] = set(), 0
            self.sums[b], self.sq[b] = np.zeros_like(su), 0.0
        self.members[b].add(u)
        self.size[b] += nu
        self.sums[b] = self.sums[b] + su
        self.sq[b] += qu
        self.label[u] = b

    def can_move(self, u: int, b: int) -> bool:
        """Moving unit ``u`` to cluster ``b`` keeps the cap, contiguity, cannot-links and leaves
        its cluster non-empty and in one piece (``b`` must touch ``u``)."""
        a = int(self.label[u])
        if self.size[b] + int(self.p.size[u]) > self.p.max_size:
            return False
        if not self.allowed_with(u, self.members[b]):
            return False
        rest = self.members[a] - {u}
        return self.connected(rest)

    def can_swap(self, u: int, v: int) -> bool:
        """Swapping units ``u`` and ``v`` keeps the cap, contiguity and cannot-links."""
        a, b = int(self.label[u]), int(self.label[v])
        dn = int(self.p.size[v]) - int(self.p.size[u])
        if self.size[a] + dn > self.p.max_size or self.size[b] - dn > self.p.max_size:
            return False
        new_a = (self.members[a] - {u}) | {v}
        new_b = (self.members[b] - {v}) | {u}
        if not (self.allowed_with(v, new_a - {v}) and self.allowed_with(u, new_b - {u})):
            return False
        return self.connected(new_a) and self.connected(new_b)

    def labels_in_order(self) -> np.ndarray:
        """Cluster of each unit renumbered 0, 1, ... in order of each cluster's first unit."""
        order: dict[int, int] = {}
        for c in self.label:
            order.setdefault(int(c), len(order))
        return np.array([order[int(c)] for c in self.label], dtype=np.int64)
