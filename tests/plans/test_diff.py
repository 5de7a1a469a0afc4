"""The difference between two versions: exactly what changed, as records and sentences."""

from __future__ import annotations

import pytest

from cspkit.plans import content as ops
from cspkit.plans import services
from cspkit.plans.diff import diff_contents, diff_versions
from tests.plans.conftest import Maidstone

pytestmark = pytest.mark.django_db

DA_OLD = "Reducing the harm caused by domestic abuse (including stalking)"
DA_NEW = "Reducing the harm caused by domestic abuse, stalking and harassment"
NEW_ACTION = "Open a second one-stop-shop in the south of the borough"


def test_one_action_added_and_one_priority_reworded(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update", year="2021/22")
    services.edit_content(smp.officer, draft, lambda c: (
        ops.add_action(c, "domestic-abuse", NEW_ACTION, year="2021/22"),
        ops.set_priority(c, "domestic-abuse", title=DA_NEW),
    ), reason="one action, one rewording")
    diff = diff_versions(smp.june_2021, draft)
    assert [(c.kind, c.key) for c in diff] == [
        ("priority_reworded", "domestic-abuse"),
        ("action_added", "domestic-abuse"),
    ]
    assert diff.sentences() == [
        f"Priority reworded: “{DA_OLD}” now reads “{DA_NEW}”.",
        f"New action for “Domestic abuse” (2021/22): “{NEW_ACTION}”.",
    ]
    assert diff.changes[0].as_data() == {
        "kind": "priority_reworded", "key": "domestic-abuse", "field": "title",
        "before": DA_OLD, "after": DA_NEW, "year": "",
        "sentence": f"Priority reworded: “{DA_OLD}” now reads “{DA_NEW}”.",
    }
    assert diff.summary() == "2 changes: 1 priority reworded, 1 action added"
    assert len(diff_versions(smp.june_2021, smp.june_2021)) == 0


def test_every_kind_of_change_is_named(smp: Maidstone) -> None:
    before = smp.june_2021.content
    after = {**before}
    import copy

    after = copy.deepcopy(before)
    ops.set_priority(after, "children-young-people", focus="Only this focus now.")
    ops.set_deliveries(after, "children-young-people", ["dcsm", "csvg"])
    ops.set_plan(after, "children-young-people", "2021/22", owner="csvg")
    first = ops.actions_of(ops.find_priority(after, "serious-organised-crime"))
    ops.set_action(after, "serious-organised-crime", first[0]["text"], status="complete")
    ops.set_action(after, "serious-organised-crime", first[1]["text"], status="at_risk")
    ops.drop_action(after, "mental-health", ops.actions_of(
        ops.find_priority(after, "mental-health"))[0]["text"])
    ops.set_action(after, "substance-misuse",
                   "Support the introduction of the Safer Socialising Scheme",
                   text="Support the introduction of the Safer Socialising Scheme in the town")
    ops.add_priority(after, "knife-crime", "Reducing knife crime")
    ops.remove_priority(after, "substance-misuse")
    diff = diff_contents(before, after)
    kinds = [c.kind for c in diff]
    assert kinds == ["priority_added", "priority_removed", "priority_text_changed",
                     "delivery_changed", "plan_owner_changed", "action_completed",
                     "action_dropped", "action_status_changed"]
    text = diff.sentences()
    assert text[2] == ("The focus of “Children and young people” changed: added “Only this "
                       "focus now.”; removed “Through the District Contextual Safeguarding "
                       "Meeting (DCSM), as part of the Adolescent Risk Management structure, SMP "
                       "Partners will continue to work collaboratively to identify individuals "
                       "and locations of concern and put in place support for individuals and "
                       "undertake location assessments to identify opportunities to provide "
                       "contextual safeguarding in areas of concern.” “Where necessary, "
                       "individuals, groups and places will be escalated to a Complex "
                       "Adolescent Risk Meeting (CARM) for further support.” “With no “home "
                       "grown” gang in Maidstone, vigilance is needed to ensure our young people "
                       "are aware of the threat posed by London and other Kent based gangs, gang "
                       "culture itself and the associated CSE/substance misuse issues.” “We must "
                       "also identify and divert the activities of disruptive groups of young "
                       "people within our communities where their behaviour causes an increase "
                       "in the fear of crime.” “The SMP will also ensure the DCSM feeds into the "
                       "revamped Local Children’s Partnership Group “Reconnect” strategy and "
                       "utilise funding opportunities provided by the VRU to reduce violence in "
                       "young people”.")
    assert text[3] == ("Subgroups and groups delivering “Children and young people”: added "
                       "Community Safety and Vulnerability Group; no longer Maidstone Local "
                       "Children's Partnership Group, Adolescent Risk Management panel.")
    assert text[4] == ("The 2021/22 action plan of “Children and young people” is now owned by "
                       "Community Safety and Vulnerability Group (was District Contextual "
                       "Safeguarding Meeting).")
    assert text[5] == ("Action completed for “Serious, violent and organised crime”: “Support "
                       "the reopening of the NTE as lockdown restrictions are lifted.”.")
    assert text[7].startswith("Action of “Serious, violent and organised crime” is now at risk "
                              "(was not started): “Work to disrupt a new OCG")


def test_a_reworded_action_is_one_change(smp: Maidstone) -> None:
    import copy

    after = copy.deepcopy(smp.june_2021.content)
    ops.set_action(after, "substance-misuse",
                   "Support the introduction of the Safer Socialising Scheme",
                   text="Support the introduction of the Safer Socialising Scheme in the town")
    diff = diff_contents(smp.june_2021.content, after)
    assert diff.sentences() == [
        "Action of “Substance misuse” reworded: “Support the introduction of the Safer "
        "Socialising Scheme” now reads “Support the introduction of the Safer Socialising "
        "Scheme in the town”."
    ]


def test_texts_are_compared_too(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update")
    services.set_texts(smp.officer, draft, local_text=draft.local_text + "\n\nA new paragraph.")
    diff = diff_versions(smp.june_2021, draft)
    assert diff.sentences() == ["The local considerations changed: added “A new paragraph.”."]
