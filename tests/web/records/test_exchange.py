"""A partnership to YAML and back: the same records, every problem named by its YAML path."""

from __future__ import annotations

import copy
import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.core.files.base import ContentFile

from cspkit.actions.models import Action, ActionPlan, FundingBid, ProgressUpdate
from cspkit.exchange import (
    PartnershipFileError,
    export_data,
    export_yaml,
    import_data,
    import_yaml,
)
from cspkit.governance.models import Body, BodyChair, BodyMember, Decision
from cspkit.indicators.models import Indicator, Measurement
from cspkit.partnership.models import Partnership
from cspkit.priorities.models import Alignment, CrossCuttingTheme, ExternalPlan, ExternalPriority
from cspkit.problemsolving.models import CaseAction
from tests.web.records.world import World

pytestmark = pytest.mark.django_db

EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "maidstone.yaml"


@pytest.fixture
def full(w: World, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Partnership:
    """Partnership alpha with at least one record of every kind and every field filled."""
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path))
    a = w.a
    p = a.p
    p.csp_code, p.police_force, p.police_force_name, p.is_public = "E22000142", "kent", "Kent", True
    p.logo.save("logo.svg", ContentFile(b"<svg xmlns='http://www.w3.org/2000/svg'/>"), save=True)
    a.org.short_name = "AC"
    a.org.save()
    a.smp.functions = ["Lead", "Fund"]
    a.smp.description, a.smp.meets, a.smp.short_name = "Line one\n\nLine two", "monthly", "SMP"
    a.smp.terms_of_reference = "Agreed 2021"
    a.smp.save()
    BodyChair.objects.create(body=a.smp, name="A. Chair", job_title="Chief", organisation=a.org)
    BodyMember.objects.create(body=a.smp, organisation=a.org)
    ext = ExternalPlan.objects.create(partnership=p, key="pcc", kind="pcc_plan", title="PCC plan",
                                      publisher="PCC", period="2017-22", note="refreshed")
    e1 = ExternalPriority.objects.create(plan=ext, key="victims", title="Put victims first")
    e2 = ExternalPriority.objects.create(plan=ext, key="reoffending", title="Reoffending",
                                         kind="cross_cutting", position=1)
    Alignment.objects.create(external=e1, priority=a.priority)
    theme = CrossCuttingTheme.objects.create(partnership=p, key="asb", title="ASB",
                                             description="General duty")
    Alignment.objects.create(external=e2, theme=theme)
    a.priority.deliveries.create(body=a.sg1, note="leads")
    tplan = ActionPlan.objects.create(partnership=p, theme=theme, year="2021/22", owner=a.sg2,
                                      outcome="Less ASB", equalities_analysis="Done",
                                      equalities_analysis_date=dt.date(2021, 5, 1))
    act = Action.objects.create(action_plan=tplan, key="hub", text="Open a hub", owner=a.org,
                                lead="A. Lead", due=dt.date(2022, 3, 31), four_p="prevent",
                                status="on_track", resources="Two officers")
    FundingBid.objects.create(action=act, funder="PCC", amount="2500.50", status="awarded",
                              submitted=dt.date(2021, 6, 1), note="Year one")
    ProgressUpdate.objects.create(action=act, date=dt.date(2021, 9, 1), status="on_track",
                                  comment="Lease signed", by="A. Lead")
    a.manual1.target, a.manual1.baseline, a.manual1.unit = 8.0, 12.5, "calls"
    a.manual1.baseline_period, a.manual1.target_period = "2020/21", "2022/23"
    a.manual1.definition, a.manual1.source_note = "Calls to the helpline", "Helpline log"
    a.manual1.save()
    a.m_manual1.provenance = {"source": "log", "entered_by": "cso"}
    a.m_manual1.note = "first year"
    a.m_manual1.save()
    loose = Indicator.objects.create(partnership=p, key="perception", name="Feel safe",
                                     direction="up", frequency="yearly")
    Measurement.objects.create(indicator=loose, period="2021", value=0.0)
    case = a.case
    case.body, case.ward_vintage, case.stage = a.sg1, "December 2019", "assessment"
    case.started, case.objective, case.assessment = dt.date(2020, 9, 1), "Reduce ASB", "Better"
    case.evaluation = {"method": "before/after", "result": {"change": -0.25, "p": 0.03}}
    case.save()
    CaseAction.objects.create(case=case, action=act)
    Decision.objects.create(partnership=p, body=a.smp, meeting="Committee",
                            date=dt.date(2021, 8, 1), minute_reference="12/21",
                            text="Noted the plan", about_type=None)
    d = Decision(partnership=p, meeting="Committee", date=dt.date(2021, 9, 1), text="Agreed")
    d.about = tplan
    d.save()
    d2 = Decision(partnership=p, meeting="Committee", date=dt.date(2021, 9, 2), text="Agreed")
    d2.about = theme
    d2.save()
    return p


def wipe(slug: str) -> None:
    Partnership.objects.get(slug=slug).delete()
    assert not Action.objects.filter(action_plan__partnership__slug=slug).exists()


