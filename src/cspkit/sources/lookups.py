"""ONS lookups: read an Open Geography Portal lookup CSV and load it into the store.

:func:`read_lookup` recognises the kind of an ONS lookup CSV from its column names
(``LSOA11CD``, ``WD19NM``, ``LAD19CD``, ... any two-digit vintage) and returns a tidy table
(the kinds and their columns: :mod:`cspkit.geography.lookups`); :func:`load_lookup` stores
lookups under their kinds' names, all the files of one call in one load. Blank codes (a unitary
authority has no county) become nulls. Loading a lookup of a kind again replaces the table (the
vintage is in its columns and in the table's metadata), except that LSOA to ward lookups of
different LSOA vintages live side by side in ``lsoa_ward`` (2011 and 2021: police.uk changed from
one to the other in 2023); one of the same LSOA vintage replaces that vintage's rows.

Example::

    load_lookup(store, ["LSOA11_WD19_LAD19_EW_LU.csv", "LAD19_CSP19_PFA19_EW_LU.csv"])
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from cspkit.errors import ColumnError, FileFormatError, ValueProblem
from cspkit.geography._codes import LEVELS
from cspkit.geography.lookups import EXAMPLE_HEADERS, LOOKUP_KINDS, LookupKind
from cspkit.sources._ons import (
    LEVEL_PREFIX,
    OnsColumn,
    ons_columns,
    read_csv_text,
    require_gss_codes,
)
from cspkit.sources.loader import LoadReport, Part, TableLoader
from cspkit.store import Store

__all__ = ["LookupLoader", "load_lookup", "read_lookup"]


def _level_columns(path: Path, found: list[OnsColumn]) -> dict[str, dict[str, OnsColumn]]:
    """level -> {"CD": column, "NM": column}; one vintage per level."""
    by_level: dict[str, dict[str, OnsColumn]] = {}
    for col in found:
        if col.level is None:
            continue
        parts = by_level.setdefault(col.level, {})
        if col.part in parts:
            other = parts[col.part]
            raise FileFormatError(
                path,
                f"it has {col.level} columns of two vintages ({other.column!r} and {col.column!r})",
                "cspkit reads one vintage per level: remove the columns of the vintage you do not "
                "want and load the file again.",
            )
        parts[col.part] = col
    for level, parts in by_level.items():
        if "CD" in parts and "NM" in parts and parts["CD"].vintage != parts["NM"].vintage:
            raise FileFormatError(
                path,
                f"its {level} code and name columns disagree on the vintage "
                f"({parts['CD'].column!r}, {parts['NM'].column!r})",
                "Rename one of them so that both carry the same two-digit year.",
            )
    return by_level


def _choose_kind(
    path: Path, columns: list[str], by_level: dict[str, dict[str, OnsColumn]]
) -> LookupKind:
    have_codes = {lv for lv, parts in by_level.items() if "CD" in parts}
    for kind in LOOKUP_KINDS:
        if set(kind.required) <= have_codes:
            missing_names = [lv for lv in kind.required if "NM" not in by_level[lv]]
            if missing_names:
                names = [
                    f"{LEVEL_PREFIX[lv]}{by_level[lv]['CD'].vintage[2:]}NM" for lv in missing_names
                ]
                raise ColumnError(path, names, columns, _fix(kind))
            return kind
    if not have_codes:
        raise FileFormatError(
            path,
            "not an ONS lookup: no column is named like an ONS code (LSOA11CD, WD19CD, LAD19CD, "
            f"CSP19CD, ...); the header has {', '.join(repr(c) for c in columns) or 'nothing'}",
            "Give an ONS Open Geography Portal lookup CSV, e.g. 'LSOA (2011) to Ward (2019) "
            "Lookup in England and Wales' (columns FID, LSOA11CD, LSOA11NM, WD19CD, WD19NM, "
            "LAD19CD, LAD19NM).",
        )
    closest = max(LOOKUP_KINDS, key=lambda k: len(set(k.required) & have_codes) / len(k.required))
    missing = []
    for i, lv in enumerate(closest.required):
        parts = by_level.get(lv, {})
        vy = parts["CD"].vintage[2:] if "CD" in parts else _nearest_vintage(closest, i, by_level)
        missing += [f"{LEVEL_PREFIX[lv]}{vy}{part}" for part in ("CD", "NM") if part not in parts]
    raise ColumnError(path, missing, columns, _fix(closest))


def _nearest_vintage(kind: LookupKind, i: int, by_level: dict[str, dict[str, OnsColumn]]) -> str:
    """Two-digit vintage to suggest for the missing level ``kind.required[i]``: that of the
    nearest level present (the coarser one on a tie: a district shares its wards' vintage)."""
    present = [j for j, lv in enumerate(kind.required) if "CD" in by_level.get(lv, {})]
    j = min(present, key=lambda j: (abs(j - i), -j))
    return by_level[kind.required[j]]["CD"].vintage[2:]


def _fix(kind: LookupKind) -> str:
    return (
        f"An ONS {kind.title} has a code and a name column for each level "
        f"(e.g. {EXAMPLE_HEADERS[kind.name]}); any two-digit vintage is read."
    )


def read_lookup(path: str | Path) -> tuple[LookupKind, pd.DataFrame]:
    """Read an ONS lookup CSV; return its kind and the normalised table (see the module doc).

    Raises FileFormatError (not a CSV, not a lookup), ColumnError (a kind recognised but
    columns missing) or ValueProblem (a code that is not a GSS code, a repeated key).
    """
    path = Path(path)
    raw = read_csv_text(path, "an ONS lookup CSV", "columns like LSOA11CD, WD19CD, LAD19CD")
    columns = list(raw.columns)
    by_level = _level_columns(path, ons_columns(columns))
    kind = _choose_kind(path, columns, by_level)
    out = pd.DataFrame(index=raw.index)
    vintages: dict[str, str | None] = {}
    for lv in kind.levels:
        parts = by_level.get(lv, {})
        for part, suffix in (("CD", "code"), ("NM", "name")):
            col = f"{lv}_{suffix}"
            if part in parts:
                out[col] = raw[parts[part].column].str.strip()
            else:
                out[col] = ""
        vintages[lv] = parts["CD"].vintage if "CD" in parts else None
        code_col = parts["CD"].column if "CD" in parts else f"{lv}_code"
        require_gss_codes(out, f"{lv}_code", code_col, path, allow_blank=lv not in kind.required)
    out = out.mask(out == "")
    if kind.vintage_per_level:
        for lv in kind.levels:
            out[f"{lv}_vintage"] = vintages[lv]
    else:
        out["vintage"] = vintages[kind.required[0]]
    _require_unique(path, out, kind, by_level)
    return kind, out[kind.columns].reset_index(drop=True)


def _require_unique(
    path: Path, out: pd.DataFrame, kind: LookupKind, by_level: dict[str, dict[str, OnsColumn]]
) -> None:
    keys = [f"{lv}_code" for lv in kind.key]
    dup = out.duplicated(keys).to_numpy().nonzero()[0]
    if len(dup):
        i = int(dup[0])
        label = " and ".join(by_level[lv]["CD"].column for lv in kind.key)
        value = out.iloc[i][keys[0]] if len(keys) == 1 else tuple(out.iloc[i][keys])
        raise ValueProblem(
            path,
            i + 2,
            label,
            value,
            f"each {label} once in an ONS {kind.title}",
            "Remove the repeated row (or take the lookup again from the ONS Open Geography "
            "Portal).",
        )


class LookupLoader(TableLoader):
    """ONS lookup CSVs, each into the table of its kind (``lsoa_ward``, ``lad_csp_pfa``, ...)."""

    what = "ONS lookups"

    def read_part(self, path: Path) -> Part:
        kind, table = read_lookup(path)
        vintages = {
            c: (str(table[c].dropna().iloc[0]) if table[c].notna().any() else None)
            for c in table.columns
            if c.endswith("vintage")
        }
        label = f"{kind.name} ({_vintage_text(kind, vintages)})"
        return Part(path, kind.name, table, label=label,
                    record={"kind": kind.name, "vintages": vintages},
                    meta={"kind": kind.name, "title": kind.title, "vintages": vintages})

    def merge(self, current: pd.DataFrame | None, part: Part) -> tuple[pd.DataFrame, int]:
        """A lookup replaces the table of its kind; an LSOA to ward lookup replaces only the rows
        of its LSOA vintage, and keeps those of the other (2011 beside 2021)."""
        if current is None or current.empty:
            return part.frame, 0
        if part.table != "lsoa_ward":
            part.label = f"{part.table} ({_vintage_text_of(current)})"
            return part.frame, len(current)
        same = (current["lsoa_vintage"] == part.frame["lsoa_vintage"].iloc[0]).to_numpy()
        if same.any():
            part.label = f"lsoa_ward ({_vintage_text_of(current[same])})"
        return pd.concat([current[~same], part.frame], ignore_index=True), int(same.sum())

    def keep_record(self, record: dict[str, Any], part: Part) -> bool:
        if part.table != "lsoa_ward":
            return False
        mine = part.record["vintages"].get("lsoa_vintage")
        return bool(record.get("vintages", {}).get("lsoa_vintage") != mine)

    def describe(self, part: Part, report: LoadReport) -> None:
        frame = part.frame
        for level in LEVELS:
            col = f"{level}_code"
            if col in frame.columns and frame[col].notna().any():
                name = _AREA_NAMES.get(level, level)
                report.areas[name] = max(report.areas.get(name, 0), int(frame[col].nunique()))
        text = _vintage_text_of(frame)
        if text not in report.periods:
            report.periods.append(text)


_AREA_NAMES = {"lsoa": "LSOAs", "ward": "wards", "lad": "districts", "csp": "partnerships",
               "pfa": "police force areas", "county": "counties", "region": "regions",
               "country": "countries"}


def _vintage_text(kind: LookupKind, vintages: dict[str, str | None]) -> str:
    if kind.vintage_per_level:
        return ", ".join(
            f"{LEVEL_PREFIX[lv]} {vintages[f'{lv}_vintage']}" for lv in kind.levels
            if vintages.get(f"{lv}_vintage")
        )
    return f"{'/'.join(LEVEL_PREFIX[lv] for lv in kind.required)} {vintages.get('vintage')}"


def _vintage_text_of(frame: pd.DataFrame) -> str:
    kind = next(k for k in LOOKUP_KINDS if set(k.columns) == set(frame.columns))
    vintages = {
        c: (str(frame[c].dropna().iloc[0]) if frame[c].notna().any() else None)
        for c in frame.columns
        if c.endswith("vintage")
    }
    return _vintage_text(kind, vintages)


def load_lookup(store: Store, paths: str | Path | Sequence[str | Path]) -> LoadReport:
    """Read ONS lookup CSVs and store each under its kind's name; all of them or none.

    The files' SHA-256 and the vintages of their levels are recorded with the load.
    """
    return LookupLoader().load(store, [paths] if isinstance(paths, str | Path) else paths)
