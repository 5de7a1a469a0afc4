"""Priority setting: scores from data with their evidence, judgements with reasons, ranking."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest

from cspkit.analysis.comparisons import compare_years
from cspkit.analysis.harm import harm_weighted_counts
from cspkit.analysis.priority import (
    SCORE_COLUMNS,
    TABLE_COLUMNS,
    Candidate,
    Criterion,
    Judgement,
    ScoringMatrix,
    candidates_from_assessment,
    default_matrix,
    matrix_from_data,
    score_priorities,
)
from cspkit.calendar import financial_year_months, month_range
from cspkit.errors import InputError

# Monthly counts per year 2018/19 .. 2022/23 (12 equal months a year).
YEARLY = {
    "Violence and sexual offences": [1800, 1850, 1900, 1950, 2400],  # significant rise, +23%
    "Burglary": [600, 580, 560, 540, 420],                           # significant fall, -22%
    "Shoplifting": [700, 700, 700, 700, 710],                         # no significant change
    "Robbery": [48, 48, 48, 48, 60],                                  # rise, not significant
    "Anti-social behaviour": [3000, 3000, 3000, 3000, 3000],
}


@dataclass
class FakeAssessment:
    """The public shape of a StrategicAssessment that priority scoring reads."""

    year: str
    trends: Any
    harm: pd.DataFrame
    partner: Any = None
    findings: list[str] = field(default_factory=list)


def fake_assessment(yearly: dict[str, list[int]] = YEARLY) -> FakeAssessment:
    months = month_range("2018-04", "2023-03")
    rows = []
    for crime, per_year in yearly.items():
        for i, m in enumerate(months):
            rows.append({"crime_type": crime, "month": m, "count": per_year[i // 12] / 12})
    monthly = pd.DataFrame(rows)
    monthly["count"] = monthly["count"].round().astype(int)
    comparisons = compare_years(monthly, "2022/23", by="crime_type")
    year = monthly[monthly["month"].isin(financial_year_months("2022/23"))]
    counts = year.groupby("crime_type", as_index=False)["count"].sum()
    harm = harm_weighted_counts(counts).sort_values("harm", ascending=False)
    return FakeAssessment("2022/23", SimpleNamespace(comparisons=comparisons), harm)


@pytest.fixture
def sa() -> FakeAssessment:
    return fake_assessment()


def test_default_matrix_is_documented() -> None:
    m = default_matrix()
    assert [(c.key, c.weight, c.source) for c in m.criteria] == [
        ("harm", 3, "data"), ("volume", 2, "data"), ("trend", 2, "data"),
        ("public_concern", 2, "data"), ("vulnerability", 3, "judgement"),
        ("capacity", 1, "judgement"),
    ]
    assert matrix_from_data(m.as_data()) == m


def test_scores_from_data_carry_their_evidence(sa: FakeAssessment) -> None:
    result = score_priorities(sa)
    assert tuple(result.table.columns[:11]) == TABLE_COLUMNS
    assert tuple(result.scores.columns) == SCORE_COLUMNS
    s = result.scores.set_index(["candidate", "criterion"])
    vso = s.loc["violence-and-sexual-offences"]
    assert vso.loc["trend", "score"] == 5
    assert vso.loc["trend", "evidence"].startswith(
        "Violence and sexual offences rose from 1,944 in 2021/22 to 2,400 in 2022/23 (+23%), a "
        "statistically significant increase (p < 0.001; Poisson E-test)"
    )
    assert vso.loc["harm", "score"] == 5 and vso.loc["harm", "source"] == "data"
    assert vso.loc["harm", "evidence"] == (
        "Violence and sexual offences accounts for 81.1% of the harm of recorded crime in "
        "2022/23, between 63% and 91% with the weights' low and high values (harm weights, ONS "
        "Crime Severity Score approach)."
    )
    assert s.loc[("burglary", "trend"), "score"] == 1
    assert s.loc[("shoplifting", "trend"), "score"] == 3
    assert s.loc[("robbery", "trend"), "score"] == 3  # +25% but not significant
    # ASB has no harm weight: no harm score, but volume and trend
    asb = s.loc["anti-social-behaviour"]
    assert asb.loc["harm", "source"] == "missing"
    assert asb.loc["volume", "score"] == 5
    assert s.loc[("burglary", "vulnerability"), "source"] == "missing"
    assert s.loc[("burglary", "vulnerability"), "not_scored"] == "no judgement recorded"
    assert result.table.iloc[0]["candidate"] == "violence-and-sexual-offences"
    # the matrix says which criteria were scored and which were not
    assert result.table.set_index("candidate").loc["anti-social-behaviour", "not_scored"] == (
        "harm (no harm weight (ASB and partner measures have none)); public concern (no survey "
        "linked); vulnerability of those affected (no judgement recorded); partnership's "
        "capacity to act (no judgement recorded)")
    assert result.coverage() == (
        "Scored: harm (4 of 5 candidates), volume (5 of 5 candidates), trend (5 of 5 "
        "candidates). Not scored: harm for 1 of 5 candidates (no harm weight (ASB and "
        "partner measures have none)); public concern for 5 of 5 candidates (no survey "
        "linked); vulnerability of those affected for 5 of 5 candidates (no judgement "
        "recorded); partnership's capacity to act for 5 of 5 candidates (no judgement "
        "recorded).")


def test_a_comparison_the_policy_refuses_is_never_scored() -> None:
    # a previous year with one usable month: 2 -> 85 would have been "+254%, significant"
    months = month_range("2020-04", "2022-03")
    monthly = pd.DataFrame({"crime_type": "Theft from the person", "month": months,
                            "count": [0] * 11 + [2] + [7] * 11 + [8]})
    comparisons = compare_years(monthly, "2021/22", by="crime_type",
                                excluded={m: "missing" for m in months[:11]})
    harm = harm_weighted_counts(pd.DataFrame({"crime_type": ["Theft from the person"],
                                              "count": [85]}))
    sa = FakeAssessment("2021/22", SimpleNamespace(comparisons=comparisons), harm)
    result = score_priorities(sa)
    s = result.scores.set_index(["candidate", "criterion"])
    trend = s.loc[("theft-from-the-person", "trend")]
    assert pd.isna(trend["score"]) and trend["source"] == "missing"
    assert trend["not_scored"] == ("not comparable: 2020/21 has 1 usable month (Mar 2021); at "
                                   "least 6 are needed")
    text = " ".join(map(str, [*result.scores["evidence"], *result.scores["not_scored"],
                              *result.table["not_scored"]]))
    assert "254" not in text and "statistically significant" not in text


def test_judgements_need_a_reason_and_a_score_on_the_scale(sa: FakeAssessment) -> None:
    with pytest.raises(InputError) as info:
        score_priorities(sa, judgements=[Judgement("burglary", "vulnerability", 4, "  ")])
    assert str(info.value) == (
        "score_priorities(): the judgement of 'vulnerability' for 'burglary' (score 4) has no "
        "reason; give the reason for the score (the evidence or professional view it rests on)"
    )
    with pytest.raises(InputError) as info:
        score_priorities(sa, judgements=[Judgement("burglary", "capacity", 7, "x")])
    assert str(info.value) == (
        "score_priorities(): the judgement of 'capacity' for 'burglary' is 7; give a whole "
        "number from 1 to 5 (1 the partnership can add little ... 5 partners hold the levers "
        "and resources)"
    )
    with pytest.raises(InputError, match=r"candidate 'burglry', which is not among"):
        score_priorities(sa, judgements=[Judgement("burglry", "capacity", 3, "x")])
    with pytest.raises(InputError, match=r"no criterion 'capcity' in the matrix; its criteria "
                                         r"are harm, volume, trend"):
        score_priorities(sa, judgements=[Judgement("burglary", "capcity", 3, "x")])


def test_judgements_fill_in_and_override_with_both_shown(sa: FakeAssessment) -> None:
    js = [
        Judgement("burglary", "vulnerability", 4, "older victims targeted by rogue traders"),
        Judgement("burglary", "trend", 4, "rising again since January (police briefing)"),
    ]
    result = score_priorities(sa, judgements=js)
    s = result.scores.set_index(["candidate", "criterion"])
    assert (s.loc[("burglary", "trend"), "score"], s.loc[("burglary", "trend"), "data_score"]) \
        == (4, 1)
    assert s.loc[("burglary", "trend"), "source"] == "judgement"
    ev = result.evidence("burglary")
    assert "Vulnerability of those affected 4: judged 4: older victims targeted by rogue " \
           "traders" in ev
    assert any(e.startswith("Trend 4: judged 4: rising again since January (police briefing) "
                            "(the data gave 1: Burglary fell from") for e in ev)


def test_totals_are_weighted_and_rescaled(sa: FakeAssessment) -> None:
    matrix = ScoringMatrix((
        Criterion("trend", "Trend", 1, "data"),
        Criterion("capacity", "Capacity", 3, "judgement", "organisational position"),
    ))
    cands = [Candidate("burglary", "Burglary", series=("Burglary",)),
             Candidate("vso", "Violence", series=("Violence and sexual offences",),
                       priority="serious-violence")]
    js = [Judgement("burglary", "capacity", 5, "strong"), Judgement("vso", "capacity", 3, "ok")]
    t = score_priorities(sa, cands, js, matrix=matrix).table.set_index("candidate")
    # burglary: trend 1 -> 0, capacity 5 -> 1: (1*0 + 3*1)/4 = 75; vso: (1*1 + 3*0.5)/4 = 62.5
    assert t.loc["burglary", "total"] == pytest.approx(75.0)
    assert t.loc["vso", "total"] == pytest.approx(62.5)
    assert t.loc["burglary", "rank"] == 1
    assert t.loc["burglary", "threat_risk_harm"] == pytest.approx(0.0)
    assert t.loc["burglary", "organisational"] == pytest.approx(100.0)


def test_public_concern_from_the_survey(sa: FakeAssessment) -> None:
    concern = pd.DataFrame([{
        "priority": "serious-organised-crime", "question": "fear_burglary", "proportion": 0.46,
        "sentence": "46% of respondents were worried about someone breaking into their home.",
    }])
    cands = [Candidate("burglary", "Burglary", series=("Burglary",),
                       priority="serious-organised-crime")]
    s = score_priorities(sa, cands, concern=concern).scores.set_index("criterion")
    assert s.loc["public_concern", "score"] == 4
    assert s.loc["public_concern", "evidence"].startswith("46% of respondents were worried")


def test_beside_the_current_priorities(sa: FakeAssessment) -> None:
    cands = [c if c.key != "burglary" else Candidate(c.key, c.title, c.kind, c.series,
                                                     "serious-organised-crime")
             for c in candidates_from_assessment(sa)]
    result = score_priorities(sa, cands)
    side = result.against_current({"serious-organised-crime": "Serious and organised crime",
                                   "mental-health": "Mental health"})
    rows = side.to_dict("records")
    assert rows[0]["status"] == "current priority" and rows[0]["candidate"] == "burglary"
    assert rows[1]["status"] == "current priority, no candidate scored"
    others = [r["candidate"] for r in rows[2:]]
    assert "violence-and-sexual-offences" in others
    assert all(r["status"] == "candidate, not a current priority" for r in rows[2:])


def test_matrix_settings_are_checked() -> None:
    with pytest.raises(InputError, match=r"criterion 'harm': weight=-1; give a number of 0 or "
                                         r"more"):
        matrix_from_data({"criteria": [{"key": "harm", "weight": -1}]})
    with pytest.raises(InputError, match=r"criterion 'reoffending': no rule fills it from data"):
        matrix_from_data({"criteria": [{"key": "reoffending", "source": "data"}]})
    with pytest.raises(InputError, match=r"unknown setting\(s\) wieght"):
        matrix_from_data({"criteria": [{"key": "harm", "wieght": 2}]})
    m = matrix_from_data({"criteria": [{"key": "harm", "weight": 5}, {"key": "reoffending"}]})
    assert m.get("harm").weight == 5 and m.get("harm").source == "data"
    assert m.get("reoffending").source == "judgement"


def test_result_as_plain_data(sa: FakeAssessment) -> None:
    data = score_priorities(sa).as_data()
    assert data["year"] == "2022/23"
    assert data["table"][0]["candidate"] == "violence-and-sexual-offences"
    assert data["scores"][0].keys() == set(SCORE_COLUMNS)


def test_candidates_map_to_priorities_through_the_assessments_themes(sa: FakeAssessment) -> None:
    from cspkit.assessment.config import AssessmentConfig, Theme

    themes = (Theme("Serious violence", ("Violence and sexual offences", "Burglary"),
                    priority="serious-organised-crime"),
              Theme("Acquisitive crime", ("Burglary",), priority="neighbourhood"),
              Theme("Unlinked", ("Robbery",)))
    sa.config = AssessmentConfig(themes=themes)  # type: ignore[attr-defined]
    cands = {c.key: c for c in candidates_from_assessment(sa)}
    assert cands["burglary"].priority == "serious-organised-crime"  # the first theme decides
    assert cands["serious-violence"].kind == "theme"
    assert cands["serious-violence"].series == ("Violence and sexual offences", "Burglary")
    assert cands["acquisitive-crime"].priority == "neighbourhood"
    assert "unlinked" not in cands  # a theme naming no priority is no extra candidate
    side = score_priorities(sa, list(cands.values())).against_current(
        {"serious-organised-crime": "Serious and organised crime"})
    first = side.to_dict("records")[0]
    assert (first["priority"], first["status"]) == ("serious-organised-crime",
                                                     "current priority")
    assert first["candidate"] in {"burglary", "serious-violence",
                                  "violence-and-sexual-offences"}


def test_a_themes_unknown_key_is_refused(tmp_path: Path) -> None:
    from cspkit.assessment.config import load_config

    path = tmp_path / "a.yaml"
    path.write_text("themes:\n  - name: ASB\n    priorty: asb\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_config(path)
    assert str(err.value) == (
        f"{path}: themes[0]: unknown key(s) priorty; a theme has name, crime_types, "
        "partner_measures, why and priority (the key of the partnership's priority it "
        "evidences)")
