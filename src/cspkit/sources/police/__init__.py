"""data.police.uk: the archive files (street, outcomes, stop and search) and the API.

- :mod:`~cspkit.sources.police.schema`: the file kinds and their published columns;
- :mod:`~cspkit.sources.police.files`: finding the files in zips, folders and zips in folders;
- :mod:`~cspkit.sources.police.rows`: the row rules, in SQL for the bulk load and in Python to
  say exactly what is wrong;
- :mod:`~cspkit.sources.police.load`: :func:`load_police`, into the store's police tables;
- :mod:`~cspkit.sources.police.api`: the API client, and :mod:`~cspkit.sources.police.fetch`: a
  district's street crime from the API, written as archive files.
"""

from cspkit.sources.police.api import PoliceAPI, download_street
from cspkit.sources.police.fetch import district_area, fetch_district
from cspkit.sources.police.files import PoliceFile, discover
from cspkit.sources.police.load import SHRINK_LIMIT, load_police
from cspkit.sources.police.schema import KINDS, FileKind, kind_named, parse_police_filename

__all__ = [
    "KINDS",
    "SHRINK_LIMIT",
    "FileKind",
    "PoliceAPI",
    "PoliceFile",
    "discover",
    "district_area",
    "download_street",
    "fetch_district",
    "kind_named",
    "load_police",
    "parse_police_filename",
]
