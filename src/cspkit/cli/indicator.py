"""The ``cspkit indicator`` commands: a partnership's indicators, their status and values.

Attach to the main command with ``main.add_command(indicator)`` (:mod:`cspkit.cli`)::

    cspkit indicator list maidstone                     # each with its latest value and RAG
    cspkit indicator show maidstone asb-count           # its measurements and how it is judged
    cspkit indicator refresh maidstone [KEY ...] [--include-incomplete]
    cspkit indicator record maidstone victim-satisfaction "2021/22 Q1" 78.5 --source "survey"

Each calls the same service function as the indicator pages
(:mod:`cspkit.indicators.services`); changes are made as ``--user NAME`` (or
``$CSPKIT_USER``) and audited under that name.
"""

from __future__ import annotations

from typing import Any

import click

from cspkit.cli._support import (
    ReportingGroup,
    acting_user,
    django_ready,
    partnership_of,
    reports_errors,
    store_of,
)
from cspkit.errors import InputError

__all__ = ["indicator"]


@click.group(cls=ReportingGroup)
@click.option("--user", "username", envvar="CSPKIT_USER",
              help="Act as this user (default: $CSPKIT_USER); changes are audited under it.")
@click.pass_context
def indicator(ctx: click.Context, username: str | None) -> None:
    """Indicators: their RAG status, values refreshed from the store or entered by hand."""
    ctx.ensure_object(dict)
    ctx.obj["user"] = username


def _indicators(slug: str, keys: tuple[str, ...] = ()) -> list[Any]:
    from cspkit.indicators.models import Indicator

    p = partnership_of(slug)
    found = list(Indicator.objects.filter(partnership=p))
    if not keys:
        return found
    by_key = {i.key: i for i in found}
    unknown = [k for k in keys if k not in by_key]
    if unknown:
        raise InputError(f"{p.name} has no indicator {unknown[0]!r}; its indicators are "
                         f"{', '.join(sorted(by_key)) or 'none'} (`cspkit indicator list {slug}`)")
    return [by_key[k] for k in keys]


def _latest(ind: Any) -> str:
    m = ind.measurements.order_by("period_start").last()
    return f"{m.value:,.6g} ({m.period})" if m else "no value yet"


@indicator.command("list")
@click.argument("slug")
@reports_errors
def list_cmd(slug: str) -> None:
    """The partnership's indicators: key, latest value, target and RAG status."""
    django_ready()
    found = _indicators(slug)
    if not found:
        click.echo(f"{partnership_of(slug).name} has no indicators yet; add them on the "
                   "partnership's indicator pages or import them (`cspkit import`).")
        return
    for ind in found:
        rag = ind.rag()
        target = f"target {ind.target:,.6g}" if ind.target is not None else "no target"
        click.echo(f"{ind.key}  {ind.name}: {_latest(ind)}, {target}, {rag.status.upper()}")


@indicator.command()
@click.argument("slug")
@click.argument("key")
@reports_errors
def show(slug: str, key: str) -> None:
    """One indicator: its measurements, its status and how its trend was judged."""
    django_ready()
    ind = _indicators(slug, (key,))[0]
    click.echo(f"{ind.name} ({ind.key}); {ind.get_direction_display().lower()}")
    for m in ind.measurements.order_by("period_start"):
        click.echo(f"  {m.period}: {m.value:,.6g}")
    rag = ind.rag()
    click.echo(f"Status: {rag.status.upper()}: {rag.reason}.")
    if rag.basis:
        click.echo(f"Trend: {rag.trend}; {rag.basis}")


@indicator.command()
@click.argument("slug")
@click.argument("keys", nargs=-1)
@click.option("--include-incomplete", is_flag=True,
              help="Record periods whose months are not all loaded (left out by default).")
@click.pass_context
@reports_errors
def refresh(ctx: click.Context, slug: str, keys: tuple[str, ...],
            include_incomplete: bool) -> None:
    """Recompute indicators from the store (all of the partnership's, or these KEYS)."""
    django_ready()
    from cspkit.indicators.models import Indicator
    from cspkit.indicators.services import refresh_from_store

    user, store = acting_user(ctx.obj.get("user"), "indicator"), store_of(ctx)
    chosen = _indicators(slug, keys)
    computed = [i for i in chosen if i.source == Indicator.Source.QUERY]
    for ind in computed:
        saved = refresh_from_store(user, ind, store, include_incomplete=include_incomplete)
        periods = f"{saved[0].period} to {saved[-1].period}" if saved else "no complete period"
        click.echo(f"{ind.key}: {len(saved)} values ({periods}); {ind.rag().status.upper()}")
    manual = [i.key for i in chosen if i.source != Indicator.Source.QUERY]
    if manual and keys:
        raise InputError(f"{', '.join(manual)}: entered by a person, not computed from the "
                         f"store; record its values with `cspkit indicator record {slug} KEY "
                         "PERIOD VALUE`")
    if not computed:
        click.echo("No indicator here is computed from the store.")


@indicator.command()
@click.argument("slug")
@click.argument("key")
@click.argument("period")
@click.argument("value", type=float)
@click.option("--note", default="", help="A note shown with the value.")
@click.option("--source", default="", help="Where the figure comes from (default: the "
                                           "indicator's source note).")
@click.pass_context
@reports_errors
def record(ctx: click.Context, slug: str, key: str, period: str, value: float, note: str,
           source: str) -> None:
    """Enter (or correct) a value of an indicator a person keeps, for PERIOD (e.g. 2021/22 Q1)."""
    django_ready()
    from cspkit.indicators.services import record_measurement

    ind = _indicators(slug, (key,))[0]
    user = acting_user(ctx.obj.get("user"), "indicator")
    m = record_measurement(user, ind, period, value, note=note, source=source)
    click.echo(f"{ind.key}: {m.period} = {m.value:,.6g}; {ind.rag().status.upper()}")
