"""A new partnership for any district, from the loaded ONS lookups (``cspkit init --area``, the
set-up page).

    setup = set_up_partnership(store, "Tunbridge Wells", admin=user)
    setup.partnership          # "Tunbridge Wells Community Safety Partnership", E07000116
    setup.missing              # what geography is still to load, with the command for each

Names, codes and the police force area come from the lookups (``cspkit load geography lookup
FILE``); the area is a district's code or name, or a Community Safety Partnership's code (all
its districts). The first administrator, when given, gets the administrator role.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.text import slugify

from cspkit.errors import GeographyError, InputError
from cspkit.geography.lookups import (
    DistrictCsp,
    areas_of_district,
    csps_of_district,
    districts_of_csp,
    lookup_table,
)
from cspkit.partnership.models import Membership, Partnership, Role
from cspkit.store import Store

__all__ = ["AreaChoice", "SetUp", "area_choices", "find_area", "police_force_id",
           "set_up_partnership"]

#: data.police.uk's force ids where they are not the force area's name in lower case with
#: hyphens ("Devon & Cornwall" -> devon-and-cornwall).
FORCE_IDS = {"Metropolitan Police": "metropolitan", "London, City of": "city-of-london"}


def police_force_id(pfa_name: str) -> str:
    """data.police.uk's id of a police force area: ``Kent`` -> ``kent``."""
    if pfa_name in FORCE_IDS:
        return FORCE_IDS[pfa_name]
    return re.sub(r"[^a-z]+", "-", pfa_name.lower().replace("&", "and")).strip("-")


@dataclass(frozen=True)
class AreaChoice:
    """A district in the lookups, for the set-up page's list."""

    code: str
    name: str
    csp_name: str


def area_choices(store: Store) -> list[AreaChoice]:
    """Every district of the loaded district -> CSP -> police force area lookup, by name."""
    lu = lookup_table(store, "lad_csp_pfa")
    rows = lu.drop_duplicates("lad_code").sort_values("lad_name")
    return [AreaChoice(str(r.lad_code), str(r.lad_name), str(r.csp_name))
            for r in rows.itertuples(index=False)]


def find_area(store: Store, area: str) -> list[DistrictCsp]:
    """The lookup rows of ``area``: a district's code or name, or a CSP's code."""
    text = area.strip()
    if text[:3] == "E22" or text[:3] == "W22":
        return districts_of_csp(store, text)
    lu = lookup_table(store, "lad_csp_pfa")
    by_name = lu[lu["lad_name"].str.lower() == text.lower()]
    code = str(by_name["lad_code"].iloc[0]) if len(by_name) else text
    if not len(by_name) and not re.fullmatch(r"[EW]0[6-9]\d{6}", text):
        raise InputError(
            f"--area {area!r} is neither a district's ONS code (e.g. E07000116) nor the name of "
            "a district in the loaded lookups (e.g. Tunbridge Wells); `cspkit init --list` "
            "prints them")
    return csps_of_district(store, code)


@dataclass
class SetUp:
    """What :func:`set_up_partnership` made, and what geography is still to load."""

    partnership: Partnership
    wards: int = 0
    lsoas: int = 0
    missing: list[str] = field(default_factory=list)


def _missing_geography(store: Store, codes: list[str]) -> tuple[list[str], int, int]:
    """What the partnership's analysis needs that is not loaded, as sentences with commands."""
    missing: list[str] = []
    wards = lsoas = 0
    load = "`cspkit load geography {} FILE`"
    try:
        for code in codes:
            areas = areas_of_district(store, code)
            wards, lsoas = wards + len(areas.ward_codes), lsoas + len(areas.lsoa_codes)
            if len(areas.lsoa_vintages) < 2:
                missing.append(f"{code}: LSOA lookups of 2011 and 2021 (only "
                               f"{areas.lsoa_vintage} loaded): {load.format('lookup')}")
    except GeographyError as error:
        missing.append(f"LSOA to ward lookup listing the district ({error}): "
                       f"{load.format('lookup')}")
    tables = store.table_names()
    if not any(t.startswith("boundaries_ward") for t in tables):
        missing.append(f"ward boundaries: {load.format('boundaries')}")
    if "population" not in tables:
        missing.append(f"population estimates: {load.format('population')}")
    if "deprivation" not in tables:
        missing.append("deprivation (Indices of Deprivation): `cspkit load deprivation FILE`")
    return missing, wards, lsoas


def set_up_partnership(
    store: Store, area: str, *, admin: Any = None, name: str = "", slug: str = ""
) -> SetUp:
    """Create the partnership of ``area`` (a district's code or name, or a CSP's code) from
    the loaded lookups, with ``admin`` (a user) as its first administrator."""
    rows = find_area(store, area)
    codes = sorted({r.lad_code for r in rows})
    first = rows[0]
    csp_name = first.csp_name if len({r.csp_code for r in rows}) == 1 else first.lad_name
    name = name or f"{csp_name} Community Safety Partnership"
    slug = slug or slugify(csp_name)[:80]
    taken = Partnership.objects.filter(slug=slug).first()
    if taken is not None:
        raise InputError(f"a partnership with the slug {slug!r} exists already ({taken.name}); "
                         "give another with --slug, or remove it in /admin/")
    force = police_force_id(first.pfa_name)
    force_name = first.pfa_name if "Police" in first.pfa_name else f"{first.pfa_name} Police"
    partnership = Partnership(
        name=name, slug=slug, district_codes=codes, police_force=force,
        police_force_name=force_name,
        csp_code=first.csp_code if len({r.csp_code for r in rows}) == 1 else "",
    )
    partnership.full_clean()
    with transaction.atomic():
        partnership.save()
        if admin is not None:
            Membership.objects.create(user=admin, partnership=partnership,
                                      role=Role.ADMINISTRATOR)
    missing, wards, lsoas = _missing_geography(store, codes)
    return SetUp(partnership, wards=wards, lsoas=lsoas, missing=missing)