def test_round_trip_gives_the_same_yaml(full: Partnership) -> None:
    first = export_yaml(full)
    wipe("alpha")
    again = import_yaml(first, source="alpha.yaml")
    assert export_yaml(again) == first
    # and everything came back, links included
    doc = yaml.safe_load(first)
    assert [k for k in doc] == [
        "format", "partnership", "organisations", "bodies", "external_plans", "priorities",
        "cross_cutting_themes", "indicators", "cases", "decisions", "glossary",
    ]
    assert doc["cases"][0]["actions"] == ["hub"]
    assert [d.get("about") for d in doc["decisions"]] == [
        None, None, "action_plan:asb/2021/22", "theme:asb"
    ]
    assert doc["cross_cutting_themes"][0]["action_plans"][0]["actions"][0]["funding_bids"] == [
        {"funder": "PCC", "amount": "2500.50", "status": "awarded",
         "submitted": dt.date(2021, 6, 1), "note": "Year one"}
    ]
    assert doc["priorities"][0]["aligned_with"] == ["pcc/victims"]
    assert doc["partnership"]["logo"]["name"] == "logo.svg"
    with again.logo.open("rb") as fh:
        assert fh.read() == b"<svg xmlns='http://www.w3.org/2000/svg'/>"
    assert "description: |-\n      Line one\n\n      Line two\n" in first  # text blocks


def test_round_trip_of_the_maidstone_example() -> None:
    first = export_yaml(import_yaml(EXAMPLE.read_text(), source=str(EXAMPLE)))
    wipe("maidstone")
    assert export_yaml(import_yaml(first)) == first


def test_an_existing_partnership_is_refused_or_replaced(full: Partnership) -> None:
    text = export_yaml(full)
    with pytest.raises(PartnershipFileError) as info:
        import_yaml(text, source="alpha.yaml")
    assert info.value.problems == [
        "partnership.slug: a partnership 'alpha' is already in this database; import into a "
        "database without it, or replace it (--replace)"
    ]
    assert str(info.value).startswith("alpha.yaml: 1 problem; nothing was imported\n  partnership.")
    # what was decided, audited or given a role is never deleted by a replace
    with pytest.raises(PartnershipFileError, match="would delete what it has adopted, decided"):
        import_yaml(text, source="alpha.yaml", replace=True)
    assert Partnership.objects.get(slug="alpha").pk == full.pk
    from django.apps import apps

    from cspkit.exchange.protect import KEPT

    for label in KEPT:
        model = apps.get_model(label)
        model._default_manager.filter(**{f"{model.partnership_path}": full}).delete()
    replaced = import_yaml(text, replace=True)
    assert replaced.pk != full.pk and export_yaml(replaced) == text
    assert Partnership.objects.filter(slug="alpha").count() == 1


def maidstone() -> dict[str, Any]:
    return yaml.safe_load(EXAMPLE.read_text())


def problems(doc: Any) -> list[str]:
    with pytest.raises(PartnershipFileError) as info:
        import_data(doc, source="test.yaml")
    assert not Partnership.objects.filter(slug="maidstone").exists()  # nothing imported
    return info.value.problems


def test_a_bad_status_is_named_by_its_path() -> None:
    doc = maidstone()
    actions = doc["priorities"][2]["action_plans"][0]["actions"]
    actions += copy.deepcopy(actions)
    actions[5]["status"] = "yellow"
    assert problems(doc) == [
        "priorities[2].action_plans[0].actions[5].status: 'yellow' is not one of not_started, "
        "on_track, at_risk, off_track, complete"
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (lambda d: d["priorities"][0].update(objetive="x"),
         ["priorities[0].objetive: unknown key; priority has key, title, short_title, objective, "
          "why_important, focus, delivered_by, aligned_with, action_plans"]),
        (lambda d: d["priorities"][1].pop("title"),
         ["priorities[1].title: missing; every priority needs one"]),
        (lambda d: d["priorities"][0]["action_plans"][0].update(owner="socpp"),
         ["priorities[0].action_plans[0].owner: 'socpp' is not the key of a body; bodies are "
          "cdc, smpeg, smp, socp, daf, dcsm, csvg, csvg-steering-group, kecwpg, "
          "vit-professionals, carm, arm-panel, ... (21 in all)"]),
        (lambda d: d["organisations"][13].update(key="mbc"),
         ["organisations[13].key: 'mbc' is used by organisations[0] too; keys must be unique"]),
        (lambda d: d["partnership"].update(district_codes=["E05005003"]),
         ["partnership.district_codes: 'E05005003' is not an ONS district code; expected 9 "
          "characters starting with one of E06, E07, E08, E09, W06, e.g. E07000110"]),
        (lambda d: d["decisions"][0].update(date="19 March 2019"),
         ["decisions[0].date: '19 March 2019' is not a date; write it as 2021-04-30",
          "decisions[0].date: This field cannot be null."]),
        (lambda d: d["priorities"][0]["action_plans"][0].update(year="2021/23"),
         ["priorities[0].action_plans[0].year: '2021/23' is not a financial year: its second "
          "year must follow the first (2021/22); write it as 2021/22 (April 2021 to March 2022)"]),
        (lambda d: d["decisions"][0].update(about="priority:drugs"),
         ["decisions[0].about: 'priority:drugs' names no record; write KIND:KEY with KIND one of "
          "priority, theme, body, organisation, action_plan, action, indicator, case "
          "(action_plan:SUBJECT-KEY/YEAR), e.g. priority:domestic-abuse"]),
        (lambda d: d["bodies"][0].update(members=["mbc", "council"]),
         ["bodies[0].members[1]: 'council' is not the key of an organisation; organisations are "
          "mbc, kent-police, kcc, kfrs, ccg, nps, ksscrc, pcc, golding-homes, cgl, kidas, "
          "kent-vru, maidstone-bid, maidsafe"]),
        (lambda d: d.update(format="cspkit-partnership/9"),
         ["format: 'cspkit-partnership/9' is not a format this cspkit reads; expected "
          "'cspkit-partnership/1'"]),
        (lambda d: d["glossary"].append({"term": "ASB", "meaning": "again"}),
         ["glossary[28].term: 'ASB' is used by glossary[0] too; keys must be unique"]),
        (lambda d: d["cases"][0].update(ward_codes="E05005003"),
         ["cases[0].ward_codes: expected a list of texts, got 'E05005003'"]),
    ],
)
def test_problems_are_named_by_their_path(change: Any, expected: list[str]) -> None:
    doc = maidstone()
    change(doc)
    assert problems(doc) == expected


