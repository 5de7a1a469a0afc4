"""The `cspkit plan` commands, through click's runner, on the test database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from cspkit.cli.plan import plan
from cspkit.plans.models import PlanVersion, Status
from tests.analysis.test_survey import write_respondents
from tests.plans.conftest import TEXTS, Maidstone
from tests.plans.test_lifecycle import LOCKED

pytestmark = pytest.mark.django_db


def run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(plan, ["--user", "officer", *args])
    return result.exit_code, result.stdout, result.stderr


def test_list_start_texts_diff(smp: Maidstone) -> None:
    code, out, _ = run("start", "maidstone", "June 2022 Update", "--year-label", "Year 4")
    assert code == 0 and out.startswith("Started the June 2022 Update (2022/23) as a draft copy "
                                        "of the June 2021 Update")
    code, out, _ = run("list", "maidstone")
    lines = out.splitlines()
    assert "June 2022 Update  2022/23  draft" in lines[0]
    assert "June 2021 Update  2021/22  adopted  adopted 2021-06-29" in lines[1]
    code, out, _ = run("diff", "maidstone", "June 2021 Update", "June 2022 Update")
    assert (code, out) == (0, "1 change: 1 text changed.\n- The name of the year changed "
                              "from “Year 3” to “Year 4”.\n")
    code, out, _ = run("texts", "maidstone", "June 2022 Update", str(TEXTS))
    assert (code, out) == (0, "Set 21 texts of the June 2022 Update\n")
    code, out, _ = run("diff", "maidstone", "June 2021 Update", "June 2022 Update")
    assert (code, out) == (0, "No changes.\n")
    code, out, _ = run("diff", "maidstone", "June 2021 Update", "June 2022 Update", "--json")
    assert json.loads(out)["before"] == "June 2021 Update"


def test_adopted_refuses_and_errors_are_one_paragraph(smp: Maidstone) -> None:
    code, _, err = run("texts", "maidstone", "June 2021 Update", str(TEXTS))
    assert code == 2 and err == f"Error: {LOCKED}\n"
    code, _, err = run("list", "maidstne")
    assert code == 2 and err == ("Error: no partnership has the slug 'maidstne'; partnerships "
                                 "here: maidstone\n")
    code, _, err = run("recommend", "maidstone", "June 2023 Update")
    assert err == ("Error: Safer Maidstone Partnership has no plan version 'June 2023 Update'; "
                   "its versions are June 2021 Update\n")
    code, _, err = CliRunner().invoke(plan, ["--user", "member", "start", "maidstone", "X"]
                                      ).exit_code, "", ""
    assert code == 2


def test_recommend_adopt_documents(smp: Maidstone, tmp_path: Path) -> None:
    run("start", "maidstone", "June 2022 Update")
    assert run("recommend", "maidstone", "June 2022 Update")[0] == 0
    code, out, _ = run("decision", "maidstone", "June 2022 Update", "-o",
                       str(tmp_path / "issue.html"))
    assert code == 0 and "Reasons for Recommendation" in (tmp_path / "issue.html").read_text()
    code, out, err = run("adopt", "maidstone", "June 2022 Update", "--date", "2022-06-28",
                         "--committee", "cdc", "--minute", "34")
    assert code == 0, err
    assert PlanVersion.objects.get(title="June 2022 Update").status == Status.ADOPTED
    code, out, _ = run("document", "maidstone", "June 2022 Update", "-o", str(tmp_path / "p.pdf"))
    assert code == 0 and (tmp_path / "p.pdf").read_bytes()[:4] == b"%PDF"
    code, _, err = run("document", "maidstone", "June 2022 Update", "-o", str(tmp_path / "p.txt"))
    assert code == 2 and err.endswith("p.txt: the file's name must end in .html, .pdf or "
                                      ".docx\n")
    code, out, _ = run("progress", "maidstone", "2021/22 Q2", "-o", str(tmp_path / "q.docx"))
    assert code == 0 and out == f"Wrote {tmp_path / 'q.docx'}\n"


def test_survey_and_judgement(smp: Maidstone, tmp_path: Path) -> None:
    data = write_respondents(tmp_path / "residents.csv")
    questions = tmp_path / "q.yaml"
    questions.write_text(
        "survey: Resident's Survey 2017\nquestions:\n"
        "  - key: safe_home\n    counts_as: [Very safe, Fairly safe]\n"
        "    not_in_base: [Don't know]\n"
        "    statement: said they feel very safe or fairly safe in their home\n"
        "  - key: fear_burglary\n    counts_as: [Very worried, Fairly worried]\n"
        "    statement: were worried about someone breaking into their home\n"
        "    priorities: [serious-organised-crime]\n", encoding="utf-8")
    run("start", "maidstone", "June 2022 Update")
    code, out, err = run("survey", str(data), "--questions", str(questions), "--group", "ward",
                         "--link", "maidstone", "June 2022 Update")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == "The Resident's Survey 2017 received 2,350 responses."
    assert lines[1].startswith("93% of respondents said they feel very safe or fairly safe")
    assert lines[-1] == "Kept the survey's results with the June 2022 Update"
    v = PlanVersion.objects.get(title="June 2022 Update")
    assert v.survey["concern"][0]["priority"] == "serious-organised-crime"
    code, out, _ = run("judge", "maidstone", "June 2022 Update", "burglary", "vulnerability",
                       "4", "--reason", "older residents targeted")
    assert out == "Recorded vulnerability = 4 for burglary\n"
    code, _, err = run("judge", "maidstone", "June 2022 Update", "burglary", "capacity", "3",
                       "--reason", " ")
    assert code == 2 and err == (
        "Error: the judgement of 'capacity' for 'burglary' (score 3) has no reason; give the "
        "reason for the score (the evidence or professional view it rests on)\n")


def test_score_uses_the_assessment_settings_and_says_what_was_scored(
    smp: Maidstone, tmp_path: Path
) -> None:
    from cspkit.cli import main
    from cspkit.demo.load import run_demo
    from cspkit.store import Store

    store = Store(tmp_path / "store")
    run_demo(store, tmp_path / "files", seed=2024)
    settings = tmp_path / "assessment.yaml"
    settings.write_text("comparison: {alpha: 0.01, min_months: 8}\n")
    run("start", "maidstone", "June 2023 Update", "--year", "2023/24")
    result = CliRunner().invoke(main, [
        "--store", str(store.root), "plan", "--user", "officer", "score", "maidstone",
        "June 2023 Update", "--area", "E07000999", "--config", str(settings)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("  1. ")
    assert lines[-1].startswith("Scored: harm (13 of 14 candidates), volume (14 of 14 "
                                "candidates), trend (")
    v = PlanVersion.objects.get(title="June 2023 Update")
    kept = v.assessment["comparisons"]
    assert {r["after_period"] for r in kept} == {"2022/23"}
    # the settings' one significance level, not the default
    assert all(r["result"] != "statistically significant increase" or r["p_value"] < 0.01
               for r in kept)
    assert v.scores["coverage"] == lines[-1]
