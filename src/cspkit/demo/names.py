"""Names and codes of the fictional partnership area, and made-up place and street names.

Codes sit in ranges that ONS has not issued (``E07000999``, ``E01990001``.., ``E05990001``..), so a
demo area can never be mistaken for, or clash with, a real one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "DEFAULT_IDENTITY",
    "POI_LABELS",
    "RETAIL_POIS",
    "URBAN_WARD_NAMES",
    "AreaIdentity",
    "street_names",
    "village_names",
]


@dataclass(frozen=True)
class AreaIdentity:
    """Names and GSS codes of the district, its partnership and its police force."""

    district_name: str = "Castlebridge"
    district_code: str = "E07000999"
    csp_code: str = "E22000999"
    csp_name: str = "Castlebridge"
    pfa_code: str = "E23000999"
    pfa_name: str = "Castlebridgeshire"
    force_name: str = "Castlebridgeshire Police"
    force_slug: str = "castlebridgeshire"
    lsoa_code_base: int = 1990000
    """LSOA codes are ``E01`` + ``lsoa_code_base + i`` (i from 1), i.e. ``E01990001``..."""
    ward_code_base: int = 5990000
    """Ward codes are ``E0`` + ``ward_code_base + i`` (i from 1), i.e. ``E05990001``..."""

    def lsoa_code(self, i: int) -> str:
        """The code of the ``i``-th LSOA (1-based): ``E01990001``..."""
        return f"E0{self.lsoa_code_base + i:07d}"

    def ward_code(self, i: int) -> str:
        """The code of the ``i``-th ward (1-based): ``E05990001``..."""
        return f"E0{self.ward_code_base + i:07d}"


DEFAULT_IDENTITY = AreaIdentity()

#: Names of town wards, drawn in a seeded order (the town-centre ward is always "High Street").
URBAN_WARD_NAMES = (
    "Northfield", "Southgate", "Eastgate", "Westbrook", "Castle", "Bridge", "Priory", "Abbey",
    "Riverside", "Market", "St Mary's", "St John's", "Millbrook", "Parkfield", "Fairmeadow",
    "Heathside", "Oakwood", "Shepherds Hill", "Broadway", "Kingsmead", "Queensway", "Tower Hill",
    "Allingham", "Weavering", "Fant", "Barnfield", "Coxheath Park", "Old Town", "Palace Wood",
    "Ringlestone",
)

_VILLAGE_HEADS = (
    "Ash", "Brad", "Cold", "Hawk", "Hol", "Lang", "Mar", "Oak", "Stan", "Thorn", "Wick", "Elm",
    "Bex", "Hadd", "Lin", "Sut", "Hen", "Kings", "Brom", "Chart", "Den", "Ford", "Grain", "Hart",
    "Lyn", "Otter", "Pen", "Rye", "Sand", "Stock", "Wal", "Yal",
)
_VILLAGE_TAILS = (
    "ley", "ton", "field", "hurst", "den", "stead", "wood", "ham", "well", "bury", "combe",
    "borne", "ford", "ling", "sted", "mere",
)

_STREET_HEADS = (
    "Church", "Mill", "Station", "London", "Victoria", "Albert", "King", "Queen", "Park",
    "Bridge", "Castle", "Market", "Manor", "Orchard", "Chestnut", "Oak", "Beech", "Elm", "Willow",
    "Hawthorn", "Holly", "Maple", "Cedar", "Rowan", "Birch", "Priory", "Abbey", "Chapel",
    "School", "Forge", "Meadow", "Brook", "Spring", "Vale", "Kingsley", "Tennyson", "Milton",
    "Darwin", "Nelson", "Wellington", "Cromwell", "Gladstone", "Stanley", "Grosvenor", "Palace",
    "Tower", "Heath", "Farm", "Barn", "Hop", "Cherry", "Hazel", "Bramble", "Larch", "Poplar",
    "Sycamore", "Laburnum", "Lime", "Juniper", "Tudor", "Windmill", "Foster", "Knightrider",
    "Gabriel", "Bower", "Tonbridge", "Sutton", "Union", "Wheeler", "Melville", "Bearsted",
    "Hastings", "Ashford", "Loose", "Buckland", "Hardy", "Shakespeare", "Keats", "Byron",
)
_STREET_TAILS = (
    "Road", "Street", "Lane", "Close", "Avenue", "Way", "Drive", "Crescent", "Gardens", "Place",
    "Hill", "Court", "Grove", "Rise", "Mews", "Walk", "Row", "Terrace", "View", "Green",
)

#: Snap-point labels that police.uk uses for places that are not streets.
POI_LABELS = (
    "Parking Area", "Shopping Area", "Supermarket", "Petrol Station", "Sports/Recreation Area",
    "Park/Open Space", "Nightclub", "Hospital", "Further/Higher Educational Building",
    "Police Station", "Theatre/Concert Hall", "Conference/Exhibition Centre",
)
#: The labels where shoplifting happens.
RETAIL_POIS = ("Shopping Area", "Supermarket", "Petrol Station")


def village_names(rng: np.random.Generator, n: int) -> list[str]:
    """``n`` distinct made-up village names ("Thornhurst", "Ashden", ...)."""
    heads = rng.permutation(len(_VILLAGE_HEADS))
    tails = rng.integers(0, len(_VILLAGE_TAILS), size=len(heads))
    names: list[str] = []
    for h, t in zip(heads, tails, strict=True):
        name = _VILLAGE_HEADS[h] + _VILLAGE_TAILS[t]
        if name not in names:
            names.append(name)
        if len(names) == n:
            return names
    raise ValueError(f"cannot make {n} distinct village names (at most {len(_VILLAGE_HEADS)})")


def street_names(rng: np.random.Generator, n: int, extra_heads: tuple[str, ...] = ()) -> list[str]:
    """``n`` distinct street names ("Mill Lane", "Ashden Road", ...), in a seeded order."""
    heads = _STREET_HEADS + extra_heads
    n_all = len(heads) * len(_STREET_TAILS)
    if n > n_all:
        raise ValueError(f"cannot make {n} distinct street names (at most {n_all})")
    picks = rng.choice(n_all, size=n, replace=False)
    tails = len(_STREET_TAILS)
    return [f"{heads[p // tails]} {_STREET_TAILS[p % tails]}" for p in picks]
