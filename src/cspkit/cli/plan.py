"""The ``cspkit plan`` commands: plan versions, priority setting, the survey and the documents.

Attach to the main command with ``main.add_command(plan)`` (:mod:`cspkit.cli`). Each command
parses its options, calls one library function and prints the result; errors are one
paragraph on stderr with exit code 2 (1 for others), never a traceback::

    cspkit plan list maidstone
    cspkit plan start maidstone "June 2022 Update" [--year 2022/23] [--year-label "Year 4"]
    cspkit plan texts maidstone "June 2022 Update" texts.yaml
    cspkit plan diff maidstone "June 2021 Update" "June 2022 Update" [--json]
    cspkit plan recommend maidstone "June 2022 Update"
    cspkit plan adopt maidstone "June 2022 Update" --date 2022-06-28 --committee cdc --minute 34
    cspkit plan document maidstone "June 2022 Update" -o plan.pdf      # .html .pdf .docx
    cspkit plan decision maidstone "June 2022 Update" -o issue.docx [--preview]
    cspkit plan progress maidstone "2021/22 Q2" -o progress.pdf
    cspkit plan survey residents.csv --questions questions.yaml [--group ward] [--compare 2017 2019]
    cspkit plan judge maidstone "June 2022 Update" burglary vulnerability 4 --reason "..."
    cspkit plan score maidstone "June 2022 Update" --area E07000110 [--year 2022/23]

Changes are made as ``--user NAME`` (or ``$CSPKIT_USER``), which is required and must name an
active user, and audited under that name. A version is named by its title or its id.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from cspkit import config
from cspkit.cli._support import (
    ReportingGroup,
    acting_user,
    django_ready,
    partnership_of,
    reports_errors,
)
from cspkit.cli._types import FINANCIAL_YEAR, QUARTER
from cspkit.errors import InputError

__all__ = ["plan"]



def _user(name: str | None) -> Any:
    return acting_user(name, "plan")


def _partnership(slug: str) -> Any:
    return partnership_of(slug)


def _version(slug: str, name: str) -> Any:
    from cspkit.plans.models import PlanVersion

    p = _partnership(slug)
    found = PlanVersion.objects.filter(partnership=p, title=name).first()
    if found is None and name.isdigit():
        found = PlanVersion.objects.filter(partnership=p, pk=int(name)).first()
    if found is None:
        known = "; ".join(PlanVersion.objects.filter(partnership=p).values_list("title",
                                                                                flat=True))
        raise InputError(f"{p.name} has no plan version {name!r}; its versions are "
                         f"{known or 'none (start one with `cspkit plan start`)'}")
    return found


def _write(doc: Any, output: Path) -> None:
    from cspkit.reports import write_document

    if output.suffix.lower() not in (".html", ".pdf", ".docx"):
        raise InputError(f"{output}: the file's name must end in .html, .pdf or .docx")
    write_document(doc, output)
    click.echo(f"Wrote {output}")


@click.group(cls=ReportingGroup)
@click.option("--user", "username", envvar="CSPKIT_USER",
              help="Act as this user (required for changes; default: $CSPKIT_USER).")
@click.pass_context
def plan(ctx: click.Context, username: str | None) -> None:
    """Plan versions: revise, compare, recommend and adopt the plan; write its documents."""
    ctx.ensure_object(dict)
    ctx.obj["user"] = username


def _who(ctx: click.Context) -> Any:
    return _user(ctx.obj.get("user"))


@plan.command("list")
@click.argument("slug")
@reports_errors
def list_cmd(slug: str) -> None:
    """The partnership's plan versions, newest first."""
    django_ready()
    from cspkit.plans.models import PlanVersion

    p = _partnership(slug)
    versions = PlanVersion.objects.filter(partnership=p).order_by("-created", "-pk")
    if not versions.exists():
        click.echo(f"{p.name} has no plan versions yet; start the first, a draft taken from "
                   f"its records, with `cspkit plan start {p.slug} TITLE --year YEAR` (e.g. "
                   "--year 2022/23).")
        return
    for v in versions:
        adopted = f"  adopted {v.adopted_on}" if v.adopted_on else ""
        click.echo(f"{v.pk:>4}  {v.title}  {v.year}  {v.status}{adopted}")


@plan.command()
@click.argument("slug")
@click.argument("title")
@click.option("--year", type=FINANCIAL_YEAR,
              help="The financial year it sets, e.g. 2022/23 (default: the year after the "
                   "current version's).")
@click.option("--year-label", default="", help='What the plan calls the year, e.g. "Year 4".')
@click.option("--from-records", is_flag=True,
              help="Take the content from the records rather than the current version.")
