"""ONS lookups in the store, and questions about them: which LSOAs and wards make a district,
which Community Safety Partnership and police force area a district is in.

The lookups are loaded by :mod:`cspkit.sources.lookups` (``cspkit load geography lookup FILE``)
into one table per kind:

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

Example::

    areas_of_district(store, "E07000110").ward_codes            # 26 Maidstone wards
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import cast

import pandas as pd

from cspkit.errors import GeographyError, NotLoadedError
from cspkit.geography._codes import GSS_CODE
from cspkit.store import Store

__all__ = [
    "EXAMPLE_HEADERS",
    "LOOKUP_KINDS",
    "DistrictAreas",
    "DistrictCsp",
    "LookupKind",
    "areas_of_district",
    "csps_of_district",
    "districts_of_csp",
    "lookup_table",
    "lsoa_vintages",
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

EXAMPLE_HEADERS = {
    "lsoa_ward": "FID, LSOA11CD, LSOA11NM, WD19CD, WD19NM, LAD19CD, LAD19NM",
    "lad_csp_pfa": "FID, LAD19CD, LAD19NM, CSP19CD, CSP19NM, PFA19CD, PFA19NM",
    "ward_hierarchy": "FID, WD19CD, WD19NM, LAD19CD, LAD19NM, CTY19CD, CTY19NM, RGN19CD, ...",
    "csp_names": "FID, CSP19CD, CSP19NM, CSP19NMW",
}


def lookup_table(store: Store, kind: str, *, lsoa_vintage: str | None = None) -> pd.DataFrame:
    """A stored lookup table (``lsoa_ward``, ``lad_csp_pfa``, ``ward_hierarchy``, ``csp_names``).

    ``lsoa_ward`` holds the lookups of every LSOA vintage loaded, side by side (2011 and 2021:
    data.police.uk changed from one to the other in 2023); an LSOA code the two vintages share
    has a row in each. ``lsoa_vintage`` keeps the rows of one vintage.
    """
    names = [k.name for k in LOOKUP_KINDS]
    if kind not in names:
        raise GeographyError(
            f"unknown lookup kind {kind!r}; expected one of {', '.join(repr(n) for n in names)}"
        )
    if kind not in store.table_names():
        example = EXAMPLE_HEADERS[kind]
        raise NotLoadedError(
            f"the store at {store.root} has no {kind!r} lookup; load an ONS lookup CSV with "
            f"columns like {example} (`cspkit load geography lookup FILE`)"
        )
    table = store.read_table(kind).to_pandas()
    if lsoa_vintage is None:
        return cast("pd.DataFrame", table)
    have = sorted(set(table["lsoa_vintage"])) if kind == "lsoa_ward" else []
    if str(lsoa_vintage) not in have:
        raise NotLoadedError(
            f"the store at {store.root} has no LSOA lookup of vintage {lsoa_vintage} (LSOA "
            f"vintages loaded: {', '.join(have) or 'none'}); load one with "
            "`cspkit load geography lookup FILE`"
        )
    return cast("pd.DataFrame",
                table[table["lsoa_vintage"] == str(lsoa_vintage)].reset_index(drop=True))


def lsoa_vintages(store: Store) -> list[str]:
    """The LSOA vintages of the loaded ``lsoa_ward`` lookups, oldest first (none: ``[]``)."""
    if "lsoa_ward" not in store.table_names():
        return []
    return sorted(set(store.read_table("lsoa_ward").column("lsoa_vintage").to_pylist()))


# -- questions ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class DistrictAreas:
    """The small areas of one local authority district."""

    lad_code: str
    lad_name: str
    lsoa_codes: tuple[str, ...]
    """Every LSOA of the district in every loaded LSOA vintage, sorted (LSOAs nest in districts;
    a code of both vintages is the same area, listed once)."""
    ward_codes: tuple[str, ...]
    """Every ward of the district of ``ward_vintage``, sorted."""
    lsoa_vintage: str
    """The LSOA vintage(s), e.g. ``"2011"`` or ``"2011 and 2021"``."""
    ward_vintage: str
    lsoa_vintages: tuple[str, ...] = ()
    """The LSOA vintages whose lookups list the district, oldest first."""


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


def areas_of_district(
    store: Store, lad_code: str, *, ward_vintage: str | None = None
) -> DistrictAreas:
    """The LSOAs and wards of district ``lad_code`` (e.g. ``"E07000110"``, Maidstone).

    LSOAs come from the ``lsoa_ward`` lookups, of every LSOA vintage loaded: a police row counts
    for the district whether its LSOA code is of 2011 or of 2021. Wards are of one vintage,
    ``ward_vintage`` (default: that of the latest LSOA lookup listing the district): those the
    best-fit lookup assigns LSOAs to, plus, when a ``ward_hierarchy`` lookup of the same ward
    vintage is loaded, the wards it lists for the district (a small ward may receive no LSOA in
    a best-fit lookup).
    """
    lu = lookup_table(store, "lsoa_ward")
    lad_code = _check_code(lad_code, "district", "E07000110", lu[["lad_code", "lad_name"]])
    rows = lu[lu["lad_code"] == lad_code]
    if rows.empty:
        raise GeographyError(
            f"district {lad_code!r} is not in the lsoa_ward lookup (LAD vintage "
            f"{' and '.join(sorted(set(lu['lad_vintage'])))}, {lu['lad_code'].nunique()} "
            "districts); check the code, or load a lookup of the vintage that has it"
        )
    vintages = tuple(sorted(set(rows["lsoa_vintage"])))
    wv = _ward_vintage(rows, vintages, ward_vintage, lad_code)
    mine = rows[rows["ward_vintage"] == wv]
    wards = set(mine["ward_code"].dropna())
    if "ward_hierarchy" in store.table_names():
        wh = lookup_table(store, "ward_hierarchy")
        same = wh[(wh["lad_code"] == lad_code) & (wh["vintage"] == wv)]
        wards |= set(same["ward_code"].dropna())
    return DistrictAreas(
        lad_code=lad_code,
        lad_name=str(mine["lad_name"].iloc[0]),
        lsoa_codes=tuple(sorted(set(rows["lsoa_code"]))),
        ward_codes=tuple(sorted(wards)),
        lsoa_vintage=" and ".join(vintages),
        ward_vintage=wv,
        lsoa_vintages=vintages,
    )


def _ward_vintage(
    rows: pd.DataFrame, vintages: tuple[str, ...], wanted: str | None, lad_code: str
) -> str:
    have = sorted(set(rows["ward_vintage"].dropna().astype(str)))
    if wanted is None:
        latest = rows[rows["lsoa_vintage"] == vintages[-1]]
        return str(latest["ward_vintage"].iloc[0])
    if str(wanted) not in have:
        raise GeographyError(
            f"the loaded LSOA lookups give {lad_code} wards of {' and '.join(have)}, not "
            f"{wanted}; load the LSOA to ward lookup of {wanted} "
            "(`cspkit load geography lookup FILE`), or choose one of those"
        )
    return str(wanted)


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
