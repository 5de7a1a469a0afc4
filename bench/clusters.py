"""Benchmark: ward clusters for all of Kent's 271 county wards (December 2022).

Run: ``.venv/bin/python bench/clusters.py [--restarts 100] [--random 20]``

Builds ward features from ../shared/data (Kent street crime 2021/22, mid-2019 LSOA population,
IoD2019 domains, Kent LSOA 2011 boundaries for the urban share) and clusters the wards with
cspkit's :class:`WardClusters` (size bound 4, queen contiguity, default features):

- by district: each of Kent's 12 districts on its own (features standardised within it);
- as one region: all 271 wards together.

As the reference point, spopt's unconstrained ``Skater`` is run on the same standardised
features, contiguity and number of clusters (it has no size bound, so its clusters may be far
larger than 4). Printed: seconds of each and their ratio, the heterogeneity (sum of squared
deviations from the cluster means) of each, the largest cluster of each; for the one region,
also unconstrained k-means and the best of ``--random`` random contiguous partitions with the
same sizes.

Three Kent wards (one in Ashford, two in Dartford) receive no LSOA in the best-fit LSOA -> ward
(2019) lookup, so they have no population and no rates; the benchmark fills their features with
their district's median and says so (cspkit itself refuses missing features).
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
from libpysal.weights import W
from spopt.region import Skater

from cspkit.analysis.places import (
    ClusterParams,
    WardClusters,
    heterogeneity,
    kmeans_heterogeneity,
    random_heterogeneity,
    ward_features,
)
from cspkit.geography import boundaries
from cspkit.sources import load_boundaries, load_lookup, load_population, read_imd
from cspkit.sources.police import load_police
from cspkit.store import Store

HERE = Path(__file__).resolve().parent
SHARED = HERE.parent.parent / "shared" / "data"
MONTHS = [f"2021-{m:02d}" for m in range(4, 13)] + ["2022-01", "2022-02", "2022-03"]


def build_store(root: Path) -> Store:
    store = Store(root)
    for name in ("LSOA11_WD19_LAD19_EW_LU.csv", "LAD19_CSP19_PFA19_EW_LU.csv"):
        load_lookup(store, SHARED / "geography" / "lookups" / name)
    bounds = SHARED / "geography" / "boundaries"
    load_boundaries(store, bounds / "kent_county_wards_WD22_E10000016.geojson")
    load_boundaries(store, bounds / "kent_county_lsoa2011_E10000016.geojson")
    load_population(store, SHARED / "population" / "mysociety_lsoa_population_mid2019_uk.csv")
    street = SHARED / "police" / "kent" / "street"
    load_police(store, [street / m / f"{m}-kent-street.csv" for m in MONTHS])
    return store


def kent_features(store: Store, params: ClusterParams) -> pd.DataFrame:
    imd = read_imd(SHARED / "deprivation" / "File_2_-_IoD2019_Domains_of_Deprivation.csv")
    wards = boundaries(store, "ward")
    frames = []
    for lad in sorted(wards["lad_code"].unique()):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            f = ward_features(store, lad, imd=imd, quiet=True)
        cols = list(params.features)
        gaps = f[cols].isna().any(axis=1)
        if gaps.any():
            print(f"  {lad}: ward(s) {', '.join(f.index[gaps])} have no population in the "
                  "best-fit lookup; their features are filled with the district median")
            f.loc[gaps, cols] = f[cols].median().to_numpy()
        f["lad_code"] = lad
        frames.append(f)
    return pd.concat(frames)


def skater(model: WardClusters) -> tuple[float, np.ndarray]:
    """spopt's unconstrained Skater on the model's standardised features, contiguity and k."""
    x = model.x_
    gdf = gpd.GeoDataFrame(x.reset_index(drop=True), geometry=model.wards.geometry.to_numpy(),
                           crs=model.wards.crs)
    neigh = {i: sorted(nb) for i, nb in enumerate(model.contiguity_.neighbours)}
    w = W(neigh, silence_warnings=True)
    began = time.perf_counter()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        sk = Skater(gdf, w, list(x.columns), n_clusters=model.n_clusters_)
        sk.solve()
    return time.perf_counter() - began, np.asarray(sk.labels_)


def run(name: str, wards: gpd.GeoDataFrame, features: pd.DataFrame, params: ClusterParams,
        seed: int) -> tuple[WardClusters, dict[str, float]]:
    began = time.perf_counter()
    model = WardClusters(wards, features, params, seed=seed, quiet=True).solve()
    ours = time.perf_counter() - began
    sk_time, sk_labels = skater(model)
    x = model.x_.to_numpy()
    row = {
        "wards": len(wards), "k": model.n_clusters_, "cspkit_s": ours, "skater_s": sk_time,
        "het": model.heterogeneity_, "het_skater": heterogeneity(x, sk_labels),
        "max": int(model.labels_.value_counts().max()),
        "max_skater": int(pd.Series(sk_labels).value_counts().max()),
    }
    print(f"  {name:<24} {row['wards']:>4} {row['k']:>4} {ours:>8.2f} {sk_time:>8.2f} "
          f"{ours / sk_time:>7.2f} {row['het']:>9.1f} {row['het_skater']:>9.1f} "
          f"{row['max']:>4} {row['max_skater']:>6}")
    return model, row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--restarts", type=int, default=ClusterParams().restarts)
    parser.add_argument("--random", type=int, default=20,
                        help="random contiguous partitions for the one-region baseline")
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    params = ClusterParams(restarts=args.restarts)
    with tempfile.TemporaryDirectory() as tmp:
        began = time.perf_counter()
        store = build_store(Path(tmp) / "store")
        features = kent_features(store, params)
        wards = boundaries(store, "ward")
        print(f"data ready in {time.perf_counter() - began:.1f} s: {len(wards)} wards, "
              f"{wards['lad_code'].nunique()} districts; restarts={args.restarts}, "
              f"seed={args.seed}\n")
    header = (f"  {'area':<24} {'n':>4} {'k':>4} {'cspkit s':>8} {'skater s':>8} {'ratio':>7} "
              f"{'het':>9} {'het SK':>9} {'max':>4} {'max SK':>6}")
    print(header)
    rows = []
    for lad in sorted(features["lad_code"].unique()):
        mine = wards[wards["lad_code"] == lad]
        rows.append(run(lad, mine, features.loc[mine["code"]], params, args.seed)[1])
    totals = pd.DataFrame(rows).sum()
    print(f"  {'12 districts, total':<24} {int(totals['wards']):>4} {int(totals['k']):>4} "
          f"{totals['cspkit_s']:>8.2f} {totals['skater_s']:>8.2f} "
          f"{totals['cspkit_s'] / totals['skater_s']:>7.2f} {totals['het']:>9.1f} "
          f"{totals['het_skater']:>9.1f}")
    model, row = run("Kent as one region", wards, features.loc[wards["code"]], params, args.seed)
    x = model.x_.to_numpy()
    began = time.perf_counter()
    draws = random_heterogeneity(x, model.contiguity_, model.labels_.to_numpy(), args.random,
                                 args.seed)
    rand_s = time.perf_counter() - began
    km = kmeans_heterogeneity(x, model.n_clusters_, args.seed)
    total = heterogeneity(x, np.zeros(len(x)))
    print(f"\nKent as one region: heterogeneity {row['het']:.1f} (total {total:.1f}); "
          f"k-means {km:.1f} (ratio {row['het'] / km:.2f}); Skater {row['het_skater']:.1f} "
          f"(ratio {row['het'] / row['het_skater']:.2f}, largest Skater cluster "
          f"{row['max_skater']} wards); best of {len(draws)} random contiguous partitions "
          f"{draws.min():.1f} (ratio {row['het'] / draws.min():.2f}; drawn in {rand_s:.1f} s)")
    print(f"ratio cspkit / Skater seconds: districts "
          f"{totals['cspkit_s'] / totals['skater_s']:.2f}, one region "
          f"{row['cspkit_s'] / row['skater_s']:.2f}")


if __name__ == "__main__":
    main()
