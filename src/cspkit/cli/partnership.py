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
@click.option("--no-assessment", is_flag=True, help="Do not write the strategic assessment.")
@click.pass_context
@reports_errors
def demo(ctx: click.Context, seed: int, out: Path | None, no_django: bool,
         no_assessment: bool) -> None:
    """Generate the synthetic demo borough, load it, set up its partnership with a demo user
    per role, and write its strategic assessment (a background job, run here)."""
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
        _demo_web(store, b, assessment=not no_assessment)
        _demo_casework(b.n_wards, seed)


def _demo_casework(n_wards: int, seed: int) -> None:
    """The demo partnership's synthetic vulnerability meeting and ASB Case Review year."""
    from cspkit.demo.casework import seed_casework
    from cspkit.demo.names import DEFAULT_IDENTITY
    from cspkit.partnership.models import Partnership

    wards = [DEFAULT_IDENTITY.ward_code(i) for i in range(1, n_wards + 1)]
    made = seed_casework(Partnership.objects.get(slug="demo"), wards, seed=seed)
    if made is not None:
        click.echo(f"Demo case work (synthetic, no real person): {made.vulnerability_cases} "
                   f"vulnerability cases, {made.meetings} meetings, {made.asb_applications} "
                   "ASB Case Review applications")


def _demo_web(store: Any, borough: Any, *, assessment: bool) -> None:
    """The demo partnership and its users in the web app's database; its assessment."""
    django_ready()
    from django.db import connection

    from cspkit.demo.people import demo_people

    people = demo_people(borough)
    click.echo(f"Web app database: {connection.vendor} {connection.settings_dict['NAME']}")
    click.echo(f"Partnership: {people.partnership.name} (/p/{people.partnership.slug}/)")
    if assessment:
        _demo_assessment(store, borough, people)
    click.echo("Sign in as (demo data, for this machine only):")
    for s in people.sign_ins:
        click.echo(f"  {s.username:<14} password {s.password:<20} {s.role}: {s.may}")
    click.echo("Three things to try, after `cspkit serve` (http://127.0.0.1:8000/):")
    click.echo("  1. Sign in as demo-officer; Police data shows the months loaded and their gaps.")
    click.echo("  2. Assessment: read the assessment as a page, or write another year's.")
    click.echo(f"  3. Police data > Upload files: load {borough.police_files[-1]} again, and watch "
               "the job's progress and its load report.")


def _demo_assessment(store: Any, borough: Any, people: Any) -> None:
    from cspkit.calendar import financial_year_of, shift_financial_year
    from cspkit.jobs.kinds import job_folder
    from cspkit.jobs.services import run_queued, start_job

    last = borough.months[-1]
    year = financial_year_of(last)
    if not last.endswith("-03"):  # the latest whole financial year
        year = shift_financial_year(year, -1)
    params = {"area": borough.district_code, "year": year, "public": False,
              "store": str(store.root)}
    job = start_job(people.admin, people.partnership, "assess", params,
                    f"Strategic assessment {year} (demo)")
    click.echo(f"Writing the strategic assessment {year} (a background job, run here) ...")
    run_queued()
    job.refresh_from_db()
    if job.status != job.Status.DONE:
        raise click.ClickException(f"the demo's assessment failed: {job.error}")
    click.echo(f"Wrote {', '.join(job.result['documents'])} in "
               f"{job_folder('assessments', people.partnership.slug, job.pk)}")


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
@click.option(
    "--no-worker", is_flag=True,
    help="Do not start the background worker beside the server (run `cspkit worker` yourself).",
)
@reports_errors
def serve(host: str, port: int, workers: int, no_worker: bool) -> None:
    """Serve the web app on this machine with granian (migrating its database first), with a
    background worker beside it for the loads and assessments started from the pages."""
    django_ready()
    from django.conf import settings

    if workers > 1 and "LocMemCache" in settings.CACHES["default"]["BACKEND"]:
        raise click.UsageError(
            f"--workers {workers} needs a cache all the workers share (sessions and pages are "
            "kept there), and these settings keep it in each process's memory; serve the "
            "production settings (DJANGO_SETTINGS_MODULE=cspkit.djangoproject.production), "
            "which keep it in files, or run one worker"
        )
    _say_what_is_missing()
    click.echo(f"Serving cspkit at http://{host}:{port}/ (Ctrl+C stops it)", nl=True)
    command = [
        sys.executable, "-m", "granian", "--interface", "wsgi", "--host", host,
        "--port", str(port), "--workers", str(workers), "--blocking-threads", "2",
        "--log-level", "warning", "cspkit.djangoproject.wsgi:application",
    ]
    sys.stdout.flush()
    if no_worker:
        os.execv(sys.executable, command)  # the server replaces this process
    click.echo("Background worker started beside it (loads and assessments from the pages)")
    sys.stdout.flush()
    _run_beside(command, [sys.executable, "-m", "cspkit.cli", "worker", "--quiet",
                          "--no-migrate"])


def _say_what_is_missing() -> None:
    from django.contrib.auth.models import User

    from cspkit.partnership.models import Partnership

    if not Partnership.objects.exists():
        click.echo("No partnership yet: `cspkit import examples/maidstone.yaml` adds one.")
    if not User.objects.exists():
        click.echo(
            "No one can sign in yet: `cspkit manage createsuperuser` makes an account "
            "(then give people roles with `cspkit people add SLUG NAME --role ROLE`, or on the "
            "partnership's People page)."
        )


def _run_beside(server: list[str], worker: list[str]) -> None:
    """Run the server and the worker until the server stops or this process is told to stop
    (Ctrl+C, SIGTERM); then stop both."""
    import signal
    import subprocess

    def stop(signum: int, frame: object) -> None:
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, stop)
    processes = [subprocess.Popen(server), subprocess.Popen(worker)]
    code = 0
    try:
        code = processes[0].wait()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
    sys.exit(code)


@click.command()
@click.option("--batch", is_flag=True, help="Run the jobs waiting now, then stop.")
@click.option(
    "--interval", default=1.0, show_default=True, type=click.FloatRange(0),
    help="Seconds between looks at the queue when it is empty.",
)
@click.option("--quiet", is_flag=True, help="Print nothing about each job.")
@click.option("--no-migrate", is_flag=True,
              help="Do not migrate the database first (the server beside it did).")
@reports_errors
def worker(batch: bool, interval: float, quiet: bool, no_migrate: bool) -> None:
    """Run background jobs: the loads, downloads and assessments started from the web app.

    `cspkit serve` starts one; a deployment runs one or more beside its server (README, Web app).
    """
    if no_migrate:
        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.djangoproject.settings")
        django.setup()
    else:
        django_ready()
    from django.core.management import call_command

    call_command("db_worker", batch=batch, interval=interval, reload=False,
                 startup_delay=not batch, verbosity=0 if quiet else 1)


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


COMMANDS = [manage, demo, serve, worker, import_cmd, export_cmd]
