"""The Django side on a real database: SQLite by default, PostgreSQL in the second pass."""

from __future__ import annotations

import os

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import Client

from cspkit.partnership.models import Partnership

pytestmark = pytest.mark.django_db


def test_partnership_round_trip() -> None:
    Partnership.objects.create(
        name="Safer Maidstone Partnership",
        slug="maidstone",
        csp_code="E22000142",
        district_codes=["E07000110"],
        police_force="kent",
    )
    got = Partnership.objects.get(slug="maidstone")
    assert (got.district_codes, got.csp_code, str(got)) == (
        ["E07000110"],
        "E22000142",
        "Safer Maidstone Partnership",
    )


def test_district_codes_are_validated() -> None:
    p = Partnership(name="X", slug="x", district_codes=["E05005003"])
    with pytest.raises(ValidationError) as info:
        p.full_clean()
    assert info.value.message_dict["district_codes"] == [
        "'E05005003' is not an ONS district code; expected 9 characters starting with one of "
        "E06, E07, E08, E09, W06, e.g. E07000110"
    ]


def test_healthz_answers_with_the_database_vendor(client: Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"ok": True, "database": connection.vendor}


@pytest.mark.postgres
def test_runs_on_postgresql() -> None:
    if not os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        pytest.skip("runs in the PostgreSQL pass of scripts/test (DATABASE_URL=postgres://...)")
    assert connection.vendor == "postgresql"
    Partnership.objects.create(name="A", slug="a", district_codes=["E07000110", "E07000111"])
    found = Partnership.objects.filter(district_codes__contains=["E07000111"]).count()
    assert found == 1
