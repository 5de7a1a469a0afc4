"""Benchmark: writing a document as HTML, PDF and Word, stage by stage, against a named baseline.

The document is synthetic and the size of a district's strategic assessment: ``--themes`` theme
sections (default 4), each with a trend chart (48 months, two series), a bar chart, a
20-row comparison table and a paragraph of findings, plus a 300-row appendix table.

Baseline (same run): the document's HTML with its charts left out, the floor of any rendering.
Printed, best of ``--repeat``, each as seconds and as a ratio to the baseline:

- charts: every chart drawn cold as SVG and as PNG (vl-convert);
- HTML, PDF (WeasyPrint) and Word (python-docx) each written cold (charts not yet drawn);
- all three formats of one document in a row, as ``cspkit assess`` and ``cspkit plan`` write
  them: charts are drawn once (:mod:`cspkit.reports.charts` keeps them) and shared.

    .venv/bin/python bench/documents.py [--themes 4] [--repeat 1]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from cspkit.reports import (
    Document,
    Figure,
    Paragraph,
    Table,
    render_docx,
    render_html,
    render_pdf,
)
from cspkit.reports.charts import clear_cache, to_png, to_svg


def _trend(theme: int) -> dict[str, object]:
    values = [{"month": f"{2019 + m // 12}-{m % 12 + 1:02d}", "series": s,
               "count": 100 + (theme * 7 + m * 3 + (s == "Kent") * 40) % 90}
              for m in range(48) for s in ("District", "Kent")]
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 520,
            "height": 220, "data": {"values": values}, "mark": "line",
            "encoding": {"x": {"field": "month", "type": "temporal", "title": "Month"},
                         "y": {"field": "count", "type": "quantitative", "title": "Crimes"},
                         "color": {"field": "series", "type": "nominal", "title": None}}}


def _bars(theme: int) -> dict[str, object]:
    values = [{"ward": f"Ward {w}", "count": (theme * 13 + w * 17) % 120} for w in range(20)]
    return {"$schema": "https://vega.github.io/schema/vega-lite/v5.json", "width": 520,
            "height": 260, "data": {"values": values}, "mark": "bar",
            "encoding": {"y": {"field": "ward", "type": "nominal", "sort": "-x", "title": None},
                         "x": {"field": "count", "type": "quantitative", "title": "Crimes"}}}


def synthetic(themes: int) -> Document:
    doc = Document("Strategic assessment 2021/22", subtitle="Benchshire Community Safety "
                   "Partnership", organisation="Benchshire CSP", issued=date(2022, 6, 1))
    doc.section("Executive summary").add(Paragraph("Findings. " * 60))
    for t in range(themes):
        s = doc.section(f"Theme {t + 1}")
        s.add(Paragraph("What the figures show for this theme. " * 12),
              Figure(f"Monthly crimes, theme {t + 1}", _trend(t), "Line chart", "street"),
              Figure(f"Crimes by ward, theme {t + 1}", _bars(t), "Bar chart", "street"),
              Table(f"Comparison, theme {t + 1}", ("Area", "2020/21", "2021/22", "Change"),
                    tuple((f"Area {i}", 1000 + i * 37, 1100 + i * 29, f"{i - 10:+d}%")
                          for i in range(20)), source="street"))
    doc.section("Appendix").add(Table("All wards", ("Ward", "Crimes", "Rate per 1,000"),
                                      tuple((f"Ward {i}", i * 11, i * 0.37) for i in range(300)),
                                      source="street"))
    return doc


def without_charts(doc: Document) -> Document:
    out = replace(doc, sections=[])
    for _, s in doc.walk():
        out.section(s.title).add(*(b for b in s.blocks if not isinstance(b, Figure)))
    return out


def best_of(repeat: int, fn: Callable[[], object], cold: bool = True) -> float:
    best = float("inf")
    for _ in range(repeat):
        if cold:
            clear_cache()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--themes", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()
    doc = synthetic(args.themes)
    figures = [b for _, s in doc.walk() for b in s.blocks if isinstance(b, Figure)]
    out = Path(tempfile.mkdtemp(prefix="cspkit-bench-"))
    plain = without_charts(doc)
    base = best_of(args.repeat, lambda: render_html(plain))

    def charts() -> None:
        for f in figures:
            to_svg(f.spec)
            to_png(f.spec)

    def all_three() -> None:
        render_html(doc)
        render_pdf(doc, out / "a.pdf")
        render_docx(doc, out / "a.docx")

    stages = [
        (f"charts: {len(figures)} drawn as SVG and PNG", best_of(args.repeat, charts)),
        ("HTML (charts drawn)", best_of(args.repeat, lambda: render_html(doc))),
        ("PDF (charts drawn)", best_of(args.repeat, lambda: render_pdf(doc, out / "a.pdf"))),
        ("Word (charts drawn)", best_of(args.repeat, lambda: render_docx(doc, out / "a.docx"))),
        ("HTML + PDF + Word, charts shared", best_of(args.repeat, all_three)),
    ]
    print(f"document: {args.themes} themes, {len(figures)} charts, "
          f"{sum(1 for _, s in doc.walk() for b in s.blocks if isinstance(b, Table))} tables; "
          f"best of {args.repeat}")
    print(f"baseline: the HTML without charts            {base:7.3f} s")
    for name, seconds in stages:
        print(f"{name:<44} {seconds:7.3f} s  {seconds / base:7.1f}x the baseline")


if __name__ == "__main__":
    main()
