"""The indicator chart: one Vega-Lite specification (as the printed reports use), rendered to
SVG on the server by :func:`cspkit.reports.charts.to_svg` and embedded in the page."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.utils.safestring import SafeString, mark_safe

from cspkit.indicators.models import Indicator, Measurement

__all__ = ["indicator_chart", "indicator_spec"]

LINE = "#1d70b8"  # GOV.UK blue
TARGET = "#0b0c0c"


def indicator_spec(indicator: Indicator, measurements: Sequence[Measurement]) -> dict[str, Any]:
    """Values over time as a line, the target as a dashed rule with its label."""
    values = [
        {"start": m.period_start.isoformat(), "period": m.period, "value": m.value}
        for m in measurements
    ]
    y_title = indicator.unit or "Value"
    layers: list[dict[str, Any]] = [
        {
            "data": {"values": values},
            "mark": {"type": "line", "point": {"filled": True, "size": 36}, "color": LINE,
                     "strokeWidth": 2},
            "encoding": {
                "x": {"field": "start", "type": "temporal", "title": None,
                      "axis": {"format": "%b %Y", "labelAngle": 0, "tickCount": 8}},
                "y": {"field": "value", "type": "quantitative", "title": y_title,
                      "scale": {"zero": False}},
            },
        }
    ]
    if indicator.target is not None:
        target = {"target": indicator.target, "label": f"Target {indicator.target:g}"}
        layers += [
            {
                "data": {"values": [target]},
                "mark": {"type": "rule", "strokeDash": [6, 4], "color": TARGET, "strokeWidth": 2},
                "encoding": {"y": {"field": "target", "type": "quantitative"}},
            },
            {
                "data": {"values": [target]},
                "mark": {"type": "text", "align": "left", "dx": 4, "dy": -8, "x": 0,
                         "color": TARGET, "fontSize": 13},
                "encoding": {"y": {"field": "target", "type": "quantitative"},
                             "text": {"field": "label"}},
            },
        ]
    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "width": 640,
        "height": 260,
        "layer": layers,
        "config": {"axis": {"labelFontSize": 14, "titleFontSize": 14}},
    }


def indicator_chart(indicator: Indicator, measurements: Sequence[Measurement]) -> SafeString:
    """The chart as inline SVG, hidden from screen readers: the page's caption and table carry
    the same figures as text."""
    from cspkit.reports.charts import to_svg

    svg = to_svg(indicator_spec(indicator, measurements))
    start = svg.index("<svg")
    svg = svg[start:].replace("<svg", '<svg aria-hidden="true" focusable="false"', 1)
    return mark_safe(svg)  # vl-convert rendered it from our own spec
