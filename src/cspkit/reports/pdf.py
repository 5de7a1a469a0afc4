"""A document as PDF: its print HTML through WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from cspkit.reports.document import Document
from cspkit.reports.html import render_html
from cspkit.reports.safety import PACKAGE_DIR, url_fetcher

__all__ = ["render_pdf"]


def render_pdf(doc: Document, path: str | Path) -> Path:
    """Write the document as an A4 PDF with a title page and numbered contents."""
    from weasyprint import HTML

    out = Path(path)
    html = render_html(doc, for_print=True)
    # fetches only data: URLs and the package's files: a user's SVG cannot reach the network
    HTML(string=html, base_url=str(PACKAGE_DIR), url_fetcher=url_fetcher()).write_pdf(out)
    return out
