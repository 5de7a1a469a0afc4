"""``cspkit init``: a new partnership for any district, from the loaded ONS lookups."""

from __future__ import annotations

import click

from cspkit.cli._support import django_ready, reports_errors, store_of

__all__ = ["COMMANDS"]


@click.command("init")
@click.option("--area", help="A district's ONS code or name (E07000116, 'Tunbridge Wells'), or "
              "a Community Safety Partnership's code (all its districts).")
@click.option("--admin", "admin_name", help="Username of the first administrator (made when "
              "there is none: set its password with `cspkit manage changepassword NAME`).")
@click.option("--name", default="", help="The partnership's name (default: from the lookup).")
@click.option("--slug", default="", help="Short name in its addresses (default: from the name).")
@click.option("--list", "list_areas", is_flag=True, help="Print the districts of the lookups.")
@click.pass_context
@reports_errors
def init_cmd(ctx: click.Context, area: str | None, admin_name: str | None, name: str,
             slug: str, list_areas: bool) -> None:
    """Set up a partnership for a district (or CSP) from the loaded ONS lookups: names, codes,
    police force, its first administrator; and say what geography is still to load."""
    django_ready()
    from cspkit.partnership.setup import area_choices, set_up_partnership

    store = store_of(ctx)
    if list_areas:
        for choice in area_choices(store):
            click.echo(f"{choice.code}  {choice.name} (CSP: {choice.csp_name})")
        return
    if not area:
        raise click.UsageError("give --area CODE-OR-NAME (e.g. --area E07000116), or --list")
    admin = None
    if admin_name:
        from django.contrib.auth.models import User

        admin, made = User.objects.get_or_create(username=admin_name)
        if made:
            admin.set_unusable_password()
            admin.save()
    setup = set_up_partnership(store, area, admin=admin, name=name, slug=slug)
    p = setup.partnership
    click.echo(f"Set up {p.name} ({p.slug}): districts {', '.join(p.district_codes)}, "
               f"{setup.wards} wards, {setup.lsoas} LSOAs; police force {p.police_force_name} "
               f"({p.police_force})")
    if admin is not None:
        click.echo(f"Administrator: {admin.get_username()}"
                   + ("" if admin.has_usable_password() else
                      f" (set a password: `cspkit manage changepassword {admin_name}`)"))
    for line in setup.missing:
        click.echo(f"  still to load: {line}")


COMMANDS = [init_cmd]
