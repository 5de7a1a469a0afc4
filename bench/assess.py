"""Benchmark: the whole strategic assessment (HTML, PDF, Word) for Maidstone and all of Kent.

Run: ``.venv/bin/python bench/assess.py``. Loads ../shared/data (Kent street crime, lookups,
Kent and Medway wards, mid-2019 population) into a temporary store once, then times, each in a
fresh process, ``assess`` + ``write_assessment`` for Maidstone (target: under 20 s) and for all
Kent and Medway districts in one run, printing seconds and peak memory (max RSS). The baseline
named for the ratio is the time of loading the data the assessments read (same run).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
DATA = HERE.parent.parent / "shared" / "data"
KENT = ["E07000105", "E07000106", "E07000107", "E07000108", "E07000109", "E07000110",
        "E07000111", "E07000112", "E07000113", "E07000114", "E07000115", "E07000116",
        "E06000035"]


def build(store_dir: Path) -> float:
    from cspkit.sources import load_boundaries, load_lookup, load_population
    from cspkit.sources.police import load_police
    from cspkit.store import Store

    start = time.perf_counter()
    store = Store(store_dir)
    load_police(store, [DATA / "police/kent/street"])
    load_lookup(store, DATA / "geography/lookups/LSOA11_WD19_LAD19_EW_LU.csv")
    load_boundaries(store, DATA / "geography/boundaries/kent_county_wards_WD22_E10000016.geojson")
    medway = DATA / "geography/boundaries/medway_wards_WD22_E06000035.geojson"
    load_boundaries(store, medway, add=True)
    load_population(store, DATA / "population/mysociety_lsoa_population_mid2019_uk.csv", 2019)
    return time.perf_counter() - start


def child(store_dir: str, out: str, areas: list[str]) -> None:
    import warnings

    from cspkit.assessment import assess, write_assessment
    from cspkit.store import Store

    warnings.simplefilter("ignore")
    start = time.perf_counter()
    pages = 0
    for area in areas:
        sa = assess(Store(store_dir), area, "2021/22")
        paths = write_assessment(sa, Path(out), ("html", "pdf", "docx"))
        pages += len(paths)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps({"seconds": seconds, "peak": peak, "documents": pages}))


def measure(store_dir: Path, out: Path, areas: list[str]) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, __file__, "--child", str(store_dir), str(out), *areas],
        capture_output=True, text=True, check=False,
    )
    if result.returncode:
        sys.exit(f"assessing {areas} failed:\n{result.stderr[-3000:]}")
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], sys.argv[4:])
        return
    if not DATA.exists():
        sys.exit(f"needs the real data at {DATA}")
    with tempfile.TemporaryDirectory() as tmp:
        store_dir, out = Path(tmp) / "store", Path(tmp) / "out"
        load = build(store_dir)
        print(f"baseline: loading Kent street data, lookup, wards, population: {load:6.1f} s")
        one = measure(store_dir, out, ["E07000110"])
        print(f"Maidstone 2021/22 (HTML+PDF+DOCX): {one['seconds']:6.1f} s, peak "
              f"{one['peak'] / 2**30:.2f} GiB (target < 20 s); "
              f"{one['seconds'] / load:.1f}x the load")
        every = measure(store_dir, out, KENT)
        print(f"All {len(KENT)} Kent and Medway districts: {every['seconds']:6.1f} s "
              f"({every['seconds'] / len(KENT):.1f} s each), peak {every['peak'] / 2**30:.2f} GiB; "
              f"{every['seconds'] / load:.1f}x the load")


if __name__ == "__main__":
    main()
