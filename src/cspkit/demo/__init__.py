"""A synthetic partnership area for the demo and the tests, deterministic from a seed.

:func:`generate_borough` invents a district ("Castlebridge", about 170,000 people in ~100 LSOAs
and ~25 wards, policed by "Castlebridgeshire Police") and writes it as the files real users
download: ONS boundaries and lookups, a mid-2019 population file, and five years of data.police.uk
street-level crime and anti-social behaviour. The same seed always gives byte-identical files.

Built in: a pandemic dip (April 2020 to March 2021: ASB up, most crime down 20-30%, shoplifting
and theft from the person down more), a recording-system change (from 2022-06: violence and public
order up about 15%, "Other crime" up about 35%), summer peaks of ASB and violence, long-term
trends, and hotspots (the town centre's night-time economy and a deprived estate).

>>> from pathlib import Path
>>> import tempfile
>>> with tempfile.TemporaryDirectory() as tmp:
...     demo = generate_borough(Path(tmp), seed=2024, start="2020-01", end="2020-03", quiet=True)
>>> demo.district_name, demo.force_slug, demo.months
('Castlebridge', 'castlebridgeshire', ('2020-01', '2020-02', '2020-03'))
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from cspkit.calendar import check_month
from cspkit.demo.areas import DemoAreas, build_areas
from cspkit.demo.categories import (
    ASB,
    PANDEMIC_INTENSITY,
    RECORDING_CHANGE_MONTH,
    RECORDING_CHANGE_NOTE,
)
from cspkit.demo.crime import crime_rows, month_range
from cspkit.demo.names import DEFAULT_IDENTITY
from cspkit.demo.writer import write_boundaries, write_lookups, write_police, write_population
from cspkit.errors import InputError

__all__ = ["FACTS_FILE", "DemoBorough", "build_areas", "generate_borough"]

#: The file, in the output folder, that records the facts of the generated borough.
FACTS_FILE = "demo_borough.json"
MAX_MONTHS = 240


@dataclass(frozen=True)
class DemoBorough:
    """What :func:`generate_borough` wrote, and the facts an analysis needs to know about it.

    Paths are absolute. ``months`` are every month written (``YYYY-MM``); ``pandemic_months`` those
    of them under pandemic restrictions; ``recording_change_month`` the first month of the new
    recording system (None when the period does not straddle it). ``hotspot_lsoas`` are the
    town-centre LSOAs then the estate's (each group's core first); ``hotspot_wards`` the wards
    that hold them, in the same order ("High Street" holds the town centre's core).
    """

    out_dir: Path
    seed: int
    district_code: str
    district_name: str
    csp_code: str
    csp_name: str
    pfa_code: str
    pfa_name: str
    force_slug: str
    force_name: str
    months: tuple[str, ...]
    pandemic_months: tuple[str, ...]
    recording_change_month: str | None
    recording_change_note: str | None
    town_centre_lsoas: tuple[str, ...]
    estate_lsoas: tuple[str, ...]
    hotspot_lsoas: tuple[str, ...]
    hotspot_wards: tuple[str, ...]
    hotspot_ward_names: tuple[str, ...]
    n_lsoas: int
    n_wards: int
    population: int
    rows: int
    crime_rows: int
    asb_rows: int
    no_location_rows: int
    ward_boundaries: Path
    lsoa_boundaries: Path
    lsoa_ward_lookup: Path
    district_lookup: Path
    population_file: Path
    police_files: tuple[Path, ...]
    facts_file: Path
    files: tuple[Path, ...]
    """Every file written, the facts file last."""

    def to_dict(self) -> dict[str, Any]:
        """The facts as JSON-ready values, with paths relative to ``out_dir``."""
        out: dict[str, Any] = {}
        for name in self.__dataclass_fields__:
            value = getattr(self, name)
            if name == "out_dir":
                continue
            if isinstance(value, Path):
                value = value.relative_to(self.out_dir).as_posix()
            elif isinstance(value, tuple):
                value = [v.relative_to(self.out_dir).as_posix() if isinstance(v, Path) else v
                         for v in value]
            out[name] = value
        return out


def _check_month(name: str, value: object) -> str:
    return check_month(value, f"the demo's {name}")


def _check(seed: object, start: object, end: object) -> tuple[int, list[str]]:
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise InputError(
            f"the demo's seed {seed!r} is not a whole number of 0 or more; give e.g. 2024 "
            "(cspkit demo --seed 2024)"
        )
    first, last = _check_month("start", start), _check_month("end", end)
    if first > last:
        raise InputError(
            f"the demo's start {first} is after its end {last}; swap them"
        )
    months = month_range(first, last)
    if len(months) > MAX_MONTHS:
        raise InputError(
            f"{first} to {last} is {len(months)} months, and the demo makes at most "
            f"{MAX_MONTHS}; move its start or end closer"
        )
    return int(seed), months


def generate_borough(
    out_dir: Path,
    seed: int = 2024,
    *,
    start: str = "2018-04",
    end: str = "2023-03",
    quiet: bool = False,
) -> DemoBorough:
    """Invent a district from ``seed`` and write its files under ``out_dir``.

    Writes ``geography/`` (ward and LSOA GeoJSON, two lookups), ``population/`` (mid-2019 LSOA
    population), ``police/YYYY-MM/YYYY-MM-<force>-street.csv`` for every month from ``start`` to
    ``end`` inclusive, and ``demo_borough.json`` (the returned facts). Files of the same names are
    replaced; nothing else in ``out_dir`` is touched. Unless ``quiet``, says on stderr what it
    made. Raises :class:`cspkit.errors.InputError` for a bad seed or month.
    """
    seed, months = _check(seed, start, end)
    began = time.perf_counter()
    out_dir = Path(out_dir).resolve()
    ident = DEFAULT_IDENTITY
    area_rng, crime_rng = np.random.default_rng(seed).spawn(2)
    areas = build_areas(area_rng, ident)
    rows = crime_rows(crime_rng, areas, months, ident.force_name)

    wards_path, lsoas_path = write_boundaries(areas, out_dir)
    lsoa_ward, district = write_lookups(areas, out_dir)
    population = write_population(areas, out_dir)
    police = write_police(rows, months, ident.force_slug, out_dir)
    facts_path = out_dir / FACTS_FILE
    written = (wards_path, lsoas_path, lsoa_ward, district, population, *police, facts_path)
    demo = _facts(areas, rows, months, seed, out_dir, written)
    facts_path.write_text(json.dumps(demo.to_dict(), indent=2) + "\n", encoding="utf-8")
    if not quiet:
        _announce(demo, time.perf_counter() - began)
    return demo


def _facts(areas: DemoAreas, rows: Any, months: list[str], seed: int, out_dir: Path,
           written: tuple[Path, ...]) -> DemoBorough:
    ident = areas.identity
    lsoas = areas.lsoas
    ward_name = areas.wards.set_index("code")["name"]
    recording = RECORDING_CHANGE_MONTH if months[0] < RECORDING_CHANGE_MONTH <= months[-1] else None
    is_asb = rows["Crime type"] == ASB
    centre = set(lsoas.loc[lsoas["town_centre"], "code"])
    return DemoBorough(
        out_dir=out_dir,
        seed=seed,
        district_code=ident.district_code,
        district_name=ident.district_name,
        csp_code=ident.csp_code,
        csp_name=ident.csp_name,
        pfa_code=ident.pfa_code,
        pfa_name=ident.pfa_name,
        force_slug=ident.force_slug,
        force_name=ident.force_name,
        months=tuple(months),
        pandemic_months=tuple(m for m in months if m in PANDEMIC_INTENSITY),
        recording_change_month=recording,
        recording_change_note=RECORDING_CHANGE_NOTE if recording else None,
        town_centre_lsoas=tuple(c for c in areas.hotspot_lsoas if c in centre),
        estate_lsoas=tuple(c for c in areas.hotspot_lsoas if c not in centre),
        hotspot_lsoas=tuple(areas.hotspot_lsoas),
        hotspot_wards=tuple(areas.hotspot_wards),
        hotspot_ward_names=tuple(str(ward_name[w]) for w in areas.hotspot_wards),
        n_lsoas=len(lsoas),
        n_wards=len(areas.wards),
        population=int(lsoas["population"].sum()),
        rows=len(rows),
        crime_rows=int((~is_asb).sum()),
        asb_rows=int(is_asb.sum()),
        no_location_rows=int((rows["Location"] == "No Location").sum()),
        ward_boundaries=written[0],
        lsoa_boundaries=written[1],
        lsoa_ward_lookup=written[2],
        district_lookup=written[3],
        population_file=written[4],
        police_files=written[5:-1],
        facts_file=written[-1],
        files=written,
    )


def _announce(demo: DemoBorough, seconds: float) -> None:
    lines = [
        f"Demo borough {demo.district_name} ({demo.district_code}), seed {demo.seed}: "
        f"{demo.n_lsoas} LSOAs in {demo.n_wards} wards, population {demo.population:,}.",
        f"{demo.rows:,} police.uk street rows ({demo.force_name}, force '{demo.force_slug}') "
        f"over {len(demo.months)} months, {demo.months[0]} to {demo.months[-1]}.",
        f"Hotspot wards: {', '.join(demo.hotspot_ward_names)}.",
    ]
    if demo.pandemic_months:
        lines.append(f"Pandemic months: {demo.pandemic_months[0]} to {demo.pandemic_months[-1]}.")
    if demo.recording_change_month:
        lines.append(demo.recording_change_note or "")
    lines.append(f"{len(demo.files)} files written to {demo.out_dir} in {seconds:.1f} s.")
    print("\n".join(lines), file=sys.stderr)
