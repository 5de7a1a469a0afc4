"""ONS lookups: which LSOA lies in which ward, which ward in which district, and so on up.

:func:`read_lookup` recognises the kind of an ONS Open Geography Portal lookup CSV from its
column names (``LSOA11CD``, ``WD19NM``, ``LAD19CD``, ... any two-digit vintage) and returns a
tidy table; :func:`load_lookup` stores it under the kind's name. The kinds:

=================  =====================================  ====================================
table              from (ONS file, e.g.)                   columns
=================  =====================================  ====================================
``lsoa_ward``      LSOA11 -> WD19 -> LAD19 (best-fit)      lsoa_code, lsoa_name, ward_code,
                                                           ward_name, lad_code, lad_name,
                                                           lsoa_vintage, ward_vintage, lad_vintage
``lad_csp_pfa``    LAD19 -> CSP19 -> PFA19                 lad_code, lad_name, csp_code,
                                                           csp_name, pfa_code, pfa_name, vintage
``ward_hierarchy`` WD19 -> LAD19 -> CTY19 -> RGN19 ->      ward_code, ward_name, lad_code,
                   CTRY19                                  lad_name, county_code, county_name,
                                                           region_code, region_name,
                                                           country_code, country_name, vintage
``csp_names``      CSP19 names and codes                   csp_code, csp_name, vintage
=================  =====================================  ====================================

Blank codes (a unitary authority has no county) become nulls. Loading a lookup of a kind again
replaces the table (the vintage is in its columns and in the store's metadata).

Example::

    load_lookup(store, "LSOA11_WD19_LAD19_EW_LU.csv")          # -> "lsoa_ward"
    areas_of_district(store, "E07000110").ward_codes            # 26 Maidstone wards
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cspkit.errors import ColumnError, FileFormatError, GeographyError, NotLoadedError, ValueProblem
from cspkit.files import file_sha256
from cspkit.geography._ons import (
    GSS_CODE,
    LEVEL_PREFIX,
    OnsColumn,
    ons_columns,
    read_csv_text,
    require_gss_codes,
)
from cspkit.store import Store

__all__ = [
    "LOOKUP_KINDS",
    "DistrictAreas",
    "DistrictCsp",
    "LookupKind",
    "areas_of_district",
    "csps_of_district",
    "districts_of_csp",
    "load_lookup",
    "lookup_table",
    "read_lookup",
]


@dataclass(frozen=True)
class LookupKind:
    """One kind of ONS lookup, recognised by the levels its columns name."""

    name: str
    """The store's table name, e.g. ``lsoa_ward``."""
    title: str
    """What it is, for messages."""
    required: tuple[str, ...]
    """Levels whose code and name columns must be present, in output order."""
    optional: tuple[str, ...] = ()
    """Levels read when present (output columns are null otherwise)."""
    key: tuple[str, ...] = ()
    """Levels whose codes identify a row (checked unique)."""
    vintage_per_level: bool = False
    """True: a ``<level>_vintage`` column per level; False: one ``vintage`` column."""

    @property
    def levels(self) -> tuple[str, ...]:
        return self.required + self.optional

    @property
    def columns(self) -> list[str]:
        """The normalised table's columns, in order."""
        cols = [f"{lv}_{part}" for lv in self.levels for part in ("code", "name")]
        if self.vintage_per_level:
            return cols + [f"{lv}_vintage" for lv in self.levels]
        return [*cols, "vintage"]


LOOKUP_KINDS: tuple[LookupKind, ...] = (
    LookupKind(
        "lsoa_ward", "LSOA to ward to district lookup", ("lsoa", "ward", "lad"),
        key=("lsoa",), vintage_per_level=True,
    ),
    LookupKind(
        "lad_csp_pfa", "district to Community Safety Partnership to police force area lookup",
        ("lad", "csp", "pfa"), key=("lad", "csp"),
    ),
    LookupKind(
        "ward_hierarchy", "ward to district to county to region to country lookup",
        ("ward", "lad"), optional=("county", "region", "country"), key=("ward",),
    ),
    LookupKind(
        "csp_names", "Community Safety Partnership names and codes", ("csp",), key=("csp",),
    ),
)
"""Tried in this order; the first whose required levels are all present wins."""

_EXAMPLE_HEADERS = {
    "lsoa_ward": "FID, LSOA11CD, LSOA11NM, WD19CD, WD19NM, LAD19CD, LAD19NM",
    "lad_csp_pfa": "FID, LAD19CD, LAD19NM, CSP19CD, CSP19NM, PFA19CD, PFA19NM",
    "ward_hierarchy": "FID, WD19CD, WD19NM, LAD19CD, LAD19NM, CTY19CD, CTY19NM, RGN19CD, ...",
    "csp_names": "FID, CSP19CD, CSP19NM, CSP19NMW",
}


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
        f"(e.g. {_EXAMPLE_HEADERS[kind.name]}); any two-digit vintage is read."
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


def load_lookup(store: Store, path: str | Path) -> str:
    """Read an ONS lookup CSV and store it under its kind's name; return that table name.

    The file's SHA-256 and the vintages of its levels are recorded with the load.
    """
    path = Path(path)
    kind, table = read_lookup(path)
    vintage_cols = [c for c in table.columns if c.endswith("vintage")]
    vintages = {
        c: (str(table[c].dropna().iloc[0]) if table[c].notna().any() else None)
        for c in vintage_cols
    }
    with store.transaction() as txn:
        txn.put_table(
            kind.name,
            table,
            source_file=str(path.resolve()),
            sha256=file_sha256(path),
            meta={"kind": kind.name, "title": kind.title, "vintages": vintages},
        )
    return kind.name


