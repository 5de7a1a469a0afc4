"""Versions from draft to adoption; an adopted version refuses edits (exact messages)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cspkit.errors import (
    PlanContentError,
    VersionLockedError,
    VersionNotDraftError,
    VersionStateError,
)
from cspkit.governance.models import Decision
from cspkit.partnership.audit import history_of
from cspkit.plans import content as ops
from cspkit.plans import services
from cspkit.plans.models import PlanVersion, Status
from tests.plans.conftest import COMMITTEE, Maidstone

pytestmark = pytest.mark.django_db

LOCKED = (
    "The June 2021 Update of Safer Maidstone Partnership's plan was adopted by the Communities, "
    "Housing and Environment Committee acting as the Crime and Disorder Committee on 29 June "
    "2021 (minute 21), so it can no longer change. Start a revision (a new draft copied from "
    "the current version) to make changes."
)


def test_the_adopted_version_records_the_committee(smp: Maidstone) -> None:
    v = smp.june_2021
    assert (v.status, v.adopted_meeting, v.adopted_on, v.minute_reference, v.adopted_by) == (
        Status.ADOPTED, COMMITTEE, dt.date(2021, 6, 29), "21", smp.cdc)
    assert v.decision == Decision.objects.get(partnership=smp.p, minute_reference="21")
    assert v.decision.text == ("That the revised “June 2021 Update” of the Maidstone Community "
                               "Safety Partnership Plan 2019-22 be adopted.")
    assert services.current_version(smp.p) == v
    assert [p["key"] for p in v.content["priorities"]][:2] == ["serious-organised-crime",
                                                               "domestic-abuse"]
    assert "updates" not in str(v.content)


def test_an_adopted_version_refuses_edits_in_the_library(smp: Maidstone) -> None:
    v = smp.june_2021
    with pytest.raises(VersionLockedError) as info:
        services.set_texts(smp.officer, v, foreword="New words")
    assert str(info.value) == LOCKED
    with pytest.raises(VersionLockedError) as info:
        services.edit_content(smp.officer, v, lambda c: ops.set_priority(
            c, "domestic-abuse", title="x"), reason="x")
    assert str(info.value) == LOCKED
    # the model refuses too, whoever saves it
    v.foreword = "Changed behind the services' back"
    with pytest.raises(VersionLockedError):
        v.save()
    with pytest.raises(VersionLockedError):
        PlanVersion.objects.get(pk=v.pk).delete()
    fresh = PlanVersion.objects.get(pk=v.pk)
    assert fresh.foreword.startswith("The Maidstone Community Safety Partnership has a good")


def test_permission_comes_before_the_lock(smp: Maidstone) -> None:
    with pytest.raises(PermissionDenied) as info:
        services.set_texts(smp.member, smp.june_2021, foreword="x")
    assert str(info.value) == "member may not change PlanVersion June 2021 Update"


def test_a_revision_starts_as_a_draft_copy(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update", year_label="Year 4")
    assert (draft.status, draft.year, draft.based_on, draft.year_label) == (
        Status.DRAFT, "2022/23", smp.june_2021, "Year 4")
    assert draft.content == smp.june_2021.content
    assert draft.foreword == smp.june_2021.foreword
    assert draft.issue_text == "" and draft.assessment == {}
    services.set_texts(smp.officer, draft, foreword="A new foreword.")
    assert PlanVersion.objects.get(pk=draft.pk).foreword == "A new foreword."
    entries = history_of(draft)
    assert [e.reason for e in entries] == ["changed foreword",
                                           "revision started from the June 2021 Update"]
    assert entries[0].who_name == "officer"


def test_recommended_waits_and_returns_to_draft(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    services.recommend(smp.officer, draft, on=dt.date(2022, 6, 1))
    with pytest.raises(VersionNotDraftError) as info:
        services.set_texts(smp.officer, draft, foreword="x")
    assert str(info.value) == (
        "The June 2022 Update of Safer Maidstone Partnership's plan is recommended to the "
        "committee and waits for its decision, so it cannot change. Return it to draft to "
        "change it."
    )
    services.return_to_draft(smp.officer, draft, reason="committee asked for a change")
    services.set_texts(smp.officer, draft, foreword="x")
    assert draft.status == Status.DRAFT and draft.foreword == "x"


def test_adoption_needs_a_recommendation_and_supersedes(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    with pytest.raises(VersionStateError) as info:
        services.adopt(smp.officer, draft, date=dt.date(2022, 6, 28), committee=smp.cdc)
    assert str(info.value) == (
        "The June 2022 Update is a draft; recommend it to the committee first (a version is "
        "adopted when the committee decides on the recommendation)."
    )
    services.recommend(smp.officer, draft)
    services.adopt(smp.officer, draft, date=dt.date(2022, 6, 28), committee=smp.cdc,
                   minute_reference="34")
    old = PlanVersion.objects.get(pk=smp.june_2021.pk)
    assert old.status == Status.SUPERSEDED
    assert services.current_version(smp.p) == draft
    with pytest.raises(VersionLockedError) as info:
        services.set_texts(smp.officer, old, foreword="x")
    assert str(info.value) == LOCKED.replace(
        "(minute 21), so", "(minute 21) and has since been superseded, so")


def test_content_edits_check_what_they_name(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    with pytest.raises(PlanContentError) as info:
        services.edit_content(smp.officer, draft, lambda c: ops.add_action(
            c, "domestic-abus", "x", year="2022/23"), reason="x")
    assert str(info.value) == (
        "the plan has no priority 'domestic-abus'; its priorities are serious-organised-crime, "
        "domestic-abuse, children-young-people, substance-misuse, mental-health"
    )
    with pytest.raises(PlanContentError, match=r"status 'done'; use one of not_started, "):
        ops.add_action(draft.content, "domestic-abuse", "x", year="2022/23", status="done")
    with pytest.raises(PlanContentError, match=r"the plan has no body 'socpp'; its bodies are "
                                               r"cdc, smpeg, smp, socp"):
        ops.set_deliveries(draft.content, "domestic-abuse", ["socpp"])
    services.set_texts(smp.officer, draft, year="2022/2023")  # read as cspkit.calendar reads it
    assert PlanVersion.objects.get(pk=draft.pk).year == "2022/23"
    with pytest.raises(ValidationError) as invalid:
        services.set_texts(smp.officer, draft, year="2022/2024")
    assert invalid.value.message_dict == {"year": [
        "'2022/2024' is not a financial year: its second year must follow the first "
        "(2022/2023); write it as 2021/22 (April 2021 to March 2022)"
    ]}


def test_adoption_carries_the_content_into_the_records(smp: Maidstone) -> None:
    # adopting content equal to the records (the June 2021 Update) changed no record
    from cspkit.priorities.models import Priority

    assert not Priority.history.filter(history_change_reason__startswith="adopted plan").exists()
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    services.edit_content(smp.officer, draft, lambda c: (
        ops.add_action(c, "domestic-abuse", "Open a second one-stop-shop", year="2022/23"),
        ops.set_priority(c, "mental-health", short_title="Mental health and vulnerability"),
    ), reason="year 4")
    services.recommend(smp.officer, draft)
    services.adopt(smp.officer, draft, date=dt.date(2022, 6, 28), committee=smp.cdc)
    da = smp.p.priorities.get(key="domestic-abuse")
    plan = da.action_plans.get(year="2022/23")
    assert plan.owner.key == "daf"
    assert [a.text for a in plan.actions.all()] == ["Open a second one-stop-shop"]
    assert smp.p.priorities.get(key="mental-health").short_title == \
        "Mental health and vulnerability"
