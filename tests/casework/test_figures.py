"""The ASB Case Review's yearly figures on a seeded year reproduce the hand count; the
figures and role commands."""

from __future__ import annotations

import datetime as dt

import pytest
from click.testing import CliRunner

from cspkit.casework import asb
from cspkit.casework.figures import yearly_figures
from cspkit.casework.models import AsbApplication, CaseworkRole
from cspkit.cli.case import case
from tests.casework.world import CaseWorld

pytestmark = pytest.mark.django_db
D = dt.date


def _seed(w: CaseWorld) -> None:
    """Seven applications: one received in March 2024 and one in April 2025 (outside
    2024/25); in 2024/25, five: three meet the threshold, two do not; of the three, two are
    reviewed, one of which makes a recommendation."""
    panel = w.users["panel"]

    def app(received: dt.date, n_reports: int) -> AsbApplication:
        reports = [(received - dt.timedelta(days=10 * i), w.police, "") for i in range(n_reports)]
        a = asb.apply(panel, w.a, applicant_name=f"A {received}", received_on=received,
                      description="x", incidents=reports)
        asb.decide_threshold(panel, a, received + dt.timedelta(days=3))
        return a

    app(D(2024, 3, 31), 3)
    app(D(2025, 4, 1), 3)
    met = [app(D(2024, 4, 1), 3), app(D(2024, 9, 1), 4), app(D(2025, 3, 31), 3)]
    app(D(2024, 6, 1), 2)
    app(D(2024, 12, 1), 1)
    asb.record_review(panel, met[0], D(2024, 5, 1), "Police, council", "x")
    asb.add_recommendation(panel, met[0], "Mediation", w.council)
    asb.add_recommendation(panel, met[0], "CCTV", w.police)
    asb.record_review(panel, met[1], D(2024, 10, 1), "Police, council", "x")


def test_the_figures_reproduce_the_hand_count(w: CaseWorld) -> None:
    _seed(w)
    f = yearly_figures(w.a, "2024/25")
    assert (f.applications, f.threshold_met, f.reviews_held, f.led_to_recommendations) == (
        5, 3, 2, 1)
    assert f.rule == "3 complaints in 6 months (the statutory threshold)"
    assert f.csv().splitlines() == [
        "partnership,financial_year,measure,count",
        "Safer A,2024/25,Applications for an ASB Case Review received,5",
        "Safer A,2024/25,Applications that met the threshold,3",
        "Safer A,2024/25,Case reviews held,2",
        "Safer A,2024/25,Case reviews that led to recommendations,1",
        "Safer A,2024/25,Threshold used: 3 complaints in 6 months (the statutory threshold),",
    ]
    result = CliRunner().invoke(case, ["figures", "a", "2024-25"])
    assert result.exit_code == 0 and result.stdout.splitlines()[1:3] == [
        "  Applications for an ASB Case Review received: 5",
        "  Applications that met the threshold: 3"]


def test_the_role_command_is_for_administrators(w: CaseWorld) -> None:
    runner = CliRunner()
    result = runner.invoke(case, ["--user", "admin", "role", "a", "member", "--forum",
                                  "asb_review", "--chair"])
    assert (result.exit_code, result.stdout) == (0, "member: ASB Case Review panel (chair).\n")
    assert CaseworkRole.objects.filter(user=w.users["member"], chair=True).exists()
    result = runner.invoke(case, ["--user", "worker", "role", "a", "member", "--forum",
                                  "vulnerability"])
    assert result.exit_code == 2 and "worker may not add CaseworkRole" in result.stderr
    result = runner.invoke(case, ["--user", "admin", "role", "a", "outsider", "--forum",
                                  "vulnerability"])
    assert result.exit_code == 2 and "outsider has no role in a" in result.stderr


def test_the_figures_page_and_csv_are_for_every_member(w: CaseWorld) -> None:
    from django.test import Client

    _seed(w)
    c = Client()
    c.force_login(w.users["member"])
    page = c.get("/p/a/asb-review/figures/2024-25/").content.decode()
    assert "Case reviews that led to recommendations</th>" in page and ">1</td>" in page
    csv = c.get("/p/a/asb-review/figures/2024-25.csv")
    assert csv["Content-Type"] == "text/csv; charset=utf-8"
    assert csv.content.decode().splitlines()[1] == (
        "Safer A,2024/25,Applications for an ASB Case Review received,5")
    assert c.get("/p/a/asb-review/figures/2024/").status_code == 404
    outsider = Client()
    outsider.force_login(w.users["b_worker"])
    assert outsider.get("/p/a/asb-review/figures/2024-25/").status_code == 404


def test_the_hub_links_each_forum_for_its_case_workers_only(w: CaseWorld) -> None:
    from django.test import Client

    from cspkit.casework.models import CaseworkSettings

    w.refer()
    c = Client()
    c.force_login(w.users["worker"])
    html = c.get("/p/a/case-work/").content.decode()
    assert 'href="/p/a/casework/">Vulnerability meeting (CSVG)</a>' in html
    assert "ASB Case Review panel: for its members only</li>" in html
    assert 'href="/p/a/case-work/" aria-current="page"' in html  # in the navigation
    c.force_login(w.users["member"])
    html = c.get("/p/a/case-work/").content.decode()
    assert "Vulnerability meeting (CSVG): for its members only</li>" in html
    CaseworkSettings.objects.create(partnership=w.a, members_see_existence=True)
    html = c.get("/p/a/case-work/").content.decode()
    assert "Vulnerability meeting (CSVG): for its members only (1 open case)</li>" in html


def test_the_dpia_description_follows_the_settings(w: CaseWorld) -> None:
    from cspkit.casework.dpia import dpia_text
    from cspkit.casework.models import CaseworkSettings

    text = dpia_text(w.a)
    assert "the 1 person given a case-work role for it" in text
    assert "- **How long:** 24 months after the case closes, then deleted." in text
    CaseworkSettings.objects.create(partnership=w.a, asb_retention_months=48,
                                    asb_retention_reason="Local policy: four years.")
    result = CliRunner().invoke(case, ["dpia", "a"])
    assert ("- **How long:** 48 months after the case closes, then anonymised (counts kept "
            "for the yearly figures). Local policy: four years.") in result.stdout
