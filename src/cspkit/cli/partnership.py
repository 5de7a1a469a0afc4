"""``cspkit demo``, ``import``, ``export``, ``serve``, ``manage``: the partnership, its web app."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

import click

from cspkit import config
from cspkit.cli._support import django_ready, reports_errors, store_of

__all__ = ["COMMANDS", "PURGES_HISTORY"]

#: Management commands of django-simple-history that delete history: refused by `manage`.
PURGES_HISTORY = frozenset({"clean_old_history", "clean_duplicate_history"})


@click.command(context_settings={"ignore_unknown_options": True, "allow_extra_args": True})
@click.argument("args", nargs=-1, type=click.UNPROCESSED)
def manage(args: tuple[str, ...]) -> None:
    """Run a Django management command, e.g. `cspkit manage migrate`. Commands that purge the
    audit log (clean_old_history, clean_duplicate_history) are refused."""
    import os

    from django.core.management import execute_from_command_line

    if args and args[0] in PURGES_HISTORY:
        raise click.UsageError(
            f"`cspkit manage {args[0]}` would delete records of the audit log, which is kept "
            "for good: nothing in cspkit purges it. To keep the database small, archive it "
            "with your database's own backup tools instead"
        )

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.djangoproject.settings")
    config.data_dir().mkdir(parents=True, exist_ok=True)
    execute_from_command_line(["cspkit manage", *args])


@click.command()
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

    store = store_of(ctx)
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


@click.command()
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


@click.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--replace", is_flag=True,
    help="Replace a partnership with the same slug (else an error); refused when it has plan "
         "versions, decisions, memberships or progress updates.",
)
@click.option("--dry-run", is_flag=True, help="Show what the import would do; change nothing.")
@reports_errors
def import_cmd(path: Path, replace: bool, dry_run: bool) -> None:
    """Import a partnership from a YAML file (all of it, or nothing when it has problems)."""
    django_ready()
    from cspkit.exchange import counts, import_yaml

    seen: dict[str, Any] | None = {} if dry_run else None
    partnership = import_yaml(path.read_text(encoding="utf-8"), source=str(path),
                              replace=replace, dry_run=seen)
    if seen is None:
        summary = ", ".join(f"{n} {what}" for what, n in counts(partnership).items())
        click.echo(f"Imported {partnership.name} ({partnership.slug}): {summary}")
        return
    imported = ", ".join(f"{n} {w}" for w, n in seen["imported"].items())
    click.echo(f"Dry run, nothing changed. Would import {partnership.name} "
               f"({partnership.slug}): {imported}")
    if seen["replaced"]:
        click.echo("Would delete the partnership's records now in the database: "
                   + ", ".join(f"{n} {w}" for w, n in seen["replaced"].items()))


@click.command("export")
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
    from cspkit.exchange import export_yaml
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


COMMANDS = [manage, demo, serve, import_cmd, export_cmd]
