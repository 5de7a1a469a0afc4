"""An indicator's measurements as CSV and as an Excel workbook (openpyxl).

Text that a spreadsheet would read as a formula (starting ``=``, ``+``, ``-``, ``@``) is
prefixed with an apostrophe, so a downloaded file never runs anything when opened.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font

from cspkit.indicators.models import Indicator, Measurement

__all__ = ["COLUMNS", "measurements_csv", "measurements_xlsx", "rows"]

#: The columns of both downloads, in order.
COLUMNS = ["indicator", "name", "period", "period_start", "value", "unit", "target", "note",
           "provenance"]


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def rows(indicator: Indicator, measurements: Sequence[Measurement]) -> list[list[Any]]:
    """One row per measurement, in period order, with :data:`COLUMNS`."""
    return [
        [
            _safe(indicator.key),
            _safe(indicator.name),
            _safe(m.period),
            m.period_start,
            m.value,
            _safe(indicator.unit),
            indicator.target,
            _safe(m.note),
            _safe(json.dumps(m.provenance, sort_keys=True)) if m.provenance else "",
        ]
        for m in measurements
    ]


def measurements_csv(indicator: Indicator, measurements: Sequence[Measurement]) -> str:
    """The measurements as CSV text (UTF-8, header row first)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows(indicator, measurements):
        writer.writerow(["" if v is None else v for v in row])
    return out.getvalue()


def measurements_xlsx(indicator: Indicator, measurements: Sequence[Measurement]) -> bytes:
    """The measurements as an .xlsx workbook: sheet ``Measurements``, and ``About`` with the
    indicator's definition, baseline, target and source."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Measurements"
    sheet.append(COLUMNS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows(indicator, measurements):
        sheet.append(row)
    for cell in sheet["D"][1:]:
        cell.number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"
    about = book.create_sheet("About")
    for label, value in [
        ("Indicator", indicator.name),
        ("Definition", indicator.definition),
        ("Unit", indicator.unit),
        ("Good direction", indicator.get_direction_display()),
        ("Baseline", indicator.baseline),
        ("Baseline period", indicator.baseline_period),
        ("Target", indicator.target),
        ("Target period", indicator.target_period),
        ("Frequency", indicator.get_frequency_display()),
        ("Source", indicator.get_source_display()),
        ("Query", indicator.query),
        ("Source note", indicator.source_note),
    ]:
        about.append([label, _safe(value) if value not in (None, "") else ""])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
