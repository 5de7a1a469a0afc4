"""``cspkit load``, ``fetch``, ``coverage``, ``status``: data into the store, what it holds."""

from __future__ import annotations

from pathlib import Path

import click

from cspkit import config
from cspkit.cli._support import ByteProgress, reports_errors, store_of
from cspkit.cli._types import MONTH
from cspkit.errors import NotLoadedError

__all__ = ["COMMANDS"]


@click.group()
def load() -> None:
    """Load data into the analytical store."""


@load.command("police")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--kind",
    "kinds",
    multiple=True,
    type=click.Choice(["street", "outcomes", "stop-and-search"]),
    help="Only these kinds of file (repeatable). Default: all found.",
)
@click.option("--force", "forces", multiple=True, help="Only these forces, e.g. kent (repeatable).")
@click.option("--quiet", is_flag=True, help="No progress bar.")
@click.pass_context
@reports_errors
def load_police_cmd(
    ctx: click.Context,
    paths: tuple[Path, ...],
    kinds: tuple[str, ...],
    forces: tuple[str, ...],
    quiet: bool,
) -> None:
    """Load data.police.uk archives (zip), extracted folders or single CSV files.

    Loading a force-month again replaces it; a load with any bad file loads nothing.
    """
    from cspkit.store.police_load import load_police

    store = store_of(ctx)
    with ByteProgress(quiet, "Loading police data") as progress:
        report = load_police(
            store, list(paths), kinds=kinds or None, forces=forces or None, progress=progress
        )
    click.echo(
        f"Loaded {report.files} file(s), {report.rows:,} rows "
        f"({', '.join(f'{k} {n:,}' for k, n in sorted(report.rows_by_kind.items()))}); "
        f"forces {', '.join(report.forces)}; months {report.months[0]} to {report.months[-1]}."
    )
    if report.replaced:
        click.echo(f"Replaced {len(report.replaced)} force-month(s) loaded before.")
    click.echo(f"Store: {store.root} (load {report.load_id})")


@load.group("geography")
def load_geography() -> None:
    """Load ONS lookups, boundaries and population."""


@load_geography.command("lookup")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.pass_context
@reports_errors
def load_lookup_cmd(ctx: click.Context, paths: tuple[Path, ...]) -> None:
    """ONS lookup CSVs (LSOA -> ward -> district; district -> CSP -> police force area; ...)."""
    from cspkit.geography import load_lookup, lookup_table

    store = store_of(ctx)
    for path in paths:
        table = load_lookup(store, path)
        click.echo(f"{path}: {len(lookup_table(store, table)):,} rows as table {table}")


@load_geography.command("boundaries")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
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
    """Boundaries from GeoJSON, GeoPackage or shapefile, kept in British National Grid."""
    from cspkit.geography import load_boundaries

    store = store_of(ctx)
    for i, path in enumerate(paths):
        table = load_boundaries(store, path, level, vintage, add=add or i > 0)
        click.echo(f"{path}: as table {table} (EPSG:27700)")


@load_geography.command("population")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--year", type=int, help="Mid-year of the estimates, if not in the file name.")
@click.option("--source", help="Name of the source, if not detected.")
@click.pass_context
@reports_errors
def load_population_cmd(
    ctx: click.Context, path: Path, year: int | None, source: str | None
) -> None:
    """LSOA population estimates (added by year and source)."""
    from cspkit.geography import load_population

    table = load_population(store_of(ctx), path, year, source)
    click.echo(f"{path}: added to table {table}")


@click.group()
def fetch() -> None:
    """Download data from the internet (data.police.uk)."""


@fetch.command("police")
@click.option(
    "--district", required=True, help="ONS district code whose ward boundaries are loaded."
)
@click.option("--force", "force_slug", required=True, help="data.police.uk force id, e.g. kent.")
@click.option("--from", "first", required=True, type=MONTH, help="First month, e.g. 2021-04.")
@click.option("--to", "last", required=True, type=MONTH, help="Last month, e.g. 2022-03.")
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), help="Folder for the files."
)
@click.option("--no-load", is_flag=True, help="Only download; do not load into the store.")
@click.option(
    "--api-url",
    envvar="CSPKIT_POLICE_API_URL",
    default="https://data.police.uk/api/",
    show_default=True,
    help="Base URL of the API (a mirror or a test server).",
)
@click.pass_context
@reports_errors
def fetch_police(
    ctx: click.Context,
    district: str,
    force_slug: str,
    first: str,
    last: str,
    out: Path | None,
    no_load: bool,
    api_url: str,
) -> None:
    """Street crime for a district's area from the data.police.uk API, written as archive files.

    The area is the union of the district's stored ward boundaries; LSOA codes are filled from
    the stored LSOA boundaries where loaded.
    """
    from cspkit.fetch import fetch_district
    from cspkit.sources.police_api import PoliceAPI

    store = store_of(ctx)
    out = out or config.data_dir() / "downloads" / "police"
    with PoliceAPI(base_url=api_url) as api:
        paths = fetch_district(store, district, force_slug, first, last, out, api=api)
    click.echo(f"Wrote {len(paths)} file(s) under {out}")
    if not no_load:
        ctx.invoke(load_police_cmd, paths=tuple(paths), kinds=(), forces=(), quiet=True)


@click.command()
@click.option(
    "--table", default="street", type=click.Choice(["street", "outcomes", "stop_and_search"])
)
@click.option("--csv", "as_csv", is_flag=True, help="Print the long table as CSV.")
@click.pass_context
@reports_errors
def coverage(ctx: click.Context, table: str, as_csv: bool) -> None:
    """Rows per month and force, flagging missing months and months far below their neighbours."""
    from cspkit.store.coverage import coverage as coverage_of
    from cspkit.store.coverage import coverage_matrix

    cov = coverage_of(store_of(ctx), table=table)
    if cov.empty:
        raise NotLoadedError(f"the store at {store_of(ctx).root} has no {table} data; load some "
                             "first (`cspkit load police FILES` or `cspkit fetch police`)")
    if as_csv:
        click.echo(cov.to_csv(index=False), nl=False)
        return
    click.echo(coverage_matrix(cov).to_string())
    flagged = cov[cov["flag"] != "ok"]
    click.echo(
        f"\n{(cov['flag'] == 'missing').sum()} missing and {(cov['flag'] == 'low').sum()} low "
        "force-month(s). Low: rows per day under 85% of the median of the months around it."
    )
    for r in flagged[flagged["flag"] == "low"].itertuples():
        click.echo(f"  LOW {r.force} {r.month}: {r.rows:,} rows, {r.ratio:.0%} of its neighbours")


@click.command()
@click.pass_context
@reports_errors
def status(ctx: click.Context) -> None:
    """What the store holds: rows, months, forces, areas, coverage flags."""
    from cspkit.store.summary import summarize

    for line in summarize(store_of(ctx)).lines():
        click.echo(line)



COMMANDS = [load, fetch, coverage, status]
