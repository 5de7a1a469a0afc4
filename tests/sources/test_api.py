"""The public surface of cspkit.sources: pinned ``__all__``, no Django, and the layers below it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import cspkit.sources as sources
import cspkit.sources.police as police

SRC = Path(__file__).resolve().parents[2] / "src" / "cspkit"


def test_all_is_pinned_and_importable() -> None:
    assert sources.__all__ == [
        "IMD_DOMAINS", "INDICATOR_COLUMNS", "PARTNER_COLUMNS", "LoadReport", "Part", "PoliceAPI",
        "Skipped", "SurveyData", "SurveyQuestion", "TableLoader", "deprivation_table",
        "fetch_district", "indicators_table", "load_boundaries", "load_deprivation",
        "load_indicators", "load_lookup", "load_partner", "load_police", "load_population",
        "load_survey", "read_boundaries", "read_imd", "read_indicators", "read_lookup",
        "read_partner", "read_population", "read_questions", "read_survey", "stored_survey",
    ]
    assert police.__all__ == [
        "KINDS", "SHRINK_LIMIT", "FileKind", "PoliceAPI", "PoliceFile", "discover",
        "district_area", "download_street", "fetch_district", "kind_named", "load_police",
        "parse_police_filename",
    ]
    for module in (sources, police):
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not isinstance(obj, type):
                assert obj.__doc__, name
                assert "return" in obj.__annotations__, name


def test_every_loader_returns_a_load_report() -> None:
    for name in sources.__all__:
        if name.startswith("load_"):
            assert getattr(sources, name).__annotations__["return"] == "LoadReport", name


def _imports(package: str) -> set[str]:
    """The cspkit packages that the modules of ``package`` import (type-checking imports aside)."""
    found = set()
    for path in (SRC / package).rglob("*.py"):
        tree = ast.parse(path.read_text())
        checking = {id(n) for node in ast.walk(tree) if isinstance(node, ast.If)
                    and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
        for node in ast.walk(tree):
            if id(node) in checking:
                continue
            if isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for parts in (name.split(".") for name in names):
                if parts[0] == "cspkit" and len(parts) > 1:
                    found.add(parts[1])
    return found


def test_store_below_geography_below_sources_below_analysis() -> None:
    assert not _imports("store") & {"sources", "geography", "analysis"}
    assert not _imports("geography") & {"sources", "analysis"}
    assert not _imports("sources") & {"analysis", "assessment"}


def test_sources_do_not_import_django() -> None:
    code = "import sys, cspkit.sources; print('django' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
