"""Charts as Vega-Lite specifications (built with Altair), rendered to SVG or PNG by vl-convert.

The same specification serves the web page (embedded SVG) and the documents (SVG in HTML/PDF,
PNG in Word).
"""

from __future__ import annotations

from typing import Any

import vl_convert as vlc

from cspkit.reports.safety import NO_URLS

__all__ = ["to_png", "to_svg"]

FONT = "DejaVu Sans"


def _themed(spec: dict[str, Any]) -> dict[str, Any]:
    config = {
        "font": FONT,
        "axis": {"labelFontSize": 11, "titleFontSize": 11, "grid": True, "gridColor": "#e5e5e5"},
        "legend": {"labelFontSize": 11, "titleFontSize": 11},
        "title": {"fontSize": 13, "anchor": "start"},
        "view": {"stroke": None},
    }
    merged = dict(spec)
    merged["config"] = {**config, **spec.get("config", {})}
    return merged


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (text)."""
    return str(vlc.vegalite_to_svg(_themed(spec), allowed_base_urls=NO_URLS))


def to_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (``scale`` 2 prints sharply at its nominal size)."""
    return bytes(vlc.vegalite_to_png(_themed(spec), scale=scale, allowed_base_urls=NO_URLS))
