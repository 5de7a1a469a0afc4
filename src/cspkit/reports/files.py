"""A document written to a file whose suffix names the format."""

from __future__ import annotations

from pathlib import Path

from cspkit.errors import InputError
from cspkit.reports.document import Document
from cspkit.reports.html import render_html
from cspkit.reports.pdf import render_pdf
from cspkit.reports.word import render_docx

__all__ = ["FORMATS", "write_document"]

#: The formats a document is written in, by file suffix.
FORMATS = ("html", "pdf", "docx")


def write_document(doc: Document, path: Path) -> Path:
    """Write ``doc`` in the format of the file's suffix (.html, .pdf or .docx)."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix == "html":
        path.write_text(render_html(doc), encoding="utf-8")
        return path
    if suffix == "pdf":
        return render_pdf(doc, path)
    if suffix == "docx":
        return render_docx(doc, path)
    raise InputError(f"{path}: the file's name must end in .html, .pdf or .docx")
