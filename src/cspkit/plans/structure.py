"""A version's structure diagram: the graph of its bodies and priorities, and a Vega-Lite
specification of it for the documents.

:func:`graph_of_content` builds the same :class:`~cspkit.governance.graph.Graph` as
:func:`cspkit.governance.graph.structure_graph`, but from a version's content (the structure
as the plan stated it), so :func:`cspkit.governance.svg.render_svg` draws it on the web.

:func:`structure_spec` lays the graph out for print, since the report engine's figures are
Vega-Lite: the reporting hierarchy in rows by level as ``render_svg`` does, the priorities
under it and the groups that report to no one under those, at most :data:`PER_ROW` boxes a row
(long rows wrap), and a last row keying each colour to its kind of group; boxes as ``rect``
marks, whole names as multi-line ``text`` marks (never cut off), reporting lines solid
and delivery lines dashed (``rule`` marks). One specification renders to SVG in HTML and PDF
and to PNG in Word (:mod:`cspkit.reports.charts`).
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from collections.abc import Mapping
from typing import Any

from cspkit.governance.graph import Edge, Graph, Node

__all__ = ["PER_ROW", "graph_of_content", "structure_spec"]

PER_ROW = 5
BOX_W, LINE_H, PAD, GAP_X, GAP_Y, CHARS = 132, 14, 6, 12, 34, 19
FILL = {
    "executive_group": "#1d70b8", "scrutiny_committee": "#4c2c92", "partnership": "#005ea5",
    "priority": "#00703c", "subgroup": "#d2e2f1", "linked_board": "#f3f2f1",
}
KIND_LABEL = {
    "executive_group": "Executive group", "scrutiny_committee": "Scrutiny committee",
    "partnership": "Partnership", "subgroup": "Subgroup", "working_group": "Working group",
    "linked_board": "Linked board", "task_force": "Task force", "team": "Service team",
    "priority": "Priority",
}


def _levels(bodies: list[Mapping[str, Any]]) -> dict[str, int]:
    parent = {str(b["key"]): b.get("reports_to") for b in bodies}
    levels: dict[str, int] = {}

    def level(key: str, seen: frozenset[str]) -> int:
        if key in levels:
            return levels[key]
        up = parent.get(key)
        levels[key] = 0 if up is None or up not in parent or up in seen else \
            level(str(up), seen | {key}) + 1
        return levels[key]

    for b in bodies:
        level(str(b["key"]), frozenset())
    parents = set(parent.values())
    lowest = max(levels.values(), default=0)
    for key, up in parent.items():
        if up is None and key not in parents:
            levels[key] = lowest
    return levels


def graph_of_content(content: Mapping[str, Any]) -> Graph:
    """The structure graph of a version's content (bodies, priorities, reporting, delivery)."""
    bodies = list(content.get("bodies", []))
    levels = _levels(bodies)
    deepest = max(levels.values(), default=-1)
    nodes = [Node(f"body:{b['key']}", b["name"], b["kind"], b.get("short_name", ""),
                  levels[str(b["key"])]) for b in bodies]
    keys = {str(b["key"]) for b in bodies}
    edges = [Edge(f"body:{b['key']}", f"body:{b['reports_to']}", "reports_to")
             for b in bodies if b.get("reports_to") in keys]
    for p in content.get("priorities", []):
        nodes.append(Node(f"priority:{p['key']}", p["title"], "priority",
                          p.get("short_title", ""), deepest + 1))
        for d in p.get("delivered_by", []):
            if d["body"] in keys:
                edges.append(Edge(f"body:{d['body']}", f"priority:{p['key']}", "delivers",
                                  d.get("note", "")))
    return Graph(nodes, edges)


def _lines(node: Node) -> list[str]:
    """The whole name, wrapped (the short name when the name is long): never cut off."""
    label = node.short_label if len(node.label) > 3 * CHARS and node.short_label else node.label
    return textwrap.wrap(label, CHARS, break_long_words=False) or [node.id]


def _key(graph: Graph) -> list[Node]:
    """One box per kind of group drawn, named by its kind: the key to the colours (the
    executive group, committee and partnership are one box each, named, and need none)."""
    kinds = {n.kind for n in graph.nodes} - {"executive_group", "scrutiny_committee",
                                              "partnership"}
    plain = [k for k in KIND_LABEL if k in kinds and k not in FILL]
    out = [Node(f"key:{k}", f"Key: {KIND_LABEL[k].lower()}", k, "", 0)
           for k in KIND_LABEL if k in kinds and k in FILL]
    if plain:
        out.append(Node("key:other", "Key: " + ", ".join(KIND_LABEL[k].lower() for k in plain),
                        plain[0], "", 0))
    return out


