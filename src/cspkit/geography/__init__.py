"""Areas and their relations: LSOA -> ward -> district -> CSP -> police force area.

The questions about loaded areas (the readers of ONS files live in :mod:`cspkit.sources`):

- :mod:`~cspkit.geography.lookups`: the stored ONS lookups (``lsoa_ward``, ``lad_csp_pfa``,
  ``ward_hierarchy``, ``csp_names``) and questions about them (:func:`areas_of_district`,
  :func:`csps_of_district`, :func:`districts_of_csp`).
- :mod:`~cspkit.geography.boundaries`: the stored boundaries (``code, name, level, vintage,
  lad_code, geometry`` in British National Grid) and their vintages.
- :mod:`~cspkit.geography.matching`: police rows against the loaded LSOA lookups of both
  vintages (2011, 2021): the vintage of each month's codes, and the rows no lookup places.
- :mod:`~cspkit.geography.population`: LSOA population by year and source, summed to wards.
- :mod:`~cspkit.geography.assign`: the ward of each crime, by point in polygon with the best-fit
  lookup as fallback.

No Django here: everything takes and returns (Geo)DataFrames and is usable from a notebook.
"""

from cspkit.errors import GeographyWarning
from cspkit.geography._codes import GSS_CODE, LEVELS
from cspkit.geography.assign import (
    WARD_METHODS,
    assign_district_wards,
    assign_wards,
    ward_index_of_points,
)
from cspkit.geography.boundaries import (
    BNG,
    BOUNDARY_COLUMNS,
    boundaries,
    boundary_table_name,
    boundary_vintages,
)
from cspkit.geography.lookups import (
    LOOKUP_KINDS,
    DistrictAreas,
    DistrictCsp,
    LookupKind,
    areas_of_district,
    csps_of_district,
    districts_of_csp,
    lookup_table,
    lsoa_vintages,
)
from cspkit.geography.matching import LSOA_COVERAGE_COLUMNS, lsoa_coverage, unmatched_lsoas
from cspkit.geography.population import POPULATION_COLUMNS, POPULATION_TABLE, population_by

__all__ = [
    "BNG",
    "BOUNDARY_COLUMNS",
    "GSS_CODE",
    "LEVELS",
    "LOOKUP_KINDS",
    "LSOA_COVERAGE_COLUMNS",
    "POPULATION_COLUMNS",
    "POPULATION_TABLE",
    "WARD_METHODS",
    "DistrictAreas",
    "DistrictCsp",
    "GeographyWarning",
    "LookupKind",
    "areas_of_district",
    "assign_district_wards",
    "assign_wards",
    "boundaries",
    "boundary_table_name",
    "boundary_vintages",
    "csps_of_district",
    "districts_of_csp",
    "lookup_table",
    "lsoa_coverage",
    "lsoa_vintages",
    "population_by",
    "unmatched_lsoas",
    "ward_index_of_points",
]