def test_indicator_problems() -> None:
    doc = maidstone()
    doc["priorities"][1]["action_plans"][0]["indicators"] = [{
        "key": "one-stop-shop", "name": "One-stop-shop attendance", "direction": "up",
        "frequency": "quarterly", "source": "query", "query": "police_count",
        "params": {"district": "E07000110"},
        "measurements": [{"period": "2021/22 Q1", "value": "many"}],
    }]
    assert problems(doc) == [
        "priorities[1].action_plans[0].indicators[0].frequency: the query's period 'month' "
        "makes monthly values; set the frequency to monthly or the query's period to match "
        "quarterly",
    ]
    doc["priorities"][1]["action_plans"][0]["indicators"][0].update(source="manual", query="",
                                                                     params={})
    assert problems(doc) == [
        "priorities[1].action_plans[0].indicators[0].measurements[0].value: 'many' is not a "
        "number",
        "priorities[1].action_plans[0].indicators[0].measurements[0].value: This field cannot "
        "be null.",
    ]


def test_every_problem_of_a_file_is_reported_at_once() -> None:
    doc = maidstone()
    doc["organisations"][0]["kind"] = "charity"
    doc["glossary"][3] = {"term": "KCC"}
    found = problems(doc)
    assert found[0] == (
        "organisations[0].kind: 'charity' is not one of police, council, fire, health, "
        "probation, pcc, housing, voluntary, business, education, other"
    )
    assert found[-1] == "glossary[3].meaning: missing; every glossary entry needs one"


def test_yaml_syntax_errors_give_the_line() -> None:
    with pytest.raises(PartnershipFileError) as info:
        import_yaml("format: cspkit-partnership/1\npartnership:\n  name: [unclosed\n",
                    source="bad.yaml")
    assert info.value.problems == [
        "not valid YAML, line 4, column 1: expected ',' or ']', but got '<stream end>'; check "
        "the indentation and quotes there"
    ]


def test_not_a_partnership_file() -> None:
    with pytest.raises(PartnershipFileError) as info:
        import_yaml("- just\n- a list\n", source="list.yaml")
    assert str(info.value) == (
        "list.yaml: 1 problem; nothing was imported\n  expected a mapping (key: value lines) for "
        "partnership file, got ['just', 'a list']"
    )


def test_export_data_leaves_out_empty_values(full: Partnership) -> None:
    doc = export_data(full)
    assert doc["organisations"][0] == {"key": "council", "name": "alpha Council", "kind": "council",
                                       "short_name": "AC", "responsible_authority": True}
    assert "is_public" in doc["partnership"]
    wipe("alpha")
    assert Body.objects.count() > 0  # beta's are left alone


def test_years_and_periods_in_any_form_are_kept_as_cspkit_writes_them() -> None:
    doc = maidstone()
    plan = doc["priorities"][1]["action_plans"][0]
    plan["year"] = "FY 2021-22"
    plan["indicators"] = [{
        "key": "one-stop-shop", "name": "One-stop-shop attendance", "direction": "up",
        "frequency": "quarterly", "measurements": [{"period": "Q1 2021-22", "value": 12}],
    }]
    import_data(doc, source="test.yaml")
    assert ActionPlan.objects.get(partnership__slug="maidstone",
                                  priority__key=doc["priorities"][1]["key"]).year == "2021/22"
    assert Measurement.objects.get(indicator__key="one-stop-shop").period == "2021/22 Q1"
