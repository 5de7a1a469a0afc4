"""Generate the demo borough and load it through the real readers, as a user's data would be."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from cspkit.demo import DemoBorough, generate_borough
from cspkit.sources import (
    LoadReport,
    load_boundaries,
    load_lookup,
    load_police,
    load_population,
)
from cspkit.store import Store

__all__ = ["DemoRun", "run_demo"]


@dataclass(frozen=True)
class DemoRun:
    """The borough generated and what loading it did."""

    borough: DemoBorough
    police: LoadReport
    tables: tuple[str, ...]


def run_demo(store: Store, out_dir: Path, seed: int = 2024, *, quiet: bool = True) -> DemoRun:
    """Write the borough's files under ``out_dir`` (replacing an earlier demo there); load them."""
    if (out_dir / "police").exists():
        shutil.rmtree(out_dir / "police")  # no stale months from an earlier run
    borough = generate_borough(out_dir, seed, quiet=quiet)
    reports = [
        load_lookup(store, [borough.lsoa_ward_lookup, borough.district_lookup]),
        load_boundaries(store, [borough.ward_boundaries, borough.lsoa_boundaries]),
        load_population(store, borough.population_file, 2019),
    ]
    report = load_police(store, [out_dir / "police"])
    return DemoRun(borough, report, tuple(t for r in reports for t in r.tables))
