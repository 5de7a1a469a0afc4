"""Finding 6 of issue 13: the JSON API checks its input against a schema and answers 400
naming the field and the problem, never 500; and a quarter in no URL form answers 404."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.security.matrix import MatrixWorld, build
from tests.web.pages_world import signed_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def mw() -> MatrixWorld:
    return build()


def _patch(mw: MatrixWorld, body: Any) -> Any:
    url = f"/api/p/a/plan/versions/{mw.version.pk}"
    return signed_in(mw.world.officer).patch(url, json.dumps(body),
                                             content_type="application/json")


@pytest.mark.parametrize("body, field, problem", [
    ({"priorities": {"x": "y"}}, "priorities.x", "must be an object"),
    ({"headings": "x"}, "headings", "must be an object"),
    ({"headings": {"nonsense": "x"}}, "headings.nonsense", "is not a field here"),
    ({"foreword": 3}, "foreword", "must be text"),
    ({"meeting_date": "30/06/2021"}, "meeting_date", "is not a date"),
    ({"alternatives": [{"option": 1}]}, "alternatives[0].option", "must be text"),
    ({"priorities": {"domestic-abuse": {"colour": "red"}}}, "priorities.domestic-abuse.colour",
     "is not a field here"),
    ({"assessment": {}}, "assessment", "is not a field here"),
    ([1, 2], "body", "must be an object"),
    ({"foreword": "x" * 20_001}, "foreword", "at most 20,000"),
])
def test_a_body_off_the_schema_answers_400_naming_field_and_problem(
    mw: MatrixWorld, body: Any, field: str, problem: str
) -> None:
    response = _patch(mw, body)
    assert response.status_code == 400, response.content
    got = response.json()
    assert got["field"] == field and problem in got["problem"]
    assert signed_in(mw.world.officer).get(f"/p/a/plan/{mw.version.pk}/").status_code == 200


def test_a_body_on_the_schema_changes_the_draft(mw: MatrixWorld) -> None:
    response = _patch(mw, {"foreword": "New.", "headings": {"foreword": "A word first"},
                           "meeting_date": "2024-06-30"})
    assert response.status_code == 200, response.content
    assert response.json()["headings"] == {"foreword": "A word first"}
    assert signed_in(mw.world.officer).get(f"/p/a/plan/{mw.version.pk}/").status_code == 200


def test_a_quarter_in_no_url_form_is_404(mw: MatrixWorld) -> None:
    client = signed_in(mw.world.officer)
    assert client.get("/p/a/progress/2021-23-q1.html").status_code == 404
    assert client.get("/p/a/progress/nonsense.html").status_code == 404


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(
        st.sampled_from(["foreword", "headings", "priorities", "title", "domestic-abuse",
                         "alternatives", "meeting_date", "x", "option"]) | st.text(max_size=8),
        inner, max_size=3),
    max_leaves=8,
)


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(body=json_values)
def test_fuzzed_bodies_never_answer_500(mw: MatrixWorld, body: Any) -> None:
    response = _patch(mw, body)
    assert response.status_code in (200, 400, 409), (body, response.content)
    if response.status_code == 400:
        assert response.json()["error"]
