"""One voice: every exception and warning of cspkit lives in cspkit.errors, drawn in its
docstring as it is built, and every warning cspkit gives is a CspkitWarning."""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import re
from pathlib import Path

import cspkit
from cspkit import errors

SRC = Path(cspkit.__file__).resolve().parent
#: Modules not imported here: they run something when imported (checked by their source below).
NOT_IMPORTED = (".__main__", ".migrations", "cspkit.djangoproject.production",
                "cspkit.djangoproject.wsgi")
EXCEPTION_NAME = re.compile(r"(Error|Exception|Warning|Problem)$")


def drawn_tree() -> dict[str, str | None]:
    """``{class: parent}`` as the docstring of cspkit.errors draws it (roots have None)."""
    parents: dict[str, str | None] = {}
    stack: list[tuple[int, str]] = []
    for line in (errors.__doc__ or "").splitlines():
        m = re.match(r"^(\s*(?:[│├└]\s*|──\s*)*)([A-Z]\w+)\b", line)
        if not m or not line.startswith("    ") or not EXCEPTION_NAME.search(m[2]):
            continue
        depth = len(m[1])
        while stack and stack[-1][0] >= depth:
            stack.pop()
        parents[m[2]] = stack[-1][1] if stack else None
        stack.append((depth, m[2]))
    return parents


def imported_classes() -> dict[str, type[BaseException]]:
    """Every exception or warning class defined in an importable module of cspkit."""
    found: dict[str, type[BaseException]] = {}
    for info in pkgutil.walk_packages(cspkit.__path__, "cspkit."):
        if any(part in info.name for part in NOT_IMPORTED):
            continue
        module = importlib.import_module(info.name)
        for obj in vars(module).values():
            if (inspect.isclass(obj) and issubclass(obj, BaseException)
                    and obj.__module__.startswith("cspkit")):
                found[f"{obj.__module__}.{obj.__qualname__}"] = obj
    return found


def test_the_drawn_tree_is_the_tree_in_the_module() -> None:
    built = {
        name: obj.__bases__[0].__name__
        for name, obj in vars(errors).items()
        if inspect.isclass(obj) and issubclass(obj, BaseException)
        and obj.__module__ == "cspkit.errors"
    }
    roots = {"CspkitError": "Exception", "CspkitWarning": "UserWarning"}
    drawn = {name: parent or roots.get(name) for name, parent in drawn_tree().items()}
    assert drawn == built
    assert sorted(built) == sorted(errors.__all__)


def test_every_exception_and_warning_class_is_in_cspkit_errors() -> None:
    found = imported_classes()
    assert len(found) >= 24
    assert [name for name in found if not name.startswith("cspkit.errors.")] == []
    warnings = [c for c in found.values() if issubclass(c, Warning)]
    assert all(issubclass(c, errors.CspkitWarning) for c in warnings), warnings
    others = [c for c in found.values() if not issubclass(c, Warning)]
    assert all(issubclass(c, errors.CspkitError) for c in others), others


def test_no_module_defines_an_exception_class_outside_cspkit_errors() -> None:
    """By the source, so classes inside functions and unimported modules count too."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "errors.py" and path.parent == SRC:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                bases = [ast.unparse(b).split(".")[-1] for b in node.bases]
                if any(EXCEPTION_NAME.search(b) or b in ("Exception", "BaseException")
                       for b in bases):
                    offenders.append(f"{path.relative_to(SRC)}: {node.name}({', '.join(bases)})")
    assert offenders == []


def test_every_warning_cspkit_gives_is_a_cspkit_warning() -> None:
    """``warnings.warn`` is always given a category from cspkit.errors (never the default)."""
    names = {n for n, c in vars(errors).items()
             if inspect.isclass(c) and issubclass(c, errors.CspkitWarning)}
    offenders = []
    for path in SRC.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and ast.unparse(node.func) == "warnings.warn":
                category = node.args[1] if len(node.args) > 1 else next(
                    (k.value for k in node.keywords if k.arg == "category"), None)
                if category is None or ast.unparse(category) not in names:
                    offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


def test_bad_input_exits_2_and_failures_elsewhere_1() -> None:
    assert errors.InputError.exit_code == errors.NotLoadedError.exit_code == 2
    assert errors.GeographyError.exit_code == errors.PlanError.exit_code == 2
    assert errors.QueryParamError.exit_code == errors.PartnershipFileError.exit_code == 2
    assert errors.SourceError.exit_code == errors.StoreLockedError.exit_code == 1
    assert errors.ConfigError.exit_code == 1
