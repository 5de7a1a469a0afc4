"""The ``cspkit`` command: a thin shell over the library.

Each command parses its options, calls one library function, and prints the result. Errors
from :mod:`cspkit.errors` become a one-paragraph message and an exit code, never a traceback.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from cspkit import config
from cspkit.errors import CspkitError

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Turn :class:`CspkitError` into a clean message on stderr and its exit code."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CspkitError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)

    return wrapper  # type: ignore[return-value]


def _store(ctx: click.Context) -> Any:
    from cspkit.store import Store

    root = ctx.obj.get("store") or config.store_path()
    return Store(root)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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


@main.group()
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

    store = _store(ctx)
    with _ByteProgress(quiet, "Loading police data") as progress:
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


class _ByteProgress:
    """A click progress bar fed by ``progress(done, total)`` callbacks."""

    def __init__(self, quiet: bool, label: str) -> None:
        self.quiet = quiet or not sys.stderr.isatty()
        self.label = label
        self.bar: Any = None
        self.shown = 0

    def __enter__(self) -> Callable[[int, int], None] | None:
        return None if self.quiet else self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


@main.command()
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

    cov = coverage_of(_store(ctx), table=table)
    if cov.empty:
        raise CspkitError(f"the store at {_store(ctx).root} has no {table} data; load some first")
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


@main.command()
@click.pass_context
@reports_errors
def status(ctx: click.Context) -> None:
    """What the store holds: rows, months, forces, areas, coverage flags."""
    from cspkit.store.summary import summarize

    for line in summarize(_store(ctx)).lines():
        click.echo(line)