def lookup_table(store: Store, kind: str) -> pd.DataFrame:
    """A stored lookup table (``lsoa_ward``, ``lad_csp_pfa``, ``ward_hierarchy``, ``csp_names``)."""
    names = [k.name for k in LOOKUP_KINDS]
    if kind not in names:
        raise GeographyError(
            f"unknown lookup kind {kind!r}; expected one of {', '.join(repr(n) for n in names)}"
        )
    if kind not in store.table_names():
        example = _EXAMPLE_HEADERS[kind]
        raise NotLoadedError(
            f"the store at {store.root} has no {kind!r} lookup; load an ONS lookup CSV with "
            f"columns like {example} (`cspkit load geography lookup FILE`)"
        )
    return store.read_table(kind).to_pandas()


# -- questions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictAreas:
    """The small areas of one local authority district."""

    lad_code: str
    lad_name: str
    lsoa_codes: tuple[str, ...]
    """Every LSOA of the district, sorted (LSOAs nest in districts)."""
    ward_codes: tuple[str, ...]
    """Every ward of the district, sorted."""
    lsoa_vintage: str
    ward_vintage: str


@dataclass(frozen=True)
class DistrictCsp:
    """One row of the district -> CSP -> police force area lookup."""

    lad_code: str
    lad_name: str
    csp_code: str
    csp_name: str
    pfa_code: str
    pfa_name: str
    vintage: str


def _check_code(code: str, what: str, example: str, names: pd.DataFrame) -> str:
    """Strip ``code``; if it is not a GSS code, say so (suggesting a code when it is a name)."""
    code = str(code).strip()
    if GSS_CODE.fullmatch(code):
        return code
    hits = names[names.iloc[:, 1].str.lower() == code.lower()].drop_duplicates()
    hint = ""
    if len(hits):
        options = " or ".join(f"{c} ({n})" for c, n in hits.itertuples(index=False))
        hint = f" Did you mean {options}?"
    raise GeographyError(
        f"{code!r} is not a {what} code: expected an ONS GSS code such as {example}.{hint}"
    )


def areas_of_district(store: Store, lad_code: str) -> DistrictAreas:
    """The LSOAs and wards of district ``lad_code`` (e.g. ``"E07000110"``, Maidstone).

    LSOAs come from the ``lsoa_ward`` lookup. Wards are those the best-fit lookup assigns LSOAs
    to, plus, when a ``ward_hierarchy`` lookup of the same ward vintage is loaded, the wards it
    lists for the district (a small ward may receive no LSOA in a best-fit lookup).
    """
    lu = lookup_table(store, "lsoa_ward")
    lad_code = _check_code(lad_code, "district", "E07000110", lu[["lad_code", "lad_name"]])
    rows = lu[lu["lad_code"] == lad_code]
    if rows.empty:
        raise GeographyError(
            f"district {lad_code!r} is not in the lsoa_ward lookup (LAD vintage "
            f"{lu['lad_vintage'].iloc[0]}, {lu['lad_code'].nunique()} districts); check the code, "
            "or load a lookup of the vintage that has it"
        )
    wards = set(rows["ward_code"].dropna())
    ward_vintage = str(rows["ward_vintage"].iloc[0])
    if "ward_hierarchy" in store.table_names():
        wh = lookup_table(store, "ward_hierarchy")
        same = wh[(wh["lad_code"] == lad_code) & (wh["vintage"] == ward_vintage)]
        wards |= set(same["ward_code"].dropna())
    return DistrictAreas(
        lad_code=lad_code,
        lad_name=str(rows["lad_name"].iloc[0]),
        lsoa_codes=tuple(sorted(rows["lsoa_code"])),
        ward_codes=tuple(sorted(wards)),
        lsoa_vintage=str(rows["lsoa_vintage"].iloc[0]),
        ward_vintage=ward_vintage,
    )


def _csp_rows(frame: pd.DataFrame) -> list[DistrictCsp]:
    cols = list(DistrictCsp.__dataclass_fields__)
    return [
        DistrictCsp(**{c: str(v) for c, v in zip(cols, row, strict=True)})
        for row in frame[cols].sort_values(["lad_code", "csp_code"]).itertuples(index=False)
    ]


def csps_of_district(store: Store, lad_code: str) -> list[DistrictCsp]:
    """The Community Safety Partnership(s) and police force area of district ``lad_code``.

    Usually one row; a district formed by merging districts can still have several CSPs in a
    lookup (e.g. East Suffolk E07000244 in 2019: Suffolk Coastal and Waveney).
    """
    lu = lookup_table(store, "lad_csp_pfa")
    lad_code = _check_code(lad_code, "district", "E07000110", lu[["lad_code", "lad_name"]])
    rows = lu[lu["lad_code"] == lad_code]
    if rows.empty:
        raise GeographyError(
            f"district {lad_code!r} is not in the lad_csp_pfa lookup (vintage "
            f"{lu['vintage'].iloc[0]}); check the code, or load a lookup of the vintage that has it"
        )
    return _csp_rows(rows)


def districts_of_csp(store: Store, csp_code: str) -> list[DistrictCsp]:
    """The district(s) of Community Safety Partnership ``csp_code``, with its police force area.

    Dartford and Gravesham form one CSP, E22000352: two rows.
    """
    lu = lookup_table(store, "lad_csp_pfa")
    csp_code = _check_code(csp_code, "Community Safety Partnership", "E22000142",
                           lu[["csp_code", "csp_name"]])
    rows = lu[lu["csp_code"] == csp_code]
    if rows.empty:
        raise GeographyError(
            f"Community Safety Partnership {csp_code!r} is not in the lad_csp_pfa lookup (vintage "
            f"{lu['vintage'].iloc[0]}, {lu['csp_code'].nunique()} partnerships); check the code"
        )
    return _csp_rows(rows)
