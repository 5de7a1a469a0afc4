"""Resident survey results: a respondent-level CSV (optionally weighted) or counts per answer.

Two shapes of file are read, told apart by their header:

- **Respondents**, one row per person: a column per question holding the answer text, and
  optionally a ``weight`` column (survey weights, numbers above 0), a ``wave`` column (the
  survey round, e.g. ``2017``) and group columns (``ward``, ``age_band``, ...)::

      respondent,wave,ward,weight,safe_home,safe_after_dark
      1,2017,Shepway North,1.12,Very safe,Fairly unsafe

- **Counts**, one row per answer: ``question``, ``answer``, ``count`` and optionally ``wave`` and
  group columns::

      wave,question,answer,count
      2017,safe_home,Very safe,1406

The questions are described once (:class:`SurveyQuestion`, usually from a YAML file read by
:func:`read_questions`): the answers allowed, which of them make the reported share
(``counts_as``: "Very safe" and "Fairly safe" make "feel safe"), which are left out of the
base ("Don't know"), the statement a sentence uses, and the priorities the question informs.
Blank answers are never in the base (the person did not answer).

:func:`read_survey` checks every row and stops at the first problem with the file, line,
column, value, what was expected and how to fix it (:class:`cspkit.errors.ValueProblem`).
The result is a :class:`SurveyData` with one long table (columns :data:`LONG_COLUMNS` plus the
group columns), the same for both shapes, which :mod:`cspkit.analysis.survey` analyses.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cspkit.errors import ColumnError, FileFormatError, InputError, ValueProblem
from cspkit.sources.survey_questions import SurveyQuestion

__all__ = [
    "COUNT_COLUMNS",
    "LONG_COLUMNS",
    "SurveyData",
    "read_survey",
]

#: Columns of :attr:`SurveyData.table` (group columns come after ``wave``).
LONG_COLUMNS = ("respondent", "wave", "question", "answer", "weight", "count")
#: The columns that make a file a counts file.
COUNT_COLUMNS = ("question", "answer", "count")


@dataclass(frozen=True)
class SurveyData:
    """A survey read and checked: one row per respondent and question (or per counted answer).

    ``table`` has :data:`LONG_COLUMNS` plus ``groups``: ``respondent`` (row number in the file,
    or None for counts), ``wave`` (text; "" when the file has none), ``question`` (key),
    ``answer`` ("" when blank), ``weight`` (1.0 when unweighted), ``count`` (1 per respondent;
    the count of a counts file).
    """

    source: str
    title: str
    kind: str
    """``respondents`` or ``counts``."""
    table: pd.DataFrame
    questions: tuple[SurveyQuestion, ...]
    groups: tuple[str, ...] = ()
    weighted: bool = False
    respondents: dict[str, int] = field(default_factory=dict)
    """People who responded, per wave (respondent files: rows; counts files: the largest
    number answering any one question)."""

    def question(self, key: str) -> SurveyQuestion:
        for q in self.questions:
            if q.key == key:
                return q
        known = ", ".join(repr(q.key) for q in self.questions)
        raise InputError(f"the survey has no question {key!r}; its questions are {known}")

    @property
    def waves(self) -> list[str]:
        return sorted(self.respondents)


# -- the survey file -------------------------------------------------------------------------


def _text_of(path: Path) -> str:
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FileFormatError(path, "no such file", "Check the path of the survey file") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileFormatError(
            path, f"line {line} is not UTF-8 text (byte 0x{raw[exc.start]:02x})",
            "Save the file as CSV UTF-8 (in Excel: File > Save As > CSV UTF-8)",
        ) from None
    head = text.lstrip()[:200].lower()
    if head.startswith(("<!doctype html", "<html")):
        raise FileFormatError(path, "is an HTML page, not a CSV file",
                              "Download the survey results again as CSV")
    if not text.strip():
        raise FileFormatError(path, "is empty",
                              "Export the survey results as CSV with a header row")
    return text


def _rows(path: Path, text: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader)]
    blank = [i + 1 for i, h in enumerate(header) if not h]
    if blank:
        raise FileFormatError(path, f"line 1: column {blank[0]} of the header has no name",
                              "Give every column a name (or delete the empty column)")
    dupes = sorted({h for h in header if header.count(h) > 1})
    if dupes:
        raise FileFormatError(path, f"line 1: column(s) {', '.join(map(repr, dupes))} appear "
                              "twice", "Rename or remove the repeated columns")
    rows: list[tuple[int, list[str]]] = []
    for row in reader:
        if not any(v.strip() for v in row):
            continue
        if len(row) != len(header):
            raise FileFormatError(
                path, f"line {reader.line_num} has {len(row)} fields but the header has "
                f"{len(header)}", "Quote text that contains commas, or remove the extra fields",
            )
        rows.append((reader.line_num, [v.strip() for v in row]))
    if not rows:
        raise FileFormatError(path, "has a header but no rows", "Export the results with data")
    return header, rows


def _require(path: Path, header: Sequence[str], needed: Iterable[str], fix: str) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        raise ColumnError(path, missing, list(header), fix)


def _answer(path: Path, line: int, column: str, value: str, q: SurveyQuestion) -> str:
    if value and q.answers and value not in q.answers:
        raise ValueProblem(
            path, line, column, value,
            f"one of the answers of question {q.key!r}: {', '.join(map(repr, q.answers))}",
            "Correct the answer, or add it to the question's answers in the questions file",
        )
    return value


def _weight(path: Path, line: int, column: str, value: str) -> float:
    try:
        w = float(value)
    except ValueError:
        w = math.nan
    if not math.isfinite(w) or w <= 0:
        raise ValueProblem(
            path, line, column, value, "a survey weight: a number greater than 0",
            f"Correct the weight, or read the file unweighted (--no-weights) if {column!r} is "
            "not a weight",
        )
    return w


def _count(path: Path, line: int, value: str) -> int:
    try:
        n = float(value)
    except ValueError:
        n = math.nan
    if not math.isfinite(n) or n < 0 or n != int(n):
        raise ValueProblem(path, line, "count", value, "a whole number of 0 or more",
                           "Correct the count (the number of people who gave the answer)")
    return int(n)


def read_survey(
    path: str | Path,
    questions: Sequence[SurveyQuestion],
    *,
    title: str = "",
    weight: str | None = "weight",
    wave: str = "wave",
    groups: Sequence[str] = (),
    default_wave: str = "",
) -> SurveyData:
    """Read and check a survey file (respondents or counts; see the module docstring).

    ``weight`` names the weight column of a respondent file (used when present; None reads
    the file unweighted). ``wave`` names the wave column (when absent every row is in
    ``default_wave``). ``groups`` are columns to break results down by (area, age band, ...);
    each must be in the file. Raises :class:`~cspkit.errors.InputError` subclasses naming the
    file, line, column and value.
    """
    p = Path(path)
    if not questions:
        raise InputError("no survey questions given; describe the questions (key, counts_as, "
                         "...) in a YAML file and give it with --questions FILE")
    header, rows = _rows(p, _text_of(p))
    groups = tuple(groups)
    _require(p, header, groups, "Name the group columns the file has, or add them to the file")
    if all(c in header for c in COUNT_COLUMNS):
        table = _counts(p, header, rows, questions, wave, groups, default_wave)
        kind, weighted = "counts", False
    else:
        _require(p, header, [q.key for q in questions],
                 "Give one column per question named by its key (or describe the file's "
                 "questions), or use the counts shape: question, answer, count")
        weighted = weight is not None and weight in header
        table = _respondents(p, header, rows, questions, weight if weighted else None, wave,
                             groups, default_wave)
        kind = "respondents"
    return SurveyData(
        source=str(p), title=title, kind=kind, table=table, questions=tuple(questions),
        groups=groups, weighted=weighted, respondents=_respondent_counts(table, kind),
    )


def _respondents(
    path: Path, header: list[str], rows: list[tuple[int, list[str]]],
    questions: Sequence[SurveyQuestion], weight: str | None, wave: str, groups: tuple[str, ...],
    default_wave: str,
) -> pd.DataFrame:
    col = {name: i for i, name in enumerate(header)}
    records: list[tuple[Any, ...]] = []
    for line, row in rows:
        w = _weight(path, line, weight, row[col[weight]]) if weight else 1.0
        wv = row[col[wave]] if wave in col else default_wave
        gs = tuple(row[col[g]] for g in groups)
        for q in questions:
            answer = _answer(path, line, q.key, row[col[q.key]], q)
            records.append((line, wv, *gs, q.key, answer, w, 1))
    return _frame(records, groups)


def _counts(
    path: Path, header: list[str], rows: list[tuple[int, list[str]]],
    questions: Sequence[SurveyQuestion], wave: str, groups: tuple[str, ...], default_wave: str,
) -> pd.DataFrame:
    col = {name: i for i, name in enumerate(header)}
    by_key = {q.key: q for q in questions}
    records: list[tuple[Any, ...]] = []
    for line, row in rows:
        key = row[col["question"]]
        q = by_key.get(key)
        if q is None:
            raise ValueProblem(
                path, line, "question", key,
                f"one of the questions: {', '.join(map(repr, by_key))}",
                "Correct the question's key, or describe the question in the questions file",
            )
        answer = _answer(path, line, "answer", row[col["answer"]], q)
        n = _count(path, line, row[col["count"]])
        wv = row[col[wave]] if wave in col else default_wave
        records.append((None, wv, *(row[col[g]] for g in groups), key, answer, 1.0, n))
    return _frame(records, groups)


def _frame(records: list[tuple[Any, ...]], groups: tuple[str, ...]) -> pd.DataFrame:
    columns = ["respondent", "wave", *groups, "question", "answer", "weight", "count"]
    table = pd.DataFrame.from_records(records, columns=columns)
    table["respondent"] = table["respondent"].astype("Int64")
    table["weight"] = table["weight"].astype(float)
    table["count"] = table["count"].astype("int64")
    return table


def _respondent_counts(table: pd.DataFrame, kind: str) -> dict[str, int]:
    if kind == "respondents":
        per = table.groupby("wave")["respondent"].nunique()
    else:
        answered = table[table["answer"] != ""].groupby(["wave", "question"])["count"].sum()
        per = answered.groupby(level="wave").max()
    return {str(k): int(v) for k, v in per.items()}
