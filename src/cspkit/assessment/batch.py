"""Many districts' strategic assessments in one run: a county's, or every district loaded.

One :class:`~cspkit.store.Store` serves every district (its manifest parsed once; each district
reads only the forces with rows in its LSOAs), and one process keeps the fonts and templates the
documents need; with ``workers``, that many processes share the districts. A district that
cannot be assessed (no rows, no boundaries) is reported with the reason and the others go on.
Beside each district's documents, ``assessments-<year>.csv`` lists every district with its crime
count, the change on the year before and the documents written.
"""

from __future__ import annotations

import csv
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from cspkit.assessment.assemble import assess
from cspkit.assessment.config import AssessmentConfig
from cspkit.assessment.report import write_assessment
from cspkit.errors import CspkitError, GeographyError, NotLoadedError
from cspkit.geography.lookups import lookup_table
from cspkit.store import Store

__all__ = ["DistrictResult", "assess_many", "districts_loaded", "districts_of_county"]


@dataclass
class DistrictResult:
    """What one district's assessment gave: its documents, or why there are none."""

    lad_code: str
    lad_name: str = ""
    crimes: int | None = None
    change: float | None = None
    """Change in crimes (excluding ASB) on the year before, in per cent."""
    paths: list[Path] = field(default_factory=list)
    error: str = ""


def districts_of_county(store: Store, county: str) -> list[str]:
    """The district codes of ``county`` (code, e.g. ``E10000016``, or name, e.g. ``Kent``) from
    the ``ward_hierarchy`` lookup."""
    if "ward_hierarchy" not in store.table_names():
        raise NotLoadedError(
            f"--county {county}: the store at {store.root} has no ward to county lookup; load "
            "it first with `cspkit load geography lookup WD19_LAD19_CTY19_RGN19_CTRY19_UK_LU.csv`"
        )
    wh = lookup_table(store, "ward_hierarchy")
    hit = wh[(wh["county_code"] == county) | (wh["county_name"].str.lower() == county.lower())]
    if hit.empty:
        names = sorted(set(wh["county_name"].dropna()))
        raise GeographyError(
            f"--county {county}: no county of that code or name in the ward to county lookup; "
            f"give a code such as E10000016 or a name such as {', '.join(names[:3])}"
        )
    return sorted(set(hit["lad_code"]))


def districts_loaded(store: Store) -> list[str]:
    """The districts (``lsoa_ward`` lookup) with street rows in the store, from the LSOA index."""
    lu = lookup_table(store, "lsoa_ward")[["lsoa_code", "lad_code"]]
    counts = store.partition_counts("street", lsoa_codes=lu["lsoa_code"])
    if counts.empty:
        return []
    con = store.connect(rows=False)
    try:
        con.register("_lu", lu)
        found = con.execute("SELECT DISTINCT lad_code FROM street_lsoas s JOIN _lu "
                            "ON s.lsoa_code = _lu.lsoa_code ORDER BY 1").fetchall()
    finally:
        con.close()
    return [str(code) for (code,) in found]


def assess_many(
    store: Store,
    areas: Sequence[str],
    year: str,
    out: Path,
    *,
    config: AssessmentConfig | None = None,
    formats: Sequence[str] = ("html", "pdf", "docx"),
    workers: int = 1,
    progress: Callable[[int, int, DistrictResult], None] | None = None,
) -> list[DistrictResult]:
    """Assess each of ``areas`` for ``year`` and write its documents to ``out``; then the summary
    table ``out/assessments-<year>.csv``. ``workers`` > 1 assesses that many districts at once,
    each in its own process. ``progress(done, total, result)`` as each district finishes;
    the results come back in the order of ``areas``."""
    results: dict[str, DistrictResult] = {}

    def done(result: DistrictResult) -> None:
        results[result.lad_code] = result
        if progress:
            progress(len(results), len(areas), result)

    if workers > 1 and len(areas) > 1:
        spawn = multiprocessing.get_context("spawn")  # not fork: DuckDB's threads in the parent
        with ProcessPoolExecutor(min(workers, len(areas)), mp_context=spawn) as pool:
            jobs = [pool.submit(_assess_one, str(store.root), a, year, out, config, tuple(formats))
                    for a in areas]
            for job in as_completed(jobs):
                done(job.result())
    else:
        for area in areas:
            done(_assess_one(store, area, year, out, config, tuple(formats)))
    ordered = [results[a] for a in areas]
    _summary(ordered, out / f"assessments-{year.replace('/', '-')}.csv")
    return ordered


def _assess_one(
    store: Store | str, area: str, year: str, out: Path, config: AssessmentConfig | None,
    formats: tuple[str, ...],
) -> DistrictResult:
    from cspkit.analysis.trends import ALL_CRIME

    result = DistrictResult(area)
    try:
        sa = assess(Store(store) if isinstance(store, str) else store, area, year, config)
        result.lad_name = sa.area.lad_name
        row = sa.comparison(ALL_CRIME)
        if row is not None:
            result.crimes = int(row["after"])
            pct = row["pct_change"]
            result.change = None if pd.isna(pct) else float(pct)
        result.paths = write_assessment(sa, out, formats)
    except CspkitError as error:
        result.error = str(error)
    return result


def _summary(results: list[DistrictResult], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(["lad_code", "lad_name", "crimes", "change_pct", "documents", "error"])
        for r in results:
            w.writerow([r.lad_code, r.lad_name, "" if r.crimes is None else r.crimes,
                        "" if r.change is None else f"{r.change:.1f}",
                        " ".join(p.name for p in r.paths), r.error])
