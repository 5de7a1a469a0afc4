"""The README documents every command, and the package's layers keep their rules."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click

from cspkit.cli import main
from cspkit.cli.reference import BEGIN, END, command_reference

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


def test_the_readme_command_reference_is_generated_from_the_commands() -> None:
    readme = (ROOT / "README.md").read_text()
    written = readme.split(BEGIN, 1)[1].split(END, 1)[0].strip()
    assert written == command_reference(main).strip(), (
        "the README's command reference drifted from the commands' help: run "
        "`python -m cspkit.cli.reference README.md` and commit README.md"
    )


def test_the_import_contracts_hold() -> None:
    """Layers, no Django below the partnership apps, no cycles (pyproject's [tool.importlinter])."""
    exe = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert exe, "import-linter is a development dependency: pip install -e '.[dev]'"
    done = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout[-3000:]
