"""The ``cspkit case`` commands: the vulnerability meeting's cases and the ASB Case Review.

    cspkit case list maidstone [--forum asb_review] [--closed]
    cspkit case show maidstone CSVG-0012
    cspkit case add maidstone --name "Jane Smith" --agency police --reason "..." \\
        --basis s115 --consent given [--flag mental_health_victim] [--referred 2025-01-06]
    cspkit case close maidstone CSVG-0012 --outcome risk_reduced --reason "..." [--date ...]
    cspkit case retention maidstone [--today 2025-06-01] [--yes]
    cspkit case export maidstone "Jane Smith" [--dob 1980-02-03] -o jane-smith.json
    cspkit case figures maidstone 2024/25 [--csv]
    cspkit case role maidstone alice --forum vulnerability [--chair]
    cspkit case dpia maidstone
    cspkit case due maidstone [--by 2025-02-01]

Changes and views are made as ``--user NAME`` (or ``$CSPKIT_USER``; default: the first
superuser), audited and logged under that name; cases are for users with a case-work role.
Lists show initials, never names; ``show`` and ``export`` are logged as views of each case.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import click

from cspkit.cli._support import (
    ReportingGroup,
    acting_user,
    django_ready,
    partnership_of,
    reports_errors,
)
from cspkit.cli._types import FINANCIAL_YEAR
from cspkit.errors import InputError

__all__ = ["case"]

DATE = click.DateTime(formats=["%Y-%m-%d"])


@contextlib.contextmanager
def _not_found_as_input(what: str) -> Iterator[None]:
    """A 404 of the case work's access rules as an error naming what was asked for."""
    from django.http import Http404

    try:
        yield
    except Http404:
        raise InputError(f"{what} was not found, or is not yours to see: cases are for the "
                         "partnership's case workers (--user NAME)") from None


@click.group(cls=ReportingGroup)
@click.option("--user", "username", envvar="CSPKIT_USER",
              help="Act as this user (default: $CSPKIT_USER, else the first superuser).")
@click.pass_context
def case(ctx: click.Context, username: str | None) -> None:
    """Vulnerability meeting cases and ASB Case Review applications (need to know)."""
    ctx.ensure_object(dict)
    ctx.obj["user"] = username


def _who(ctx: click.Context) -> Any:
    return acting_user(ctx.obj.get("user"), "case")


def _day(value: Any) -> date:
    return value.date() if value is not None else date.today()


def _find(user: Any, partnership: Any, reference: str) -> Any:
    from cspkit.casework.access import open_case
    from cspkit.casework.models import AsbApplication, VulnerabilityCase

    prefix, _, number = reference.upper().partition("-")
    models = {"CSVG": VulnerabilityCase, "ASB": AsbApplication}
    if prefix not in models or not number.isdigit():
        raise InputError(f"{reference!r} is not a case reference; write CSVG-0012 for a "
                         "vulnerability case or ASB-0003 for an ASB Case Review (see "
                         f"`cspkit case list {partnership.slug}`)")
    with _not_found_as_input(f"case {reference} of {partnership.slug}"):
        return open_case(user, partnership, models[prefix], int(number), channel="command")


@case.command("list")
@click.argument("slug")
@click.option("--forum", type=click.Choice(["vulnerability", "asb_review"]),
              default="vulnerability", show_default=True)
@click.option("--closed", is_flag=True, help="List closed cases too.")
@click.pass_context
@reports_errors
def list_cmd(ctx: click.Context, slug: str, forum: str, closed: bool) -> None:
    """The forum's open cases (initials only), newest first."""
    django_ready()
    from cspkit.casework.listing import case_rows

    p = partnership_of(slug)
    with _not_found_as_input(f"the cases of {slug}"):
        rows = case_rows(_who(ctx), p, forum, include_closed=closed, channel="command")
    if not rows:
        click.echo(f"{p.name} has no {'' if closed else 'open '}cases in this forum.")
    for r in rows:
        click.echo("  ".join(str(v) for k, v in r.items() if k != "pk"))


@case.command("show")
@click.argument("slug")
@click.argument("reference")
@click.pass_context
@reports_errors
def show(ctx: click.Context, slug: str, reference: str) -> None:
    """One case in full (the view is logged)."""
    django_ready()
    from cspkit.casework.subject_access import describe

    record = _find(_who(ctx), partnership_of(slug), reference)
    click.echo(json.dumps(describe(record), indent=2, ensure_ascii=False))


