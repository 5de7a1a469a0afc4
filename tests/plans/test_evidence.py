"""Priority setting on a real strategic assessment (the demo borough): the findings, the scores
with their evidence, beside the current priorities, seeding the draft."""

from __future__ import annotations

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
