"""Every page of the web app through Django's test client, and every permission rule.

Permission behaviour (see ``cspkit.web.access``): anonymous users are sent to the sign-in page;
another partnership's records answer 404 (as if they did not exist); a record the user may read
but not change shows without its form, and posting to it answers 403.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from django.test import Client
from openpyxl import load_workbook

from cspkit.actions.models import Action, ProgressUpdate, Status
from tests.web.pages_world import World, build_world, signed_in, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def world() -> World:
    return build_world()


def pages(w: World) -> list[str]:
    return [
        "/p/a/",
        "/p/a/priorities/domestic-abuse/",
        "/p/a/themes/asb/",
        f"/p/a/actions/{w.da_action.pk}/",
        "/p/a/indicators/repeat-victims/",
        "/p/a/indicators/repeat-victims/measurements.csv",
        "/p/a/indicators/repeat-victims/measurements.xlsx",
        "/p/a/governance/",
        "/p/a/glossary/",
        f"/p/a/history/actions.action/{w.da_action.pk}/",
        "/p/a/cases/",
        "/p/a/cases/park-wood/",
        f"/p/a/history/problemsolving.case/{w.case.pk}/",
    ]


# -- signing in --------------------------------------------------------------------------------


def test_anonymous_users_are_sent_to_sign_in(world: World) -> None:
    client = Client()
    for url in ["/", *pages(world)]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/sign-in/?next="), url


def test_sign_in_page_is_govuk_and_protected_by_csrf(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    response = client.get("/sign-in/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in html
    assert 'class="govuk-skip-link"' in html and 'class="govuk-footer"' in html
    assert "Open Government Licence v3.0" in html
    no_token = client.post("/sign-in/", {"username": "officer", "password": "x"})
    assert no_token.status_code == 403


def test_wrong_password_shows_the_error_summary(world: World) -> None:
    response = Client().post("/sign-in/", {"username": "officer", "password": "wrong"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Sign in" in html
    assert 'class="govuk-error-summary"' in html
    assert '<a href="#id_username">Enter a correct username and password' in html


def test_empty_sign_in_names_each_field(world: World) -> None:
    response = Client().post("/sign-in/", {"username": "", "password": ""})
    text = text_of(response)
    html = response.content.decode()
    assert '<a href="#id_username">Enter your username</a>' in html
    assert '<a href="#id_password">Enter your password</a>' in html
    assert "Error: Enter your username" in text
    assert 'aria-describedby="id_username-error"' in html


def test_sign_in_then_out(world: World) -> None:
    client = Client()
    response = client.post(
        "/sign-in/", {"username": "officer", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    # one partnership: straight to its dashboard
    assert client.get("/").url == "/p/a/"  # type: ignore[attr-defined]
    assert client.post("/sign-out/").status_code == 302
    assert client.get("/p/a/").status_code == 302


# -- every page, for a member --------------------------------------------------------------------


def test_every_page_answers_a_member(world: World) -> None:
    client = signed_in(world.member)
    for url in pages(world):
        assert client.get(url).status_code == 200, url


def test_dashboard_counts_actions_by_status_and_shows_indicators(world: World) -> None:
    response = signed_in(world.member).get("/p/a/")
    html = response.content.decode()
    row = re.search(r'<tr [^>]*data-subject="domestic-abuse">.*?</tr>', html, re.S)
    assert row is not None
    cells = dict(re.findall(r'data-status="(\w+)">(\d+)<', row.group(0)))
    assert cells == {
        "not_started": "1", "on_track": "1", "at_risk": "0", "off_track": "0", "complete": "0",
        "all": "2",
    }
    text = text_of(response)
    assert "Action plans for 2024/25" in text
    assert "Repeat victims of domestic abuse" in text
    # the sparkline is inline SVG with a text alternative, and the RAG status is a tag
    assert re.search(r'<svg class="app-sparkline" role="img" aria-label="Trend of Repeat victims '
                     r"of domestic abuse: 24 values from 2023-04 to 2025-03", html)
    assert '<strong class="govuk-tag govuk-tag--orange">Amber</strong>' in html


def test_priority_page(world: World) -> None:
    client = signed_in(world.lead)
    text = text_of(client.get("/p/a/priorities/domestic-abuse/"))
    for expected in [
        "Why is this important? Domestic abuse is under-reported.",
        "Our objective Fewer repeat victims.",
        "What is our focus? Early help and perpetrator programmes.",
        "Action plan 2024/25",
        "Owner Domestic Abuse Forum",
        "Run a stalking awareness campaign DA coordinator Mar 2025 On track (green) Update",
        "Delivered by Domestic Abuse Forum",
    ]:
        assert expected in text
    # the lead may update their own subgroup's actions, and only view the others'
    other = text_of(client.get("/p/a/priorities/violence/"))
    assert "Map county lines activity – – On track (green) View action" in other


def test_indicator_page_has_chart_table_and_downloads(world: World) -> None:
    response = signed_in(world.member).get("/p/a/indicators/repeat-victims/")
    html = response.content.decode()
    text = text_of(response)
    assert '<figure class="app-chart' in html and '<svg aria-hidden="true"' in html
    assert "Status Amber 21.4 misses the target of 20, but the trend is improving." in text
    assert "Target 20%" in text and "Baseline 26% (2023-04)" in text
    assert "2025-03 21.4%" in text and "2023-04 26%" in text
    assert 'href="/p/a/indicators/repeat-victims/measurements.csv"' in html


def test_csv_download_parses(world: World) -> None:
    response = signed_in(world.member).get("/p/a/indicators/repeat-victims/measurements.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="a-repeat-victims-measurements.csv"'
    )
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 24
    assert rows[0]["period"] == "2023-04" and float(rows[0]["value"]) == 26.0
    assert rows[-1]["period"] == "2025-03" and rows[-1]["period_start"] == "2025-03-01"
    assert rows[0]["target"] == "20.0" and rows[0]["unit"] == "%"


def test_xlsx_download_parses(world: World) -> None:
    response = signed_in(world.member).get("/p/a/indicators/repeat-victims/measurements.xlsx")
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Measurements"]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][:5] == ("indicator", "name", "period", "period_start", "value")
    assert len(values) == 25
    assert values[1][2] == "2023-04" and values[1][4] == 26.0
    about = dict(book["About"].iter_rows(values_only=True))
    assert about["Target"] == 20 and about["Good direction"] == "Down is good"


def test_unknown_download_format_is_404(world: World) -> None:
    client = signed_in(world.member)
    assert client.get("/p/a/indicators/repeat-victims/measurements.pdf").status_code == 404


def test_governance_draws_the_structure_and_lists_it(world: World) -> None:
    response = signed_in(world.member).get("/p/a/governance/")
    html = response.content.decode()
    text = text_of(response)
    assert '<svg class="app-diagram" role="img" aria-labelledby="diagram-title diagram-desc"' in (
        html
    )
    assert html.count('<rect class="app-diagram__box') == 4
    assert html.count('<polyline class="app-diagram__line"') == 3
    assert "Domestic Abuse Forum Subgroup Safer Testborough Partnership board – monthly" in text
    assert "Jo Bloggs, Head of Housing" in text


def test_glossary_lists_terms_a_to_z(world: World) -> None:
    text = text_of(signed_in(world.member).get("/p/a/glossary/"))
    assert "ASB Anti-social behaviour MARAC Multi-agency risk assessment conference" in text


def test_history_shows_who_changed_what(world: World) -> None:
    client = signed_in(world.officer)
    client.post(f"/p/a/actions/{world.da_action.pk}/", {"status": "at_risk", "comment": "Slow"})
    text = text_of(client.get(f"/p/a/history/actions.action/{world.da_action.pk}/"))
    assert "officer Changed Status On track (green) At risk (amber)" in text
    assert "system Created Text (empty) Run a stalking awareness campaign" in text
    assert "system Created Due (empty) 31 March 2025" in text


def test_history_of_unknown_kinds_is_404(world: World) -> None:
    client = signed_in(world.officer)
    assert client.get("/p/a/history/auth.user/1/").status_code == 404
    assert client.get("/p/a/history/nothing.here/1/").status_code == 404
    assert client.get("/p/a/history/nonsense/1/").status_code == 404


# -- updating an action ------------------------------------------------------------------------


def test_officer_records_progress(world: World) -> None:
    client = signed_in(world.officer)
    url = f"/p/a/actions/{world.da_action.pk}/"
    page = client.get(url).content.decode()
    assert 'type="radio" value="on_track" checked' in page
    response = client.post(url, {"status": "at_risk", "comment": "Venue fell through"})
    assert response.status_code == 302
    assert response["Location"] == "/p/a/priorities/domestic-abuse/?year=2024/25"
    world.da_action.refresh_from_db()
    assert world.da_action.status == Status.AT_RISK
    update = ProgressUpdate.objects.get(action=world.da_action)
    assert (update.status, update.comment, update.by) == (
        "at_risk", "Venue fell through", "Olu Officer"
    )
    assert update.history.first().history_user == world.officer  # type: ignore[attr-defined]
    after = text_of(client.get(response["Location"]))
    assert "Success Progress recorded: “Run a stalking awareness campaign” is at risk (amber)" in (
        after
    )


def test_invalid_update_shows_error_summary_and_inline_errors(world: World) -> None:
    client = signed_in(world.lead)
    url = f"/p/a/actions/{world.da_action.pk}/"
    response = client.post(url, {"status": "", "comment": "  "})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Error: Update action" in html
    assert re.search(r'<div class="govuk-error-summary" data-module="govuk-error-summary">\s*'
                     r'<div role="alert">', html)
    assert '<a href="#id_status_0">Select the action’s status</a>' in html
    assert '<a href="#id_comment">Enter a comment on the progress made</a>' in html
    assert ('<p id="id_status-error" class="govuk-error-message"><span class="govuk-visually-'
            'hidden">Error:</span> Select the action’s status</p>') in html
    assert 'class="govuk-textarea govuk-textarea--error"' in html
    assert 'class="govuk-form-group govuk-form-group--error"' in html
    assert not ProgressUpdate.objects.exists()


def test_too_long_and_unknown_values_are_refused(world: World) -> None:
    client = signed_in(world.officer)
    url = f"/p/a/actions/{world.da_action.pk}/"
    html = client.post(url, {"status": "sideways", "comment": "x" * 2001}).content.decode()
    assert "Select one of the statuses listed" in html
    assert "The comment must be 2,000 characters or fewer" in html


def test_forms_carry_a_csrf_token(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.officer)
    url = f"/p/a/actions/{world.da_action.pk}/"
    assert 'name="csrfmiddlewaretoken"' in client.get(url).content.decode()
    assert client.post(url, {"status": "at_risk", "comment": "x"}).status_code == 403
    assert Action.objects.get(pk=world.da_action.pk).status == Status.ON_TRACK


# -- permissions -------------------------------------------------------------------------------


def test_subgroup_lead_cannot_update_another_subgroups_action(world: World) -> None:
    client = signed_in(world.lead)
    url = f"/p/a/actions/{world.violence_action.pk}/"
    view = client.get(url)
    assert view.status_code == 200
    assert "<form method=\"post\" novalidate>" not in view.content.decode()
    assert "Only the partnership’s officers and the leads of Serious Violence" in text_of(view)
    refused = client.post(url, {"status": "off_track", "comment": "not mine"})
    assert refused.status_code == 403
    assert Action.objects.get(pk=world.violence_action.pk).status == Status.ON_TRACK
    # and their own subgroup's action they may update
    mine = client.post(
        f"/p/a/actions/{world.da_action.pk}/", {"status": "complete", "comment": "Done"}
    )
    assert mine.status_code == 302


def test_partner_member_may_read_but_not_update(world: World) -> None:
    client = signed_in(world.member)
    url = f"/p/a/actions/{world.da_action.pk}/"
    assert client.get(url).status_code == 200
    assert client.post(url, {"status": "complete", "comment": "x"}).status_code == 403


def test_users_of_a_get_404_for_bs_records(world: World) -> None:
    client = signed_in(world.officer)
    for url in [
        "/p/b/",
        "/p/b/priorities/b-priority/",
        f"/p/b/actions/{world.b_action.pk}/",
        "/p/b/indicators/b-indicator/",
        "/p/b/indicators/b-indicator/measurements.csv",
        "/p/b/governance/",
        "/p/b/glossary/",
        f"/p/b/history/actions.action/{world.b_action.pk}/",
        # B's records addressed through A's pages
        "/p/a/priorities/b-priority/",
        f"/p/a/actions/{world.b_action.pk}/",
        "/p/a/indicators/b-indicator/",
        "/p/a/indicators/b-indicator/measurements.xlsx",
        f"/p/a/history/actions.action/{world.b_action.pk}/",
        f"/p/a/history/priorities.priority/{world.b_priority.pk}/",
    ]:
        assert client.get(url).status_code == 404, url
    posted = client.post(
        f"/p/a/actions/{world.b_action.pk}/", {"status": "complete", "comment": "x"}
    )
    assert posted.status_code == 404
    assert client.post(f"/p/b/actions/{world.b_action.pk}/").status_code == 404


def test_b_officer_sees_only_b(world: World) -> None:
    client = signed_in(world.b_officer)
    assert client.get("/p/b/").status_code == 200
    assert client.get("/p/a/").status_code == 404
    assert "Safer Testborough" not in client.get("/p/b/").content.decode()


def test_a_public_partnerships_plan_is_readable_but_not_its_members_records(world: World) -> None:
    world.b.is_public = True
    world.b.save()
    client = signed_in(world.officer)
    assert client.get("/p/b/priorities/b-priority/").status_code == 200
    assert client.get("/p/b/indicators/b-indicator/").status_code == 404
    assert client.get(f"/p/b/actions/{world.b_action.pk}/").status_code == 404
    assert client.get(f"/p/b/history/priorities.priority/{world.b_priority.pk}/").status_code == 404


def test_users_without_a_role_see_no_partnership(world: World) -> None:
    from django.contrib.auth.models import User

    nobody = User.objects.create(username="nobody")
    client = signed_in(nobody)
    assert "You do not hold a role in any partnership yet" in text_of(client.get("/"))
    assert client.get("/p/a/").status_code == 404


# -- the page template -------------------------------------------------------------------------


def test_pages_follow_the_govuk_template(world: World) -> None:
    html = signed_in(world.member).get("/p/a/priorities/domestic-abuse/").content.decode()
    assert '<html lang="en-GB" class="govuk-template">' in html
    assert '<a href="#main-content" class="govuk-skip-link"' in html
    assert '<main class="govuk-main-wrapper" id="main-content">' in html
    assert 'class="govuk-generic-header__homepage-link">cspkit</a>' in html
    assert 'class="govuk-service-navigation__link">Safer Testborough Partnership</a>' in html
    assert '<strong class="govuk-tag govuk-phase-banner__content__tag">Beta</strong>' in html
    assert '<nav class="govuk-breadcrumbs" aria-label="Breadcrumb">' in html
    assert "<title>Domestic abuse, including stalking – Safer Testborough Partnership – cspkit" in (
        html
    )
    assert 'href="/static/cspkit/cspkit.css"' in html
    assert 'data-govuk-frontend="/static/govuk/govuk-frontend.min.js"' in html


def test_static_assets_are_served(world: World) -> None:
    client = Client()
    css = client.get("/static/cspkit/cspkit.css")
    assert css.status_code == 200
    body = b"".join(css.streaming_content) if css.streaming else css.content  # type: ignore[attr-defined]
    assert b".govuk-header" in body and b"GDS Transport" not in body
    assert client.get("/static/govuk/govuk-frontend.min.js").status_code == 200
    # the image the stylesheet refers to (of GOV.UK Frontend, only what our pages use is served)
    assert client.get("/static/govuk/assets/images/govuk-crest.svg").status_code == 200
