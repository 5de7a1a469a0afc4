"""Every reader of the outside world, on one loader base (:mod:`cspkit.sources.loader`).

Each source reads and checks its files, and loads them into the store with a
:class:`LoadReport` (rows, tables, areas, periods, what was replaced, what was skipped and why,
warnings); the files of one call reach the store together or not at all.

=================================  ==============================  ================================
source                             library                         command
=================================  ==============================  ================================
data.police.uk archives and API    :func:`load_police`,            ``cspkit load police``,
                                   :func:`fetch_district`          ``cspkit fetch police``
ONS lookups                        :func:`load_lookup`             ``cspkit load geography lookup``
ONS boundaries                     :func:`load_boundaries`         ``... geography boundaries``
LSOA population                    :func:`load_population`         ``... geography population``
Indices of Deprivation             :func:`load_deprivation`        ``cspkit load deprivation``
partner measures                   :func:`load_partner`            ``cspkit load partner``
resident surveys                   :func:`load_survey`             ``cspkit load survey``
area indicators                    :func:`load_indicators`         ``cspkit load area-indicators``
=================================  ==============================  ================================

The questions about loaded areas (which LSOAs make a district, population by ward) are in
:mod:`cspkit.geography`.
"""

from cspkit.sources.boundaries import load_boundaries, read_boundaries
from cspkit.sources.deprivation import (
    IMD_DOMAINS,
    deprivation_table,
    load_deprivation,
    read_imd,
)
from cspkit.sources.indicators import (
    INDICATOR_COLUMNS,
    indicators_table,
    load_indicators,
    read_indicators,
)
from cspkit.sources.loader import LoadReport, Part, Skipped, TableLoader
from cspkit.sources.lookups import load_lookup, read_lookup
from cspkit.sources.partner import PARTNER_COLUMNS, load_partner, read_partner
from cspkit.sources.police import PoliceAPI, fetch_district, load_police
from cspkit.sources.population import load_population, read_population
from cspkit.sources.survey import SurveyData, read_survey
from cspkit.sources.survey_load import load_survey, stored_survey
from cspkit.sources.survey_questions import SurveyQuestion, read_questions

__all__ = [
    "IMD_DOMAINS",
    "INDICATOR_COLUMNS",
    "PARTNER_COLUMNS",
    "LoadReport",
    "Part",
    "PoliceAPI",
    "Skipped",
    "SurveyData",
    "SurveyQuestion",
    "TableLoader",
    "deprivation_table",
    "fetch_district",
    "indicators_table",
    "load_boundaries",
    "load_deprivation",
    "load_indicators",
    "load_lookup",
    "load_partner",
    "load_police",
    "load_population",
    "load_survey",
    "read_boundaries",
    "read_imd",
    "read_indicators",
    "read_lookup",
    "read_partner",
    "read_population",
    "read_questions",
    "read_survey",
    "stored_survey",
]