@click.pass_context
@reports_errors
def start(ctx: click.Context, slug: str, title: str, year: str | None, year_label: str,
          from_records: bool) -> None:
    """Start a revision: a draft copy of the current version."""
    django_ready()
    from cspkit.plans import services

    v = services.start_revision(_who(ctx), _partnership(slug), title, year=year,
                                year_label=year_label, from_records=from_records)
    base = f"the {v.based_on.title}" if v.based_on and not from_records else "the records"
    click.echo(f"Started the {v.title} ({v.year}) as a draft copy of {base} (id {v.pk})")


@plan.command()
@click.argument("slug")
@click.argument("version")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.pass_context
@reports_errors
def texts(ctx: click.Context, slug: str, version: str, path: Path) -> None:
    """Set a draft's texts from a YAML file (see cspkit.plans.texts)."""
    django_ready()
    from cspkit.plans import services
    from cspkit.plans.texts import read_texts

    values = read_texts(path)
    v = services.set_texts(_who(ctx), _version(slug, version), reason=f"texts from {path.name}",
                           **values)
    click.echo(f"Set {len(values)} texts of the {v.title}")


@plan.command()
@click.argument("slug")
@click.argument("before")
@click.argument("after")
@click.option("--json", "as_json", is_flag=True, help="Print the changes as JSON records.")
@reports_errors
def diff(slug: str, before: str, after: str, as_json: bool) -> None:
    """What changed from version BEFORE to version AFTER."""
    django_ready()
    from cspkit.plans.diff import diff_versions

    d = diff_versions(_version(slug, before), _version(slug, after))
    if as_json:
        click.echo(json.dumps(d.as_data(), indent=2, ensure_ascii=False))
        return
    click.echo(f"{d.summary()}.")
    for sentence in d.sentences():
        click.echo(f"- {sentence}")


@plan.command()
@click.argument("slug")
@click.argument("version")
@click.pass_context
@reports_errors
def recommend(ctx: click.Context, slug: str, version: str) -> None:
    """Recommend a draft to the committee (it can no longer change unless returned)."""
    django_ready()
    from cspkit.plans import services

    v = services.recommend(_who(ctx), _version(slug, version))
    click.echo(f"The {v.title} is recommended to the committee")


@plan.command()
@click.argument("slug")
@click.argument("version")
@click.option("--date", "date_", required=True, type=click.DateTime(["%Y-%m-%d"]),
              help="Date of the meeting, e.g. 2022-06-28.")
@click.option("--committee", help="Key of the committee's body, e.g. cdc.")
@click.option("--meeting", default="", help="The committee's name as minuted.")
@click.option("--minute", default="", help="Minute reference.")
@click.option("--no-apply", is_flag=True, help="Do not carry the plan into the records.")
@click.pass_context
@reports_errors
def adopt(ctx: click.Context, slug: str, version: str, date_: Any, committee: str | None,
          meeting: str, minute: str, no_apply: bool) -> None:
    """Record the committee's adoption of a recommended version."""
    django_ready()
    from cspkit.governance.models import Body
    from cspkit.plans import services

    v = _version(slug, version)
    body = None
    if committee:
        body = Body.objects.filter(partnership=v.partnership, key=committee).first()
        if body is None:
            raise InputError(f"no body has the key {committee!r}; give the committee's key "
                             "(see `cspkit export`) or its name with --meeting")
    services.adopt(_who(ctx), v, date=date_.date(), committee=body, meeting=meeting,
                   minute_reference=minute, apply=not no_apply)
    click.echo(f"The {v.title} is adopted ({v.adopted_meeting}, {v.adopted_on})")


@plan.command()
@click.argument("slug")
@click.argument("version")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .html, .pdf or .docx.")
@reports_errors
def document(slug: str, version: str, output: Path) -> None:
    """Write the plan of a version. Blank texts are left out, each named in a note."""
    django_ready()
    from cspkit.plans.documents.plan import plan_document, plan_gaps

    found = _version(slug, version)
    _write(plan_document(found), output)
    for gap in plan_gaps(found):
        click.echo(f"Note: left out {gap}")


@plan.command()
@click.argument("slug")
@click.argument("version")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .html, .pdf or .docx.")
@click.option("--preview", is_flag=True, help="Write it for a draft too.")
@click.option("--strict", is_flag=True,
              help="Refuse when a section would be left out for want of a text.")
@reports_errors
def decision(slug: str, version: str, output: Path, preview: bool, strict: bool) -> None:
    """Write the issue for decision of a recommended version. Sections with no text are left
    out, each named in a note."""
    django_ready()
    from cspkit.plans.documents.decision import decision_document, decision_gaps

    found = _version(slug, version)
    _write(decision_document(found, allow_draft=preview, strict=strict), output)
    for gap in decision_gaps(found):
        click.echo(f"Note: left out {gap}")


