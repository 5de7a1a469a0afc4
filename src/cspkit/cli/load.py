"""``cspkit load``: outside data into the store, each source through its loader.

Every command loads all the files it is given or none of them (one store transaction), and
prints the load report in the same shape (:meth:`cspkit.sources.LoadReport.lines`).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

import click

from cspkit.cli._support import ByteProgress, reports_errors, store_of

if TYPE_CHECKING:
    from cspkit.sources import LoadReport

__all__ = ["COMMANDS", "load_police_cmd"]

FILES = click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))


def _report(run: Callable[[], LoadReport]) -> None:
    """Run a load and print its report; its warnings are in the report, printed as notes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        report = run()
    for line in report.lines():
        click.echo(line)


@click.group()
def load() -> None:
    """Load data into the analytical store (all the files given, or none)."""


@load.command("police")
@FILES
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["street", "outcomes", "stop-and-search"]),
    help="Only these kinds of file (repeatable). Default: all found.",
)
@click.option("--force", "forces", multiple=True, help="Only these forces, e.g. kent (repeatable).")
@click.option(
    "--allow-shrink",
    is_flag=True,
    help="Replace a loaded force-month even with far fewer rows (under 90% of those stored).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
@reports_errors
def load_police_cmd(
    ctx: click.Context,
    paths: tuple[Path, ...],
    kinds: tuple[str, ...],
    forces: tuple[str, ...],
    allow_shrink: bool,
    quiet: bool,
) -> None:
    """Load data.police.uk archives (zip), folders (with CSV files or zips) or single CSV files.

    Loading a force-month again replaces it, but not with far fewer rows unless --allow-shrink;
    a file with a header and no rows is kept as an empty month.
    """
    from cspkit.sources import load_police

    store = store_of(ctx)
    with ByteProgress(quiet, "Loading police data") as progress:
        _report(lambda: load_police(store, list(paths), kinds=kinds or None,
                                    forces=forces or None, allow_shrink=allow_shrink,
                                    progress=progress))


@load.group("geography")
def load_geography() -> None:
    """Load ONS lookups, boundaries and population."""


@load_geography.command("lookup")
@FILES
@click.pass_context
@reports_errors
def load_lookup_cmd(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """ONS lookup CSVs (LSOA -> ward -> district; district -> CSP -> police force area; ...)."""
    from cspkit.sources import load_lookup

    _report(lambda: load_lookup(store_of(ctx), paths))


@load_geography.command("boundaries")
@FILES
@click.option(
    "--level", type=click.Choice(["lsoa", "msoa", "ward", "lad"]), help="If not detected."
)
@click.option("--vintage", help="Boundary year, e.g. 2022, if not detected from the columns.")
@click.option("--add", is_flag=True, help="Add to the stored areas instead of replacing them.")
@click.pass_context
@reports_errors
def load_boundaries_cmd(
    ctx: click.Context, paths: tuple[Path, ...], level: str | None, vintage: str | None, add: bool
) -> None:
    """Boundaries from GeoJSON, GeoPackage or shapefile, kept in British National Grid.

    Files of the same level and vintage given together are added to one another.
    """
    from cspkit.sources import load_boundaries

    _report(lambda: load_boundaries(store_of(ctx), paths, level, vintage, add=add))


@load_geography.command("population")
@FILES
@click.option("--year", type=int, help="Mid-year of the estimates, if not in the file name.")
@click.option("--source", help="Name of the source, if not detected.")
@click.pass_context
@reports_errors
def load_population_cmd(
    ctx: click.Context, paths: tuple[Path, ...], year: int | None, source: str | None
) -> None:
    """LSOA population estimates (added by year and source)."""
    from cspkit.sources import load_population

    _report(lambda: load_population(store_of(ctx), paths, year, source))


@load.command("deprivation")
@FILES
@click.option("--edition", type=click.Choice(["2015", "2019", "2025"]),
              help="The release, if the file's name does not say it (IMD2019, IoD2025).")
@click.pass_context
@reports_errors
def load_deprivation_cmd(ctx: click.Context, paths: tuple[Path, ...], edition: str | None) -> None:
    """English Indices of Deprivation, File 1 or File 2, as published (XLSX) or as CSV."""
    from cspkit.sources import load_deprivation

    _report(lambda: load_deprivation(store_of(ctx), paths, edition=edition))


@load.command("partner")
@FILES
@click.option("--source", help="Name of the partner or data set (default: each file's name).")
@click.option("--sheet", help="The sheet of an XLSX workbook (default: the first).")
@click.pass_context
@reports_errors
def load_partner_cmd(
    ctx: click.Context, paths: tuple[Path, ...], source: str | None, sheet: str | None
) -> None:
    """Partner measures: month, area_code (optional), measure, value; CSV or XLSX.

    A file loaded again (same source) replaces its measures' rows.
    """
    from cspkit.sources import load_partner

    _report(lambda: load_partner(store_of(ctx), paths, source=source, sheet=sheet))


@load.command("survey")
@FILES
@click.option("--questions", "questions_path", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="YAML file describing the questions (survey: TITLE, questions: [...]).")
@click.option("--title", default="", help="The survey's title, if not the questions file's.")
@click.option("--weight", default="weight", show_default=True, help="Weight column, if present.")
@click.option("--no-weights", is_flag=True, help="Read the files unweighted.")
@click.option("--group", "groups", multiple=True, help="A column to break results down by.")
@click.option("--wave", default="", help="The wave of files without a wave column.")
@click.pass_context
@reports_errors
def load_survey_cmd(
    ctx: click.Context,
    paths: tuple[Path, ...],
    questions_path: Path,
    title: str,
    weight: str,
    no_weights: bool,
    groups: tuple[str, ...],
    wave: str,
) -> None:
    """Resident survey results (respondents or counts per answer), kept by survey and wave."""
    from cspkit.sources import load_survey

    _report(lambda: load_survey(store_of(ctx), paths, questions_path, title=title,
                                weight=None if no_weights else weight, groups=groups,
                                default_wave=wave))


@load.command("area-indicators")
@FILES
@click.option("--source", help="The source of rows without one (e.g. 'OHID Local Health').")
@click.pass_context
@reports_errors
def load_indicators_cmd(ctx: click.Context, paths: tuple[Path, ...], source: str | None) -> None:
    """Area indicators: area_code, indicator, value, period, source (one row per area)."""
    from cspkit.sources import load_indicators

    _report(lambda: load_indicators(store_of(ctx), paths, source=source))


COMMANDS = [load]
