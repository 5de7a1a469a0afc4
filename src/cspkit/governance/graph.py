"""The partnership's structure as a graph, for the structure diagram (the plan's Appendix 2).

Nodes are the bodies and the priorities; edges say who reports to whom and which bodies
deliver which priority::

    g = structure_graph(partnership)
    g.nodes[0]   # Node(id='body:smpeg', label='Safer Maidstone Partnership Executive Group', ...)
    g.edges[0]   # Edge(source='body:smp', target='body:smpeg', kind='reports_to')

:func:`cspkit.governance.svg.render_svg` draws it without Graphviz.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from cspkit.governance.models import Body
from cspkit.partnership.models import Partnership

__all__ = ["Edge", "Graph", "Node", "structure_graph"]


@dataclass(frozen=True)
class Node:
    id: str
    label: str
    kind: str
    """A body's kind (``executive_group``, ``subgroup``, ...) or ``priority``."""
    short_label: str = ""
    level: int = 0
    """Rank from the top: 0 for bodies reporting to no one, +1 per reporting step (bodies linked
    to no other body go in the lowest row of bodies); priorities one row below."""


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    kind: str
    """``reports_to`` (source reports to target) or ``delivers`` (body delivers priority)."""
    note: str = ""


@dataclass(frozen=True)
class Graph:
    nodes: list[Node] = field(default_factory=list)
    edges: list[Edge] = field(default_factory=list)

    def as_dict(self) -> dict[str, list[dict[str, object]]]:
        """Plain data (e.g. JSON for a front-end diagram)."""
        return {
            "nodes": [vars(n) for n in self.nodes],
            "edges": [vars(e) for e in self.edges],
        }


def _levels(bodies: list[Body]) -> dict[int, int]:
    by_pk = {b.pk: b for b in bodies}
    levels: dict[int, int] = {}

    def level(b: Body, seen: frozenset[int] = frozenset()) -> int:
        if b.pk in levels:
            return levels[b.pk]
        parent = by_pk.get(b.reports_to_id) if b.reports_to_id else None
        if parent is None or parent.pk in seen:
            levels[b.pk] = 0
        else:
            levels[b.pk] = level(parent, seen | {b.pk}) + 1
        return levels[b.pk]

    for b in bodies:
        level(b)
    # groups attached to no one (a county working group, a linked board) sit in the lowest row
    parents = {b.reports_to_id for b in bodies}
    lowest = max(levels.values(), default=0)
    for b in bodies:
        if b.reports_to_id is None and b.pk not in parents:
            levels[b.pk] = lowest
    return levels


def structure_graph(partnership: Partnership) -> Graph:
    """Bodies and priorities of the partnership, with reporting and delivery edges."""
    bodies = list(Body.objects.filter(partnership=partnership).order_by("position", "pk"))
    levels = _levels(bodies)
    deepest = max(levels.values(), default=-1)
    nodes = [
        Node(f"body:{b.key}", b.name, b.kind, b.short_name, levels[b.pk]) for b in bodies
    ]
    edges = [
        Edge(f"body:{b.key}", f"body:{b.reports_to.key}", "reports_to")
        for b in bodies
        if b.reports_to is not None
    ]
    for p in partnership.priorities.order_by("position", "pk").prefetch_related("deliveries__body"):
        nodes.append(Node(f"priority:{p.key}", p.title, "priority", p.short_title, deepest + 1))
        for d in p.deliveries.all():
            edges.append(Edge(f"body:{d.body.key}", f"priority:{p.key}", "delivers", d.note))
    return Graph(nodes, edges)
