"""Area-level indicators from partners and health: one small, strict CSV shape.

A file has one row per area, indicator and period::

    area_code,indicator,value,period,source
    E05005003,MARAC referrals,41,2021/22,Kent MARAC
    E05005003,Emergency admissions for self-harm (per 100k),212.5,2016/17-2020/21,OHID Local Health

``area_code`` is an ONS GSS code (ward, LSOA, ...); ``value`` a number (no suppression marks:
leave a suppressed value's row out); ``period`` free text (``2021/22``, ``2021-04``); ``source``
names the publisher. A file without a ``source`` column may be read with a source given
(``--source``). Column names are matched without regard to case or surrounding spaces. Every
problem is reported with the file, line, column and value.

:func:`load_indicators` keeps them in the store's ``area_indicators`` table, keyed by source,
indicator and period (loading a corrected file replaces those values, and keeps the others);
:func:`indicators_table` reads them back, for
:func:`cspkit.analysis.places.add_indicators`.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

import pandas as pd

from cspkit.errors import ColumnError, NotLoadedError, ValueProblem
from cspkit.geography._codes import GSS_CODE
from cspkit.sources._ons import read_csv_text
from cspkit.sources.loader import LoadReport, Part, TableLoader
from cspkit.store import Store

__all__ = [
    "INDICATORS_TABLE",
    "INDICATOR_COLUMNS",
    "IndicatorLoader",
    "indicators_table",
    "load_indicators",
    "read_indicators",
]

#: The store's table of area indicators.
INDICATORS_TABLE = "area_indicators"

#: Columns of the table :func:`read_indicators` returns.
INDICATOR_COLUMNS = ("area_code", "indicator", "value", "period", "source")

_FIX = (
    "An indicator file has the columns area_code, indicator, value, period and source (or give "
    "the source with --source when every row has the same one)."
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
         "Name the source on every row, or give one with --source for rows without one."),
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


class IndicatorLoader(TableLoader):
    """Area indicator files into ``area_indicators``, keyed by source, indicator and period."""

    what = "area indicators"
    sort = ("source", "indicator", "period", "area_code")

    def __init__(self, source: str | None = None) -> None:
        self.source = source

    def read_part(self, path: Path) -> Part:
        frame = read_indicators(path, source=self.source)
        names = sorted(set(frame["indicator"]))
        return Part(path, INDICATORS_TABLE, frame, key=("source", "indicator", "period"),
                    label=f"area indicators of {path.name}",
                    record={"sources": sorted(set(frame["source"])), "indicators": names})

    def keep_record(self, record: dict[str, Any], part: Part) -> bool:
        return record.get("file") != str(part.path.resolve())

    def describe(self, part: Part, report: LoadReport) -> None:
        frame = part.frame
        report.areas["areas"] = max(report.areas.get("areas", 0), int(frame["area_code"].nunique()))
        for period in sorted(set(frame["period"])):
            if period not in report.periods:
                report.periods.append(period)
        names = sorted(set(frame["indicator"]))
        old = report.details.get("indicators")
        report.details["indicators"] = ", ".join([*([old] if old else []), *names])


def load_indicators(
    store: Store, paths: str | Path | Sequence[str | Path], *, source: str | None = None
) -> LoadReport:
    """Load area indicator files into the store's ``area_indicators`` table; all or none."""
    files = [paths] if isinstance(paths, str | Path) else paths
    return IndicatorLoader(source).load(store, files)


def indicators_table(store: Store) -> pd.DataFrame:
    """The stored area indicators (:data:`INDICATOR_COLUMNS`)."""
    if INDICATORS_TABLE not in store.table_names():
        raise NotLoadedError(
            f"the store at {store.root} has no area indicators; load a file with "
            "`cspkit load area-indicators FILE`"
        )
    return cast("pd.DataFrame",
                store.read_table(INDICATORS_TABLE).to_pandas()[list(INDICATOR_COLUMNS)])