def _rows(graph: Graph) -> list[list[Node]]:
    """The reporting hierarchy by level, then the priorities, then the groups that report to
    no one (working groups, teams, linked boards) under them, wrapped at :data:`PER_ROW`."""
    linked = {e.source for e in graph.edges if e.kind == "reports_to"} | \
        {e.target for e in graph.edges if e.kind == "reports_to"}
    by_level: dict[int, list[Node]] = defaultdict(list)
    loose: list[Node] = []
    priorities: list[Node] = []
    for n in graph.nodes:
        if n.kind == "priority":
            priorities.append(n)
        elif n.id in linked:
            by_level[n.level].append(n)
        else:
            loose.append(n)
    # groups delivering a priority first, in the priorities' order (short lines, few crossings)
    order = {n.id: i for i, n in enumerate(priorities)}
    first: dict[str, int] = {}
    for e in graph.edges:
        if e.kind == "delivers" and e.target in order:
            first[e.source] = min(first.get(e.source, len(order)), order[e.target])
    loose.sort(key=lambda n: first.get(n.id, len(order) + 1))
    rows: list[list[Node]] = []
    for group in [*(by_level[k] for k in sorted(by_level)), priorities, loose, _key(graph)]:
        rows += [group[i:i + PER_ROW] for i in range(0, len(group), PER_ROW)]
    return rows


def structure_spec(graph: Graph, title: str = "") -> dict[str, Any]:
    """The graph as a Vega-Lite specification (pixel positions; see the module docstring)."""
    rows = _rows(graph)
    width = max((len(r) for r in rows), default=1) * (BOX_W + GAP_X) - GAP_X
    boxes, pos = [], {}
    y = 0.0
    for row in rows:
        h = max(len(_lines(n)) for n in row) * LINE_H + 2 * PAD
        x = (width - (len(row) * (BOX_W + GAP_X) - GAP_X)) / 2
        for n in row:
            pos[n.id] = (x, y, h)
            dark = n.kind in ("executive_group", "scrutiny_committee", "partnership", "priority")
            boxes.append({
                "x": x, "x2": x + BOX_W, "y": y, "y2": y + h, "lines": _lines(n),
                "tx": x + BOX_W / 2, "ty": y + PAD, "fill": FILL.get(n.kind, "#ffffff"),
                "ink": "#ffffff" if dark else "#0b0c0c", "name": n.label,
                "kind": KIND_LABEL.get(n.kind, n.kind),
            })
            x += BOX_W + GAP_X
        y += h + GAP_Y
    height = max(y - GAP_Y, 1.0)
    lines = []
    for e in graph.edges:
        if e.source not in pos or e.target not in pos:
            continue
        (sx, sy, sh), (tx, ty, th) = pos[e.source], pos[e.target]
        if sy > ty:  # the source lies below: from its top to the target's bottom
            x1, y1, x2, y2 = sx + BOX_W / 2, sy, tx + BOX_W / 2, ty + th
        else:
            x1, y1, x2, y2 = sx + BOX_W / 2, sy + sh, tx + BOX_W / 2, ty
        lines.append({"x": x1, "y": y1, "x2": x2, "y2": y2,
                      "dash": [4, 3] if e.kind == "delivers" else [1, 0]})
    px = {"type": "quantitative", "scale": None, "axis": None}
    spec: dict[str, Any] = {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": width, "height": height,
        "layer": [
            {"data": {"values": lines},
             "mark": {"type": "rule", "color": "#505a5f", "strokeWidth": 1.2},
             "encoding": {"x": {"field": "x", **px}, "y": {"field": "y", **px},
                          "x2": {"field": "x2"}, "y2": {"field": "y2"},
                          "strokeDash": {"field": "dash", "type": "nominal", "scale": None,
                                         "legend": None}}},
            {"data": {"values": boxes},
             "mark": {"type": "rect", "stroke": "#0b0c0c", "strokeWidth": 1},
             "encoding": {"x": {"field": "x", **px}, "y": {"field": "y", **px},
                          "x2": {"field": "x2"}, "y2": {"field": "y2"},
                          "fill": {"field": "fill", "type": "nominal", "scale": None},
                          "tooltip": [{"field": "name"}, {"field": "kind"}]}},
            {"data": {"values": boxes},
             "mark": {"type": "text", "align": "center", "baseline": "top", "fontSize": 11,
                      "lineHeight": LINE_H},
             "encoding": {"x": {"field": "tx", **px}, "y": {"field": "ty", **px},
                          "text": {"field": "lines"},
                          "color": {"field": "ink", "type": "nominal", "scale": None}}},
        ],
    }
    if title:
        spec["title"] = title
    return spec
