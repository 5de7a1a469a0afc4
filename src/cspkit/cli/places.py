"""The ``cspkit places`` commands: ward clusters, focus areas and before/after evaluation.

Attach to the main command with ``main.add_command(places)`` (:mod:`cspkit.cli`)::

    cspkit places clusters --area E07000110 --year 2021/22 --seed 2024 -o clusters.geojson
    cspkit places focus --area E07000110 --year 2021/22 --input anti_social_behaviour:2 \\
        --input income:1 -o focus.csv
    cspkit places evaluate --area E07000110 --target E05005003,E05005004 \\
        --comparison E05004996 --buffer 400 --before "2021/22 Q1" --after "2021/22 Q3"

Each calls one service function of :mod:`cspkit.analysis.places.district`, which builds the
inputs from the store (police street rows, lookups, boundaries, population, deprivation).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from cspkit.cli._support import ReportingGroup, reports_errors, store_of
from cspkit.cli._types import FINANCIAL_YEAR, PERIOD
from cspkit.errors import InputError

__all__ = ["places"]

AREA_HELP = "ONS district code, e.g. E07000110 (Maidstone)."
YEAR_HELP = "Financial year of police data, e.g. 2021/22 (April 2021 to March 2022)."


@click.group(cls=ReportingGroup)
def places() -> None:
    """Places: ward clusters, task-force focus areas and before/after evaluation."""


def _codes(values: tuple[str, ...]) -> list[str]:
    """Codes given as repeated options and/or comma-separated: ``--target A,B --target C``."""
    return [c.strip() for v in values for c in v.split(",") if c.strip()]


def _pins(values: tuple[str, ...], option: str, pairs: bool) -> list[tuple[str, ...]]:
    groups = []
    for value in values:
        group = tuple(c.strip() for c in value.split(",") if c.strip())
        if len(group) < 2 or (pairs and len(group) != 2):
            what = "two ward codes" if pairs else "two or more ward codes"
            raise InputError(
                f"{option} {value!r} is not {what} joined by a comma; write e.g. "
                f"{option} E05005003,E05005004"
            )
        groups.append(group)
    return groups


def _output(path: Path, kinds: tuple[str, ...]) -> str:
    kind = path.suffix.lower().lstrip(".")
    kind = "geojson" if kind == "json" else kind
    if kind not in kinds:
        raise InputError(
            f"-o {path}: cspkit writes {' or '.join('.' + k for k in kinds)} here; give a file "
            f"name ending in one of them, e.g. -o {path.stem or 'places'}.{kinds[0]}"
        )
    return kind


@places.command("clusters")
@click.option("--area", required=True, help=AREA_HELP)
@click.option("--year", required=True, type=FINANCIAL_YEAR, help=YEAR_HELP)
@click.option("--max-size", default=4, show_default=True, type=click.IntRange(min=1),
              help="Most wards in a cluster.")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0),
              help="Seed of the search and the random partitions (same seed, same clusters).")
@click.option("--must-link", "must_link", multiple=True, metavar="CODES",
              help="Wards to keep in one cluster, comma-separated (repeat for more groups).")
@click.option("--cannot-link", "cannot_link", multiple=True, metavar="CODE,CODE",
              help="Two wards to keep in different clusters (repeat for more pairs).")
@click.option("--random", "n_random", default=999, show_default=True,
              type=click.IntRange(min=0), help="Random contiguous partitions to compare with.")
@click.option("--name", help="Name of the cluster set (default: '<area> ward clusters <year>').")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write each ward's cluster: FILE.geojson (with the ward shapes) or FILE.csv.")
@click.option("--save", "save_to", type=click.Path(file_okay=False, path_type=Path),
              help="Save the cluster set (wards, settings, quality) in FOLDER as its next "
                   "version, <name>.v<N>.json.")
@click.pass_context
@reports_errors
def clusters_cmd(ctx: click.Context, area: str, year: str, max_size: int, seed: int,
                 must_link: tuple[str, ...], cannot_link: tuple[str, ...], n_random: int,
                 name: str | None, output: Path | None, save_to: Path | None) -> None:
    """Group a district's wards into clusters of touching, similar wards."""
    from cspkit.analysis.places import cluster_district, clusters_geojson

    kind = _output(output, ("geojson", "csv")) if output else None
    run = cluster_district(
        store_of(ctx), area, year, max_size=max_size, seed=seed,
        must_link=_pins(must_link, "--must-link", pairs=False),
        cannot_link=_pins(cannot_link, "--cannot-link", pairs=True),
        n_random=n_random, name=name, save_to=save_to,
    )
    cs, p = run.clusters, run.places
    click.echo(f"{cs.name}: {len(p.wards)} wards in {run.model.n_clusters_} clusters of at "
               f"most {max_size} touching wards ({len(p.months)} months of police data; seed "
               f"{seed})")
    for cid, rows in cs.assignments.groupby("cluster_id"):
        wards = ", ".join(f"{n} ({c})" for c, n in zip(rows["ward_code"], rows["ward_name"],
                                                       strict=True))
        click.echo(f"  {cid}. {wards}")
    click.echo(f"Features: {', '.join(cs.features)}")
    click.echo("Heterogeneity (lower is more alike):")
    for line in run.quality.summary().splitlines():
        click.echo(f"  {line}")
    if output is not None:
        if kind == "geojson":
            clusters_geojson(p.wards, cs, output)
        else:
            cs.assignments.to_csv(output, index=False)
        click.echo(f"Wrote {output}")
    if run.saved is not None:
        click.echo(f"Saved {cs.name!r} as {run.saved}")


