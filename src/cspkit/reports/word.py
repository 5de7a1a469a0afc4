"""A document as Word (.docx), which councils file: headings, contents field, tables, charts."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

from docx import Document as new_word_document
from docx.document import Document as WordDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cspkit.reports.charts import to_png
from cspkit.reports.document import (
    BulletList,
    Callout,
    Document,
    Figure,
    Paragraph,
    Table,
    format_cell,
)

__all__ = ["render_docx"]

BLUE = RGBColor(0x1D, 0x70, 0xB8)
GREY = RGBColor(0x50, 0x5A, 0x5F)


def render_docx(doc: Document, path: str | Path) -> Path:
    """Write the document as .docx (A4). Word fills in the contents when the file is opened."""
    word = new_word_document()
    _page_setup(word)
    _title_page(word, doc)
    _contents(word)
    labels = doc.numbered()
    for depth, section in doc.walk():
        if depth == 1:
            word.add_page_break()
        word.add_heading(section.title, level=min(depth, 4))
        for block in section.blocks:
            _block(word, block, labels)
    word.add_page_break()
    word.add_heading(doc.sources_title, level=1)
    rows = tuple((n.label, n.caption, n.source) for n in doc.source_notes())
    _table(word, Table("", ("Item", "Shows", "Data, period and query"), rows), caption=None)
    _update_fields_on_open(word)
    out = Path(path)
    word.save(str(out))
    return out


def _page_setup(word: WordDocument) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    style = word.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(11)


def _title_page(word: WordDocument, doc: Document) -> None:
    if doc.logo is not None:
        word.add_picture(io.BytesIO(doc.logo.raster()), height=Cm(2.5))
        picture = word.inline_shapes[-1]._inline
        picture.docPr.set("descr", doc.logo.alt)  # the alternative text screen readers read
    if doc.organisation:
        p = word.add_paragraph()
        run = p.add_run(doc.organisation)
        run.bold, run.font.color.rgb = True, BLUE
    word.add_heading(doc.title, level=0)
    if doc.subtitle:
        word.add_paragraph(doc.subtitle).runs[0].font.size = Pt(14)
    if doc.issued:
        word.add_paragraph(doc.issued.strftime("%-d %B %Y"))
    for notice in doc.notices:
        run = word.add_paragraph().add_run(notice)
        run.font.size, run.font.color.rgb = Pt(9), GREY


def _contents(word: WordDocument) -> None:
    word.add_page_break()
    word.add_heading("Contents", level=1)
    paragraph = word.add_paragraph()
    run = paragraph.add_run()
    for tag, text in (("begin", None), (None, 'TOC \\o "1-2" \\h \\z \\u'), ("separate", None)):
        if tag:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), tag)
        else:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = text
        run._r.append(el)
    paragraph.add_run("Right-click and choose Update Field to show the contents.")
    end = OxmlElement("w:fldChar")
    end.set(qn("w:fldCharType"), "end")
    paragraph.add_run()._r.append(end)


def _update_fields_on_open(word: WordDocument) -> None:
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def _inline(paragraph: Any, text: str) -> None:
    for i, part in enumerate(re.split(r"\*\*(.+?)\*\*", text)):
        if part:
            paragraph.add_run(part).bold = i % 2 == 1


def _block(word: WordDocument, block: object, labels: dict[int, str]) -> None:
    if isinstance(block, Paragraph):
        _inline(word.add_paragraph(), block.text)
    elif isinstance(block, BulletList):
        style = "List Number" if block.numbered else "List Bullet"
        for item in block.items:
            _inline(word.add_paragraph(style=style), item)
    elif isinstance(block, Callout):
        p = word.add_paragraph()
        _inline(p, block.text)
        p.paragraph_format.left_indent = Cm(0.5)
        for run in p.runs:
            run.font.color.rgb = RGBColor(0xD4, 0x35, 0x1C) if block.kind == "warning" else BLUE
    elif isinstance(block, Table):
        _table(word, block, caption=f"{labels[id(block)]}: {block.caption}")
    elif isinstance(block, Figure):
        word.add_picture(io.BytesIO(to_png(block.spec)), width=Cm(16))
        word.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
        cap = word.add_paragraph()
        cap.add_run(f"{labels[id(block)]}: {block.caption}").bold = True


def _table(word: WordDocument, table: Table, caption: str | None) -> None:
    if caption:
        word.add_paragraph().add_run(caption).bold = True
    numeric = table.is_numeric()
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, name in zip(grid.rows[0].cells, table.columns, strict=True):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
    _repeat_header(grid.rows[0])
    for row in table.rows:
        cells = grid.add_row().cells
        for i, value in enumerate(row):
            cells[i].text = format_cell(value)
            if i < len(numeric) and numeric[i]:
                cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in grid.rows:
        for cell in row.cells:
            for p in cell.paragraphs:
                for run in p.runs:
                    run.font.size = Pt(9)
    word.add_paragraph().add_run().add_break(WD_BREAK.LINE)


def _repeat_header(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)
