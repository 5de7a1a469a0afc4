"""Documents: one document model rendered to HTML, PDF (WeasyPrint) and Word (python-docx)."""

from cspkit.reports.document import (
    BulletList,
    Callout,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
)
from cspkit.reports.html import render_html
from cspkit.reports.pdf import render_pdf
from cspkit.reports.word import render_docx

__all__ = [
    "BulletList",
    "Callout",
    "Document",
    "Figure",
    "Paragraph",
    "Section",
    "Table",
    "render_docx",
    "render_html",
    "render_pdf",
]