@plan.command()
@click.argument("slug")
@click.argument("quarter", type=QUARTER)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="The file to write: .html, .pdf or .docx.")
@reports_errors
def progress(slug: str, quarter: str, output: Path) -> None:
    """Write the progress report of a financial quarter, e.g. "2021/22 Q2"."""
    django_ready()
    from cspkit.plans.documents.progress import progress_document

    _write(progress_document(_partnership(slug), quarter), output)


@plan.command()
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--questions", "questions_path", required=True,
              type=click.Path(dir_okay=False, path_type=Path),
              help="YAML file describing the questions (survey: TITLE, questions: [...]).")
@click.option("--weight", default="weight", help="Weight column (if present).")
@click.option("--no-weights", is_flag=True, help="Read the file unweighted.")
@click.option("--group", "groups", multiple=True, help="A column to break results down by.")
@click.option("--compare", nargs=2, help="Compare two waves, e.g. --compare 2017 2019.")
@click.option("--test", type=click.Choice(["z", "chi-square"]), default="z", show_default=True)
@click.option("--link", nargs=2, metavar="SLUG VERSION", help="Keep the results with a draft.")
@click.pass_context
@reports_errors
def survey(ctx: click.Context, path: Path, questions_path: Path, weight: str, no_weights: bool,
           groups: tuple[str, ...], compare: tuple[str, str] | None, test: str,
           link: tuple[str, str] | None) -> None:
    """Resident survey results: shares with confidence intervals, waves, groups."""
    from cspkit.analysis.survey import compare_groups, compare_waves, survey_sentences
    from cspkit.sources import read_questions, read_survey

    title, questions = read_questions(questions_path)
    data = read_survey(path, questions, title=title, weight=None if no_weights else weight,
                       groups=groups)
    for sentence in survey_sentences(data):
        click.echo(sentence)
    for group in groups:
        for row in compare_groups(data, group).to_dict("records"):
            click.echo(f"{row['question']} by {group}: {row['result']} (chi-square "
                       f"p = {row['p_value']:.3g})")
    if compare:
        for row in compare_waves(data, compare[0], compare[1], test=test).to_dict("records"):
            click.echo(f"{row['question']}: {100 * row['before']:.0f}% in {compare[0]}, "
                       f"{100 * row['after']:.0f}% in {compare[1]}: {row['result']} "
                       f"({row['test']}, p = {row['p_value']:.3g})")
    if link:
        django_ready()
        from cspkit.plans.evidence import link_survey

        v = link_survey(_who(ctx), _version(*link), data)
        click.echo(f"Kept the survey's results with the {v.title}")


@plan.command()
@click.argument("slug")
@click.argument("version")
@click.argument("candidate")
@click.argument("criterion")
@click.argument("score", type=int)
@click.option("--reason", required=True, help="The evidence or professional view behind it.")
@click.pass_context
@reports_errors
def judge(ctx: click.Context, slug: str, version: str, candidate: str, criterion: str,
          score: int, reason: str) -> None:
    """Record a judgement score of a candidate priority, with its reason."""
    django_ready()
    from cspkit.plans.evidence import record_judgement

    j = record_judgement(_who(ctx), _version(slug, version), candidate, criterion, score, reason)
    click.echo(f"Recorded {j.criterion} = {j.score} for {j.candidate}")


@plan.command()
@click.argument("slug")
@click.argument("version")
@click.option("--area", required=True, help="ONS code of the district, e.g. E07000110.")
@click.option("--year", type=FINANCIAL_YEAR,
              help="Financial year of the assessment (default: the year before the version's).")
@click.option("--top", default=10, show_default=True, help="Candidates to print.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Assessment settings (YAML), as for cspkit assess: themes, breaks, the "
                   "comparison policy.")
@click.pass_context
@reports_errors
def score(ctx: click.Context, slug: str, version: str, area: str, year: str | None,
          top: int, config_path: Path | None) -> None:
    """Score the candidate priorities from the strategic assessment; keep them with a draft."""
    django_ready()
    from cspkit.assessment import assess, load_config
    from cspkit.calendar import shift_financial_year
    from cspkit.plans.evidence import link_assessment, score_version
    from cspkit.store import Store

    v = _version(slug, version)
    root = (ctx.find_root().obj or {}).get("store") or config.store_path()
    settings = load_config(config_path) if config_path else None
    sa = assess(Store(root), area, year or shift_financial_year(v.year, -1), settings)
    user = _who(ctx)
    link_assessment(user, v, sa)
    result = score_version(user, v, sa)
    for row in result.table.head(top).to_dict("records"):
        current = f"  (priority: {row['priority']})" if row["priority"] else ""
        click.echo(f"{row['rank']:>3}. {row['title']}: {row['total']:.1f}{current}")
    click.echo(result.coverage())
