"""Harm-weighted counts beside plain counts, with weights after the ONS Crime Severity Score.

:func:`harm_weights` reads ``data/harm_weights.csv``: one weight per police.uk category, in
average sentencing days per offence, approximated as the volume-weighted mean of the ONS Crime
Severity Score offence weights within the category (ONS Crime Severity Score (Experimental
Statistics) weights, ons.gov.uk). They are **approximations**: ``data/harm_weights.md`` gives
the derivation, the sources and the uncertainty (the ``weight_low`` and ``weight_high``
columns). Anti-social behaviour is not a crime and has **no weight** (NULL, never 0; the
``weighted`` column says ``"not weighted"``). Drugs and Possession of weapons are marked
``police_generated``: their counts follow police activity.

>>> w = harm_weights().set_index("crime_type")
>>> float(w.loc["Shoplifting", "weight"]), w.loc["Anti-social behaviour", "weight"] is pd.NA
(5.0, True)
"""

from __future__ import annotations

from collections.abc import Sequence
from importlib import resources

import pandas as pd

from cspkit.analysis._checks import as_columns, require_columns
from cspkit.errors import InputError

__all__ = [
    "HARM_COLUMNS",
    "NOT_WEIGHTED",
    "WEIGHTED",
    "WEIGHTS_SOURCE",
    "harm_weighted_counts",
    "harm_weights",
]

WEIGHTED = "weighted"
NOT_WEIGHTED = "not weighted"
WEIGHTS_SOURCE = (
    "ONS Crime Severity Score (Experimental Statistics) weights, ons.gov.uk; police.uk "
    "category weights approximated as volume-weighted means of the offence weights "
    "(cspkit analysis/data/harm_weights.md)"
)

#: Columns :func:`harm_weighted_counts` adds.
HARM_COLUMNS = (
    "weight", "weight_low", "weight_high", "harm", "harm_low", "harm_high", "harm_share",
    "harm_share_low", "harm_share_high", "weighted", "police_generated",
)


def harm_weights() -> pd.DataFrame:
    """The shipped weights: crime_type, weight, weight_low, weight_high (days; NA for ASB),
    weighted (bool), police_generated (bool), basis (the offence mix in words)."""
    with resources.files("cspkit.analysis").joinpath("data/harm_weights.csv").open(
        "r", encoding="utf-8"
    ) as fh:
        table = pd.read_csv(fh, dtype={"crime_type": str, "basis": str})
    for col in ("weight", "weight_low", "weight_high"):
        table[col] = table[col].astype("Float64")
    for col in ("weighted", "police_generated"):
        table[col] = table[col].astype(bool)
    return table


def harm_weighted_counts(
    counts: pd.DataFrame,
    *,
    category: str = "crime_type",
    value: str = "count",
    by: str | Sequence[str] | None = None,
    weights: pd.DataFrame | None = None,
) -> pd.DataFrame:
    """``counts`` with harm beside the plain count.

    Adds :data:`HARM_COLUMNS`: the category's ``weight`` (and its range), ``harm = count x
    weight`` (and at the range's ends), ``harm_share`` (per cent of the weighted harm of the
    ``by`` group, e.g. of the year), ``weighted`` ("weighted" or "not weighted") and
    ``police_generated``. Unweighted categories (ASB) get NA harm, never 0. ``weights``
    replaces the shipped table (same columns as :func:`harm_weights`).
    """
    cols = as_columns(by)
    require_columns("harm_weighted_counts", counts, [category, value, *cols], "counts")
    w = harm_weights() if weights is None else weights
    require_columns("harm_weighted_counts", w,
                    ["crime_type", "weight", "weight_low", "weight_high", "weighted",
                     "police_generated"], "weights")
    unknown = sorted(set(counts[category].dropna()) - set(w["crime_type"]))
    if unknown:
        raise InputError(
            f"harm_weighted_counts(): no harm weight for categor(y/ies) "
            f"{', '.join(map(repr, unknown))}; the weights cover "
            f"{', '.join(map(repr, w['crime_type']))}. Rename the categories to police.uk's "
            "spelling, or pass weights= with a row for each"
        )
    keep = ["crime_type", "weight", "weight_low", "weight_high", "weighted", "police_generated"]
    out = counts.merge(w[keep].rename(columns={"crime_type": category}), on=category, how="left")
    n = out[value].astype("Float64")
    unweighted = ~out["weighted"].astype(bool)
    for col in ("weight", "weight_low", "weight_high"):
        out[col] = out[col].astype("Float64").mask(unweighted)
    out["harm"] = n * out["weight"]
    out["harm_low"] = n * out["weight_low"]
    out["harm_high"] = n * out["weight_high"]
    def group_sum(col: str) -> pd.Series | float:
        return out.groupby(cols)[col].transform("sum") if cols else out[col].sum()

    out["harm_share"] = 100.0 * out["harm"] / group_sum("harm")
    low, high = group_sum("harm_low"), group_sum("harm_high")
    out["harm_share_low"] = 100.0 * out["harm_low"] / (out["harm_low"] + high - out["harm_high"])
    out["harm_share_high"] = 100.0 * out["harm_high"] / (out["harm_high"] + low - out["harm_low"])
    out["weighted"] = out["weighted"].map({True: WEIGHTED, False: NOT_WEIGHTED})
    out["police_generated"] = out["police_generated"].astype(bool)
    out = out[[*counts.columns, *HARM_COLUMNS]]
    out.attrs["note"] = WEIGHTS_SOURCE
    return out
