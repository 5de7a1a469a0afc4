"""Survey files and questions files: reading, checking, and the whole message of each problem."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from cspkit.errors import ColumnError, FileFormatError, InputError, ValueProblem
from cspkit.sources import SurveyQuestion, read_questions, read_survey
from cspkit.sources.survey_questions import questions_from_data

SAFE = ("Very safe", "Fairly safe", "Fairly unsafe", "Very unsafe", "Don't know")
QUESTIONS = questions_from_data([
    {"key": "safe_home", "text": "How safe do you feel in your home?", "answers": list(SAFE),
     "counts_as": ["Very safe", "Fairly safe"], "not_in_base": ["Don't know"],
     "statement": "said they feel very safe or fairly safe in their home"},
])


def test_questions_file(tmp_path: Path) -> None:
    path = tmp_path / "q.yaml"
    path.write_text("survey: Residents 2017\nquestions:\n  - key: safe_home\n    counts_as: "
                    "[Very safe, Fairly safe]\n    priorities: [mental-health]\n",
                    encoding="utf-8")
    title, qs = read_questions(path)
    assert title == "Residents 2017"
    assert qs == (SurveyQuestion("safe_home", counts_as=("Very safe", "Fairly safe"),
                                 priorities=("mental-health",)),)
    path.write_text("questions:\n  - key: safe_home\n    counts_as: [Yes]\n    answers: [No]\n")
    with pytest.raises(InputError) as info:
        read_questions(path)
    assert str(info.value) == (
        "question 'safe_home': 'Yes' in counts_as or not_in_base is not one of its answers "
        "('No'); correct the spelling or add it to answers"
    )


# -- bad files: the whole message --------------------------------------------------------------
def write_bytes(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "file.csv"
    path.write_text(text, encoding="utf-8")
    return path


def _bad(tmp_path: Path, text: str | bytes, questions: tuple[SurveyQuestion, ...] = QUESTIONS
         ) -> str:
    path = tmp_path / "bad.csv"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_survey(path, questions)
    return str(info.value).replace(str(path), "bad.csv")


def test_bad_weight(tmp_path: Path) -> None:
    text = "safe_home,weight\nVery safe,1.2\nFairly safe,abc\n"
    assert _bad(tmp_path, text) == (
        "bad.csv, line 3, column 'weight': value 'abc'; expected a survey weight: a number "
        "greater than 0. Correct the weight, or read the file unweighted (--no-weights) if "
        "'weight' is not a weight"
    )
    assert "value '0'" in _bad(tmp_path, "safe_home,weight\nVery safe,0\n")


def test_unknown_answer(tmp_path: Path) -> None:
    message = _bad(tmp_path, "safe_home\nVery safe\nVery saf\n")
    assert message == (
        "bad.csv, line 3, column 'safe_home': value 'Very saf'; expected one of the answers of "
        "question 'safe_home': 'Very safe', 'Fairly safe', 'Fairly unsafe', 'Very unsafe', "
        "\"Don't know\". Correct the answer, or add it to the question's answers in the "
        "questions file"
    )


def test_bad_count_and_unknown_question(tmp_path: Path) -> None:
    assert _bad(tmp_path, "question,answer,count\nsafe_home,Very safe,12.5\n") == (
        "bad.csv, line 2, column 'count': value '12.5'; expected a whole number of 0 or more. "
        "Correct the count (the number of people who gave the answer)"
    )
    assert _bad(tmp_path, "question,answer,count\nsafe_hom,Very safe,12\n") == (
        "bad.csv, line 2, column 'question': value 'safe_hom'; expected one of the questions: "
        "'safe_home'. Correct the question's key, or describe the question in the questions file"
    )


def test_missing_question_column(tmp_path: Path) -> None:
    with pytest.raises(ColumnError):
        read_survey(write_bytes(tmp_path, "respondent,safe_at_home\n1,Very safe\n"), QUESTIONS)
    assert _bad(tmp_path, "respondent,safe_at_home\n1,Very safe\n") == (
        "bad.csv, line 1: missing column(s) 'safe_home'; the header has 'respondent', "
        "'safe_at_home'. Give one column per question named by its key (or describe the file's "
        "questions), or use the counts shape: question, answer, count"
    )


def test_malformed_files(tmp_path: Path) -> None:
    assert _bad(tmp_path, "safe_home,weight\nVery safe,1,2\n") == (
        "bad.csv: line 2 has 3 fields but the header has 2. Quote text that contains commas, "
        "or remove the extra fields"
    )
    assert _bad(tmp_path, b"safe_home\nVery safe\nFairly s\xe9r\n") == (
        "bad.csv: line 3 is not UTF-8 text (byte 0xe9). Save the file as CSV UTF-8 (in Excel: "
        "File > Save As > CSV UTF-8)"
    )
    assert _bad(tmp_path, "<!DOCTYPE html><html>Sign in</html>") == (
        "bad.csv: is an HTML page, not a CSV file. Download the survey results again as CSV"
    )
    assert _bad(tmp_path, "") == (
        "bad.csv: is empty. Export the survey results as CSV with a header row"
    )
    with pytest.raises(FileFormatError):
        read_survey(tmp_path / "absent.csv", QUESTIONS)


def test_value_problem_carries_its_parts(tmp_path: Path) -> None:
    path = tmp_path / "v.csv"
    path.write_text("safe_home,weight\nVery safe,-1\n", encoding="utf-8")
    with pytest.raises(ValueProblem) as info:
        read_survey(path, QUESTIONS)
    e = info.value
    assert (e.line, e.column, e.value) == (2, "weight", "-1")
    assert math.isclose(1.0, 1.0)
