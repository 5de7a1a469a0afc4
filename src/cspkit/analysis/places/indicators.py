"""Area-level indicators from partners and health: one small, strict CSV shape.

A file has one row per area, indicator and period::

    area_code,indicator,value,period,source
    E05005003,MARAC referrals,41,2021/22,Kent MARAC
    E05005003,Emergency admissions for self-harm (per 100k),212.5,2016/17-2020/21,OHID Local Health

``area_code`` is an ONS GSS code (ward, LSOA, ...); ``value`` a number (no suppression marks:
leave a suppressed value's row out); ``period`` free text (``2021/22``, ``2021-04``); ``source``
names the publisher. A file without a ``source`` column may be read with ``source=``. Column
names are matched without regard to case or surrounding spaces. Every problem is reported with
the file, line, column and value.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from cspkit.errors import ColumnError, ValueProblem
from cspkit.geography._ons import GSS_CODE, read_csv_text

__all__ = ["INDICATOR_COLUMNS", "read_indicators"]

#: Columns of the table :func:`read_indicators` returns.
INDICATOR_COLUMNS = ("area_code", "indicator", "value", "period", "source")

_FIX = (
    "An indicator file has the columns area_code, indicator, value, period and source (or give "
    "source= when every row has the same source)."
)


def _required(path: Path, raw: pd.DataFrame, source: str | None) -> pd.DataFrame:
    lower = {c.lower().strip(): c for c in raw.columns}
    need = ["area_code", "indicator", "value", "period"] + ([] if source else ["source"])
    missing = [c for c in need if c not in lower]
    if missing:
        raise ColumnError(path, missing, list(raw.columns), _FIX)
    out = pd.DataFrame({c: raw[lower[c]].str.strip() for c in need})
    if source:
        out["source"] = (raw[lower["source"]].str.strip().replace("", source)
                         if "source" in lower else source)
    return out


def _first_bad(mask: pd.Series) -> int | None:
    bad = mask.to_numpy().nonzero()[0]
    return int(bad[0]) if len(bad) else None


def read_indicators(path: str | Path, *, source: str | None = None) -> pd.DataFrame:
    """Read an indicator CSV (module doc) into :data:`INDICATOR_COLUMNS`, values as floats."""
    path = Path(path)
    raw = read_csv_text(path, "an area indicator CSV", "area_code,indicator,value,period,source")
    df = _required(path, raw, source)
    checks = [
        ("area_code", ~df["area_code"].str.fullmatch(GSS_CODE.pattern),
         "an ONS GSS area code (a letter and eight digits, e.g. E05005003)",
         "Correct the code or remove the row."),
        ("indicator", df["indicator"] == "", "the indicator's name",
         "Name the indicator on every row."),
        ("value", pd.to_numeric(df["value"], errors="coerce").isna(),
         "a number (e.g. 41 or 212.5)",
         "Give the value, or leave out the row of a suppressed or missing value."),
        ("period", df["period"] == "", "the period the value covers (e.g. 2021/22)",
         "Give the period on every row."),
        ("source", df["source"] == "", "the source's name (e.g. Kent MARAC)",
         "Name the source on every row, or pass source= for rows without one."),
    ]
    for column, mask, expected, fix in checks:
        i = _first_bad(mask)
        if i is not None:
            raise ValueProblem(path, i + 2, column, df[column].iloc[i], expected, fix)
    i = _first_bad(df.duplicated(["area_code", "indicator", "period"]))
    if i is not None:
        raise ValueProblem(
            path, i + 2, "area_code", df["area_code"].iloc[i],
            f"each area, indicator and period once ({df['indicator'].iloc[i]!r}, "
            f"{df['period'].iloc[i]!r} is repeated)",
            "Remove the repeated row.",
        )
    df["value"] = pd.to_numeric(df["value"]).astype(float)
    return df[list(INDICATOR_COLUMNS)].reset_index(drop=True)
