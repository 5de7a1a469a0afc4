"""A whole partnership as one YAML file: export, and import back to the same records.

    from cspkit.exchange import export_yaml, import_yaml
    text = export_yaml("maidstone")
    partnership = import_yaml(text, source="maidstone.yaml")   # PartnershipFileError lists
                                                                # every problem, by YAML path
The import is one transaction: a file with any problem imports nothing. The keys are described
in :mod:`cspkit.exchange.schema`.
"""

from cspkit.errors import PartnershipFileError
from cspkit.exchange.export import dump_yaml, export_data, export_yaml
from cspkit.exchange.load import import_data, import_yaml
from cspkit.exchange.schema import FORMAT
from cspkit.exchange.summary import counts

__all__ = [
    "FORMAT",
    "PartnershipFileError",
    "counts",
    "dump_yaml",
    "export_data",
    "export_yaml",
    "import_data",
    "import_yaml",
]
