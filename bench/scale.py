"""Benchmark: does one district's work stay the same size when the store holds the whole country?

Run: ``.venv/bin/python bench/scale.py [--forces 30] [--data ../shared/data]``. Loads the real Kent
street data (21 months), the national LSOA lookup, Kent and Medway wards and the mid-2019
population into a temporary store (the **one-force store**), then copies it and adds ``--forces``
synthetic forces, each a copy of Kent's rows with Kent's LSOA codes mapped onto real LSOA codes
elsewhere in England and Wales (the **national store**: 12 forces give about 4.7 million rows,
30 about 11 million).
Prints, in one run:

- the Maidstone 2021/22 assessment (``assess``, no documents) on each store and their ratio
  (target <= 1.2: a district's work must not pay for the rest of the country);
- ``cspkit status`` and ``cspkit coverage`` on each store (targets: under 1 s, ratio near 1);
- the stores' sizes on disk and rows;
- ``--reloads`` rolling reloads of 12 months (1-12, 2-13, ...): the store's size against the
  live data it holds (target: within 5%).

Set ``CSPKIT_DATA`` or ``--data`` when the shared data is not at ``../shared/data``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = Path(os.environ.get("CSPKIT_DATA", HERE.parent.parent / "shared" / "data"))
MAIDSTONE = "E07000110"


def build_kent(store_dir: Path, data: Path) -> float:
    from cspkit.sources import load_boundaries, load_lookup, load_population
    from cspkit.sources.police import load_police
    from cspkit.store import Store

    start = time.perf_counter()
    store = Store(store_dir)
    load_police(store, [data / "police/kent/street"])
    load_lookup(store, data / "geography/lookups/LSOA11_WD19_LAD19_EW_LU.csv")
    bounds = data / "geography/boundaries"
    load_boundaries(store, bounds / "kent_county_wards_WD22_E10000016.geojson")
    load_boundaries(store, bounds / "medway_wards_WD22_E06000035.geojson", add=True)
    load_population(store, data / "population/mysociety_lsoa_population_mid2019_uk.csv", 2019)
    return time.perf_counter() - start


def add_fake_forces(store_dir: Path, forces: int) -> float:
    """Add ``forces`` copies of Kent's street partitions, each on other real LSOA codes."""
    import duckdb

    from cspkit.store import Store
    from cspkit.store.manifest import Partition

    start = time.perf_counter()
    store = Store(store_dir)
    kent = {k: p for k, p in store.manifest().partitions["street"].items()
            if k.startswith("kent|")}
    files = [f"'{store_dir / p.path}/data.parquet'" for p in kent.values()]
    lookup = store.table_file("lsoa_ward")
    con = duckdb.connect()
    con.execute(f"CREATE TABLE src AS SELECT * FROM read_parquet([{', '.join(files)}])")
    con.execute("CREATE TABLE kent_codes AS SELECT lsoa_code, row_number() OVER (ORDER BY "
                "lsoa_code) - 1 AS i FROM (SELECT DISTINCT lsoa_code FROM src "
                "WHERE lsoa_code IS NOT NULL)")
    con.execute(f"CREATE TABLE pool AS SELECT lsoa_code, row_number() OVER (ORDER BY lsoa_code) "
                f"- 1 AS j FROM read_parquet('{lookup}') WHERE lsoa_code NOT IN "
                "(SELECT lsoa_code FROM kent_codes)")
    (n_kent,), (n_pool,) = (con.execute(f"SELECT count(*) FROM {t}").fetchone() or (0,)
                            for t in ("kent_codes", "pool"))
    with store.transaction() as txn:
        for f in range(forces):
            name = f"force-{f:02d}"
            con.execute(f"CREATE OR REPLACE TEMP TABLE m AS SELECT k.lsoa_code AS old, "
                        f"p.lsoa_code AS new FROM kent_codes k JOIN pool p ON p.j = "
                        f"(k.i + {f * n_kent}) % {n_pool}")
            for key, part in kent.items():
                month = key.split("|")[1]
                target = txn.stage_dir / "street" / f"force={name}" / f"month={month}"
                target.mkdir(parents=True)
                con.execute(
                    "COPY (SELECT s.* REPLACE (m.new AS lsoa_code, "
                    f"'{name}' AS force) FROM src s LEFT JOIN m ON s.lsoa_code = m.old "
                    f"WHERE s.month = '{month}') TO '{target}/data.parquet' (FORMAT parquet)"
                )
                txn.put_partition("street", name, month,
                                  Partition(txn.rel(target), part.rows, txn.load_id, "synthetic"))
    con.close()
    return time.perf_counter() - start


def rolling(store_dir: Path, data: Path, loads: int) -> tuple[float, int, int]:
    """Load Kent's months 1-12, then 2-13, ...: (seconds, store bytes, live bytes) at the end."""
    from cspkit.sources.police import load_police
    from cspkit.store import Store

    files = sorted((data / "police/kent/street").glob("*/*.csv"))
    store = Store(store_dir)
    start = time.perf_counter()
    for i in range(min(loads, len(files) - 11)):
        load_police(store, files[i:i + 12])
    total, live = store.disk_usage()
    return time.perf_counter() - start, total, live


def timed(fn: Callable[[], object]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def measure(store_dir: Path) -> dict[str, float]:
    from cspkit.assessment import assess
    from cspkit.geography import lsoa_coverage
    from cspkit.store import Store
    from cspkit.store.coverage import coverage
    from cspkit.store.summary import summarize

    store = Store(store_dir)
    return {  # what `cspkit status` and `cspkit coverage` compute
        "assess": timed(lambda: assess(store, MAIDSTONE, "2021/22")),
        "status": timed(lambda: (summarize(store), lsoa_coverage(store))),
        "coverage": timed(lambda: (coverage(store), lsoa_coverage(store))),
    }


def size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--forces", type=int, default=12)
    parser.add_argument("--reloads", type=int, default=6)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args()
    if not (args.data / "police/kent/street").exists():
        sys.exit(f"needs the real data at {args.data} (set CSPKIT_DATA or --data)")
    warnings.simplefilter("ignore")
    with tempfile.TemporaryDirectory() as tmp:
        kent, national = Path(tmp) / "kent", Path(tmp) / "national"
        load = build_kent(kent, args.data)
        shutil.copytree(kent, national)
        fake = add_fake_forces(national, args.forces)
        from cspkit.store import Store

        rows = {name: sum(p.rows for p in Store(d).manifest().partitions["street"].values())
                for name, d in (("kent", kent), ("national", national))}
        print(f"one-force store: {rows['kent']:,} street rows, {size(kent) / 2**20:.0f} MiB "
              f"(loaded in {load:.1f} s)")
        print(f"national store: {rows['national']:,} street rows in {args.forces + 1} forces, "
              f"{size(national) / 2**20:.0f} MiB (synthetic forces written in {fake:.1f} s)")
        measure(kent)  # warm up: imports, fonts, first-use caches
        one, every = measure(kent), measure(national)
        for what in ("assess", "status", "coverage"):
            print(f"{what:>9}: one-force {one[what]:6.3f} s, national {every[what]:6.3f} s, "
                  f"ratio {every[what] / one[what]:.2f}")
        took, total, live = rolling(Path(tmp) / "rolling", args.data, args.reloads)
        print(f"rolling reloads of 12 Kent months ({args.reloads} loads, {took:.1f} s): store "
              f"{total / 2**20:.1f} MiB for {live / 2**20:.1f} MiB of live data "
              f"({100 * (total / live - 1):.1f}% over; target <= 5%)")


if __name__ == "__main__":
    main()
