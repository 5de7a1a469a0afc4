"""Draw a structure graph as SVG, in rows by level, without Graphviz.

Boxes are laid out in rows (level 0 at the top, priorities at the bottom), in the order of the
graph's nodes; reporting lines are solid, delivery lines dashed. Text is escaped and wrapped.
"""

from __future__ import annotations

import textwrap
from collections import defaultdict
from xml.sax.saxutils import escape

from cspkit.governance.graph import Graph, Node

__all__ = ["render_svg"]

BOX_W, LINE_H, PAD, GAP_X, GAP_Y, CHARS = 190, 15, 8, 20, 60, 26
FILL = {
    "executive_group": "#1d70b8",
    "scrutiny_committee": "#4c2c92",
    "partnership": "#005ea5",
    "priority": "#00703c",
}


def _lines(node: Node) -> list[str]:
    """The label wrapped to the box; a long one gives way to the short label (if any)."""
    label = node.short_label if len(node.label) > 4 * CHARS and node.short_label else node.label
    lines = textwrap.wrap(label, CHARS) or [node.id]
    return lines if len(lines) <= 5 else [*lines[:4], lines[4][: CHARS - 3] + "..."]


def render_svg(graph: Graph, title: str = "Partnership structure") -> str:
    """The graph as a standalone SVG document (with a title for screen readers)."""
    rows: dict[int, list[Node]] = defaultdict(list)
    for n in graph.nodes:
        rows[n.level].append(n)
    row_h = {lvl: max(len(_lines(n)) for n in ns) * LINE_H + 2 * PAD for lvl, ns in rows.items()}
    width = max((len(ns) for ns in rows.values()), default=1) * (BOX_W + GAP_X) + GAP_X
    pos: dict[str, tuple[float, float, float]] = {}
    y = float(GAP_X)
    for lvl in sorted(rows):
        ns = rows[lvl]
        x = (width - len(ns) * (BOX_W + GAP_X) + GAP_X) / 2
        for n in ns:
            pos[n.id] = (x, y, row_h[lvl])
            x += BOX_W + GAP_X
        y += row_h[lvl] + GAP_Y
    height = y - GAP_Y + GAP_X
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width:.0f}" height="{height:.0f}" '
        f'viewBox="0 0 {width:.0f} {height:.0f}" role="img" font-family="Arial, sans-serif" '
        'font-size="12">',
        f"<title>{escape(title)}</title>",
    ]
    for e in graph.edges:
        if e.source not in pos or e.target not in pos:
            continue
        (sx, sy, sh), (tx, ty, th) = pos[e.source], pos[e.target]
        if e.kind == "reports_to":  # from the top of the reporting body up to its parent
            x1, y1, x2, y2 = sx + BOX_W / 2, sy, tx + BOX_W / 2, ty + th
        else:
            x1, y1, x2, y2 = sx + BOX_W / 2, sy + sh, tx + BOX_W / 2, ty
        dash = ' stroke-dasharray="4 3"' if e.kind == "delivers" else ""
        out.append(
            f'<line x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="#505a5f" stroke-width="1.5"{dash}/>'
        )
    for n in graph.nodes:
        x, y0, h = pos[n.id]
        fill = FILL.get(n.kind, "#f3f2f1")
        ink = "#ffffff" if n.kind in FILL else "#0b0c0c"
        out.append(f'<g><title>{escape(n.label)} ({escape(n.kind.replace("_", " "))})</title>')
        out.append(
            f'<rect x="{x:.1f}" y="{y0:.1f}" width="{BOX_W}" height="{h:.0f}" fill="{fill}" '
            'stroke="#0b0c0c"/>'
        )
        for i, line in enumerate(_lines(n)):
            out.append(
                f'<text x="{x + BOX_W / 2:.1f}" y="{y0 + PAD + (i + 0.8) * LINE_H:.1f}" '
                f'text-anchor="middle" fill="{ink}">{escape(line)}</text>'
            )
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out) + "\n"
