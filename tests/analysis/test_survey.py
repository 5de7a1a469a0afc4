"""Resident survey: reading files (with exact errors), shares with Wilson intervals, weights,
waves and groups compared, and the plan's sentences reproduced from a synthetic file."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from scipy.stats import chi2_contingency
from statsmodels.stats.proportion import proportion_confint, proportions_ztest

from cspkit.analysis.survey import (
    COMPARE_COLUMNS,
    PROPORTION_COLUMNS,
    compare_groups,
    compare_waves,
    concern_by_priority,
    survey_proportions,
    survey_sentences,
    wilson_interval,
)
from cspkit.errors import InputError
from cspkit.sources.survey import read_survey
from cspkit.sources.survey_questions import questions_from_data

SAFE = ("Very safe", "Fairly safe", "Fairly unsafe", "Very unsafe", "Don't know")
WORRY = ("Very worried", "Fairly worried", "Not very worried", "Not at all worried")

QUESTIONS = questions_from_data([
    {"key": "safe_home", "text": "How safe do you feel in your home?", "answers": list(SAFE),
     "counts_as": ["Very safe", "Fairly safe"], "not_in_base": ["Don't know"],
     "statement": "said they feel very safe or fairly safe in their home"},
    {"key": "safe_day", "answers": list(SAFE), "counts_as": ["Very safe", "Fairly safe"],
     "not_in_base": ["Don't know"],
     "statement": "said they feel safe in their local area during the day"},
    {"key": "safe_after_dark", "answers": list(SAFE), "counts_as": ["Very safe", "Fairly safe"],
     "not_in_base": ["Don't know"],
     "statement": "said they feel safe in their local area after dark"},
    {"key": "fear_burglary", "answers": list(WORRY),
     "counts_as": ["Very worried", "Fairly worried"],
     "statement": "were worried about someone breaking into their home",
     "priorities": ["serious-organised-crime", "substance-misuse"]},
    {"key": "fear_fraud", "answers": list(WORRY), "counts_as": ["Very worried", "Fairly worried"],
     "statement": "were worried about being a victim of fraud or identity theft",
     "priorities": ["serious-organised-crime"]},
])

# The plan's paragraph: 2,350 responses; 93% safe at home, 94% in the day, 60% after dark;
# 46% worried about burglary, 56% about fraud.
N = 2350
SHARES = {"safe_home": 2186, "safe_day": 2209, "safe_after_dark": 1410, "fear_burglary": 1081,
          "fear_fraud": 1316}
WARDS = ("High Street", "Shepway North", "Bearsted", "Marden")


def _answers(key: str, positive: int, n: int, rng: np.random.Generator) -> list[str]:
    yes, no = (SAFE[:2], SAFE[2:4]) if key.startswith("safe") else (WORRY[:2], WORRY[2:])
    out = [yes[i % 2] for i in range(positive)] + [no[i % 2] for i in range(n - positive)]
    return list(rng.permutation(out))


def write_respondents(path: Path, shares: dict[str, int] = SHARES, n: int = N, wave: str = "2017",
                      weights: list[float] | None = None, seed: int = 1) -> Path:
    rng = np.random.default_rng(seed)
    columns = {k: _answers(k, v, n, rng) for k, v in shares.items()}
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(["respondent", "wave", "ward", *(["weight"] if weights else []), *columns])
        for i in range(n):
            w = [weights[i]] if weights else []
            out.writerow([i + 1, wave, WARDS[i % 4], *w, *(columns[k][i] for k in columns)])
    return path


@pytest.fixture
def survey_file(tmp_path: Path) -> Path:
    return write_respondents(tmp_path / "residents-2017.csv")


def test_the_plans_survey_paragraph_is_reproduced(survey_file: Path) -> None:
    data = read_survey(survey_file, QUESTIONS, title="Resident's Survey 2017")
    sentences = survey_sentences(data)
    assert sentences[0] == "The Resident's Survey 2017 received 2,350 responses."
    assert sentences[1] == (
        "93% of respondents said they feel very safe or fairly safe in their home (95% "
        "confidence interval 92% to 94%; 2,350 answered)."
    )
    assert sentences[2].startswith("94% of respondents said they feel safe in their local area "
                                   "during the day")
    assert sentences[3].startswith("60% of respondents said they feel safe in their local area "
                                   "after dark (95% confidence interval 58% to 62%")
    assert sentences[4].startswith("46% of respondents were worried about someone breaking into "
                                   "their home")
    assert sentences[5].startswith("56% of respondents were worried about being a victim of fraud")


def test_proportions_table_has_fixed_columns_and_wilson_intervals(survey_file: Path) -> None:
    data = read_survey(survey_file, QUESTIONS)
    props = survey_proportions(data)
    assert tuple(props.columns) == PROPORTION_COLUMNS
    row = props.set_index("question").loc["safe_after_dark"]
    low, high = proportion_confint(1410, 2350, alpha=0.05, method="wilson")
    assert (row["base"], row["positive"]) == (2350, 1410)
    assert row["ci_low"] == pytest.approx(low) and row["ci_high"] == pytest.approx(high)
    assert row["n_eff"] == pytest.approx(2350) and not row["small_base"]
    assert row["method"] == "95% Wilson score interval"


def test_wilson_interval_matches_statsmodels() -> None:
    for k, n in ((0, 10), (1, 3), (93, 100), (50, 50)):
        assert wilson_interval(k, n) == pytest.approx(
            proportion_confint(k, n, alpha=0.05, method="wilson")
        )
    lo, _hi = wilson_interval(np.array([5, 9]), np.array([10, 10]), 0.9)
    assert lo == pytest.approx([proportion_confint(5, 10, 0.1, "wilson")[0],
                                proportion_confint(9, 10, 0.1, "wilson")[0]])
    with pytest.raises(InputError, match=r"confidence=1.5 must be a number between 0 and 1"):
        wilson_interval(1, 2, 1.5)


def test_dont_know_and_blank_answers_leave_the_base(tmp_path: Path) -> None:
    path = tmp_path / "s.csv"
    path.write_text("safe_home\nVery safe\nDon't know\n\"\"\nVery unsafe\nFairly safe\n",
                    encoding="utf-8")
    data = read_survey(path, QUESTIONS[:1])
    row = survey_proportions(data).iloc[0]
    assert (row["base"], row["positive"], row["proportion"]) == (3, 2, pytest.approx(2 / 3))
    assert bool(row["small_base"]) is True
    assert data.respondents == {"": 4}


def test_weighted_shares_use_the_kish_effective_sample_size(tmp_path: Path) -> None:
    path = tmp_path / "w.csv"
    rows = [("Very safe", 1.0), ("Very safe", 1.0), ("Very unsafe", 2.0), ("Fairly safe", 2.0)]
    path.write_text("safe_home,weight\n" + "".join(f"{a},{w}\n" for a, w in rows),
                    encoding="utf-8")
    data = read_survey(path, QUESTIONS[:1])
    assert data.weighted
    row = survey_proportions(data).iloc[0]
    assert row["proportion"] == pytest.approx(4 / 6)
    assert row["n_eff"] == pytest.approx(36 / 10)  # (sum w)^2 / sum w^2
    assert row["design_effect"] == pytest.approx(4 / 3.6)
    assert (row["ci_low"], row["ci_high"]) == pytest.approx(wilson_interval(4 / 6 * 3.6, 3.6))
    assert row["method"] == "95% Wilson score interval on the Kish effective sample size"
    unweighted = survey_proportions(read_survey(path, QUESTIONS[:1], weight=None)).iloc[0]
    assert unweighted["proportion"] == pytest.approx(3 / 4)


def test_a_counts_file_gives_the_same_shares(tmp_path: Path, survey_file: Path) -> None:
    data = read_survey(survey_file, QUESTIONS)
    counts = data.table.groupby(["wave", "question", "answer"])["count"].sum().reset_index()
    path = tmp_path / "counts.csv"
    counts.to_csv(path, index=False)
    agg = read_survey(path, QUESTIONS)
    assert agg.kind == "counts" and agg.respondents == {"2017": 2350}
    a = survey_proportions(agg)[["question", "proportion", "ci_low", "ci_high"]]
    b = survey_proportions(data)[["question", "proportion", "ci_low", "ci_high"]]
    pd.testing.assert_frame_equal(a, b)
    assert survey_sentences(agg)[:2] == survey_sentences(data)[:2]


def test_waves_compared_with_the_two_proportion_z_test(tmp_path: Path) -> None:
    later = dict(SHARES, safe_after_dark=1530, fear_fraud=1330)
    a = write_respondents(tmp_path / "a.csv")
    b = write_respondents(tmp_path / "b.csv", later, wave="2019", seed=2)
    both = tmp_path / "both.csv"
    both.write_text(a.read_text() + "".join(b.read_text().splitlines(True)[1:]))
    data = read_survey(both, QUESTIONS)
    assert data.waves == ["2017", "2019"]
    out = compare_waves(data, "2017", "2019").set_index("question")
    assert tuple(out.reset_index().columns) == COMPARE_COLUMNS
    dark = out.loc["safe_after_dark"]
    z, p = proportions_ztest([1530, 1410], [2350, 2350])
    assert dark["statistic"] == pytest.approx(z) and dark["p_value"] == pytest.approx(p)
    assert dark["result"] == "statistically significant increase"
    assert dark["change_points"] == pytest.approx(100 * 120 / 2350)
    assert out.loc["fear_fraud", "result"] == "no significant change"
    assert out.loc["safe_home", "test"] == "two-proportion z-test (pooled, two-sided)"

    chi = compare_waves(data, "2017", "2019", test="chi-square").set_index("question")
    t = data.table[(data.table["question"] == "safe_after_dark")]
    table = pd.crosstab(t["answer"], t["wave"]).to_numpy()
    stat, p2, _, _ = chi2_contingency(table, correction=False)
    assert chi.loc["safe_after_dark", "statistic"] == pytest.approx(stat)
    assert chi.loc["safe_after_dark", "p_value"] == pytest.approx(p2)
    with pytest.raises(InputError, match=r"^after wave '2020' is not a wave of the survey; its "
                                         r"waves are '2017', '2019'$"):
        compare_waves(data, "2017", "2020")


def test_breakdown_by_ward_and_groups_compared(survey_file: Path) -> None:
    data = read_survey(survey_file, QUESTIONS, groups=["ward"])
    by_ward = survey_proportions(data, by="ward")
    assert list(by_ward.columns[:2]) == ["wave", "ward"]
    assert set(by_ward["ward"]) == set(WARDS)
    assert by_ward.groupby("question")["base"].sum().eq(2350).all()
    groups = compare_groups(data, "ward").set_index("question")
    assert groups.loc["safe_home", "groups"] == 4
    assert groups.loc["safe_home", "df"] == 3
    with pytest.raises(InputError, match=r"^survey_proportions: 'age' is not a group of the "
                                         r"survey; its groups are 'ward'$"):
        survey_proportions(data, by="age")


def test_questions_linked_to_priorities(survey_file: Path) -> None:
    data = read_survey(survey_file, QUESTIONS)
    concern = concern_by_priority(data)
    soc = concern[concern["priority"] == "serious-organised-crime"].set_index("question")
    assert list(soc.index) == ["fear_burglary", "fear_fraud"]
    assert soc.loc["fear_burglary", "proportion"] == pytest.approx(1081 / 2350)
    assert soc.loc["fear_fraud", "sentence"].startswith("56% of respondents were worried")
    assert list(concern["priority"]).count("substance-misuse") == 1


@pytest.mark.parametrize("name", ["cspkit.analysis.survey", "cspkit.sources.survey",
                                  "cspkit.sources.survey_questions",
                                  "cspkit.analysis.priority.matrix",
                                  "cspkit.analysis.priority.data",
                                  "cspkit.analysis.priority.scores"])


def test_public_names_are_documented_and_doctests_pass(name: str) -> None:
    import doctest
    import importlib
    import inspect

    module = importlib.import_module(name)
    assert module.__doc__
    for attr in module.__all__:
        obj = getattr(module, attr)
        if inspect.isfunction(obj) or inspect.isclass(obj):
            assert obj.__doc__, f"{name}.{attr} has no docstring"
            assert obj.__module__ == name, f"{name}.{attr} is re-exported"
    assert doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE).failed == 0
