"""Places: ward clusters, task-force focus areas, and before/after evaluation (no Django).

Ward clusters (:mod:`.clusters`)
    :class:`WardClusters` groups a district's wards into clusters of touching wards (queen or
    rook contiguity), each of at most ``max_size`` (default 4), similar on standardised
    features (:func:`ward_features`: crime and ASB rates by category, IoD2019 deprivation
    domains population-weighted from LSOAs, density, urban share). Officers pin wards together
    or apart (``must_link``/``cannot_link``) and run it again. :meth:`WardClusters.evaluate`
    sets the heterogeneity against unconstrained k-means and random contiguous partitions of
    the same sizes. The result is a named, versioned :class:`ClusterSet` with a map
    (:func:`plot_clusters`, :func:`clusters_geojson`) and a profile per cluster.

Focus areas (:mod:`.focus`)
    :class:`FocusAreas` ranks wards, LSOAs (:func:`lsoa_features`) or clusters
    (:func:`cluster_features`) by a Vulnerable-Localities-style need index, with the inputs
    that drive each rank and its stability under changed weights; partner and health data come
    from a small CSV shape (:func:`cspkit.sources.read_indicators`, :func:`add_indicators`);
    :func:`plot_focus` maps it.

Before/after evaluation (:mod:`.evaluation`)
    :func:`before_after` counts crimes in target, comparison and buffer areas and reports the
    weighted displacement difference (:func:`wdd`), the Poisson E-test and a verdict.

One district from the store (:mod:`.district`)
    :func:`cluster_district`, :func:`focus_district` and :func:`evaluate_district` build the
    inputs from what is loaded and run each analysis: the service behind ``cspkit places``.
"""

from cspkit.analysis.places.baselines import (
    heterogeneity,
    kmeans_heterogeneity,
    random_heterogeneity,
)
from cspkit.analysis.places.clusters import (
    TRANSFORMS,
    ClusterParams,
    ClusterQuality,
    WardClusters,
    standardise,
)
from cspkit.analysis.places.clusterset import (
    ASSIGNMENT_COLUMNS,
    PROFILE_COLUMNS,
    ClusterSet,
    next_version,
)
from cspkit.analysis.places.contiguity import CONTIGUITY, ISLANDS, Contiguity, contiguity
from cspkit.analysis.places.deprivation import deprivation_by_area, deprivation_percentile
from cspkit.analysis.places.district import (
    ClusterRun,
    DistrictPlaces,
    cluster_district,
    district_places,
    evaluate_district,
    focus_district,
)
from cspkit.analysis.places.evaluation import (
    FORMULA,
    Evaluation,
    WddResult,
    before_after,
    buffer_zone,
    verdict,
    wdd,
)
from cspkit.analysis.places.features import (
    DEFAULT_FEATURES,
    crime_counts,
    district_wards,
    rates_per_1000,
    urban_share,
    ward_features,
)
from cspkit.analysis.places.focus import RANK_COLUMNS, FocusAreas, FocusParams, NeedInput
from cspkit.analysis.places.levels import add_indicators, cluster_features, lsoa_features
from cspkit.analysis.places.maps import clusters_geojson, plot_clusters, plot_focus
from cspkit.errors import PlacesWarning

__all__ = [
    "ASSIGNMENT_COLUMNS",
    "CONTIGUITY",
    "DEFAULT_FEATURES",
    "FORMULA",
    "ISLANDS",
    "PROFILE_COLUMNS",
    "RANK_COLUMNS",
    "TRANSFORMS",
    "ClusterParams",
    "ClusterQuality",
    "ClusterRun",
    "ClusterSet",
    "Contiguity",
    "DistrictPlaces",
    "Evaluation",
    "FocusAreas",
    "FocusParams",
    "NeedInput",
    "PlacesWarning",
    "WardClusters",
    "WddResult",
    "add_indicators",
    "before_after",
    "buffer_zone",
    "cluster_district",
    "cluster_features",
    "clusters_geojson",
    "contiguity",
    "crime_counts",
    "deprivation_by_area",
    "deprivation_percentile",
    "district_places",
    "district_wards",
    "evaluate_district",
    "focus_district",
    "heterogeneity",
    "kmeans_heterogeneity",
    "lsoa_features",
    "next_version",
    "plot_clusters",
    "plot_focus",
    "random_heterogeneity",
    "rates_per_1000",
    "standardise",
    "urban_share",
    "verdict",
    "ward_features",
    "wdd",
]
