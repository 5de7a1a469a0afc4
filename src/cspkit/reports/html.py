"""A :class:`~cspkit.reports.document.Document` as HTML: a standalone page or a fragment."""

from __future__ import annotations

import html as _html
import re
from functools import cache
from importlib import resources

from jinja2 import Environment, PackageLoader, select_autoescape
from markupsafe import Markup

from cspkit.reports.charts import to_svg
from cspkit.reports.document import Document, Figure, format_cell

__all__ = ["render_html", "stylesheet"]


@cache
def _env() -> Environment:
    env = Environment(
        loader=PackageLoader("cspkit.reports", "templates"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["cell"] = format_cell
    env.filters["inline"] = _inline
    env.globals["svg"] = _svg
    return env


def _inline(text: str) -> Markup:
    """Escape, then turn ``**bold**`` into <strong>."""
    escaped = _html.escape(text)
    return Markup(re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escaped))


def _svg(figure: Figure) -> Markup:
    svg = to_svg(figure.spec)
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    label = _html.escape(figure.alt_text, quote=True)
    return Markup(svg.replace("<svg ", f'<svg role="img" aria-label="{label}" ', 1))


def stylesheet() -> str:
    return resources.files("cspkit.reports").joinpath("templates/reports/report.css").read_text()


def render_html(doc: Document, *, standalone: bool = True, for_print: bool = False) -> str:
    """The document as HTML. ``standalone`` wraps it in a page with its stylesheet;
    ``for_print`` adds the title page and page-numbered contents used for PDF."""
    template = _env().get_template("reports/document.html")
    labels = doc.numbered()
    anchors = doc.anchors()
    return template.render(
        doc=doc,
        label_of=lambda block: labels[id(block)],
        anchor_of=lambda section: anchors[id(section)],
        notes=doc.source_notes(),
        sections=list(doc.walk()),
        standalone=standalone,
        for_print=for_print,
        css=stylesheet() if standalone else "",
    )
