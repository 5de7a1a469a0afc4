"""Areas and their relations: LSOA -> ward -> district -> CSP -> police force area.

- :mod:`~cspkit.geography.lookups`: ONS lookup CSVs as tidy tables (``lsoa_ward``,
  ``lad_csp_pfa``, ``ward_hierarchy``, ``csp_names``) and questions about them.
- :mod:`~cspkit.geography.boundaries`: boundary files normalised to ``code, name, level,
  vintage, lad_code, geometry`` in British National Grid, stored as GeoParquet.
- :mod:`~cspkit.geography.population`: LSOA population by year and source, summed to wards.
- :mod:`~cspkit.geography.assign`: the ward of each crime, by point in polygon with the best-fit
  lookup as fallback.

No Django here: everything takes and returns (Geo)DataFrames and is usable from a notebook.
"""

from cspkit.errors import GeographyWarning
from cspkit.geography._ons import LEVELS
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
    load_boundaries,
    read_boundaries,
)
from cspkit.geography.lookups import (
    LOOKUP_KINDS,
    DistrictAreas,
    DistrictCsp,
    LookupKind,
    areas_of_district,
    csps_of_district,
    districts_of_csp,
    load_lookup,
    lookup_table,
    read_lookup,
)
from cspkit.geography.population import (
    POPULATION_COLUMNS,
    load_population,
    population_by,
    read_population,
)

__all__ = [
    "BNG",
    "BOUNDARY_COLUMNS",
    "LEVELS",
    "LOOKUP_KINDS",
    "POPULATION_COLUMNS",
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
    "load_boundaries",
    "load_lookup",
    "load_population",
    "lookup_table",
    "population_by",
    "read_boundaries",
    "read_lookup",
    "read_population",
    "ward_index_of_points",
]
