"""The analysis modules' public API: every name in ``__all__`` exists and is documented."""

from __future__ import annotations

import importlib
import inspect

import pytest

MODULES = [
    "cspkit.analysis.periods",
    "cspkit.analysis.significance",
    "cspkit.analysis.seasonal",
    "cspkit.analysis.irregular",
    "cspkit.analysis.comparisons",
    "cspkit.analysis.rates",
    "cspkit.analysis.harm",
    "cspkit.analysis.disclosure",
    "cspkit.analysis.trends",
    "cspkit.analysis.policy",
    "cspkit.analysis.dispersion",
    "cspkit.analysis.wording",
    "cspkit.analysis.peers",
    "cspkit.analysis.funnel",
    "cspkit.sources.partner",
]


@pytest.mark.parametrize("name", MODULES)
def test_every_public_name_exists_and_functions_have_docstrings(name: str) -> None:
    module = importlib.import_module(name)
    assert module.__doc__
    for attr in module.__all__:
        obj = getattr(module, attr)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__, f"{name}.{attr} has no docstring"
            assert obj.__module__ == name, f"{name}.{attr} is re-exported from {obj.__module__}"


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    import doctest

    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
