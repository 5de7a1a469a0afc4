"""The document engine (no Django): one document model rendered to HTML, PDF and Word."""

from cspkit.reports.document import (
    BulletList,
    Callout,
    Document,
    Figure,
    Paragraph,
    Section,
    Table,
)
from cspkit.reports.files import FORMATS, write_document
from cspkit.reports.html import render_html
from cspkit.reports.pdf import render_pdf
from cspkit.reports.word import render_docx

__all__ = [
    "FORMATS",
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
    "write_document",
]
