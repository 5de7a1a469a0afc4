"""Ward clusters: up to ``max_size`` touching wards with similar features, as a configured object.

>>> model = WardClusters(wards, features, ClusterParams(max_size=4), seed=2024)  # doctest: +SKIP
>>> model.solve().labels_                                                       # doctest: +SKIP
>>> model.evaluate().summary()                                                  # doctest: +SKIP
>>> model.cluster_set("Maidstone ward clusters", version=1).save("clusters/")   # doctest: +SKIP

``wards`` is a GeoDataFrame with ``code`` and ``name`` (such as
:func:`cspkit.geography.boundaries` returns, or :func:`~.features.district_wards`); ``features``
a table indexed by ward code (such as :func:`~.features.ward_features` returns). The features
named in :attr:`ClusterParams.features` are standardised (z-scores over the wards clustered, or
z-scores of ``log(1 + x)`` for counts, rates and density with ``transform="log-z"``) and the
clusters minimise their heterogeneity (:mod:`.search` says how). :meth:`WardClusters.evaluate`
compares it with unconstrained k-means and with random contiguous partitions
(:mod:`.baselines`).

Bad input gets a message and a fix: a ward code in ``features`` or in a pin that is not in the
boundaries (:class:`~cspkit.errors.GeographyError`), a ward without a value of a feature, a
feature that is not a column (:class:`~cspkit.errors.InputError`). Islands are handled as
:mod:`.contiguity` says. When the size cap, contiguity and pins allow no partition into
``n_clusters`` clusters, the closest (more clusters) is returned with a
:class:`~cspkit.analysis.places.PlacesWarning`.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, cast

import geopandas as gpd
import numpy as np
import pandas as pd

from cspkit.analysis.places._common import announce, check_choice, codes_text
from cspkit.analysis.places.baselines import (
    heterogeneity,
    kmeans_heterogeneity,
    random_heterogeneity,
)
from cspkit.analysis.places.clusterset import ClusterSet, cluster_names
from cspkit.analysis.places.contiguity import CONTIGUITY, ISLANDS, Contiguity, contiguity
from cspkit.analysis.places.features import DEFAULT_FEATURES
from cspkit.analysis.places.problem import build_problem, fewest_clusters
from cspkit.analysis.places.search import search
from cspkit.errors import GeographyError, InputError, PlacesWarning

__all__ = ["TRANSFORMS", "ClusterParams", "ClusterQuality", "WardClusters", "standardise"]

#: How features are put on one scale.
TRANSFORMS = ("z", "log-z")


def _pins(value: Any, name: str) -> tuple[tuple[str, ...], ...]:
    try:
        return tuple(tuple(str(c) for c in group) for group in value)
    except TypeError:
        raise InputError(
            f"ClusterParams: {name}={value!r} is not a list of groups of ward codes; give e.g. "
            f"{name}=[('E05005003', 'E05005004')]"
        ) from None


@dataclass(frozen=True)
class ClusterParams:
    """Settings of :class:`WardClusters`, validated once."""

    max_size: int = 4
    """Most wards in a cluster."""
    min_size: int = 1
    """Fewest wards in a cluster (met where the map allows; otherwise a warning)."""
    n_clusters: int | None = None
    """Clusters to make; None: the fewest that can hold every ward (announced)."""
    contiguity: str = "queen"
    """``"queen"`` (touching at a point is enough) or ``"rook"`` (a shared edge)."""
    islands: str = "singleton"
    """A ward without neighbours: ``"singleton"``, ``"nearest"`` or ``"error"``."""
    features: Sequence[str] = DEFAULT_FEATURES
    """Columns of the features table to cluster on (kept as a tuple)."""
    transform: str = "z"
    """``"z"`` or ``"log-z"`` (see the module doc)."""
    must_link: Sequence[Sequence[str]] = ()
    """Groups of ward codes to keep in one cluster (kept as tuples)."""
    cannot_link: Sequence[Sequence[str]] = ()
    """Pairs of ward codes to keep in different clusters (kept as tuples)."""
    restarts: int = 100
    """Rounds of the iterated local search."""

    def __post_init__(self) -> None:
        for name in ("max_size", "min_size", "restarts"):
            value = getattr(self, name)
            low = 0 if name == "restarts" else 1
            if isinstance(value, bool) or not isinstance(value, int) or value < low:
                raise InputError(
                    f"ClusterParams: {name}={value!r} must be a whole number of at least {low}"
                )
        if self.min_size > self.max_size:
            raise InputError(
                f"ClusterParams: min_size={self.min_size} is more than max_size={self.max_size}; "
                "lower min_size or raise max_size"
            )
        if self.n_clusters is not None and (
            isinstance(self.n_clusters, bool) or not isinstance(self.n_clusters, int)
            or self.n_clusters < 1
        ):
            raise InputError(
                f"ClusterParams: n_clusters={self.n_clusters!r} must be a whole number of at "
                "least 1, or None to choose the fewest clusters that hold every ward"
            )
        check_choice("ClusterParams", "contiguity", self.contiguity, CONTIGUITY)
        check_choice("ClusterParams", "islands", self.islands, ISLANDS)
        check_choice("ClusterParams", "transform", self.transform, TRANSFORMS)
        if isinstance(self.features, str) or not self.features:
            raise InputError(
                f"ClusterParams: features={self.features!r} must be a non-empty list of column "
                "names, e.g. features=('rate_anti_social_behaviour', 'dep_income')"
            )
        object.__setattr__(self, "features", tuple(str(f) for f in self.features))
        object.__setattr__(self, "must_link", _pins(self.must_link, "must_link"))
        object.__setattr__(self, "cannot_link", _pins(self.cannot_link, "cannot_link"))

    def to_dict(self) -> dict[str, Any]:
        """The settings as JSON-ready values."""
        out = asdict(self)
        for key in ("features", "must_link", "cannot_link"):
            out[key] = [list(g) if isinstance(g, tuple) else g for g in out[key]]
        return out


def _logged(column: str) -> bool:
    return column.startswith(("rate_", "count_")) or column == "density"


def standardise(features: pd.DataFrame, columns: Sequence[str], transform: str = "z"
                ) -> pd.DataFrame:
    """``columns`` of ``features`` as z-scores (population standard deviation); with
    ``transform="log-z"``, counts, rates and density are first replaced by ``log(1 + x)``.
    A column with one value for every ward cannot separate clusters: it is dropped with a
    :class:`PlacesWarning`."""
    frame = features[list(columns)].astype(float)
    if transform == "log-z":
        for col in frame.columns:
            if _logged(col):
                frame[col] = np.log1p(frame[col].clip(lower=0))
    sd = frame.std(ddof=0)
    flat = [c for c in frame.columns if not sd[c] > 0]
    if flat:
        warnings.warn(
            f"feature(s) {', '.join(repr(c) for c in flat)} have the same value for every "
            "ward and are left out (they cannot separate clusters)",
            PlacesWarning,
            stacklevel=3,
        )
        frame = frame.drop(columns=flat)
    return (frame - frame.mean()) / sd[frame.columns]


@dataclass(frozen=True)
class ClusterQuality:
    """Heterogeneity of the clusters against the two baselines (lower is better)."""

    heterogeneity: float
    total: float
    """Heterogeneity of one cluster holding every ward (the total sum of squares)."""
    kmeans: float
    """Unconstrained k-means, same number of clusters."""
    random_best: float | None
    """Best of the random contiguous partitions with the same cluster sizes."""
    random_median: float | None
    random_draws: int
    n_clusters: int
    seed: int
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def beats_random(self) -> bool | None:
        return None if self.random_best is None else self.heterogeneity < self.random_best

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["beats_random"] = self.beats_random
        return out

    def summary(self) -> str:
        """A few lines for people."""
        lines = [
            f"heterogeneity {self.heterogeneity:.2f} of {self.total:.2f} "
            f"({100 * (1 - self.heterogeneity / self.total):.0f}% of the variation is between "
            f"the {self.n_clusters} clusters)",
            f"unconstrained k-means: {self.kmeans:.2f}"
            + (f" (clusters / k-means = {self.heterogeneity / self.kmeans:.2f})"
               if self.kmeans > 0 else ""),
        ]
        if self.random_best is not None and self.random_median is not None:
            lines.append(
                f"random contiguous partitions, same sizes ({self.random_draws}): best "
                f"{self.random_best:.2f}, median {self.random_median:.2f} "
                f"(clusters / best random = {self.heterogeneity / self.random_best:.2f})"
            )
        else:
            lines.append("random contiguous partitions: none could be drawn")
        return "\n".join(lines)


class WardClusters:
    """Clusters of touching wards with similar features (module doc). Configure, then
    :meth:`solve`; results in ``labels_``, ``heterogeneity_``, ``n_clusters_``."""

    labels_: pd.Series
    """Cluster id (1, 2, ...) of each ward, indexed by ward code (after :meth:`solve`)."""
    n_clusters_: int
    heterogeneity_: float
    """Sum of squared deviations of the standardised features from their cluster means."""
    x_: pd.DataFrame
    """The standardised features clustered on."""
    contiguity_: Contiguity

    def __init__(self, wards: gpd.GeoDataFrame, features: pd.DataFrame,
                 params: ClusterParams | None = None, *, seed: int = 0,
                 quiet: bool = False) -> None:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise InputError(f"WardClusters: seed={seed!r} must be a whole number of 0 or more")
        self.params = params or ClusterParams()
        self.seed = int(seed)
        self.quiet = quiet
        self.wards = _check_wards(wards)
        self.features = features

    def solve(self) -> WardClusters:
        """Find the clusters; returns self."""
        p = self.params
        codes = list(self.wards["code"])
        raw = _check_features(self.features, codes, p.features)
        self.x_ = standardise(raw, p.features, p.transform)
        self.contiguity_ = contiguity(self.wards, p.contiguity, p.islands)
        x = self.x_.to_numpy()
        problem, units = build_problem(self.contiguity_, x, max_size=p.max_size,
                                       min_size=p.min_size, must_link=p.must_link,
                                       cannot_link=p.cannot_link)
        k = self._n_clusters(len(units))
        part = search(problem, k, p.restarts, self.seed)
        ward_label = np.empty(len(codes), dtype=np.int64)
        for u, members in enumerate(units):
            ward_label[members] = part.label[u]
        self.labels_ = _numbered(pd.Series(ward_label, index=pd.Index(codes, name="ward_code")))
        self.n_clusters_ = int(self.labels_.nunique())
        self.heterogeneity_ = heterogeneity(x, self.labels_.to_numpy())
        self._report(k, part.shortfall())
        return self

    def _n_clusters(self, n_units: int) -> int:
        p, cont = self.params, self.contiguity_
        low = fewest_clusters(cont, p.max_size)
        n = len(cont.codes)
        if p.n_clusters is None:
            announce(
                f"WardClusters: {n} wards into {low} clusters of at most {p.max_size} "
                f"(n_clusters set to {low} automatically: the fewest that can hold them); "
                f"{p.contiguity} contiguity; {self.x_.shape[1]} features, {p.transform} scores",
                self.quiet,
            )
            return low
        if p.n_clusters < low:
            raise InputError(
                f"WardClusters: n_clusters={p.n_clusters} is too few: {n} wards in "
                f"{cont.n_components} connected piece(s) need at least {low} clusters of at most "
                f"{p.max_size}; raise n_clusters or max_size"
            )
        if p.n_clusters > n_units:
            raise InputError(
                f"WardClusters: n_clusters={p.n_clusters} is more than the {n_units} wards (or "
                "pinned groups) to cluster; lower n_clusters"
            )
        return p.n_clusters

    def _report(self, k: int, shortfall: int) -> None:
        if self.n_clusters_ > k:
            warnings.warn(
                f"WardClusters: no partition into {k} clusters of at most "
                f"{self.params.max_size} touching wards was found (contiguity, pins); made "
                f"{self.n_clusters_}. Raise max_size, relax the pins, or set n_clusters="
                f"{self.n_clusters_}",
                PlacesWarning,
                stacklevel=3,
            )
        if shortfall:
            small = self.labels_.value_counts()
            sizes = ", ".join(str(int(s)) for s in sorted(small[small < self.params.min_size]))
            warnings.warn(
                f"WardClusters: some clusters are under min_size={self.params.min_size} "
                f"(sizes {sizes}): the map and pins allow no better; lower min_size",
                PlacesWarning,
                stacklevel=3,
            )

    def _solved(self) -> pd.Series:
        labels = getattr(self, "labels_", None)
        if labels is None:
            raise InputError("WardClusters: call solve() first")
        return cast("pd.Series[Any]", labels)

    def evaluate(self, n_random: int = 999) -> ClusterQuality:
        """Heterogeneity against k-means and ``n_random`` random contiguous partitions."""
        labels = self._solved().to_numpy()
        x = self.x_.to_numpy()
        draws = random_heterogeneity(x, self.contiguity_, labels, n_random, self.seed)
        return ClusterQuality(
            heterogeneity=self.heterogeneity_,
            total=heterogeneity(x, np.zeros(len(x), dtype=int)),
            kmeans=kmeans_heterogeneity(x, self.n_clusters_, self.seed),
            random_best=float(draws.min()) if len(draws) else None,
            random_median=float(np.median(draws)) if len(draws) else None,
            random_draws=len(draws),
            n_clusters=self.n_clusters_,
            seed=self.seed,
        )

    def cluster_set(self, name: str, version: int = 1, *, names: dict[int, str] | None = None,
                    quality: ClusterQuality | None = None, lad_code: str | None = None
                    ) -> ClusterSet:
        """The result as a named, versioned :class:`ClusterSet` (``names`` renames clusters)."""
        labels = self._solved()
        ward_names = self.wards.set_index("code")["name"].astype(str)
        auto = cluster_names(labels, ward_names)
        auto.update(names or {})
        vintage = (str(self.wards["vintage"].iloc[0]) if "vintage" in self.wards.columns
                   else self.features.attrs.get("ward_vintage"))
        return ClusterSet.build(
            name=name, version=version, labels=labels, ward_names=ward_names,
            cluster_names=auto, params=self.params.to_dict(), seed=self.seed,
            features=tuple(self.x_.columns), ward_vintage=vintage,
            lad_code=lad_code or self.features.attrs.get("lad_code"),
            heterogeneity=self.heterogeneity_,
            quality=quality.to_dict() if quality else None,
            inputs={str(k): v for k, v in self.features.attrs.items() if k != "lad_code"},
        )


def _numbered(labels: pd.Series) -> pd.Series:
    """Clusters numbered 1, 2, ... in order of their lowest ward code."""
    first = labels.groupby(labels).apply(lambda s: min(s.index))
    order = {int(c): i + 1 for i, c in enumerate(first.sort_values().index)}
    return labels.map(order).astype("int64").rename("cluster_id")


def _check_wards(wards: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    if not isinstance(wards, gpd.GeoDataFrame) or "code" not in wards.columns:
        raise InputError(
            "WardClusters: wards must be a GeoDataFrame with a 'code' column, such as the "
            "stored ward boundaries (cspkit.geography.boundaries or district_wards)"
        )
    dup = wards["code"][wards["code"].duplicated()]
    if len(dup):
        raise GeographyError(
            f"WardClusters: ward code(s) {codes_text(set(dup))} appear more than once in the "
            "boundaries; dissolve each ward into one (multi)polygon"
        )
    wards = wards.reset_index(drop=True)
    if "name" not in wards.columns:
        wards = wards.assign(name=wards["code"])
    if wards.crs is not None and wards.crs.is_geographic:
        wards = wards.to_crs("EPSG:27700")
    return wards


def _check_features(features: pd.DataFrame, codes: list[str], columns: Sequence[str]
                    ) -> pd.DataFrame:
    index = features.index.astype(str)
    extra = set(index) - set(codes)
    if extra:
        raise GeographyError(
            f"WardClusters: the features have ward code(s) {codes_text(extra)} that are not in "
            f"the ward boundaries ({len(codes)} wards); use features and boundaries of the same "
            "district and ward vintage"
        )
    absent = [c for c in columns if c not in features.columns]
    if absent:
        raise InputError(
            f"WardClusters: feature(s) {', '.join(repr(c) for c in absent)} are not columns of "
            f"the features table; its columns are {', '.join(map(repr, features.columns))}"
        )
    frame = features.set_axis(index)[list(columns)].reindex(codes)
    for col in columns:
        values = pd.to_numeric(frame[col], errors="coerce")
        lacking = [c for c, v in zip(codes, values, strict=True) if not np.isfinite(v)]
        if lacking:
            raise InputError(
                f"WardClusters: feature {col!r} is missing for {len(lacking)} ward(s) "
                f"({codes_text(lacking)}); fill it in, leave {col!r} out of features, or "
                "leave those wards out of the boundaries"
            )
        frame[col] = values
    return frame
