"""The police.uk crime categories and how each behaves in the demo: share, season, trend, shocks.

Every number here is a modelling choice for a realistic *synthetic* area, loosely based on
national police.uk street-level data for English shire districts; none is an official statistic.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ASB",
    "CATEGORIES",
    "OUTCOMES",
    "PANDEMIC_INTENSITY",
    "RECORDING_CHANGE_MONTH",
    "RECORDING_CHANGE_NOTE",
    "UNDER_INVESTIGATION",
    "Category",
    "outcome_table",
    "shares",
]

ASB = "Anti-social behaviour"

#: Start of the new recording system: from this month the categories' ``recording`` factors apply.
RECORDING_CHANGE_MONTH = "2022-06"
RECORDING_CHANGE_NOTE = (
    "New crime recording system from 2022-06: violence and sexual offences and public order "
    "recorded about 15% higher, 'Other crime' about 35% higher (offences previously left "
    "unrecorded or filed under criminal damage)."
)

#: How strongly the pandemic restrictions bit in each month, April 2020 to March 2021 (1 = full
#: lockdown). A category's multiplier is ``1 + intensity * (pandemic_peak - 1)``.
PANDEMIC_INTENSITY: dict[str, float] = {
    "2020-04": 1.0, "2020-05": 0.9, "2020-06": 0.7, "2020-07": 0.45, "2020-08": 0.35,
    "2020-09": 0.45, "2020-10": 0.55, "2020-11": 0.9, "2020-12": 0.65, "2021-01": 1.0,
    "2021-02": 0.95, "2021-03": 0.75,
}


@dataclass(frozen=True)
class Category:
    """One police.uk ``Crime type`` and its behaviour in the demo.

    ``share`` is the target share of all rows over the whole generated period; ``season`` the
    relative amplitude of a yearly cosine peaking in month ``peak`` (1-12); ``trend`` the yearly
    growth; ``pandemic_peak`` the multiplier at full lockdown; ``recording`` the multiplier from
    :data:`RECORDING_CHANGE_MONTH`; ``centre`` and ``estate`` the extra rate in the town-centre
    and estate hotspots; ``urban`` the extra rate in urban LSOAs; ``deprivation`` how strongly the
    deprivation score drives the rate; ``no_location`` the chance a crime has no location.
    """

    name: str
    share: float
    season: float = 0.0
    peak: int = 7
    trend: float = 0.0
    pandemic_peak: float = 0.65
    recording: float = 1.0
    centre: float = 2.0
    estate: float = 2.0
    urban: float = 1.6
    deprivation: float = 0.025
    no_location: float = 0.012


#: The 14 categories, spelt exactly as police.uk publishes them.
CATEGORIES: tuple[Category, ...] = (
    Category(ASB, 0.26, season=0.22, peak=7, trend=-0.04, pandemic_peak=1.55, centre=6.4,
             estate=3.5, deprivation=0.03, no_location=0.0),
    Category("Violence and sexual offences", 0.25, season=0.10, peak=7, trend=0.04,
             pandemic_peak=0.75, recording=1.15, centre=11.2, estate=2.0, deprivation=0.03,
             no_location=0.02),
    Category("Criminal damage and arson", 0.085, season=0.08, peak=6, pandemic_peak=0.75,
             recording=0.96, centre=4.0, estate=3.5, no_location=0.005),
    Category("Other theft", 0.075, season=0.06, peak=8, trend=-0.01, pandemic_peak=0.6,
             centre=8.0, estate=1.5, deprivation=0.015, no_location=0.02),
    Category("Public order", 0.07, season=0.08, peak=7, trend=0.05, pandemic_peak=0.8,
             recording=1.15, centre=12.8, estate=2.0, no_location=0.013),
    Category("Vehicle crime", 0.06, season=0.06, peak=11, trend=-0.02, pandemic_peak=0.6,
             centre=4.0, estate=2.0, deprivation=0.015, no_location=0.01),
    Category("Shoplifting", 0.055, season=0.05, peak=12, trend=0.03, pandemic_peak=0.35,
             centre=14.4, estate=1.5, urban=2.0, deprivation=0.01, no_location=0.003),
    Category("Burglary", 0.05, season=0.10, peak=12, trend=-0.05, pandemic_peak=0.7,
             centre=1.9, estate=2.5, deprivation=0.015, no_location=0.005),
    Category("Drugs", 0.025, season=0.05, peak=6, pandemic_peak=1.3, centre=8.0,
             estate=3.0, deprivation=0.03, no_location=0.028),
    Category("Other crime", 0.025, pandemic_peak=0.8, recording=1.35, centre=4.8,
             estate=2.0, no_location=0.027),
    Category("Theft from the person", 0.014, season=0.05, peak=12, pandemic_peak=0.3,
             centre=19.2, estate=1.2, urban=2.5, deprivation=0.005, no_location=0.036),
    Category("Bicycle theft", 0.013, season=0.30, peak=7, trend=-0.02, pandemic_peak=1.0,
             centre=6.4, estate=1.2, urban=2.5, deprivation=0.0, no_location=0.007),
    Category("Robbery", 0.010, season=0.05, peak=11, pandemic_peak=0.55, centre=9.6,
             estate=2.5, urban=2.5, deprivation=0.03, no_location=0.03),
    Category("Possession of weapons", 0.008, pandemic_peak=0.9, centre=9.6, estate=2.5,
             deprivation=0.03, no_location=0.016),
)


def shares() -> NDArray[np.float64]:
    """Target share of all rows of each category, in :data:`CATEGORIES` order (sums to 1)."""
    s = np.array([c.share for c in CATEGORIES])
    return s / s.sum()


#: ``Last outcome category`` values, as police.uk spells them.
OUTCOMES: tuple[str, ...] = (
    "Investigation complete; no suspect identified",
    "Unable to prosecute suspect",
    "Under investigation",
    "Status update unavailable",
    "Court result unavailable",
    "Awaiting court outcome",
    "Further investigation is not in the public interest",
    "Action to be taken by another organisation",
    "Offender given a caution",
    "Local resolution",
    "Offender given a drugs possession warning",
    "Formal action is not in the public interest",
    "Offender given penalty notice",
    "Offender sent to prison",
    "Offender given community sentence",
)
UNDER_INVESTIGATION = OUTCOMES.index("Under investigation")

#: Settled outcome mix per category (weights in :data:`OUTCOMES` order), after real shire data.
_OUTCOME_WEIGHTS: dict[str, tuple[float, ...]] = {
    "Violence and sexual offences":
        (.14, .66, .05, .05, .025, .02, .015, .023, .012, .004, 0, .001, 0, .002, .001),
    "Criminal damage and arson":
        (.57, .30, .024, .025, .02, .017, .015, .004, .015, .007, 0, .001, .002, .001, .001),
    "Other theft": (.62, .26, .036, .04, .009, .002, .015, .008, .003, .004, 0, 0, 0, 0, 0),
    "Public order": (.31, .44, .05, .046, .038, .032, .037, .006, .013, .003, 0, .013, .004,
                     .001, .001),
    "Vehicle crime": (.76, .15, .024, .035, .011, .009, .002, .003, .002, .002, 0, 0, 0, .001, 0),
    "Shoplifting": (.47, .19, .05, .038, .092, .06, .04, .009, .021, .017, 0, .001, .004, .001,
                    .004),
    "Burglary": (.75, .12, .039, .048, .019, .014, .001, .001, .003, 0, 0, .001, 0, .001, 0),
    "Drugs": (.03, .15, .11, .106, .10, .093, .061, .005, .074, .035, .18, .031, .018, .003, 0),
    "Other crime": (.18, .47, .095, .078, .035, .033, .062, .029, .01, .002, 0, 0, .001, 0, 0),
    "Theft from the person": (.66, .24, .032, .064, 0, 0, 0, .006, 0, 0, 0, 0, 0, 0, 0),
    "Bicycle theft": (.86, .07, .029, .034, .006, 0, 0, .006, 0, 0, 0, 0, 0, 0, 0),
    "Robbery": (.44, .39, .082, .062, .021, .007, 0, 0, 0, 0, 0, 0, 0, 0, 0),
    "Possession of weapons": (.03, .34, .106, .115, .092, .10, .092, .005, .106, .014, 0, 0, 0,
                              0, 0),
}


def outcome_table() -> NDArray[np.float64]:
    """Settled outcome probabilities, one row per category (the ASB row is all zero)."""
    table = np.zeros((len(CATEGORIES), len(OUTCOMES)))
    for i, cat in enumerate(CATEGORIES):
        if cat.name in _OUTCOME_WEIGHTS:
            w = np.array(_OUTCOME_WEIGHTS[cat.name])
            table[i] = w / w.sum()
    return table
