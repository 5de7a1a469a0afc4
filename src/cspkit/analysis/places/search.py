"""Finding a good capped contiguous partition: agglomerate, repair, improve, perturb.

No library bounds the size of a region from above (spopt's SKATER, AZP and max-p bound it from
below, or not at all), so this is cspkit's own, in four steps:

1. **Capped Ward agglomeration.** Every unit starts as its own cluster; the pair of touching
   clusters whose merge raises the heterogeneity least (Ward's criterion
   ``n_a n_b / (n_a + n_b) * |mean_a - mean_b|^2``) is merged, as long as the merged cluster
   keeps the size cap and no cannot-link, until ``k`` clusters remain or no merge is allowed.
   Deterministic (ties go to the lower cluster ids).
2. **Repair.** When the merges stop above ``k`` (a small cluster boxed in by full ones), the
   smallest clusters are dissolved: each unit goes to a touching cluster with room, or, by an
   *ejection chain* of up to three steps, to a full one that passes one of its own units on.
3. **Local search.** Moves of one unit to a touching cluster and swaps of two units between
   touching clusters, each kept only when the clusters stay in one piece, within the cap and
   free of cannot-links; the best improving change per unit is made until none improves.
4. **Iterated local search.** ``restarts`` times, the best partition so far is shaken by a few
   random feasible moves (from a generator seeded with ``seed``) and improved again; the best
   is kept. The same seed gives the same partition.

The objective is lexicographic: first the number of wards missing from clusters under the
minimum size, then the heterogeneity.
"""

from __future__ import annotations

import heapq
from collections import deque

import numpy as np

from cspkit.analysis.places.partition import Partition, Problem

__all__ = ["agglomerate", "improve", "repair", "search"]

_EPS = 1e-9
#: Rounds of the iterated local search per start.
ROUNDS = 20


def _better(delta: tuple[int, float]) -> bool:
    return delta[0] < 0 or (delta[0] == 0 and delta[1] < -_EPS)


def _ward(part: Partition, a: int, b: int) -> float:
    na, nb = part.size[a], part.size[b]
    diff = part.sums[a] / na - part.sums[b] / nb
    return na * nb / (na + nb) * float(diff @ diff)


def _mergeable(part: Partition, a: int, b: int) -> bool:
    if part.size[a] + part.size[b] > part.p.max_size:
        return False
    return all(part.allowed_with(u, part.members[b]) for u in part.members[a])


def agglomerate(problem: Problem, k: int, rng: np.random.Generator | None = None
                ) -> Partition:
    """Step 1: capped Ward agglomeration down to ``k`` clusters, or as far as merges allow.

    With ``rng``, each merge cost is multiplied by a random factor (log-normal, sd 0.5): a
    different, still sensible, starting point for each start of the search.
    """
    part = Partition(problem, range(problem.n))

    def cost(a: int, b: int) -> float:
        noise = 1.0 if rng is None else float(np.exp(rng.normal(0.0, 0.5)))
        return _ward(part, a, b) * noise

    heap: list[tuple[float, int, int]] = []
    for a in range(problem.n):
        for b in sorted(problem.adj[a]):
            if a < b and _mergeable(part, a, b):
                heap.append((cost(a, b), a, b))
    heapq.heapify(heap)
    while part.n_clusters > k and heap:
        _, a, b = heapq.heappop(heap)
        if a not in part.members or b not in part.members or not _mergeable(part, a, b):
            continue
        for u in list(part.members[b]):
            part.move(u, a)
        for c in sorted(part.cluster_neighbours(a)):
            if _mergeable(part, a, c):
                lo, hi = min(a, c), max(a, c)
                heapq.heappush(heap, (cost(lo, hi), lo, hi))
    return part


# -- step 2: repair ----------------------------------------------------------------------------


def _fits(part: Partition, u: int, b: int, leaving: int | None = None) -> bool:
    """Whether unit ``u`` may join cluster ``b`` (after unit ``leaving`` left it)."""
    members = part.members[b] - ({leaving} if leaving is not None else set())
    size = part.size[b] - (int(part.p.size[leaving]) if leaving is not None else 0)
    if size + int(part.p.size[u]) > part.p.max_size or not part.allowed_with(u, members):
        return False
    return leaving is None or part.connected(members | {u})


def _place(part: Partition, u: int, banned: set[int], depth: int) -> bool:
    """Move unit ``u`` into a touching cluster not in ``banned``, by an ejection chain of up to
    ``depth`` further steps; on failure the partition is as before."""
    options = sorted(part.neighbour_clusters(u) - banned,
                     key=lambda b: (part.move_delta(u, b)[1], b))
    for b in options:
        if _fits(part, u, b):
            part.move(u, b)
            return True
    if depth == 0:
        return False
    for b in options:
        for v in sorted(part.members[b]):
            if not _fits(part, u, b, leaving=v):
                continue
            home = int(part.label[u])
            part.move(v, -1 - v)  # park v in a cluster of its own
            part.move(u, b)
            if _place(part, v, banned | {b}, depth - 1):
                return True
            part.move(u, home)
            part.move(v, b)
    return False


