"""The README documents every command, and the package's layers keep their rules."""

from __future__ import annotations

import re
from pathlib import Path

import click

from cspkit.cli import main

ROOT = Path(__file__).resolve().parents[1]


def commands(group: click.Group, prefix: str = "cspkit") -> list[str]:
    found = []
    for name, cmd in sorted(group.commands.items()):
        if isinstance(cmd, click.Group):
            found += commands(cmd, f"{prefix} {name}")
        else:
            found.append(f"{prefix} {name}")
    return found


def test_every_command_is_in_the_readme() -> None:
    readme = (ROOT / "README.md").read_text()
    missing = [c for c in commands(main) if c not in readme]
    assert missing == [], f"document these commands in README.md: {missing}"


def test_data_layers_do_not_import_django() -> None:
    layers = ["sources", "store", "geography", "analysis", "demo"]
    offenders = [
        str(path.relative_to(ROOT))
        for layer in layers
        for path in (ROOT / "src" / "cspkit" / layer).rglob("*.py")
        if re.search(r"^\s*(from|import) django", path.read_text(), re.MULTILINE)
    ]
    assert offenders == []
