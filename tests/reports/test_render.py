"""One document, three renderings: HTML, PDF and Word agree on headings, tables and sources."""

from __future__ import annotations

import zipfile
from datetime import date
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from docx import Document as WordDocument
from pypdf import PdfReader

from cspkit.reports import (
    BulletList,
    Callout,
    Document,
    Figure,
    Paragraph,
    Table,
    render_docx,
    render_html,
    render_pdf,
)


def sample() -> Document:
    doc = Document(
        "Strategic assessment 2021/22",
        subtitle="Testshire Community Safety Partnership",
        organisation="Testshire CSP",
        issued=date(2022, 6, 1),
        notices=(
            "Contains public sector information licensed under the Open Government Licence v3.0.",
        ),
    )
    summary = doc.section("Summary of findings")
    summary.add(
        Paragraph("Burglary **fell** from 120 to 90 (-25%), a statistically significant decrease."),
        BulletList(("First finding", "Second finding")),
        Callout("2020/21 was an irregular year (the pandemic).", "warning"),
    )
    trends = doc.section("Trends")
    trends.sub("Burglary").add(
        Table(
            "Burglary by year",
            ("Year", "Count", "Rate"),
            (("2020/21", 1200, 7.26), ("2021/22", 900, None)),
            source="street; LSOAs of E07000999; 2020-04..2022-03",
        ),
        Figure(
            "Monthly burglary",
            alt.Chart(pd.DataFrame({"m": ["2021-04", "2021-05"], "n": [70, 80]}))
            .mark_line()
            .encode(x="m", y="n")
            .to_dict(),
            alt_text="Line chart of monthly burglary",
            source="street; 2021-04..2021-05",
        ),
    )
    trends.sub("Burglary")  # a repeated title still gets its own anchor
    return doc


def test_html_has_every_heading_table_and_source() -> None:
    html = render_html(sample())
    for text in (
        "Summary of findings",
        "Table 1: Burglary by year",
        "Figure 1: Monthly burglary",
        "1,200",
        "7.3",
        "–",
        "<strong>fell</strong>",
        'role="img" aria-label="Line chart',
        "street; LSOAs of E07000999; 2020-04..2022-03",
        'id="burglary-2"',
    ):
        assert text in html, text
    assert html.startswith("<!DOCTYPE html>")


def test_pdf_renders_pages_with_numbers(tmp_path: Path) -> None:
    path = render_pdf(sample(), tmp_path / "a.pdf")
    reader = PdfReader(str(path))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 4
    assert (
        "Page 2 of" in text
        and "Summary of findings" in text
        and "Table 1: Burglary by year" in text
    )


def test_docx_opens_and_holds_the_same_content(tmp_path: Path) -> None:
    path = render_docx(sample(), tmp_path / "a.docx")
    assert zipfile.is_zipfile(path)
    word = WordDocument(str(path))
    headings = [p.text for p in word.paragraphs if p.style.name.startswith("Heading")]
    assert headings == [
        "Summary of findings",
        "Trends",
        "Burglary",
        "Burglary",
        "Appendix: sources of figures and tables",
    ]
    assert word.tables[0].rows[1].cells[1].text == "1,200"
    assert len(word.inline_shapes) == 1
    sources = word.tables[-1]
    assert sources.rows[2].cells[2].text == "street; 2021-04..2021-05"


@pytest.mark.parametrize("value,text", [(1234, "1,234"), (0.25, "0.2"), (None, "–"), ("x", "x")])
def test_cells(value: object, text: str) -> None:
    from cspkit.reports.document import format_cell

    assert format_cell(value) == text


def test_whole_number_columns_print_without_decimals() -> None:
    table = Table("Counts", ("Ward", "Crimes", "Rate"),
                  (("A", 11688.0, 2.0), ("B", float("nan"), 2.25), ("C", 1809, None)))
    assert table.cells() == (("A", "11,688", "2.0"), ("B", "–", "2.2"), ("C", "1,809", "–"))
    doc = Document("t")
    doc.section("s").add(table)
    assert ">11,688</td>" in render_html(doc) and "11,688.0" not in render_html(doc)