def _dissolve(part: Partition, c: int, depth: int) -> bool:
    saved = part.label.copy()
    for u in sorted(part.members[c]):
        if not _place(part, u, {c}, depth):
            part.reset(saved)
            return False
    return True


def repair(part: Partition, k: int, depth: int = 3) -> Partition:
    """Step 2: dissolve the smallest clusters until ``k`` remain or none can be dissolved."""
    while part.n_clusters > k:
        order = sorted(part.members, key=lambda c: (part.size[c], min(part.members[c])))
        if not any(_dissolve(part, c, depth) for c in order):
            break
    part.reset(part.labels_in_order())
    return part


# -- steps 3 and 4 -----------------------------------------------------------------------------


def _best_change(part: Partition, u: int) -> tuple[tuple[int, float], tuple[str, int] | None]:
    best: tuple[tuple[int, float], tuple[str, int] | None] = ((0, -_EPS), None)
    for b in sorted(part.neighbour_clusters(u)):
        delta = part.move_delta(u, b)
        if delta < best[0] and part.can_move(u, b):
            best = (delta, ("move", b))
        for v in sorted(part.members[b]):
            if int(part.label[u]) not in part.neighbour_clusters(v):
                continue
            delta = part.swap_delta(u, v)
            if delta < best[0] and part.can_swap(u, v):
                best = (delta, ("swap", v))
    return best


def _around(part: Partition, clusters: set[int]) -> set[int]:
    """Units whose best change may differ once ``clusters`` changed: their members and the
    units touching them."""
    units: set[int] = set()
    for c in clusters:
        for u in part.members.get(c, ()):
            units.add(u)
            units |= part.p.adj[u]
    return units


def improve(part: Partition, todo: set[int] | None = None) -> Partition:
    """Step 3: best improving move or swap per unit, until none improves. Only the units in
    ``todo`` (all when None) and those around each change are looked at again."""
    queue = deque(sorted(range(part.p.n) if todo is None else todo))
    queued = set(queue)
    while queue:
        u = queue.popleft()
        queued.discard(u)
        delta, change = _best_change(part, u)
        if change is None or not _better(delta):
            continue
        kind, target = change
        a = int(part.label[u])
        if kind == "move":
            b = target
            part.move(u, b)
        else:
            b = int(part.label[target])
            part.move(u, b)
            part.move(target, a)
        for w in sorted(_around(part, {a, b}) - queued):
            queue.append(w)
            queued.add(w)
    return part


def _shake(part: Partition, rng: np.random.Generator, moves: int) -> set[int]:
    """Make ``moves`` random feasible moves or swaps; return the clusters changed."""
    touched: set[int] = set()
    for _ in range(moves * 10):
        if moves == 0:
            break
        u = int(rng.integers(part.p.n))
        options = sorted(part.neighbour_clusters(u))
        if not options:
            continue
        a, b = int(part.label[u]), options[int(rng.integers(len(options)))]
        if part.can_move(u, b):
            part.move(u, b)
        else:
            partners = [v for v in sorted(part.members[b]) if a in part.neighbour_clusters(v)]
            if not partners:
                continue
            v = partners[int(rng.integers(len(partners)))]
            if not part.can_swap(u, v):
                continue
            part.move(u, b)
            part.move(v, a)
        touched |= {a, b}
        moves -= 1
    return touched


def _ils(part: Partition, rng: np.random.Generator, rounds: int) -> Partition:
    best = improve(part)
    best_score = best.score()
    top = max(3, part.p.n // 4)
    for _ in range(rounds):
        trial = best.copy()
        touched = _shake(trial, rng, int(rng.integers(2, top + 1)))
        improve(trial, _around(trial, touched))
        score = trial.score()
        if score[0] < best_score[0] or (score[0] == best_score[0]
                                        and score[1] < best_score[1] - _EPS):
            best, best_score = trial, score
    return best


def search(problem: Problem, k: int, restarts: int, seed: int) -> Partition:
    """Steps 1-4 (module doc): the best partition found, clusters numbered 0, 1, ...

    The ``restarts`` rounds of step 4 are shared among ``1 + restarts // ROUNDS`` starts: the
    first from the plain agglomeration, the others from randomised ones.
    """
    rng = np.random.default_rng(seed)
    starts = 1 + restarts // ROUNDS
    best: Partition | None = None
    for start in range(starts):
        rounds = min(ROUNDS, restarts - start * ROUNDS) if restarts else 0
        first = agglomerate(problem, k, None if start == 0 else rng)
        trial = _ils(repair(first, k), rng, max(rounds, 0))
        if best is None or _key(trial, k) < _key(best, k):
            best = trial
    assert best is not None
    return Partition(problem, best.labels_in_order())


def _key(part: Partition, k: int) -> tuple[int, int, float]:
    """Order of preference between starts: clusters above ``k`` (a failed repair), wards short
    of the minimum size, heterogeneity (rounded so that float noise cannot decide)."""
    short, ssd = part.score()
    return max(0, part.n_clusters - k), short, round(ssd, 9)