@case.command("add")
@click.argument("slug")
@click.option("--name", required=True, help="The person, household or place referred.")
@click.option("--subject", type=click.Choice(["person", "household", "place"]),
              default="person", show_default=True)
@click.option("--agency", required=True, help="The referring organisation's key, e.g. police.")
@click.option("--reason", required=True, help="Why the case is referred.")
@click.option("--basis", required=True,
              type=click.Choice(["s115", "consent", "vital_interests", "public_task",
                                 "legal_obligation"]), help="The lawful basis for sharing.")
@click.option("--consent", required=True, type=click.Choice(["given", "refused", "not_sought"]))
@click.option("--flag", "flags", multiple=True, help="A vulnerability flag (repeatable).")
@click.option("--referred", type=DATE, help="Date of the referral (default: today).")
@click.option("--dob", type=DATE, help="Date of birth.")
@click.option("--address", default="")
@click.option("--ward", default="", help="The ward's ONS code, e.g. E05005003.")
@click.option("--review", type=DATE, help="Date of the next review.")
@click.pass_context
@reports_errors
def add(ctx: click.Context, slug: str, name: str, subject: str, agency: str, reason: str,
        basis: str, consent: str, flags: tuple[str, ...], referred: Any, dob: Any,
        address: str, ward: str, review: Any) -> None:
    """Refer a person, household or place to the vulnerability meeting."""
    django_ready()
    from cspkit.casework.vulnerability import refer

    p = partnership_of(slug)
    org = p.organisations.filter(key=agency).first()
    if org is None:
        keys = ", ".join(p.organisations.values_list("key", flat=True)) or "none"
        raise InputError(f"--agency {agency!r} is not an organisation of {slug}; its "
                         f"organisations' keys are: {keys}")
    with _not_found_as_input(f"the cases of {slug}"):
        record = refer(
            _who(ctx), p, name=name, subject=subject, referring_agency=org, reason=reason,
            lawful_basis=basis, consent=consent, flags=list(flags), referred_on=_day(referred),
            date_of_birth=dob.date() if dob else None, address=address, ward_code=ward,
            review_on=review.date() if review else None,
        )
    click.echo(f"Referred {record.reference} ({record.get_subject_display().lower()}, "
               f"from {org.name}).")


@case.command("close")
@click.argument("slug")
@click.argument("reference")
@click.option("--outcome", required=True,
              type=click.Choice(["risk_reduced", "referred_on", "disengaged", "moved_away",
                                 "died", "other"]))
@click.option("--reason", required=True, help="Why the case closes.")
@click.option("--date", "closed", type=DATE, help="Date of closure (default: today).")
@click.pass_context
@reports_errors
def close(ctx: click.Context, slug: str, reference: str, outcome: str, reason: str,
          closed: Any) -> None:
    """Close a vulnerability case with its outcome."""
    django_ready()
    from cspkit.casework.models import VulnerabilityCase
    from cspkit.casework.vulnerability import close_case

    user, p = _who(ctx), partnership_of(slug)
    record = _find(user, p, reference)
    if not isinstance(record, VulnerabilityCase):
        raise InputError(f"{reference} is an ASB Case Review: it closes when the applicant is "
                         "told the outcome (its page in the web app)")
    close_case(user, record, outcome=outcome, reason=reason, closed_on=_day(closed))
    click.echo(f"Closed {record.reference}: {record.get_outcome_display().lower()}.")


@case.command("retention")
@click.argument("slug")
@click.option("--today", type=DATE, help="Apply the schedule as on this date (default: today).")
@click.option("--yes", is_flag=True, help="Delete and anonymise (without it: only list).")
@click.pass_context
@reports_errors
def retention(ctx: click.Context, slug: str, today: Any, yes: bool) -> None:
    """Delete or anonymise the closed cases past the partnership's retention period."""
    django_ready()
    from cspkit.casework.retention import apply_retention
    from cspkit.errors import CaseError

    p = partnership_of(slug)
    with _not_found_as_input(f"the retention schedule of {slug}"):
        report = apply_retention(_who(ctx), p, today=_day(today), dry_run=not yes)
    for line in report.lines():
        click.echo(line)
    if report.cases and not report.done:
        raise CaseError(f"nothing was removed: run `cspkit case retention {slug} --yes` to "
                        f"remove these {len(report.cases)} case(s) for good")


