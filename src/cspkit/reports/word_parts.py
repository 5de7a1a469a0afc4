"""The parts of a Word file that python-docx does not write for us: fields (contents, page
numbers), file properties, styles, alternative text and repeated table headers."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from docx.document import Document as WordDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from cspkit.reports.document import Document

__all__ = [
    "BLUE",
    "CONTENTS_NOTE",
    "GREY",
    "alt_text",
    "contents_field",
    "keep_row_together",
    "page_footer",
    "properties",
    "repeat_header",
    "shade",
    "simple_field",
    "styles",
    "update_fields_on_open",
]

BLUE = RGBColor(0x1D, 0x70, 0xB8)
GREY = RGBColor(0x50, 0x5A, 0x5F)
BLACK = RGBColor(0x0B, 0x0C, 0x0C)
FONT = "Arial"
CONTENTS_NOTE = (
    "Page numbers are added when Word updates the contents: choose Yes when Word asks to "
    "update fields, or right-click the contents and choose Update Field."
)


def properties(word: WordDocument, doc: Document) -> None:
    """Title, author (the partnership), subject and dates in the file's properties."""
    core = word.core_properties
    core.title = doc.title[:255]
    core.author = doc.author or doc.organisation or "cspkit"
    core.last_modified_by = core.author
    core.subject = doc.subtitle[:255]
    core.category = doc.category
    core.keywords = "; ".join(doc.keywords)
    core.comments = ""
    core.revision = 1
    if doc.issued is not None:
        stamp = datetime.combine(doc.issued, time(9, 0))
        core.created, core.modified = stamp, stamp


def styles(word: WordDocument) -> None:
    """One typeface, GOV.UK-like sizes and colours; captions and contents entries."""
    normal = word.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    _east_asian_font(normal)
    sizes = {"Title": 28, "Heading 1": 18, "Heading 2": 14, "Heading 3": 12, "Heading 4": 11}
    for name, size in sizes.items():
        style = word.styles[name]
        style.font.name, style.font.size = FONT, Pt(size)
        style.font.color.rgb = BLACK if name != "Title" else BLUE
        style.font.bold = True
        _east_asian_font(style)
        fmt = style.paragraph_format
        fmt.keep_with_next = True
        fmt.space_before, fmt.space_after = Pt(size * 0.8), Pt(6)
    word.styles["Title"].font.italic = False
    caption = word.styles["Caption"]
    caption.font.name, caption.font.size, caption.font.bold = FONT, Pt(10), True
    caption.font.italic, caption.font.color.rgb = False, BLACK
    for level in (1, 2):
        style = word.styles.add_style(f"TOC {level}", WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = normal
        style.paragraph_format.left_indent = Cm(0.6 * (level - 1))
        style.paragraph_format.space_after = Pt(2 if level == 2 else 4)


def _east_asian_font(style: Any) -> None:
    fonts = style.element.rPr.get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(theme), None)


def _fld(run: Any, kind: str) -> None:
    el = OxmlElement("w:fldChar")
    el.set(qn("w:fldCharType"), kind)
    if kind == "begin":
        el.set(qn("w:dirty"), "true")  # Word recomputes it on open
    run._r.append(el)


def _instr(run: Any, text: str) -> None:
    el = OxmlElement("w:instrText")
    el.set(qn("xml:space"), "preserve")
    el.text = f" {text} "
    run._r.append(el)


def simple_field(paragraph: Any, code: str, shown: str) -> None:
    """A field (PAGE, NUMPAGES) with ``shown`` as its value until Word computes it."""
    _fld(paragraph.add_run(), "begin")
    _instr(paragraph.add_run(), code)
    _fld(paragraph.add_run(), "separate")
    paragraph.add_run(shown)
    _fld(paragraph.add_run(), "end")


def contents_field(word: WordDocument, entries: list[tuple[int, str]]) -> None:
    """A real TOC field over Heading 1-2, whose shown result already lists the headings (so
    the contents reads before Word updates it); Word adds page numbers when it updates."""
    first = word.add_paragraph(style="TOC 1")
    _fld(first.add_run(), "begin")
    _instr(first.add_run(), 'TOC \\o "1-2" \\h \\z \\u')
    _fld(first.add_run(), "separate")
    paragraphs = [first]
    for i, (depth, title) in enumerate(entries):
        p = first if i == 0 else word.add_paragraph(style=f"TOC {min(depth, 2)}")
        if i == 0 and depth > 1:
            p.style = word.styles["TOC 2"]
        p.add_run(title)
        paragraphs.append(p)
    _fld(paragraphs[-1].add_run(), "end")
    note = word.add_paragraph()
    run = note.add_run(CONTENTS_NOTE)
    run.font.size, run.font.color.rgb, run.italic = Pt(9), GREY, True


def page_footer(word: WordDocument, doc: Document) -> None:
    """Title (left) and "Page N of M" (right) on every page but the title page."""
    section = word.sections[0]
    section.different_first_page_header_footer = True
    footer = section.footer.paragraphs[0]
    footer.text = ""
    style_tabs = word.styles["Footer"].paragraph_format.tab_stops
    style_tabs.clear_all()
    style_tabs.add_tab_stop(Cm(21.0 - 2 * 1.8), WD_TAB_ALIGNMENT.RIGHT)
    footer.add_run(doc.short_title or doc.title)
    footer.add_run("\tPage ")
    simple_field(footer, "PAGE", "1")
    footer.add_run(" of ")
    simple_field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size, run.font.color.rgb = Pt(9), GREY
    if doc.organisation:
        header = section.header.paragraphs[0]
        header.text = doc.organisation
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for run in header.runs:
            run.font.size, run.font.color.rgb = Pt(9), GREY


def update_fields_on_open(word: WordDocument) -> None:
    settings = word.settings.element
    update = OxmlElement("w:updateFields")
    update.set(qn("w:val"), "true")
    settings.append(update)


def alt_text(word: WordDocument, text: str, title: str = "") -> None:
    """Alternative text (what a screen reader reads) on the last picture added."""
    doc_pr = word.inline_shapes[-1]._inline.docPr
    doc_pr.set("descr", text)
    if title:
        doc_pr.set("title", title)


def repeat_header(row: Any) -> None:
    """The row repeats at the top of every page the table runs onto."""
    props = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    props.append(header)
    keep_row_together(row)


def keep_row_together(row: Any) -> None:
    props = row._tr.get_or_add_trPr()
    cant = OxmlElement("w:cantSplit")
    cant.set(qn("w:val"), "true")
    props.insert(0, cant)


def shade(cell: Any, fill: str = "F3F2F1") -> None:
    props = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    props.append(shd)
