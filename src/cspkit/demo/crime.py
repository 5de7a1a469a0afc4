"""The demo crime model: monthly counts per LSOA and category, then police.uk-shaped rows.

Expected count of category ``c`` in LSOA ``l`` and month ``m``::

    population[l] x urban[l, c] x deprivation[l, c] x hotspot[l, c] x retail[l, c] x noise[l, c]
      x season[m, c] x trend[m, c] x pandemic[m, c] x recording[m, c] x days[m] x shock[m]

rescaled per category so that, over the whole period, the categories take their target shares
(:func:`cspkit.demo.categories.shares`) of about :data:`ROWS_PER_MONTH` rows a month. Counts are
negative binomial (Poisson with a Gamma-distributed rate). Each incident then lands on one of its
LSOA's snap points, with weights skewed towards a few repeat locations and towards the places that
suit the category (shoplifting at shops, vehicle crime in car parks, violence near night clubs).
Everything is vectorised over the ~100,000 rows; nothing loops per row.
"""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd
from numpy.typing import NDArray

from cspkit.calendar import month_index, month_range
from cspkit.demo.areas import RURAL_TOWN, URBAN, DemoAreas
from cspkit.demo.categories import (
    ASB,
    CATEGORIES,
    OUTCOMES,
    PANDEMIC_INTENSITY,
    RECORDING_CHANGE_MONTH,
    UNDER_INVESTIGATION,
    outcome_table,
    shares,
)
from cspkit.demo.names import POI_LABELS
from cspkit.sources.police.schema import STREET

__all__ = ["ROWS_PER_MONTH", "crime_rows", "expected_counts", "month_index", "month_range"]

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.int64]

ROWS_PER_MONTH = 1_650
DISPERSION = 8.0
"""Shape of the Gamma mixing: variance = mean + mean² / DISPERSION."""

#: How much more often an incident of a category lands on a kind of snap point (default 1).
_AFFINITY: dict[str, dict[str, float]] = {
    "Shoplifting": {"Shopping Area": 40, "Supermarket": 40, "Petrol Station": 10, "street": 0.3},
    "Vehicle crime": {"Parking Area": 8, "Supermarket": 2, "Hospital": 2},
    "Violence and sexual offences": {"Nightclub": 8, "Shopping Area": 2, "Hospital": 2,
                                     "Police Station": 2},
    "Public order": {"Nightclub": 6, "Shopping Area": 3, "Police Station": 2},
    "Bicycle theft": {"Parking Area": 4, "Sports/Recreation Area": 3,
                      "Further/Higher Educational Building": 4, "Shopping Area": 2},
    ASB: {"Park/Open Space": 4, "Shopping Area": 3, "Parking Area": 2,
          "Sports/Recreation Area": 2},
    "Theft from the person": {"Shopping Area": 6, "Nightclub": 6, "Supermarket": 3,
                              "street": 0.5},
    "Other theft": {"Shopping Area": 3, "Supermarket": 3, "Hospital": 3,
                    "Sports/Recreation Area": 2, "Parking Area": 2},
    "Burglary": {label: 0.2 for label in POI_LABELS},
    "Criminal damage and arson": {"Parking Area": 2, "Park/Open Space": 2},
}


