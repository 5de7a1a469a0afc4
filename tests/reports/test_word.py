"""The Word file opens cleanly in Word: properties, a real contents field, page numbers in the
footer, Word heading styles, repeated table headers and alternative text on every picture;
and LibreOffice renders it to PDF pages that carry those page numbers."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document as WordDocument
from docx.oxml.ns import qn
from pypdf import PdfReader

from cspkit.reports import Document, Paragraph, Table, render_docx
from cspkit.reports.word_parts import CONTENTS_NOTE
from tests.reports.test_render import sample


def long_sample() -> Document:
    doc = sample()
    rows = tuple((f"Ward {i}", i * 37) for i in range(90))
    doc.sections[1].subsections[0].add(Table("Crimes by ward", ("Ward", "Crimes"), rows))
    return doc


@pytest.fixture(scope="module")
def docx_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return render_docx(long_sample(), tmp_path_factory.mktemp("word") / "sample.docx")


def test_file_properties_name_title_author_subject_and_date(docx_path: Path) -> None:
    core = WordDocument(str(docx_path)).core_properties
    assert core.title == "Strategic assessment 2021/22"
    assert core.author == "Testshire CSP"
    assert core.subject == "Testshire Community Safety Partnership"
    assert core.created is not None and core.created.date().isoformat() == "2022-06-01"


def test_contents_is_a_toc_field_already_listing_the_headings(docx_path: Path) -> None:
    word = WordDocument(str(docx_path))
    body = word.element.body
    codes = [t.text for t in body.iter(qn("w:instrText"))]
    assert any(c.strip().startswith('TOC \\o "1-2"') for c in codes), codes
    entries = [p.text for p in word.paragraphs if p.style.name in ("TOC 1", "TOC 2")]
    assert entries == ["Summary of findings", "Trends", "Burglary", "Burglary",
                       "Appendix: sources of figures and tables"]
    assert CONTENTS_NOTE in [p.text for p in word.paragraphs]
    settings = word.settings.element
    assert settings.find(qn("w:updateFields")).get(qn("w:val")) == "true"


def test_footer_numbers_pages_and_the_title_page_has_none(docx_path: Path) -> None:
    section = WordDocument(str(docx_path)).sections[0]
    footer = section.footer._element
    codes = " ".join(t.text for t in footer.iter(qn("w:instrText")))
    assert "PAGE" in codes and "NUMPAGES" in codes
    assert "Strategic assessment 2021/22" in section.footer.paragraphs[0].text
    assert section.different_first_page_header_footer
    assert section.header.paragraphs[0].text == "Testshire CSP"


def test_headings_are_word_headings_and_sections_start_pages(docx_path: Path) -> None:
    word = WordDocument(str(docx_path))
    styled = {p.text: p.style.name for p in word.paragraphs if p.style.name.startswith(
        ("Heading", "Title"))}
    assert styled["Strategic assessment 2021/22"] == "Title"
    assert styled["Summary of findings"] == "Heading 1"
    assert styled["Burglary"] == "Heading 2"
    first = next(p for p in word.paragraphs if p.text == "Trends" and p.style.name == "Heading 1")
    assert first.paragraph_format.page_break_before


def test_tables_repeat_their_header_row_and_keep_rows_whole(docx_path: Path) -> None:
    word = WordDocument(str(docx_path))
    for table in word.tables:
        props = table.rows[0]._tr.trPr
        assert props.find(qn("w:tblHeader")) is not None
    ward = next(t for t in word.tables if t.rows[0].cells[0].text == "Ward")
    assert len(ward.rows) == 91
    assert ward.rows[5]._tr.trPr.find(qn("w:cantSplit")) is not None
    captions = [p.text for p in word.paragraphs if p.style.name == "Caption"]
    assert captions == ["Table 1: Burglary by year", "Figure 1: Monthly burglary",
                        "Table 2: Crimes by ward"]


def test_every_picture_has_alternative_text(docx_path: Path) -> None:
    word = WordDocument(str(docx_path))
    assert len(word.inline_shapes) == 1
    for shape in word.inline_shapes:
        assert shape._inline.docPr.get("descr") == "Line chart of monthly burglary"


def test_a_committee_report_flows_without_a_page_per_section(tmp_path: Path) -> None:
    doc = Document("Issue for decision", organisation="Testshire CSP", page_per_section=False)
    doc.section("Recommendation").add(Paragraph("That the plan be adopted."))
    doc.section("Reasons").add(Paragraph("The assessment found changes."))
    word = WordDocument(str(render_docx(doc, tmp_path / "d.docx")))
    heading = next(p for p in word.paragraphs
                   if p.text == "Reasons" and p.style.name == "Heading 1")
    assert not heading.paragraph_format.page_break_before
    first = next(p for p in word.paragraphs
                 if p.text == "Recommendation" and p.style.name == "Heading 1")
    assert first.paragraph_format.page_break_before  # not on the contents' page
    assert not any(p.text.startswith("Appendix: sources") for p in word.paragraphs)


NO_LIBREOFFICE = "LibreOffice is not installed (apt-get install libreoffice-writer-nogui)"


@pytest.mark.skipif(shutil.which("soffice") is None, reason=NO_LIBREOFFICE)
def test_libreoffice_renders_the_word_file_with_page_numbers(docx_path: Path,
                                                             tmp_path: Path) -> None:
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(docx_path)],
                   check=True, capture_output=True, timeout=120)
    reader = PdfReader(str(tmp_path / "sample.pdf"))
    pages = [page.extract_text() for page in reader.pages]
    assert len(pages) >= 5
    assert "Page" not in pages[0]  # the title page has no footer
    assert f"Page 2 of {len(pages)}" in pages[1]
    continued = [text for text in pages if "Ward 89" in text]
    assert continued and "Crimes" in continued[0]  # the header row is repeated
    assert "Ward 0" not in continued[0]


def test_columns_are_as_wide_as_their_text_needs() -> None:
    from cspkit.reports.word import column_widths

    table = Table("Actions", ("Action", "Due", "Latest update"),
                  (("Support the reopening of the night-time economy as lockdown eases", "–",
                    "–"),) * 3)
    action, due, update = column_widths(table)
    assert action > 3 * due
    assert update.cm >= 0.2 * len("update") + 0.4  # the heading's longest word fits
    assert abs(sum(w.cm for w in (action, due, update)) - 17.4) < 0.01


def test_figures_say_their_source_and_period_under_the_caption(docx_path: Path) -> None:
    from cspkit.reports import render_html

    paragraphs = [p.text for p in WordDocument(str(docx_path)).paragraphs]
    at = paragraphs.index("Figure 1: Monthly burglary")
    assert paragraphs[at + 1] == "Source: street; 2021-04..2021-05"
    html = render_html(long_sample())
    assert ('Figure 1: Monthly burglary<span class="figure-source">Source: street; '
            '2021-04..2021-05</span>') in html
