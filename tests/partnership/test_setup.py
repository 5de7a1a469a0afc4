"""A partnership for any district from the loaded ONS lookups: the service, `cspkit init`, and
the set-up page, on the real 2019 lookups (Tunbridge Wells, E07000116)."""

from __future__ import annotations

from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from django.contrib.auth.models import User

from cspkit.cli import main
from cspkit.errors import InputError
from cspkit.partnership.models import Membership, Partnership, Role
from cspkit.partnership.setup import police_force_id, set_up_partnership
from cspkit.store import Store
from tests.web.pages_world import signed_in, text_of

pytestmark = [pytest.mark.django_db, pytest.mark.shared_data]


def test_police_force_ids_follow_data_police_uk() -> None:
    assert [police_force_id(n) for n in ("Kent", "Devon & Cornwall", "Metropolitan Police",
                                         "London, City of", "Dyfed-Powys")] == [
        "kent", "devon-and-cornwall", "metropolitan", "city-of-london", "dyfed-powys"]


def test_a_district_by_name_gets_its_codes_force_and_administrator(geo_store: Store) -> None:
    admin = User.objects.create(username="lee")
    setup = set_up_partnership(geo_store, "tunbridge wells", admin=admin)
    p = Partnership.objects.get()
    assert (p.name, p.slug, p.district_codes) == (
        "Tunbridge Wells Community Safety Partnership", "tunbridge-wells", ["E07000116"])
    assert (p.police_force, p.police_force_name, p.csp_code[:3]) == ("kent", "Kent Police", "E22")
    assert Membership.objects.get().role == Role.ADMINISTRATOR
    assert (setup.lsoas, setup.wards) == (68, 20)  # 2011 LSOAs, 2019 wards
    # the session's store has 2011 lookups and Maidstone's wards, no deprivation
    assert any(m.startswith("E07000116: LSOA lookups of 2011 and 2021") for m in setup.missing)
    assert ("deprivation (Indices of Deprivation): `cspkit load deprivation FILE`"
            in setup.missing)
    with pytest.raises(InputError, match="a partnership with the slug 'tunbridge-wells' exists"):
        set_up_partnership(geo_store, "E07000116")


def test_an_unknown_area_says_how_to_find_one(geo_store: Store) -> None:
    with pytest.raises(InputError, match="`cspkit init --list` prints them"):
        set_up_partnership(geo_store, "Narnia")


def test_cspkit_init(geo_store: Store) -> None:
    out = CliRunner().invoke(main, ["--store", str(geo_store.root), "init", "--area",
                                    "E07000116", "--admin", "lee"])
    assert out.exit_code == 0, out.output
    assert out.output.startswith("Set up Tunbridge Wells Community Safety Partnership "
                                 "(tunbridge-wells): districts E07000116, ")
    assert "police force Kent Police (kent)" in out.output
    assert "Administrator: lee (set a password: `cspkit manage changepassword lee`)" in out.output
    listed = CliRunner().invoke(main, ["--store", str(geo_store.root), "init", "--list"])
    assert "E07000116  Tunbridge Wells (CSP: Tunbridge Wells)" in listed.output


def test_the_set_up_page(geo_store: Store, monkeypatch: pytest.MonkeyPatch,
                         tmp_path: Path) -> None:
    monkeypatch.setenv("CSPKIT_STORE", str(geo_store.root))
    root = User.objects.create(username="root", is_superuser=True, is_staff=True)
    officer = User.objects.create(username="officer")
    assert signed_in(officer).get("/setup/").status_code == 404  # superusers only: unseen
    client = signed_in(root)
    form = client.get("/setup/").content.decode()
    assert '<option value="E07000116">Tunbridge Wells (E07000116)</option>' in form
    page = text_of(client.post("/setup/", {}))
    assert "There is a problem Choose the partnership's district" in unescape(page)
    page = text_of(client.post("/setup/", {"area": "E07000116"}))
    assert "Tunbridge Wells Community Safety Partnership is set up You are its administrator" \
        in page
    assert "Still to load" in page
    assert Membership.objects.get().user == root
