"""Population by small area, and summed to wards and districts.

:func:`read_population` reads an LSOA population file into the tidy form

    area_code, year, population, source

Recognised files (the first column may carry a UTF-8 byte-order mark):

- mySociety's compilation of mid-year estimates: columns ``lsoa``, ``pop`` (``"1,954"``); the
  year is read from the file name (``..._mid2019_...``) unless given; source ``"mysociety"``.
- IoD2019 File 6, population denominators: ``LSOA code (2011)``, ..., ``Total population: mid
  2015 (excluding prisoners)``; the year from that column's name; source ``"iod2019_file6"``.
- Any CSV with an LSOA code column (``lsoa``, ``lsoa_code``, ``area_code``, ``LSOA11CD``, ...)
  and a population column (``pop``, ``population``); pass ``year=`` when the name has none.

"Total" rows (``Grand Total``) are dropped. :func:`load_population` adds a file to the store's
``population`` table, replacing only the rows of the same year and source.
:func:`population_by` sums LSOAs to wards (approximate: best-fit lookup) or districts.
"""

from __future__ import annotations

import re
import warnings
from pathlib import Path

import pandas as pd

from cspkit.errors import ColumnError, FileFormatError, GeographyError, NotLoadedError, ValueProblem
from cspkit.files import file_sha256
from cspkit.geography._ons import GeographyWarning, ons_columns, read_csv_text
from cspkit.geography.lookups import lookup_table
from cspkit.store import Store

__all__ = [
    "POPULATION_COLUMNS",
    "load_population",
    "population_by",
    "read_population",
]

#: Columns of the ``population`` table.
POPULATION_COLUMNS = ("area_code", "year", "population", "source")

TABLE = "population"

_CODE_NAMES = ("lsoa", "lsoa_code", "area_code", "code", "lsoa code")
_POP_NAMES = ("pop", "population", "all ages", "all_ages")
_AREA_CODE = re.compile(r"^[A-Z0-9]+$")
_MID_YEAR = re.compile(r"mid[-_ ]?(\d{4})", re.IGNORECASE)
_ANY_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?!\d)")
_FIX = (
    "A population file needs an LSOA code column (lsoa, lsoa_code, LSOA11CD or "
    "'LSOA code (2011)') and a population column (pop, population or "
    "'Total population: mid YYYY ...')."
)


def _find_columns(path: Path, columns: list[str]) -> tuple[str, str, str]:
    """(code column, population column, default source)."""
    lower = {c.lower().strip(): c for c in columns}
    code = next((lower[n] for n in _CODE_NAMES if n in lower), None)
    if code is None:
        code = next((c for c in columns if c.lower().startswith("lsoa code")), None)
    if code is None:
        ons = [c.column for c in ons_columns(columns) if c.level == "lsoa" and c.part == "CD"]
        code = ons[0] if ons else None
    pop = next((lower[n] for n in _POP_NAMES if n in lower), None)
    source = "mysociety" if {"lsoa", "pop"} <= set(lower) else "file"
    if pop is None:
        pop = next((c for c in columns if c.lower().startswith("total population")), None)
        if pop is not None:
            source = "iod2019_file6" if "excluding prisoners" in pop.lower() else "file"
    missing = [n for n, c in (("lsoa", code), ("pop", pop)) if c is None]
    if missing:
        raise ColumnError(path, missing, columns, _FIX)
    assert code is not None and pop is not None
    return code, pop, source


def _year(path: Path, pop_col: str, year: int | None) -> int:
    if year is not None:
        if not 1900 <= int(year) <= 2100:
            raise GeographyError(f"{year!r} is not a year of population estimates; give the "
                                 "mid-year as four digits, e.g. 2019 (--year 2019)")
        return int(year)
    for text in (pop_col, path.stem):
        m = _MID_YEAR.search(text) or _ANY_YEAR.search(text)
        if m:
            return int(m.group(1))
    raise FileFormatError(
        path,
        f"cannot tell the year of these population estimates (neither the file name nor the "
        f"column {pop_col!r} names one)",
        "Give the mid-year of the estimates, e.g. --year 2019 (cspkit load geography "
        "population FILE --year 2019).",
    )


