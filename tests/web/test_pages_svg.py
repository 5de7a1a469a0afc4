"""The SVG the pages draw on the server: sparklines and the governance structure chart."""

from __future__ import annotations

import re

from cspkit.web.svg import Box, diagram, sparkline


def test_sparkline_scales_values_and_marks_the_target_and_the_latest() -> None:
    svg = str(sparkline([10, 20, 30], label="Trend <of> x", target=25, width=106, height=26))
    assert svg.startswith('<svg class="app-sparkline" role="img" aria-label="Trend &lt;of&gt; x"')
    assert '<polyline class="app-sparkline__line" points="3.0,23.0 53.0,13.0 103.0,3.0"/>' in svg
    assert '<line class="app-sparkline__target" x1="0" x2="106" y1="8.0" y2="8.0"/>' in svg
    assert '<circle class="app-sparkline__last" cx="103.0" cy="3.0" r="2.5"/>' in svg


def test_sparkline_leaves_gaps_for_missing_values() -> None:
    svg = str(sparkline([1, 2, None, 3, 4], label="x"))
    assert svg.count("<polyline") == 2


def test_flat_line_does_not_divide_by_zero() -> None:
    svg = str(sparkline([5, 5, 5], label="x", height=26))
    assert 'points="3.0,23.0 60.0,23.0 117.0,23.0"' in svg


def test_diagram_draws_levels_and_sets_unlinked_bodies_apart() -> None:
    boxes = [
        Box(1, "Executive group", None, strong=True),
        Box(2, "Partnership", 1, strong=True),
        Box(3, "Subgroup A", 2),
        Box(4, "Subgroup B", 2),
        Box(5, "Linked board", None),
    ]
    svg = str(diagram(boxes, title="Structure", description="Who reports to whom"))
    assert '<title id="diagram-title">Structure</title>' in svg
    assert svg.count('class="app-diagram__box app-diagram__box--top"') == 2
    assert svg.count("<polyline") == 3
    assert ">No reporting line recorded</text>" in svg
    ys = {m[1]: float(m[0]) for m in re.findall(r'y="([\d.]+)" text-anchor="middle">([^<]+)<', svg)}
    assert ys["Executive group"] < ys["Partnership"] < ys["Subgroup A"] == ys["Subgroup B"]
    assert ys["Linked board"] > ys["Subgroup A"]


def test_diagram_without_unlinked_bodies_has_no_apart_label() -> None:
    svg = str(diagram([Box(1, "A"), Box(2, "B", 1)], title="t", description="d"))
    assert "No reporting line recorded" not in svg
