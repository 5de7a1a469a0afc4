"""``cspkit fetch``, ``coverage``, ``status``: data from the internet, and what the store holds."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click
import pandas as pd

from cspkit import config
from cspkit.cli._support import reports_errors, store_of
from cspkit.cli._types import MONTH
from cspkit.errors import NotLoadedError

__all__ = ["COMMANDS"]


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
    from cspkit.cli.load import load_police_cmd
    from cspkit.sources.police import PoliceAPI, fetch_district

    store = store_of(ctx)
    out = out or config.data_dir() / "downloads" / "police"
    with PoliceAPI(base_url=api_url) as api:
        paths = fetch_district(store, district, force_slug, first, last, out, api=api)
    click.echo(f"Wrote {len(paths)} file(s) under {out}")
    if not no_load:
        ctx.invoke(load_police_cmd, paths=tuple(paths), kinds=(), forces=(), allow_shrink=False,
                   quiet=True)


@click.command()
@click.option(
    "--table", default="street", type=click.Choice(["street", "outcomes", "stop_and_search"]),
    show_default=True, help="Which police table.",
)
@click.option("--csv", "as_csv", is_flag=True, help="Print the long table as CSV.")
@click.option(
    "--district", "districts", multiple=True,
    help="Count rows in this district's LSOAs and say the gaps in words, as the web app's "
    "Police data page does (repeatable), e.g. --district E07000110.",
)
@click.pass_context
@reports_errors
def coverage(ctx: click.Context, table: str, as_csv: bool, districts: tuple[str, ...]) -> None:
    """Rows per month and force, flagging missing months and months far below their neighbours."""
    from cspkit.store.coverage import coverage as coverage_of
    from cspkit.store.coverage import coverage_matrix

    store = store_of(ctx)
    if districts:
        from cspkit.geography.coverage import area_coverage

        summary = area_coverage(store, list(districts), table=table)
        click.echo(f"Crimes counted in {summary.counted_in}.")
        for line in summary.sentences():
            click.echo(line)
        return
    cov = coverage_of(store, table=table)
    if cov.empty:
        raise NotLoadedError(f"the store at {store.root} has no {table} data; load some "
                             "first (`cspkit load police FILES` or `cspkit fetch police`)")
    lookups = _lookup_coverage(store, table)
    if lookups is not None:
        cov = cov.merge(lookups, on=["force", "month"], how="left")
    if as_csv:
        click.echo(cov.to_csv(index=False), nl=False)
        return
    click.echo(coverage_matrix(cov).to_string())
    flagged = cov[cov["flag"] != "ok"]
    click.echo(
        f"\n{(cov['flag'] == 'missing').sum()} missing, {(cov['flag'] == 'empty').sum()} empty "
        f"and {(cov['flag'] == 'low').sum()} low force-month(s). Empty: loaded from a file with "
        "no rows. Low: rows per day under 85% of the median of the months around it."
    )
    for r in flagged[flagged["flag"] == "low"].itertuples():
        click.echo(f"  LOW {r.force} {r.month}: {r.rows:,} rows, {r.ratio:.0%} of its neighbours")
    if lookups is not None:
        for line in _unmatched_lines(store, cov):
            click.echo(line)


def _lookup_coverage(store: Any, table: str) -> pd.DataFrame | None:
    """Per force-month: rows without an LSOA, rows no loaded lookup places, the codes' vintage."""
    if table == "stop_and_search":
        return None
    from cspkit.geography import lsoa_coverage

    found = lsoa_coverage(store, table=table).drop(columns="rows")
    return found.astype({"no_lsoa": "Int64", "unmatched": "Int64"})


def _unmatched_lines(store: Any, cov: pd.DataFrame) -> list[str]:
    from cspkit.geography import lsoa_vintages

    vintages = lsoa_vintages(store)
    if not vintages:
        return ["\nNo LSOA lookup is loaded: rows count for no district until one is "
                "(`cspkit load geography lookup FILE`)."]
    lost = cov[cov["unmatched"].fillna(0) > 0]
    out = [f"\nLSOA lookups loaded: {' and '.join(vintages)}. "
           f"{int(lost['unmatched'].sum()):,} rows in {len(lost)} force-month(s) have an LSOA "
           "code in no loaded lookup and count for no district."]
    out += [f"  NO LOOKUP {force} {month}: {int(n):,} rows"
            for force, month, n in lost[["force", "month", "unmatched"]].itertuples(index=False)]
    if len(lost):
        out.append("  Load the LSOA lookup of their vintage (police.uk uses 2021 LSOAs from "
                   "2023): `cspkit load geography lookup FILE`.")
    return out


@click.command()
@click.pass_context
@reports_errors
def status(ctx: click.Context) -> None:
    """What the store holds: rows, months, forces, areas, coverage flags."""
    from cspkit.geography import lsoa_coverage, lsoa_vintages
    from cspkit.store.summary import summarize

    store = store_of(ctx)
    for line in summarize(store).lines():
        click.echo(line)
    vintages = lsoa_vintages(store)
    click.echo(f"  LSOA lookups: {', '.join(vintages) or 'none'}")
    if vintages:
        lost = lsoa_coverage(store)
        lost = lost[lost["unmatched"] > 0]
        where = "" if lost.empty else (
            f" ({', '.join(sorted(set(lost['force'])))} {lost['month'].min()} to "
            f"{lost['month'].max()}; see `cspkit coverage`)")
        click.echo(f"  street rows whose LSOA is in no loaded lookup: "
                   f"{int(lost['unmatched'].sum()):,}{where}")


@click.group("store")
def store_group() -> None:
    """Look after the analytical store."""


@store_group.command("compact")
@click.pass_context
@reports_errors
def compact(ctx: click.Context) -> None:
    """Remove files no current table refers to; index police data loaded before the LSOA index.

    Every load already does the removal; run it after upgrading cspkit, or to see the store's
    size against its live data.
    """
    store = store_of(ctx)
    freed = store.compact()
    total, live = store.disk_usage()
    click.echo(f"Removed {freed / 2**20:,.1f} MiB no table refers to. The store's data: "
               f"{total / 2**20:,.1f} MiB, of which {live / 2**20:,.1f} MiB live.")


COMMANDS = [fetch, coverage, status, store_group]
