"""``cspkit assess``: the strategic assessment of a district and year."""

from __future__ import annotations

from pathlib import Path

import click

from cspkit.cli._support import reports_errors, store_of
from cspkit.cli._types import FINANCIAL_YEAR

__all__ = ["COMMANDS"]


@click.command("assess")
@click.option("--area", required=True, help="ONS district code, e.g. E07000110.")
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
    sa = assess(store_of(ctx), area, year, config)
    for finding in sa.findings[:5]:
        click.echo(f"- {finding}")
    for path in write_assessment(sa, out, wanted):
        click.echo(f"Wrote {path}")


COMMANDS = [assess_cmd]