def _need(value: str) -> tuple[str, float]:
    name, _, weight = value.partition(":")
    try:
        w = float(weight) if weight else 1.0
    except ValueError:
        w = -1.0
    if not name.strip() or not w > 0:
        raise InputError(
            f"--input {value!r}: write NAME:WEIGHT, NAME a column of the area table and WEIGHT "
            "a positive number, e.g. --input anti_social_behaviour:2 --input income:1"
        )
    return name.strip(), w


def _focus_line(row: Any, width: int) -> str:
    mark = "*" if row.shortlisted else " "
    area = f"{row.area_name} ({row.area_code})"
    interval = f"{row.rank_low:.0f}-{row.rank_high:.0f}"
    return (f"{mark}{row.rank:>4}  {area:<{width}}  {row.score:>6.1f}  {interval:>7}  "
            f"{row.top_inputs}")


@places.command("focus")
@click.option("--area", required=True, help=AREA_HELP)
@click.option("--year", required=True, type=FINANCIAL_YEAR, help=YEAR_HELP)
@click.option("--input", "inputs", multiple=True, metavar="NAME:WEIGHT",
              help="An input of the need index and its weight, e.g. anti_social_behaviour:2 or "
                   "income:1 (repeat; default: ASB x2 and income, employment, health and "
                   "education deprivation).")
@click.option("--level", default="ward", show_default=True,
              type=click.Choice(["ward", "lsoa"]), help="Areas to rank.")
@click.option("--seed", default=0, show_default=True, type=click.IntRange(min=0),
              help="Seed of the weight changes behind each rank's interval.")
@click.option("--top", default=5, show_default=True, type=click.IntRange(min=1),
              help="Areas to shortlist (marked *).")
@click.option("--rows", default=20, show_default=True, type=click.IntRange(min=0),
              help="Rows to print (0: all).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the whole ranked table (indices and contributions) as FILE.csv.")
