"""Priority setting on a real strategic assessment (the demo borough): the findings, the scores
with their evidence, beside the current priorities, seeding the draft."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from cspkit.plans import evidence, services
from cspkit.plans.documents.plan import plan_document
from cspkit.plans.models import ScoringSettings
from cspkit.reports import render_html
from tests.plans.conftest import Maidstone
from tests.plans.documents.test_plan import plain

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def sa(tmp_path_factory: pytest.TempPathFactory) -> Any:
    from cspkit.assessment import assess
    from cspkit.demo.load import run_demo
    from cspkit.store import Store

    root = tmp_path_factory.mktemp("demo")
    store = Store(root / "store")
    run_demo(store, Path(root / "files"), seed=2024)
    return assess(store, "E07000999", "2022/23")


def test_scores_from_the_assessment_beside_the_current_priorities(
    smp: Maidstone, sa: Any
) -> None:
    ScoringSettings.objects.create(partnership=smp.p, matrix={
        "links": {"violence-and-sexual-offences": "serious-organised-crime",
                  "drugs": "substance-misuse"},
        "candidates": [{"key": "mental-health", "title": "Mental health", "kind": "theme",
                        "priority": "mental-health"}],
    })
    draft = services.start_revision(smp.officer, smp.p, "June 2023 Update", year="2023/24")
    evidence.link_assessment(smp.officer, draft, sa)
    assert draft.assessment["findings"] == [str(f) for f in sa.findings]
    evidence.record_judgement(smp.officer, draft, "mental-health", "vulnerability", 5,
                              "75% of CSVG cases involve mental health")
    result = evidence.score_version(smp.officer, draft, sa)
    table = result.table.set_index("candidate")
    assert table.loc["violence-and-sexual-offences", "rank"] == 1
    assert table.loc["violence-and-sexual-offences", "priority"] == "serious-organised-crime"
    assert table.loc["mental-health", "vulnerability"] == 5
    ev = result.evidence("violence-and-sexual-offences")
    assert any(e.startswith("Trend 5: Violence and sexual offences rose from 5,078 in 2021/22 "
                            "to 5,958 in 2022/23 (+17%), a statistically significant increase")
               for e in ev)
    side = draft.scores["against_current"]
    assert side[0] == {"priority": "serious-organised-crime",
                       "priority_title": "Protecting our communities against serious, violent "
                                         "and organised crime (including modern-day slavery)",
                       "candidate": "violence-and-sexual-offences",
                       "title": "Violence and sexual offences", "rank": 1,
                       "total": pytest.approx(side[0]["total"]), "status": "current priority"}
    added = evidence.seed_priorities(smp.officer, draft, top=3)
    assert added == [r["candidate"] for r in draft.scores["table"][:3]
                     if not r["priority"]]
    assert added == ["anti-social-behaviour"]
    new = next(p for p in draft.content["priorities"] if p["key"] == "anti-social-behaviour")
    assert new["title"] == "Anti-social behaviour"
    assert new["why_important"].startswith("4,265 Anti-social behaviour records in 2022/23")
    html = plain(render_html(plan_document(draft)))
    assert "The 2022/23 strategic assessment for Castlebridge found:" in html
    assert "Candidate priorities ranked by the scoring matrix" in html
    assert "Statistically significant changes against the previous year" in html


@pytest.fixture(scope="module")
def maidstone_sa(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The real Maidstone 2021/22 assessment: 2020/21 has one usable month (Mar 2021)."""
    from cspkit.assessment import AssessmentConfig, assess
    from cspkit.sources import load_boundaries, load_lookup, load_population
    from cspkit.sources.police import load_police
    from cspkit.store import Store

    store = Store(tmp_path_factory.mktemp("kent") / "store")
    load_police(store, [shared_data / "police" / "kent" / "street"])
    load_lookup(store, shared_data / "geography" / "lookups" / "LSOA11_WD19_LAD19_EW_LU.csv")
    load_boundaries(store, shared_data / "geography" / "boundaries" /
                    "maidstone_wards_WD22_E07000110.geojson")
    load_population(store, shared_data / "population" /
                    "mysociety_lsoa_population_mid2019_uk.csv", 2019)
    return assess(store, "E07000110", "2021/22",
                  AssessmentConfig(partnership="Safer Maidstone Partnership"))


@pytest.mark.shared_data
def test_the_plan_the_decision_and_the_matrix_refuse_what_the_policy_refuses(
    smp: Maidstone, maidstone_sa: Any
) -> None:
    from cspkit.plans.documents.decision import decision_document

    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update", year="2022/23")
    evidence.link_assessment(smp.officer, draft, maidstone_sa)
    kept = draft.assessment["comparisons"]
    assert {r["result"] for r in kept} == {"not comparable"}
    assert {r["before_label"] for r in kept if r["comparison"] == "previous year"} == {
        "2020/21 (Mar 2021 only)"}
    result = evidence.score_version(smp.officer, draft, maidstone_sa)
    trend = result.scores[result.scores["criterion"] == "trend"]
    assert trend["score"].isna().all()  # every trend comparison was refused
    assert set(trend["not_scored"]) == {"not comparable: 2020/21 has 1 usable month (Mar 2021); "
                                        "at least 6 are needed"}
    assert "; trend for 14 of 14 candidates (not comparable: 2020/21 has 1 " \
        "usable month (Mar 2021); at least 6 are needed)" in draft.scores["coverage"]
    services.recommend(smp.officer, draft, on=dt.date(2022, 6, 1))
    texts = [plain(render_html(plan_document(draft))),
             plain(render_html(decision_document(draft))),
             " ".join(map(str, result.scores["evidence"])), str(draft.scores)]
    for text in texts:
        # theft from the person "2 -> 85, +254%, significant" and ASB "rose from 399 to 3,045"
        for claim in ("+254%", "254%", "statistically significant increase",
                      "statistically significant decrease", "rose from 399", "from 2 in"):
            assert claim not in text, claim
    plan = texts[0]
    assert "Statistically significant changes against the previous year" not in plan
    assert "2021/22 could not be compared with 2020/21 for any series" in plan


def test_comparisons_linked_without_the_policys_verdict_are_not_printed(smp: Maidstone) -> None:
    draft = services.start_revision(smp.officer, smp.p, "June 2022 Update", year="2022/23")
    old = {"year": "2021/22", "findings": [], "comparisons": [{
        "crime_type": "Theft from the person", "comparison": "previous year",
        "before_period": "2020/21", "after_period": "2021/22", "before": 2, "after": 85,
        "pct_change": 254.2, "p_value": 0.018, "result": "statistically significant increase",
        "note": ""}]}
    services.set_texts(smp.officer, draft, reason="linked before the policy", assessment=old)
    html = plain(render_html(plan_document(draft)))
    assert "Theft from the person" not in html and "254" not in html
