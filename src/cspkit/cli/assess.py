"""``cspkit assess``: the strategic assessment of a district and year."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cspkit.cli._support import reports_errors, store_of
from cspkit.cli._types import FINANCIAL_YEAR

__all__ = ["COMMANDS"]


@click.command("assess")
@click.option("--area", "areas", multiple=True,
              help="ONS district code, e.g. E07000110; repeat it for several districts.")
@click.option("--county", help="Every district of a county (code E10000016 or name Kent), from "
              "the ward to county lookup.")
@click.option("--all", "every", is_flag=True,
              help="Every district with street rows in the store.")
@click.option("--year", required=True, type=FINANCIAL_YEAR,
              help="Financial year, e.g. 2021/22 (April 2021 to March 2022).")
@click.option(
    "--format", "formats", default="html,pdf,docx", show_default=True,
    help="Comma-separated: html, pdf, docx.",
)
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("."),
              show_default=True, help="Folder for the documents.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Assessment settings (YAML): themes, breaks, sensitive categories.")
@click.option("--public", is_flag=True, help="Suppress small counts of sensitive crimes.")
@click.option("--workers", type=click.IntRange(min=1), default=1, show_default=True,
              help="Districts assessed at once, each in its own process (with several districts).")
@click.pass_context
@reports_errors
def assess_cmd(
    ctx: click.Context, areas: tuple[str, ...], county: str | None, every: bool, year: str,
    formats: str, out: Path, config_path: Path | None, public: bool, workers: int,
) -> None:
    """Write the strategic assessment of a district and year as HTML, PDF and Word.

    With --county, --all or several --area, every district's documents in one run, and a
    table of them all (assessments-YEAR.csv).
    """
    import dataclasses

    from cspkit.assessment import AssessmentConfig, assess, load_config, write_assessment
    from cspkit.errors import InputError

    wanted = tuple(f.strip().lower() for f in formats.split(",") if f.strip())
    bad = [f for f in wanted if f not in ("html", "pdf", "docx")]
    if bad or not wanted:
        raise InputError(f"--format {formats!r}: use html, pdf and/or docx, e.g. --format html,pdf")
    if sum((bool(areas), county is not None, every)) != 1:
        raise InputError("say which districts to assess: --area CODE (repeatable), "
                         "--county CODE or --all, one of them")
    config = load_config(config_path) if config_path else AssessmentConfig()
    if public:
        config = dataclasses.replace(config, public=True)
    if county is not None or every or len(areas) > 1:
        _batch(store_of(ctx), list(areas), county, year, out, config, wanted, workers)
        return
    sa = assess(store_of(ctx), areas[0], year, config)
    for finding in sa.findings[:5]:
        click.echo(f"- {finding}")
    for path in write_assessment(sa, out, wanted):
        click.echo(f"Wrote {path}")


def _batch(store: Any, areas: list[str], county: str | None, year: str, out: Path,
           config: Any, formats: tuple[str, ...], workers: int) -> None:
    from cspkit.assessment.batch import assess_many, districts_loaded, districts_of_county
    from cspkit.errors import NotLoadedError

    if county is not None:
        areas = districts_of_county(store, county)
    elif not areas:
        areas = districts_loaded(store)
        if not areas:
            raise NotLoadedError(f"--all: the store at {store.root} has no street rows in any "
                                 "district of the loaded LSOA lookup; load police data and the "
                                 "lookup first (`cspkit load police FILES`)")
    click.echo(f"Assessing {len(areas)} districts for {year}")

    def progress(done: int, total: int, r: Any) -> None:
        what = f"{len(r.paths)} documents" if not r.error else f"not assessed: {r.error}"
        click.echo(f"[{done}/{total}] {r.lad_code} {r.lad_name}: {what}")

    results = assess_many(store, areas, year, out, config=config, formats=formats,
                          workers=workers, progress=progress)
    failed = [r for r in results if r.error]
    click.echo(f"Wrote {sum(len(r.paths) for r in results)} documents for "
               f"{len(results) - len(failed)} of {len(results)} districts and the table "
               f"{out / ('assessments-' + year.replace('/', '-') + '.csv')}")


COMMANDS = [assess_cmd]
