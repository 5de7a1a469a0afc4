"""Problem-solving cases in the web app: the list, and a case with its OSARA stages, area,
actions and the before/after evaluation the analysis returned."""

from __future__ import annotations

import pytest

from cspkit.problemsolving.models import Case
from tests.web.pages_world import World, build_world, signed_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def test_the_list_links_each_case_with_its_stage(world: World) -> None:
    page = text_of(signed_in(world.member).get("/p/a/cases/"))
    assert "Problem solving" in page
    assert "Park Wood shops – 1 April 2024 Response" in page
    html = signed_in(world.member).get("/p/a/").content.decode()
    assert 'href="/p/a/cases/">Problem solving</a>' in html  # in the navigation


def test_a_case_shows_where_it_stands_and_what_was_done(world: World) -> None:
    page = text_of(signed_in(world.member).get("/p/a/cases/park-wood/"))
    assert "Problem-solving case Park Wood shops" in page
    assert "Area Wards E05005003 (December 2020 boundaries)" in page
    for stage, state, text in [
        ("1. Objective", "Done", "Fewer incidents of ASB around the shops."),
        ("2. Scanning", "Done", "ASB reports clustered at the parade in the evenings."),
        ("3. Analysis", "Done", "Young people gather where the lighting failed."),
        ("4. Response", "Current stage", "Lighting repaired; youth outreach on Friday evenings."),
        ("5. Assessment", "To come", "Not written yet."),
    ]:
        assert f"{stage} {state} {text}" in page
    assert "Actions Run a stalking awareness campaign On track" in page


def test_the_evaluation_is_the_analysis_result(world: World) -> None:
    page = text_of(signed_in(world.member).get("/p/a/cases/park-wood/"))
    verdict = world.case.evaluation["verdict"]
    # WDD -41, z -1.79, p 0.074: not significant at the product's 5% level, and it says so
    assert verdict.startswith("Net of the comparison area and of displacement to the buffer, the "
                              "change in the target area is within what chance explains: no "
                              "significant change (WDD = -41")
    assert verdict in page
    assert "Anti-social behaviour, 2024-04 to 2024-06 against 2024-07 to 2024-09." in page
    assert "Target area 120 80 -40 -33.3%" in page
    assert "Comparison area 100 104 +4 +4%" in page
    assert "Buffer (displacement) 60 63 +3 +5%" in page
    # WDD = (80 - 120) - (104 - 100) + (63 - 60) = -41
    assert "Weighted displacement difference -41" in page
    assert "Wheeler and Ratcliffe (2018)" in page


def test_other_evaluations_show_as_they_are_and_none_says_so(world: World) -> None:
    case = world.case
    case.evaluation = {"method": "before/after", "result": {"change": -0.25}}
    case.save()
    page = text_of(signed_in(world.member).get("/p/a/cases/park-wood/"))
    assert "method &quot;before/after&quot; result {&quot;change&quot;: -0.25}" in page
    Case.objects.filter(pk=case.pk).update(evaluation={})
    page = text_of(signed_in(world.member).get("/p/a/cases/park-wood/"))
    assert "No evaluation recorded yet." in page


def test_other_partnerships_get_404(world: World) -> None:
    client = signed_in(world.b_officer)
    assert client.get("/p/a/cases/").status_code == 404
    assert client.get("/p/a/cases/park-wood/").status_code == 404
    assert signed_in(world.officer).get("/p/a/cases/no-such-case/").status_code == 404


def test_a_public_partnerships_cases_stay_with_members(world: World) -> None:
    world.a.is_public = True
    world.a.save()
    assert signed_in(world.b_officer).get("/p/a/cases/park-wood/").status_code == 404


def test_history_leads_back_to_the_case_and_shows_its_json_fields(world: World) -> None:
    case = world.case
    case.ward_codes = ["E05005003", "E05005004"]
    case.evaluation = {"method": "before/after", "result": {"change": -0.25}}
    case.save()
    page = signed_in(world.officer).get(f"/p/a/history/problemsolving.case/{case.pk}/")
    html = page.content.decode()
    assert 'href="/p/a/cases/park-wood/">Park Wood shops</a>' in html
    text = text_of(page)
    assert "E05005003 E05005003; E05005004" in text  # ward codes, before and after
    assert "{&quot;method&quot;: &quot;before/after&quot;, &quot;result&quot;: " in text
