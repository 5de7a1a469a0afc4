"""Small charts and diagrams drawn on the server as inline SVG (no JavaScript, no fonts to load).

Each returns safe HTML: an ``<svg role="img">`` named by ``aria-label`` or by its ``<title>`` and
``<desc>``; the page beside it always carries the same facts as text (a table or a list).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

__all__ = ["Box", "diagram", "sparkline"]


def _num(x: float) -> str:
    return f"{x:.1f}"


def sparkline(
    values: Sequence[float | None],
    *,
    label: str,
    target: float | None = None,
    width: int = 120,
    height: int = 32,
) -> SafeString:
    """A line of ``values`` (None leaves a gap), a dashed line at ``target``, a dot on the last.

    ``label`` is the text alternative, e.g. "24 months from 2023-04 to 2025-03: 31 to 48, latest
    40; target 35".
    """
    pad = 3
    known = [v for v in values if v is not None]
    lo = min([*known, target] if target is not None else known, default=0.0)
    hi = max([*known, target] if target is not None else known, default=1.0)
    span = (hi - lo) or 1.0
    step = (width - 2 * pad) / max(len(values) - 1, 1)

    def y(v: float) -> str:
        return _num(height - pad - (v - lo) / span * (height - 2 * pad))

    parts = [
        f'<svg class="app-sparkline" role="img" aria-label="{escape(label)}" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    if target is not None:
        parts.append(
            f'<line class="app-sparkline__target" x1="0" x2="{width}" '
            f'y1="{y(target)}" y2="{y(target)}"/>'
        )
    runs: list[list[str]] = [[]]
    for i, v in enumerate(values):
        if v is None:
            runs.append([])
        else:
            runs[-1].append(f"{_num(pad + i * step)},{y(v)}")
    for run in runs:
        if len(run) > 1:
            parts.append(f'<polyline class="app-sparkline__line" points="{" ".join(run)}"/>')
    if values and values[-1] is not None:
        x_last = _num(pad + (len(values) - 1) * step)
        parts.append(
            f'<circle class="app-sparkline__last" cx="{x_last}" cy="{y(values[-1])}" r="2.5"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # every value above is a number or escaped


@dataclass(frozen=True)
class Box:
    """One node of a diagram: its id, the text in it, and the id of the node above (or None)."""

    id: int
    text: str
    parent: int | None = None
    strong: bool = False


def _levels(boxes: Sequence[Box]) -> list[list[Box]]:
    """Boxes by depth below their roots (a parent missing from ``boxes`` makes a root)."""
    ids = {b.id for b in boxes}
    children: dict[int | None, list[Box]] = {}
    for b in boxes:
        children.setdefault(b.parent if b.parent in ids else None, []).append(b)
    levels: list[list[Box]] = []
    current, seen = children.get(None, []), set[int]()
    while current:
        levels.append(current)
        seen.update(b.id for b in current)
        current = [c for b in current for c in children.get(b.id, []) if c.id not in seen]
    return levels


def diagram(
    boxes: Sequence[Box],
    *,
    title: str,
    description: str,
    apart: str = "No reporting line recorded",
    per_row: int = 5,
    box_width: int = 172,
    gap: int = 20,
) -> SafeString:
    """A top-down structure chart: each level's boxes in rows of ``per_row``, lines to parents.

    Boxes linked to no other (no parent, no child) are drawn apart at the bottom, under the
    label ``apart``, so that they do not crowd the top of the structure.
    """
    line_height, pad_y = 17, 10
    parents = {b.parent for b in boxes}
    ids = {b.id for b in boxes}
    alone = [b for b in boxes if b.parent not in ids and b.id not in parents]
    linked = [b for b in boxes if b not in alone]
    wrapped = {b.id: textwrap.wrap(b.text, 22) or [""] for b in boxes}
    most_lines = max((len(lines) for lines in wrapped.values()), default=1)
    box_height = most_lines * line_height + 2 * pad_y
    width = per_row * box_width + (per_row - 1) * gap + 4  # room for the outer strokes
    where: dict[int, tuple[float, float]] = {}
    labels: list[tuple[float, str]] = []
    y = 2.0
    groups = [(level, False) for level in _levels(linked)] + ([(alone, True)] if alone else [])
    for level, is_apart in groups:
        if is_apart and linked:
            y += gap
            labels.append((y + 14, apart))
            y += 24
        for start in range(0, len(level), per_row):
            row = level[start : start + per_row]
            row_width = len(row) * box_width + (len(row) - 1) * gap
            x = (width - row_width) / 2
            for b in row:
                where[b.id] = (x, y)
                x += box_width + gap
            y += box_height + gap
        y += gap
    height = int(y - 2 * gap + 4) if boxes else 10
    out = [
        f'<svg class="app-diagram" role="img" aria-labelledby="diagram-title diagram-desc" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        'xmlns="http://www.w3.org/2000/svg">',
        f'<title id="diagram-title">{escape(title)}</title>',
        f'<desc id="diagram-desc">{escape(description)}</desc>',
    ]
    for label_y, text in labels:
        out.append(
            f'<text class="app-diagram__text app-diagram__label" x="2" y="{_num(label_y)}">'
            f"{escape(text)}</text>"
        )
    out += _lines(boxes, where, box_width, box_height, gap)
    out += _boxes(boxes, where, wrapped, box_width, box_height, line_height)
    out.append("</svg>")
    return mark_safe("".join(out))  # every value above is a number or escaped


def _lines(boxes: Sequence[Box], where: dict[int, tuple[float, float]], box_width: int,
           box_height: int, gap: int) -> list[str]:
    """An elbow line from each placed box to its placed parent."""
    out = []
    for b in boxes:
        if b.parent in where and b.id in where:
            (cx, cy), (px, py) = where[b.id], where[b.parent]
            mid = cy - gap / 2
            out.append(
                f'<polyline class="app-diagram__line" fill="none" points="'
                f"{_num(px + box_width / 2)},{_num(py + box_height)} "
                f"{_num(px + box_width / 2)},{_num(mid)} {_num(cx + box_width / 2)},{_num(mid)} "
                f'{_num(cx + box_width / 2)},{_num(cy)}"/>'
            )
    return out


def _boxes(boxes: Sequence[Box], where: dict[int, tuple[float, float]],
           wrapped: dict[int, list[str]], box_width: int, box_height: int,
           line_height: int) -> list[str]:
    """Each placed box with its text, centred line by line."""
    out = []
    for b in boxes:
        if b.id not in where:
            continue
        x, y0 = where[b.id]
        modifier = " app-diagram__box--top" if b.strong else ""
        out.append(
            f'<rect class="app-diagram__box{modifier}" x="{_num(x)}" y="{_num(y0)}" '
            f'width="{box_width}" height="{box_height}" rx="3"/>'
        )
        lines = wrapped[b.id]
        first = y0 + box_height / 2 - (len(lines) - 1) * line_height / 2 + 5
        for i, line in enumerate(lines):
            out.append(
                f'<text class="app-diagram__text" x="{_num(x + box_width / 2)}" '
                f'y="{_num(first + i * line_height)}" text-anchor="middle">{escape(line)}</text>'
            )
    return out
