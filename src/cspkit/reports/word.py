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
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Length, Pt, RGBColor
from PIL import Image

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
from cspkit.reports.word_parts import (
    BLUE,
    GREY,
    alt_text,
    contents_field,
    keep_row_together,
    page_footer,
    properties,
    repeat_header,
    shade,
    styles,
    update_fields_on_open,
)

__all__ = ["render_docx"]

def render_docx(doc: Document, path: str | Path) -> Path:
    """Write the document as .docx (A4): file properties, a contents field, Word headings,
    page numbers in the footer, captioned tables with repeated header rows, charts with
    alternative text. Word fills in the contents' page numbers when the file is opened."""
    word = new_word_document()
    _page_setup(word)
    styles(word)
    properties(word, doc)
    page_footer(word, doc)
    _title_page(word, doc)
    _contents(word, doc)
    labels = doc.numbered()
    for i, (depth, section) in enumerate(doc.walk()):
        heading = word.add_heading(section.title, level=min(depth, 4))
        if depth == 1 and (doc.page_per_section or i == 0):  # never on the contents' page
            heading.paragraph_format.page_break_before = True
        for block in section.blocks:
            _block(word, block, labels)
    notes = doc.source_notes()
    if notes:
        word.add_heading(doc.sources_title, level=1).paragraph_format.page_break_before = True
        rows = tuple((n.label, n.caption, n.source) for n in notes)
        _table(word, Table("", ("Item", "Shows", "Data, period and query"), rows), caption=None)
    update_fields_on_open(word)
    out = Path(path)
    word.save(str(out))
    return out


def _page_setup(word: WordDocument) -> None:
    section = word.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    for side in ("left_margin", "right_margin"):
        setattr(section, side, Cm(1.8))
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)


def _title_page(word: WordDocument, doc: Document) -> None:
    if doc.logo is not None:
        word.add_picture(io.BytesIO(doc.logo.raster()), height=Cm(2.5))
        alt_text(word, doc.logo.alt, "Logo")
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


def _contents(word: WordDocument, doc: Document) -> None:
    heading = word.add_paragraph("Contents", style="TOC Heading")
    heading.paragraph_format.page_break_before = True
    for run in heading.runs:
        run.font.size, run.bold, run.font.color.rgb = Pt(18), True, BLUE
    entries = [(depth, s.title) for depth, s in doc.walk() if depth <= 2]
    if doc.source_notes():
        entries.append((1, doc.sources_title))
    contents_field(word, entries)


def _inline(paragraph: Any, text: str) -> None:
    for i, part in enumerate(re.split(r"\*\*(.+?)\*\*", text)):
        if part:
            paragraph.add_run(part).bold = i % 2 == 1


def _block(word: WordDocument, block: object, labels: dict[int, str]) -> None:
    if isinstance(block, Paragraph):
        paragraph = word.add_paragraph()
        _inline(paragraph, block.text)
        if block.text.endswith(":"):  # a lead-in stays with its list or table
            paragraph.paragraph_format.keep_with_next = True
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
        png = to_png(block.spec)
        word.add_picture(io.BytesIO(png), **_picture_size(png))
        picture = word.paragraphs[-1]
        picture.alignment = WD_ALIGN_PARAGRAPH.CENTER
        picture.paragraph_format.keep_with_next = True
        alt_text(word, block.alt_text, block.caption)
        caption = word.add_paragraph(f"{labels[id(block)]}: {block.caption}", style="Caption")
        if block.source:
            caption.paragraph_format.keep_with_next = True
            run = word.add_paragraph().add_run(f"Source: {block.source}")
            run.font.size, run.font.color.rgb = Pt(8), GREY


def column_widths(table: Table, total_cm: float = 17.4) -> list[Length]:
    """Columns as wide as their text needs: each at least as wide as the longest word of its
    heading (never "Lat/est/upd/ate"), the rest shared in proportion to the mean length of
    its cells, so a long action is not squeezed into the width of its due date."""
    floors, weights = [], []
    for i, name in enumerate(table.columns):
        cells = [format_cell(r[i]) for r in table.rows if i < len(r)]
        words = [len(w) for c in cells for w in c.split()]
        longest = max([len(w) for w in name.split()] + [min(max(words, default=0), 14)])
        floors.append(0.2 * max(longest, 3) + 0.4)
        weights.append(min(sum(len(c) for c in cells) / len(cells) if cells else 1.0, 60.0))
    spare = max(total_cm - sum(floors), 0.0)
    total = sum(weights) or 1.0
    scale = min(1.0, total_cm / sum(floors))
    return [Cm(f * scale + spare * w / total) for f, w in zip(floors, weights, strict=True)]


def _picture_size(png: bytes, *, width_cm: float = 16.0, height_cm: float = 11.0
                  ) -> dict[str, Length]:
    """At most 16 cm wide and 11 cm tall, never enlarged past the chart's own size (its PNG
    is drawn at twice its nominal 96 dpi size)."""
    with Image.open(io.BytesIO(png)) as image:
        w_px, h_px = image.size
    natural_cm = w_px / 2 / 96 * 2.54
    width = min(width_cm, natural_cm)
    if width * h_px / w_px > height_cm:
        return {"height": Cm(height_cm)}
    return {"width": Cm(width)}


def _table(word: WordDocument, table: Table, caption: str | None) -> None:
    if caption:
        word.add_paragraph(caption, style="Caption").paragraph_format.keep_with_next = True
    numeric = table.is_numeric()
    grid = word.add_table(rows=1, cols=len(table.columns))
    grid.style = "Table Grid"
    grid.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, (cell, name) in enumerate(zip(grid.rows[0].cells, table.columns, strict=True)):
        cell.text = ""
        cell.paragraphs[0].add_run(name).bold = True
        shade(cell)
        if i < len(numeric) and numeric[i]:
            cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    repeat_header(grid.rows[0])
    for row in table.cells():
        added = grid.add_row()
        keep_row_together(added)
        for i, value in enumerate(row):
            added.cells[i].text = value
            if i < len(numeric) and numeric[i]:
                added.cells[i].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    widths = column_widths(table)
    grid.autofit = False
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = width  # the grid LibreOffice and Word lay out from
    for row in grid.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            for p in cell.paragraphs:
                p.paragraph_format.space_after = Pt(0)
                for run in p.runs:
                    run.font.size = Pt(9)
    word.add_paragraph().paragraph_format.space_after = Pt(2)