def read_population(
    path: str | Path, year: int | None = None, source: str | None = None
) -> pd.DataFrame:
    """Read an LSOA population file into ``area_code, year, population, source`` (module doc)."""
    path = Path(path)
    raw = read_csv_text(path, "an LSOA population CSV", "columns lsoa, pop")
    code_col, pop_col, default_source = _find_columns(path, list(raw.columns))
    yr = _year(path, pop_col, year)
    codes = raw[code_col].str.strip()
    keep = ~codes.str.contains("total", case=False)
    bad_code = (keep & ~codes.str.fullmatch(_AREA_CODE.pattern)).to_numpy().nonzero()[0]
    if len(bad_code):
        i = int(bad_code[0])
        raise ValueProblem(
            path, i + 2, code_col, codes.iloc[i],
            "an area code (e.g. E01024320)", "Correct or remove that row.",
        )
    text = raw[pop_col].str.strip().str.replace(",", "", regex=False)
    bad = (keep & ~text.str.fullmatch(r"\d+")).to_numpy().nonzero()[0]
    if len(bad):
        i = int(bad[0])
        raise ValueProblem(
            path, i + 2, pop_col, raw[pop_col].iloc[i],
            'a whole number of people (e.g. 1954 or "1,954")', "Correct or remove that row.",
        )
    out = pd.DataFrame(
        {
            "area_code": codes[keep].to_numpy(),
            "year": yr,
            "population": text[keep].astype("int64").to_numpy(),
            "source": source or default_source,
        }
    )
    dup = out["area_code"].duplicated().to_numpy().nonzero()[0]
    if len(dup):
        i = int(keep.to_numpy().nonzero()[0][dup[0]])
        raise ValueProblem(
            path, i + 2, code_col, codes.iloc[i],
            "each area once", "Remove the repeated row.",
        )
    out["year"] = out["year"].astype("int64")
    return out


def load_population(
    store: Store, path: str | Path, year: int | None = None, source: str | None = None
) -> str:
    """Add a population file to the store's ``population`` table; return ``"population"``.

    Rows are keyed by area_code, year and source: loading a second year or source adds to the
    table; loading the same year and source again replaces those rows (and only those).
    """
    path = Path(path)
    new = read_population(path, year=year, source=source)
    yr, src = int(new["year"].iloc[0]), str(new["source"].iloc[0])
    parts: list[dict[str, object]] = []
    if TABLE in store.table_names():
        old = store.read_table(TABLE).to_pandas()
        old = old[~((old["year"] == yr) & (old["source"] == src))]
        new = pd.concat([old, new], ignore_index=True)
        parts = [
            p for p in store.table_entry(TABLE).meta.get("parts", [])
            if not (p["year"] == yr and p["source"] == src)
        ]
    sha = file_sha256(path)
    parts.append({"year": yr, "source": src, "file": str(path.resolve()), "sha256": sha})
    new = new.sort_values(["year", "source", "area_code"], ignore_index=True)
    with store.transaction() as txn:
        txn.put_table(TABLE, new, source_file=str(path.resolve()), sha256=sha,
                      meta={"parts": parts})
    return TABLE


def _pick(pop: pd.DataFrame, year: int | None, source: str | None) -> tuple[int, str]:
    have = pop[["year", "source"]].drop_duplicates().sort_values(["year", "source"])
    pairs = ", ".join(f"{y} {s!r}" for y, s in have.itertuples(index=False))
    if source is not None:
        have = have[have["source"] == source]
    if year is not None:
        have = have[have["year"] == int(year)]
    if have.empty:
        raise NotLoadedError(
            f"no population{'' if year is None else f' for {year}'}"
            f"{'' if source is None else f' from {source!r}'} in the store; loaded: {pairs}"
        )
    yr = int(have["year"].max())
    srcs = list(have.loc[have["year"] == yr, "source"])
    if len(srcs) > 1:
        raise GeographyError(
            f"the store has population for {yr} from several sources ({', '.join(srcs)}); "
            "say which to use: give the source as one of them"
        )
    return yr, srcs[0]


