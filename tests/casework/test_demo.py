"""The demo partnership's synthetic case work: deterministic, no real names, added once."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from cspkit.casework.figures import yearly_figures
from cspkit.casework.models import AsbApplication, VulnerabilityCase
from cspkit.casework.trends import mental_health_share
from cspkit.cli.partnership import _demo_casework
from cspkit.demo.people import demo_people

pytestmark = pytest.mark.django_db


def test_the_demo_has_a_year_of_case_work() -> None:
    borough = SimpleNamespace(district_name="Castlebridge", district_code="E07000999",
                              csp_code="E22000999", force_slug="castlebridgeshire",
                              force_name="Castlebridgeshire Police", seed=2024)
    demo_people(borough)  # type: ignore[arg-type]  (the fields it reads of a DemoBorough)
    _demo_casework(12, 2024)
    _demo_casework(12, 2024)  # again: nothing added
    assert VulnerabilityCase.objects.count() == 48 and AsbApplication.objects.count() == 24
    assert not VulnerabilityCase.objects.exclude(name__startswith="Demo person ").exists()
    assert not AsbApplication.objects.exclude(applicant_name__startswith="Demo applicant ").exists()
    p = VulnerabilityCase.objects.first().partnership  # type: ignore[union-attr]
    f = yearly_figures(p, "2024/25")
    assert f.applications == 24 and 0 < f.threshold_met == f.reviews_held <= 24
    share = mental_health_share(p)
    assert share["cases"] == 48 and share["share"] is not None and 50 <= share["share"] <= 95
