"""A document as PDF: its print HTML through WeasyPrint."""

from __future__ import annotations

from pathlib import Path

from cspkit.reports.document import Document
from cspkit.reports.html import render_html

__all__ = ["render_pdf"]


def render_pdf(doc: Document, path: str | Path) -> Path:
    """Write the document as an A4 PDF with a title page and numbered contents."""
    from weasyprint import HTML

    out = Path(path)
    HTML(string=render_html(doc, for_print=True), base_url=str(out.parent)).write_pdf(out)
    return out
