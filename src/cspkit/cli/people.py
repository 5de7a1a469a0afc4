"""The ``cspkit people`` commands: who holds which role in a partnership.

Attach to the main command with ``main.add_command(people)`` (:mod:`cspkit.cli`)::

    cspkit people list maidstone
    cspkit people add maidstone asha --role subgroup_lead --body socp --email asha@example.org
    cspkit people role maidstone asha partner_member
    cspkit people remove maidstone asha

Each calls one service function of :mod:`cspkit.partnership.people`. Changes are made as
``--user NAME`` (or ``$CSPKIT_USER``), who must be an
administrator of the partnership, and audited under that name.
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
)

__all__ = ["people"]

ROLES = ("administrator", "community_safety_officer", "subgroup_lead", "partner_member",
         "scrutiny_member")
BODY_HELP = "Key of the subgroup a subgroup lead leads (only with the role subgroup_lead)."


@click.group(cls=ReportingGroup)
@click.option("--user", "username", envvar="CSPKIT_USER",
              help="Act as this user (default: $CSPKIT_USER); changes are audited under it.")
@click.pass_context
def people(ctx: click.Context, username: str | None) -> None:
    """People: who holds which role in a partnership; add, change and remove them."""
    ctx.ensure_object(dict)
    ctx.obj["user"] = username


def _who(ctx: click.Context) -> Any:
    return acting_user(ctx.obj.get("user"), "people")


@people.command("list")
@click.argument("slug")
@click.pass_context
@reports_errors
def list_cmd(ctx: click.Context, slug: str) -> None:
    """The partnership's people and their roles, by user name."""
    django_ready()
    from cspkit.partnership.people import members

    p = partnership_of(slug)
    found = members(_who(ctx), p)
    if not found:
        click.echo(f"{p.name} has nobody with a role yet; add its first administrator with "
                   f"`cspkit people add {p.slug} NAME --role administrator`")
        return
    width = max(len(person.user.get_username()) for person in found)
    for person in found:
        email = f"  <{person.user.email}>" if person.user.email else ""
        click.echo(f"{person.user.get_username():<{width}}  {person.roles}{email}")


@people.command("add")
@click.argument("slug")
@click.argument("username")
@click.option("--role", required=True, type=click.Choice(ROLES), help="The role to give.")
@click.option("--body", help=BODY_HELP)
@click.option("--email", default="", help="Their email address (for a new account).")
@click.pass_context
@reports_errors
def add_cmd(ctx: click.Context, slug: str, username: str, role: str, body: str | None,
            email: str) -> None:
    """Give USERNAME a role; a new account gets a one-time password, printed once."""
    django_ready()
    from cspkit.partnership.people import add_person

    added = add_person(_who(ctx), partnership_of(slug), username, role, body=body, email=email)
    click.echo(f"Added {added.membership}")
    if added.created:
        click.echo(f"New account {username}: one-time password {added.password} (shown only "
                   "now; ask them to change it after signing in)")


@people.command("role")
@click.argument("slug")
@click.argument("username")
@click.argument("role", type=click.Choice(ROLES))
@click.option("--body", help=BODY_HELP)
@click.pass_context
@reports_errors
def role_cmd(ctx: click.Context, slug: str, username: str, role: str,
             body: str | None) -> None:
    """Make ROLE the one role USERNAME holds in the partnership."""
    django_ready()
    from cspkit.partnership.people import change_role

    membership = change_role(_who(ctx), partnership_of(slug), username, role, body=body)
    click.echo(f"Changed: {membership}")


@people.command("remove")
@click.argument("slug")
@click.argument("username")
@click.pass_context
@reports_errors
def remove_cmd(ctx: click.Context, slug: str, username: str) -> None:
    """Remove every role USERNAME holds in the partnership (their account stays)."""
    django_ready()
    from cspkit.partnership.people import remove_person

    p = partnership_of(slug)
    n = remove_person(_who(ctx), p, username)
    click.echo(f"Removed {username} from {p.name} ({n} role{'s' if n != 1 else ''})")
