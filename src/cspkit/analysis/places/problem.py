"""From wards, standardised features and officers' pins to a :class:`Problem` of units.

Must-link groups (wards to keep together) are merged when they share a ward, checked (each in
one piece, within the size cap, no cannot-link inside) and contracted into units; cannot-link
pairs become unit pairs. Every message names the wards and says how to fix the pins.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from cspkit.analysis.places._common import codes_text
from cspkit.analysis.places.contiguity import Contiguity
from cspkit.analysis.places.partition import Problem
from cspkit.errors import GeographyError, InputError

__all__ = ["build_problem", "fewest_clusters", "unit_groups"]


def _check_codes(what: str, pins: Sequence[Sequence[str]], codes: Sequence[str]) -> None:
    known = set(codes)
    unknown = {c for group in pins for c in group if c not in known}
    if unknown:
        raise GeographyError(
            f"{what}: ward code(s) {codes_text(unknown)} are not among the {len(codes)} wards "
            "being clustered; check the codes against the ward boundaries' code column"
        )


def unit_groups(cont: Contiguity, must_link: Sequence[Sequence[str]], max_size: int
                ) -> list[list[int]]:
    """Ward positions of each unit (must-link groups merged; every other ward alone), in order
    of each unit's first ward."""
    _check_codes("must_link", must_link, cont.codes)
    pos = {c: i for i, c in enumerate(cont.codes)}
    parent = list(range(len(cont.codes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for group in must_link:
        first = pos[group[0]]
        for code in group[1:]:
            parent[find(pos[code])] = find(first)
    groups: dict[int, list[int]] = {}
    for i in range(len(cont.codes)):
        groups.setdefault(find(i), []).append(i)
    units = sorted(groups.values(), key=min)
    for members in units:
        _check_unit(cont, members, max_size)
    return units


def _check_unit(cont: Contiguity, members: list[int], max_size: int) -> None:
    if len(members) == 1:
        return
    names = codes_text((cont.codes[i] for i in members), limit=max_size + 4)
    if len(members) > max_size:
        raise InputError(
            f"must_link: wards {names} are pinned together ({len(members)} wards) but a cluster "
            f"has at most max_size={max_size}; unpin some or raise max_size"
        )
    seen, todo, inside = {members[0]}, [members[0]], set(members)
    while todo:
        for j in cont.neighbours[todo.pop()]:
            if j in inside and j not in seen:
                seen.add(j)
                todo.append(j)
    if len(seen) < len(members):
        raise InputError(
            f"must_link: wards {names} are pinned together but do not form one piece under "
            f"{cont.kind} contiguity; pin wards that touch, or add the wards between them"
        )


def _cannot(cont: Contiguity, units: list[list[int]], cannot_link: Sequence[Sequence[str]]
            ) -> tuple[frozenset[int], ...]:
    _check_codes("cannot_link", cannot_link, cont.codes)
    unit_of = {w: u for u, members in enumerate(units) for w in members}
    pos = {c: i for i, c in enumerate(cont.codes)}
    cannot: list[set[int]] = [set() for _ in units]
    for pair in cannot_link:
        if len(pair) != 2:
            raise InputError(
                f"cannot_link: {tuple(pair)!r} is not a pair of ward codes; give pairs such as "
                "('E05005003', 'E05004996')"
            )
        a, b = unit_of[pos[pair[0]]], unit_of[pos[pair[1]]]
        if a == b:
            raise InputError(
                f"cannot_link: wards {pair[0]} and {pair[1]} are kept apart but also pinned "
                "together by must_link; remove one of the two pins"
            )
        cannot[a].add(b)
        cannot[b].add(a)
    return tuple(frozenset(c) for c in cannot)


def build_problem(
    cont: Contiguity,
    x: np.ndarray,
    *,
    max_size: int,
    min_size: int,
    must_link: Sequence[Sequence[str]] = (),
    cannot_link: Sequence[Sequence[str]] = (),
) -> tuple[Problem, list[list[int]]]:
    """The units' problem, and the ward positions of each unit."""
    units = unit_groups(cont, must_link, max_size)
    unit_of = np.empty(len(cont.codes), dtype=np.int64)
    for u, members in enumerate(units):
        unit_of[members] = u
    adj = tuple(
        frozenset(int(unit_of[j]) for i in members for j in cont.neighbours[i]) - {u}
        for u, members in enumerate(units)
    )
    problem = Problem(
        size=np.array([len(m) for m in units], dtype=np.int64),
        sums=np.array([x[m].sum(axis=0) for m in units]),
        sq=np.array([float((x[m] ** 2).sum()) for m in units]),
        adj=adj,
        cannot=_cannot(cont, units, cannot_link),
        component=np.array([cont.component[m[0]] for m in units]),
        max_size=max_size,
        min_size=min_size,
    )
    return problem, units


def fewest_clusters(cont: Contiguity, max_size: int) -> int:
    """The fewest clusters of at most ``max_size`` wards that can hold every connected piece:
    the sum over components of ``ceil(wards / max_size)`` (a lower bound; contiguity may need
    more)."""
    counts = np.bincount(cont.component)
    return int(sum(-(-int(n) // max_size) for n in counts))
