"""The ``cspkit`` command: a thin shell over the library, one module per command group.

Each command parses its options, calls one library (or service) function and prints the result.
Errors from :mod:`cspkit.errors` become a one-paragraph message and an exit code (2 for bad
input), never a traceback; warnings one line, ``note: ...`` (:func:`cspkit.cli._support.reporting`,
around every command).
"""

from __future__ import annotations

from pathlib import Path

import click

from cspkit.cli._support import ReportingGroup

__all__ = ["main"]


@click.group(cls=ReportingGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--store",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="CSPKIT_STORE",
    help="Folder of the analytical store (default: $CSPKIT_STORE or <user data dir>/cspkit/store).",
)
@click.version_option(package_name="cspkit")
@click.pass_context
def main(ctx: click.Context, store: Path | None) -> None:
    """cspkit: the yearly cycle of a Community Safety Partnership, from open data to decision."""
    ctx.ensure_object(dict)
    ctx.obj["store"] = store


def _attach() -> None:
    """Add every command group's commands to :func:`main`."""
    from cspkit.cli import (
        assess,
        case,
        data,
        indicator,
        init,
        load,
        partnership,
        people,
        places,
        plan,
    )

    for module in (load, data, assess, partnership, init):
        for command in module.COMMANDS:
            main.add_command(command)
    for group in (plan.plan, indicator.indicator, case.case, places.places, people.people):
        main.add_command(group)


_attach()
