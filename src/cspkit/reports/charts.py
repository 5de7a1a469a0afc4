"""Charts as Vega-Lite specifications (built with Altair), rendered to SVG or PNG by vl-convert.

The same specification serves the web page (embedded SVG) and the documents (SVG in HTML/PDF,
PNG in Word). A chart is drawn once: the last drawings are kept by their specification, so
writing a document as HTML, PDF and Word draws each chart once as SVG and once as PNG.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Any

import vl_convert as vlc

from cspkit.reports.safety import NO_URLS

__all__ = ["clear_cache", "to_png", "to_svg"]

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


def _key(spec: dict[str, Any]) -> str:
    return json.dumps(_themed(spec), sort_keys=True, default=str)


@lru_cache(maxsize=128)
def _svg(key: str) -> str:
    return str(vlc.vegalite_to_svg(json.loads(key), allowed_base_urls=NO_URLS))


@lru_cache(maxsize=128)
def _png(key: str, scale: float) -> bytes:
    return bytes(vlc.vegalite_to_png(json.loads(key), scale=scale, allowed_base_urls=NO_URLS))


def to_svg(spec: dict[str, Any]) -> str:
    """The chart as an SVG document (text)."""
    return _svg(_key(spec))


def to_png(spec: dict[str, Any], scale: float = 2.0) -> bytes:
    """The chart as PNG bytes (``scale`` 2 prints sharply at its nominal size)."""
    return _png(_key(spec), scale)


def clear_cache() -> None:
    """Forget the charts drawn (benchmarks measure drawing from cold)."""
    _svg.cache_clear()
    _png.cache_clear()