def population_by(
    store: Store,
    level: str = "ward",
    year: int | None = None,
    *,
    source: str | None = None,
    lad_code: str | None = None,
) -> pd.DataFrame:
    """Population of each area of ``level`` (``"lsoa"``, ``"ward"`` or ``"lad"``).

    Uses the latest loaded year unless ``year`` is given. Wards and districts are sums of LSOAs
    through the ``lsoa_ward`` lookup; ward sums are **approximate** (the lookup is best-fit:
    LSOAs do not nest in wards), district sums exact. ``lad_code`` keeps one district's areas.

    Columns: area_code, area_name, level, vintage, year, population, source, lsoas (LSOAs
    summed), approximate (bool). ``.attrs["note"]`` says how the figures were made.
    """
    if level not in ("lsoa", "ward", "lad"):
        raise GeographyError(
            f"population is summed to 'lsoa', 'ward' or 'lad', not to {level!r}"
        )
    if TABLE not in store.table_names():
        raise NotLoadedError(
            f"the store at {store.root} has no population; load an LSOA population file "
            "(`cspkit load geography population FILE`)"
        )
    pop = store.read_table(TABLE).to_pandas()
    yr, src = _pick(pop, year, source)
    pop = pop[(pop["year"] == yr) & (pop["source"] == src)]
    lu = lookup_table(store, "lsoa_ward")
    if lad_code is not None:
        lu = lu[lu["lad_code"] == lad_code]
        if lu.empty:
            raise GeographyError(f"district {lad_code!r} is not in the lsoa_ward lookup")
    merged = lu.merge(pop, left_on="lsoa_code", right_on="area_code", how="left")
    lacking = merged.loc[merged["population"].isna(), "lsoa_code"]
    if len(lacking):
        warnings.warn(
            f"{len(lacking)} LSOA(s) of the lookup have no {yr} population from {src!r} "
            f"({', '.join(lacking.head(5))}{', ...' if len(lacking) > 5 else ''}); their areas' "
            "sums leave them out",
            GeographyWarning,
            stacklevel=2,
        )
    merged = merged.dropna(subset=["population"])
    out = (
        merged.groupby([f"{level}_code", f"{level}_name", f"{level}_vintage"], dropna=False)
        .agg(population=("population", "sum"), lsoas=("lsoa_code", "size"))
        .reset_index()
        .rename(columns={f"{level}_code": "area_code", f"{level}_name": "area_name",
                         f"{level}_vintage": "vintage"})
    )
    out["population"] = out["population"].astype("int64")
    out.insert(2, "level", level)
    out.insert(4, "year", yr)
    out.insert(6, "source", src)
    out["approximate"] = level == "ward"
    out = out.sort_values("area_code", ignore_index=True)
    lsoa_v = str(lu["lsoa_vintage"].iloc[0]) if len(lu) else "?"
    if level == "ward":
        ward_v = str(lu["ward_vintage"].iloc[0]) if len(lu) else "?"
        note = (
            f"Approximate: ward populations are sums of {yr} LSOA ({lsoa_v}) populations "
            f"({src}) through the best-fit LSOA -> ward ({ward_v}) lookup; LSOAs do not nest "
            "in wards."
        )
    else:
        note = f"{yr} LSOA ({lsoa_v}) populations ({src})" + (
            ", summed to districts (LSOAs nest in districts)." if level == "lad" else "."
        )
    out.attrs["note"] = note
    return out