@case.command("export")
@click.argument("slug")
@click.argument("name")
@click.option("--dob", type=DATE, help="The person's date of birth, to tell namesakes apart.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write the JSON to this file (default: print).")
@click.pass_context
@reports_errors
def export(ctx: click.Context, slug: str, name: str, dob: Any, output: Path | None) -> None:
    """Everything held about one person, as JSON (a subject access request)."""
    django_ready()
    from cspkit.casework.subject_access import subject_access

    p = partnership_of(slug)
    with _not_found_as_input(f"the records of {slug}"):
        found = subject_access(_who(ctx), p, name, date_of_birth=dob.date() if dob else None,
                               channel="command")
    text = json.dumps(found, indent=2, ensure_ascii=False)
    n = len(found["vulnerability_cases"]) + len(found["asb_case_reviews"])
    if output is None:
        click.echo(text)
    else:
        output.write_text(text + "\n", encoding="utf-8")
        click.echo(f"Wrote {n} case(s) about {name} to {output}")


@case.command("figures")
@click.argument("slug")
@click.argument("year", type=FINANCIAL_YEAR)
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV for the council's website.")
@reports_errors
def figures(slug: str, year: str, as_csv: bool) -> None:
    """The ASB Case Review's yearly published figures (counts only, with the rule used)."""
    django_ready()
    from cspkit.casework.figures import yearly_figures

    found = yearly_figures(partnership_of(slug), year)
    if as_csv:
        click.echo(found.csv(), nl=False)
        return
    click.echo(f"{found.partnership}, ASB Case Review, applications received in {found.year}:")
    for label, n in found.rows():
        click.echo(f"  {label}: {n}")
    click.echo(f"  Threshold: {found.rule}")


@case.command("role")
@click.argument("slug")
@click.argument("username")
@click.option("--forum", required=True, type=click.Choice(["vulnerability", "asb_review"]))
@click.option("--chair", is_flag=True, help="Chairs the meeting or panel.")
@click.pass_context
@reports_errors
def role(ctx: click.Context, slug: str, username: str, forum: str, chair: bool) -> None:
    """Give a member of the partnership a case-work role (administrators only)."""
    django_ready()
    from cspkit.casework.models import CaseworkRole
    from cspkit.partnership.permissions import roles_of
    from cspkit.partnership.services import save_record

    p, person = partnership_of(slug), acting_user(username, "case")
    if not roles_of(person).of(p.pk):
        raise InputError(f"{username} has no role in {slug}; give them one first "
                         f"(`cspkit people add {slug} {username} --role ROLE`), then a "
                         "case-work role")
    found = CaseworkRole.objects.filter(partnership=p, user=person, forum=forum).first()
    record = found or CaseworkRole(partnership=p, user=person, forum=forum)
    record.chair = chair
    save_record(_who(ctx), record)
    click.echo(f"{username}: {record.get_forum_display()}{' (chair)' if chair else ''}.")


@case.command("dpia")
@click.argument("slug")
@reports_errors
def dpia(slug: str) -> None:
    """What case work holds, why, who sees it and for how long (Markdown, for a DPIA)."""
    django_ready()
    from cspkit.casework.dpia import dpia_text

    click.echo(dpia_text(partnership_of(slug)), nl=False)


@case.command("due")
@click.argument("slug")
@click.option("--by", "by", type=DATE, help="Due by this date (default: today).")
@click.pass_context
@reports_errors
def due(ctx: click.Context, slug: str, by: Any) -> None:
    """Reminders: actions of open vulnerability cases not done and due (initials only)."""
    django_ready()
    from cspkit.casework.rules import initials
    from cspkit.casework.vulnerability import due_actions

    p, day = partnership_of(slug), _day(by)
    with _not_found_as_input(f"the cases of {slug}"):
        found = due_actions(_who(ctx), p, day)
    if not found:
        click.echo(f"No action of an open case is due by {day:%d %B %Y}.")
    for a in found:
        late = " (overdue)" if a.due < day else ""
        click.echo(f"{a.due.isoformat()}{late}  {a.case.reference} {initials(a.case.name)}  "
                   f"{a.owner}: {a.text}")