def expected_counts(rng: np.random.Generator, areas: DemoAreas, months: list[str]) -> FloatArray:
    """Expected number of rows per month, LSOA and category: an array (months, LSOAs, 14)."""
    lsoas = areas.lsoas
    n_l, n_c = len(lsoas), len(CATEGORIES)
    pop = lsoas["population"].to_numpy(float)
    ruc = lsoas["ruc"].to_numpy()
    depr = lsoas["deprivation"].to_numpy(float) - float(np.median(lsoas["deprivation"]))
    centre = lsoas["town_centre"].to_numpy(bool)
    estate = lsoas["estate"].to_numpy(bool)
    retail = lsoas["has_retail"].to_numpy(bool)

    place = np.ones((n_l, n_c))
    for c, cat in enumerate(CATEGORIES):
        urban = np.where(ruc == URBAN, cat.urban,
                         np.where(ruc == RURAL_TOWN, 1 + 0.4 * (cat.urban - 1), 1.0))
        place[:, c] = pop * urban * np.exp(cat.deprivation * depr)
        place[centre, c] *= cat.centre
        place[estate, c] *= cat.estate
        if cat.name == "Shoplifting":
            place[~retail, c] *= 0.1
    place *= rng.lognormal(0.0, 0.25, size=(n_l, 1)) * rng.lognormal(0.0, 0.12, size=(n_l, n_c))

    idx = np.array([month_index(m) for m in months])
    moy = idx % 12 + 1
    years = (idx - idx.mean()) / 12.0
    days = np.array([calendar.monthrange(i // 12, i % 12 + 1)[1] for i in idx]) / (365.25 / 12)
    lockdown = np.array([PANDEMIC_INTENSITY.get(m, 0.0) for m in months])
    recorded = idx >= month_index(RECORDING_CHANGE_MONTH)
    time = np.ones((len(months), n_c))
    for c, cat in enumerate(CATEGORIES):
        time[:, c] = (
            (1 + cat.season * np.cos(2 * np.pi * (moy - cat.peak) / 12))
            * (1 + cat.trend) ** years
            * (1 + lockdown * (cat.pandemic_peak - 1))
            * np.where(recorded, cat.recording, 1.0)
        )
    time *= (days * rng.lognormal(0.0, 0.02, size=len(months)))[:, None]

    expected = time[:, None, :] * place[None, :, :]
    target = shares() * ROWS_PER_MONTH * len(months)
    return expected * (target / expected.sum(axis=(0, 1)))


def crime_rows(
    rng: np.random.Generator, areas: DemoAreas, months: list[str], force_name: str
) -> pd.DataFrame:
    """Every street-level row of the period, as published: the 12 police.uk columns, all text.

    Rows are sorted by month and shuffled within each month.
    """
    expected = expected_counts(rng, areas, months)
    rate = expected * rng.gamma(DISPERSION, 1.0 / DISPERSION, size=expected.shape)
    counts = rng.poisson(rate).ravel()
    cell = np.repeat(np.arange(counts.size), counts)
    m, rest = np.divmod(cell, expected.shape[1] * expected.shape[2])
    lsoa, cat = np.divmod(rest, expected.shape[2])
    n = len(cell)

    snap = _pick_snaps(rng, areas, lsoa, cat)
    is_asb = cat == [c.name for c in CATEGORIES].index(ASB)
    no_loc_p = np.array([c.no_location for c in CATEGORIES])[cat]
    located = rng.random(n) >= no_loc_p

    outcome = _outcomes(rng, cat, m, len(months))
    ids = np.frombuffer(rng.bytes(32 * n).hex().encode("ascii"), dtype="S64").astype(str)
    order = np.lexsort((rng.random(n), m))

    snaps = areas.snaps
    lon_text = np.array([f"{v:.6f}" for v in snaps["lon"]], dtype=object)
    lat_text = np.array([f"{v:.6f}" for v in snaps["lat"]], dtype=object)
    codes = areas.lsoas["code"].to_numpy(dtype=object)
    names = areas.lsoas["name"].to_numpy(dtype=object)
    blank = np.full(n, "", dtype=object)

    def where_located(values: NDArray[np.object_], otherwise: str = "") -> NDArray[np.object_]:
        return np.where(located, values, otherwise)[order]

    columns = {
        "Crime ID": np.where(is_asb, blank, ids.astype(object))[order],
        "Month": np.array(months, dtype=object)[m][order],
        "Reported by": np.full(n, force_name, dtype=object),
        "Falls within": np.full(n, force_name, dtype=object),
        "Longitude": where_located(lon_text[snap]),
        "Latitude": where_located(lat_text[snap]),
        "Location": where_located(snaps["label"].to_numpy(dtype=object)[snap], "No Location"),
        "LSOA code": where_located(codes[lsoa]),
        "LSOA name": where_located(names[lsoa]),
        "Crime type": np.array([c.name for c in CATEGORIES], dtype=object)[cat][order],
        "Last outcome category": np.where(
            outcome >= 0, np.array(OUTCOMES, dtype=object)[np.maximum(outcome, 0)], ""
        )[order],
        "Context": blank,
    }
    assert tuple(columns) == STREET.published
    return pd.DataFrame(columns, dtype=object)


def _pick_snaps(
    rng: np.random.Generator, areas: DemoAreas, lsoa: IntArray, cat: IntArray
) -> IntArray:
    """The snap point (row of ``areas.snaps``) of every incident."""
    snaps = areas.snaps
    n_l = len(areas.lsoas)
    per = np.bincount(snaps["lsoa"], minlength=n_l)
    width = int(per.max())
    first = np.concatenate([[0], np.cumsum(per)[:-1]])
    slot = np.arange(len(snaps)) - first[snaps["lsoa"].to_numpy()]
    kinds = snaps["kind"].to_numpy()

    weights = np.zeros((n_l, len(CATEGORIES), width))
    for c, category in enumerate(CATEGORIES):
        affinity = _AFFINITY.get(category.name, {})
        w = snaps["weight"].to_numpy() * np.array([affinity.get(k, 1.0) for k in kinds])
        weights[snaps["lsoa"].to_numpy(), c, slot] = w
    cum = np.cumsum(weights, axis=2)
    cum /= cum[:, :, -1:]
    u = rng.random(len(lsoa))
    pick = (cum[lsoa, cat, :] < u[:, None]).sum(axis=1)
    pick = np.minimum(pick, per[lsoa] - 1)
    return first[lsoa] + pick


def _outcomes(rng: np.random.Generator, cat: IntArray, m: IntArray, n_months: int) -> IntArray:
    """Index into :data:`OUTCOMES` of each row's last outcome (-1, i.e. blank, for ASB).

    Recent crimes are more often still "Under investigation": the chance is 55% in the last
    month, falling by a factor e every 2.5 months back.
    """
    table = outcome_table()
    cum = np.cumsum(table, axis=1)
    u = rng.random(len(cat))
    settled = np.minimum((cum[cat] < u[:, None]).sum(axis=1), len(OUTCOMES) - 1)
    age = n_months - 1 - m
    recent = rng.random(len(cat)) < 0.55 * np.exp(-age / 2.5)
    out = np.where(recent, UNDER_INVESTIGATION, settled)
    return np.where(table[cat].sum(axis=1) > 0, out, -1)