@click.pass_context
@reports_errors
def focus_cmd(ctx: click.Context, area: str, year: str, inputs: tuple[str, ...], level: str,
              seed: int, top: int, rows: int, output: Path | None) -> None:
    """Rank a district's wards or LSOAs by a need index, with what drives each rank."""
    from cspkit.analysis.places import focus_district

    if output is not None:
        _output(output, ("csv",))
    ranked = focus_district(store_of(ctx), area, year, inputs=[_need(v) for v in inputs],
                            level=level, seed=seed, top_n=top)
    used = ", ".join(f"{n} x{w:g} ({k})" for n, w, k in ranked.attrs["inputs"])
    click.echo(f"Need index of the {level}s of {ranked.attrs['lad_code']}, {year} "
               f"({len(ranked.attrs['months'])} months of police data): {used}")
    click.echo("Each input is indexed to the district = 100; the interval is the central 90% "
               "of ranks when the weights move ±50%.")
    shown = ranked if rows == 0 else ranked.head(rows)
    width = max(len(f"{r.area_name} ({r.area_code})") for r in shown.itertuples())
    click.echo(f" rank  {'area':<{width}}   score  interval  drivers (index, points)")
    for row in shown.itertuples():
        click.echo(_focus_line(row, width))
    if len(shown) < len(ranked):
        click.echo(f"... {len(ranked) - len(shown)} more (--rows 0 or -o FILE.csv for all)")
    if output is not None:
        ranked.to_csv(output, index=False)
        click.echo(f"Wrote {output}")


def _p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _evaluation_lines(ev: Any) -> list[str]:
    types = ", ".join(ev.crime_types) if ev.crime_types else "all crime types and ASB"
    lines = [f"Before {ev.before[0]} to {ev.before[1]}, after {ev.after[0]} to {ev.after[1]}; "
             f"{types}", f"{'':<18}{'before':>8}{'after':>8}{'change':>8}"]
    for r in ev.counts.itertuples():
        pct = "" if r.percent_change != r.percent_change else f" ({r.percent_change:+.1f}%)"
        lines.append(f"{r.role:<18}{r.before:>8}{r.after:>8}{r.change:>+8}{pct}")
    w = ev.wdd
    level = 100 * (1 - w.alpha)
    lines.append(f"WDD {w.wdd:+.0f} (standard error {w.se:.1f}, z = {w.z:.2f}, {_p(w.p)}; "
                 f"{level:g}% interval {w.ci_low:+.0f} to {w.ci_high:+.0f}); Poisson E-test on "
                 f"the target {_p(ev.etest_p)}")
    lines.append(f"Verdict: {ev.verdict}")
    return lines


@places.command("evaluate")
@click.option("--area", required=True, help=AREA_HELP)
@click.option("--target", multiple=True, required=True, metavar="CODES",
              help="Ward codes of the target area, comma-separated or repeated.")
@click.option("--comparison", multiple=True, required=True, metavar="CODES",
              help="Ward codes of the comparison area, comma-separated or repeated.")
@click.option("--buffer", "buffer_metres", type=click.FloatRange(min=0, min_open=True),
              metavar="METRES", help="Width of the displacement buffer around the target.")
@click.option("--before", required=True, type=PERIOD,
              help="Period before: a month, quarter or year, e.g. '2021/22 Q1'.")
@click.option("--after", required=True, type=PERIOD,
              help="Period after, as long as the period before, e.g. '2021/22 Q3'.")
@click.option("--crime-type", "crime_types", multiple=True,
              help="Count only this police.uk category (repeat; default: every row).")
@click.option("--chosen-for-high-crime", is_flag=True,
              help="The target was picked for its high crime: add the regression-to-the-mean "
                   "caveat.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Assessment settings (YAML) whose comparison policy sets the significance "
                   "level.")
@click.pass_context
@reports_errors
def evaluate_cmd(ctx: click.Context, area: str, target: tuple[str, ...],
                 comparison: tuple[str, ...], buffer_metres: float | None, before: str,
                 after: str, crime_types: tuple[str, ...], chosen_for_high_crime: bool,
                 config_path: Path | None) -> None:
    """Before/after evaluation: counts, weighted displacement difference and the verdict."""
    from cspkit.analysis.places import evaluate_district
    from cspkit.assessment import load_config

    policy = load_config(config_path).comparison if config_path else None
    ev = evaluate_district(
        store_of(ctx), area, target=_codes(target), comparison=_codes(comparison),
        before=before, after=after, buffer_metres=buffer_metres,
        crime_types=list(crime_types) or None, policy=policy,
        chosen_for_high_crime=chosen_for_high_crime,
    )
    for line in _evaluation_lines(ev):
        click.echo(line)
