"""Benchmark: loading police.uk street files.

Run: ``.venv/bin/python bench/ingest.py [--rows 5000000]``

For each dataset — the real one-month national extract in ../shared/data (390,141 rows, 41
forces) and a synthetic archive of about 5 million rows — it times, each in its own process:

- ``cspkit``: cspkit's loader (validate, type, write Parquet partitions, commit);
- ``duckdb floor``: DuckDB's plain ``read_csv`` of the same files into a table (nothing checked);
- ``pandas baseline``: ``pandas.read_csv`` of each file + ``concat`` + the same row checks.

and prints seconds, rows/s, peak memory (max RSS of the process) and the ratios the targets are
stated in: cspkit / floor (target <= 1.5) and pandas / cspkit (target >= 3).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data" / "police" / "all_forces_street"
OUT = HERE / "out"

CATEGORIES = [
    ("Anti-social behaviour", 0.27),
    ("Violence and sexual offences", 0.28),
    ("Criminal damage and arson", 0.07),
    ("Other theft", 0.06),
    ("Public order", 0.07),
    ("Vehicle crime", 0.05),
    ("Shoplifting", 0.05),
    ("Burglary", 0.04),
    ("Drugs", 0.03),
    ("Other crime", 0.02),
    ("Theft from the person", 0.01),
    ("Bicycle theft", 0.01),
    ("Robbery", 0.01),
    ("Possession of weapons", 0.01),
]


def synthetic_archive(rows: int, seed: int = 7) -> list[Path]:
    """A police.uk-shaped archive of about ``rows`` rows: 43 forces x enough months."""
    forces = [f"force-{i:02d}" for i in range(43)]
    per_file = 10_000
    months = max(1, round(rows / (per_file * len(forces))))
    folder = OUT / f"synthetic-{rows}-{seed}"
    done = folder / ".complete"
    if done.exists():
        return sorted(folder.rglob("*.csv"))
    rng = np.random.default_rng(seed)
    names, weights = zip(*CATEGORIES, strict=True)
    p = np.array(weights) / sum(weights)
    for f_i, force in enumerate(forces):
        n = per_file
        cats = np.array(names)[rng.choice(len(names), n, p=p)]
        asb = cats == "Anti-social behaviour"
        ids = np.array([f"{x:064x}" for x in rng.integers(0, 2**62, n)])
        ids[asb] = ""
        located = rng.random(n) > 0.015
        lon = np.where(located, np.round(-2.5 + rng.random(n) * 3, 6).astype(str), "")
        lat = np.where(located, np.round(51.0 + rng.random(n) * 3, 6).astype(str), "")
        lsoa_n = rng.integers(0, 2000, n)
        lsoa = np.where(located, np.char.add("E0100", (lsoa_n + 1000 * f_i).astype(str)), "")
        lsoa_name = np.where(located, np.char.add("Somewhere ", lsoa_n.astype(str)), "")
        location = np.where(
            located,
            np.char.add("On or near Street ", (lsoa_n * 7 % 500).astype(str)),
            "No Location",
        )
        outcome = np.where(asb, "", "Investigation complete; no suspect identified")
        force_name = f"Force {f_i} Police"
        for m in range(months):
            month = f"{2020 + m // 12}-{m % 12 + 1:02d}"
            table = pa.table(
                {
                    "Crime ID": ids,
                    "Month": np.full(n, month),
                    "Reported by": np.full(n, force_name),
                    "Falls within": np.full(n, force_name),
                    "Longitude": lon,
                    "Latitude": lat,
                    "Location": location,
                    "LSOA code": lsoa,
                    "LSOA name": lsoa_name,
                    "Crime type": cats,
                    "Last outcome category": outcome,
                    "Context": np.full(n, ""),
                }
            )
            path = folder / month / f"{month}-{force}-street.csv"
            path.parent.mkdir(parents=True, exist_ok=True)
            pacsv.write_csv(table, path, pacsv.WriteOptions(quoting_style="needed"))
    done.touch()
    return sorted(folder.rglob("*.csv"))


# -- the three contenders, each run in a fresh process -------------------------------------


def run_cspkit(files: list[str]) -> int:
    from cspkit.sources.police import load_police
    from cspkit.store import Store

    with tempfile.TemporaryDirectory() as tmp:
        return load_police(Store(Path(tmp) / "store"), files).rows


def run_duckdb(files: list[str]) -> int:
    import duckdb

    con = duckdb.connect()
    con.execute(f"CREATE TABLE t AS SELECT * FROM read_csv({files!r}, header = true)")
    return con.execute("SELECT count(*) FROM t").fetchone()[0]  # type: ignore[index]


def run_pandas(files: list[str]) -> int:
    """What an analyst writes: plain read_csv per file, concat, then the same row checks."""
    import pandas as pd

    frames = []
    for f in files:
        df = pd.read_csv(f, encoding="utf-8-sig")
        df["source_file"] = Path(f).name
        frames.append(df)
    data = pd.concat(frames, ignore_index=True)
    month = data["source_file"].str.slice(0, 7)
    lon = pd.to_numeric(data["Longitude"], errors="coerce")
    lat = pd.to_numeric(data["Latitude"], errors="coerce")
    bad = (
        (data["Month"] != month)
        | (data["Longitude"].isna() != data["Latitude"].isna())
        | (lon.isna() & data["Longitude"].notna())
        | (lat.isna() & data["Latitude"].notna())
        | ~(lon.between(-8.75, 1.95) | lon.isna())
        | ~(lat.between(49.75, 60.95) | lat.isna())
    )
    if bad.any():
        raise ValueError("bad rows")
    return len(data)


def run_pandas_parquet(files: list[str]) -> int:
    """The baseline, also writing one Parquet file per force-month as cspkit does (for scale)."""
    import pandas as pd

    with tempfile.TemporaryDirectory() as tmp:
        for f in files:
            df = pd.read_csv(f, encoding="utf-8-sig")
            df.to_parquet(Path(tmp) / (Path(f).stem + ".parquet"), index=False)
    return run_pandas(files)


RUNNERS = {
    "cspkit": run_cspkit,
    "duckdb floor": run_duckdb,
    "pandas baseline": run_pandas,
}
EXTRA = {"pandas+parquet": run_pandas_parquet}


def child(name: str, list_file: str) -> None:
    files = json.loads(Path(list_file).read_text())
    import duckdb  # noqa: F401  imports are not what is measured
    import pandas  # noqa: F401

    import cspkit.sources.police.load  # noqa: F401

    start = time.perf_counter()
    rows = {**RUNNERS, **EXTRA}[name](files)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"rows": rows, "seconds": seconds, "peak": peak}))


def measure(name: str, files: list[Path]) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as fh:
        json.dump([str(f) for f in files], fh)
    out = subprocess.run(
        [sys.executable, __file__, "--child", name, fh.name],
        capture_output=True,
        text=True,
        check=True,
    )
    Path(fh.name).unlink()
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench(label: str, files: list[Path], repeat: int) -> None:
    size = sum(f.stat().st_size for f in files)
    print(f"\n{label}: {len(files)} files, {size / 2**20:,.0f} MiB")
    results = {}
    for name in [*RUNNERS, *EXTRA]:
        runs = [measure(name, files) for _ in range(repeat)]
        best = min(runs, key=lambda r: r["seconds"])
        results[name] = best
        print(
            f"  {name:16} {best['seconds']:7.2f} s  {best['rows'] / best['seconds']:>12,.0f} rows/s"
            f"  peak {best['peak'] / 2**30:5.2f} GiB  ({best['rows']:,} rows, best of {repeat})"
        )
    c, d, p = (results[k]["seconds"] for k in RUNNERS)
    pp = results["pandas+parquet"]["seconds"]
    print(f"  ratio cspkit / duckdb floor   = {c / d:5.2f}  (target <= 1.5)")
    print(f"  ratio pandas / cspkit         = {p / c:5.2f}  (target >= 3)")
    print(f"  ratio pandas+parquet / cspkit = {pp / c:5.2f}  (the same work as cspkit, roughly)")
    print(
        f"  cspkit peak memory            = {results['cspkit']['peak'] / 2**30:5.2f} GiB"
        " (target < 2)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=5_000_000)
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--child", nargs=2)
    args = parser.parse_args()
    if args.child:
        child(*args.child)
        return
    if SHARED.exists():
        bench(
            "real: all forces, 2021-05 (../shared/data)", sorted(SHARED.rglob("*.csv")), args.repeat
        )
    else:
        print(f"skipped the real data: {SHARED} not found")
    t = time.perf_counter()
    files = synthetic_archive(args.rows)
    print(f"\n(synthetic archive ready in {time.perf_counter() - t:.1f} s)")
    bench(f"synthetic: ~{args.rows:,} rows", files, args.repeat)


if __name__ == "__main__":
    main()
