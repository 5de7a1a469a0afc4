"""The ``cspkit`` command: a thin shell over the library.

Each command parses its options, calls one library function, and prints the result. Errors
from :mod:`cspkit.errors` become a one-paragraph message and an exit code, never a traceback.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from cspkit import config
from cspkit.cli_support import django_ready, reports_errors
from cspkit.errors import CspkitError


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

    store = _store(ctx)
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

    store = _store(ctx)
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

    table = load_population(_store(ctx), path, year, source)
    click.echo(f"{path}: added to table {table}")


@main.group()
def fetch() -> None:
    """Download data from the internet (data.police.uk)."""


@fetch.command("police")
@click.option(
    "--district", required=True, help="ONS district code whose ward boundaries are loaded."
)
@click.option("--force", "force_slug", required=True, help="data.police.uk force id, e.g. kent.")
@click.option("--from", "first", required=True, help="First month, YYYY-MM.")
@click.option("--to", "last", required=True, help="Last month, YYYY-MM.")
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

    store = _store(ctx)
    out = out or config.data_dir() / "downloads" / "police"
    with PoliceAPI(base_url=api_url) as api:
        paths = fetch_district(store, district, force_slug, first, last, out, api=api)
    click.echo(f"Wrote {len(paths)} file(s) under {out}")
    if not no_load:
        ctx.invoke(load_police_cmd, paths=tuple(paths), kinds=(), forces=(), quiet=True)


@main.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `cspkit manage migrate`."""
    import os

    from django.core.management import execute_from_command_line

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.djangoproject.settings")
    config.data_dir().mkdir(parents=True, exist_ok=True)
    execute_from_command_line(["cspkit manage", *args])


@main.command()
@click.option(
    "--seed", default=2024, show_default=True, help="The same seed gives the same borough."
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the generated files (default: <user data dir>/cspkit/demo).",
)
@click.option("--no-django", is_flag=True, help="Do not set up the web app's database.")
@click.pass_context
@reports_errors
def demo(ctx: click.Context, seed: int, out: Path | None, no_django: bool) -> None:
    """Generate the synthetic demo borough, load it, and print what was loaded and where."""
    from cspkit.demo.load import run_demo
    from cspkit.store.summary import summarize

    store = _store(ctx)
    out = out or config.data_dir() / "demo"
    click.echo(f"Generating the demo borough (seed {seed}) in {out} ...")
    run = run_demo(store, out, seed)
    b = run.borough
    click.echo(
        f"{b.district_name} ({b.district_code}): {b.n_wards} wards, {b.n_lsoas} LSOAs, "
        f"population {b.population:,}; force {b.force_name} ({b.force_slug})"
    )
    click.echo(
        f"Built in: a pandemic dip {b.pandemic_months[0]} to {b.pandemic_months[-1]}; "
        f"a recording change from {b.recording_change_month}; hotspots in "
        f"{', '.join(b.hotspot_ward_names)}"
    )
    click.echo(f"Loaded reference tables: {', '.join(run.tables)}")
    click.echo(f"Loaded {run.police.files} police files, {run.police.rows:,} rows")
    for line in summarize(store).lines():
        click.echo(line)
    if not no_django:
        db = _setup_django(b.district_name, b.district_code, b.csp_code, b.force_slug)
        click.echo(f"Web app database: {db}")


def _setup_django(name: str, district: str, csp: str, force: str) -> str:
    """Migrate the web app's database and record the demo partnership in it."""
    django_ready()
    from django.db import connection

    from cspkit.partnership.models import Partnership

    Partnership.objects.update_or_create(
        slug="demo",
        defaults={
            "name": f"Safer {name} Partnership",
            "district_codes": [district],
            "csp_code": csp,
            "police_force": force,
        },
    )
    return f"{connection.vendor} {connection.settings_dict['NAME']}"


@main.command()
@click.option(
    "--host", default="127.0.0.1", show_default=True,
    help="Address to listen on: this machine only by default. For other people, serve the "
    "production settings behind TLS (README, Web app).",
)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
@click.option(
    "--workers", default=1, show_default=True, type=click.IntRange(1, 64),
    help="Worker processes (one per core for many users).",
)
@reports_errors
def serve(host: str, port: int, workers: int) -> None:
    """Serve the web app on this machine with granian (migrating its database first)."""
    django_ready()
    from django.conf import settings
    from django.contrib.auth.models import User

    if workers > 1 and "LocMemCache" in settings.CACHES["default"]["BACKEND"]:
        raise click.UsageError(
            f"--workers {workers} needs a cache all the workers share (sessions and pages are "
            "kept there), and these settings keep it in each process's memory; serve the "
            "production settings (DJANGO_SETTINGS_MODULE=cspkit.djangoproject.production), "
            "which keep it in files, or run one worker"
        )

    from cspkit.partnership.models import Partnership

    if not Partnership.objects.exists():
        click.echo("No partnership yet: `cspkit import examples/maidstone.yaml` adds one.")
    if not User.objects.exists():
        click.echo(
            "No one can sign in yet: `cspkit manage createsuperuser` makes an account "
            "(then give people roles in /admin/)."
        )
    click.echo(f"Serving cspkit at http://{host}:{port}/ (Ctrl+C stops it)", nl=True)
    command = [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--host", host,
        "--port", str(port), "--workers", str(workers), "--blocking-threads", "2",
        "--log-level", "warning", "cspkit.djangoproject.wsgi:application",
    ]
    sys.stdout.flush()
    os.execv(sys.executable, command)  # the server replaces this process


@main.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--replace", is_flag=True, help="Replace a partnership with the same slug (else an error)."
)
@reports_errors
def import_cmd(path: Path, replace: bool) -> None:
    """Import a partnership from a YAML file (all of it, or nothing when it has problems)."""
    django_ready()
    from cspkit.partnership.exchange import counts, import_yaml

    partnership = import_yaml(path.read_text(encoding="utf-8"), source=str(path), replace=replace)
    summary = ", ".join(f"{n} {what}" for what, n in counts(partnership).items())
    click.echo(f"Imported {partnership.name} ({partnership.slug}): {summary}")


@main.command("export")
@click.argument("slug")
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file (default: print).",
)
@reports_errors
def export_cmd(slug: str, output: Path | None) -> None:
    """Export a partnership (by its slug) to one YAML file that `cspkit import` reads back."""
    django_ready()
    from cspkit.errors import InputError
    from cspkit.partnership.exchange import export_yaml
    from cspkit.partnership.models import Partnership

    partnership = Partnership.objects.filter(slug=slug).first()
    if partnership is None:
        known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
        raise InputError(f"no partnership has the slug {slug!r}; partnerships here: {known}")
    text = export_yaml(partnership)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {partnership.name} to {output}")


@main.command("assess")
@click.option("--area", required=True, help="ONS district code, e.g. E07000110.")
@click.option("--year", required=True, help="Financial year, e.g. 2021/22.")
@click.option(
    "--format", "formats", default="html,pdf,docx", show_default=True,
    help="Comma-separated: html, pdf, docx.",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder for the documents.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Assessment settings (YAML): themes, breaks, sensitive categories.")
@click.option("--public", is_flag=True, help="Suppress small counts of sensitive crimes.")
@click.pass_context
@reports_errors
def assess_cmd(
    ctx: click.Context, area: str, year: str, formats: str, out: Path,
    config_path: Path | None, public: bool,
) -> None:
    """Write the strategic assessment of a district and year as HTML, PDF and Word."""
    import dataclasses

    from cspkit.assessment import AssessmentConfig, assess, load_config, write_assessment
    from cspkit.errors import InputError

    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in wanted if f not in ("html", "pdf", "docx")]
    if bad or not wanted:
        raise InputError(f"--format {formats!r}: use html, pdf and/or docx, e.g. --format html,pdf")
    config = load_config(config_path) if config_path else AssessmentConfig()
    if public:
        config = dataclasses.replace(config, public=True)
    sa = assess(_store(ctx), area, year, config)
    for finding in sa.findings[:5]:
        click.echo(f"- {finding}")
    for path in write_assessment(sa, out, wanted):
        click.echo(f"Wrote {path}")


def _attach_plan_commands() -> None:
    from cspkit.plans.commands import plan

    main.add_command(plan)


_attach_plan_commands()
