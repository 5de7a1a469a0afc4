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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd
import yaml

from cspkit.errors import ColumnError, FileFormatError, InputError, ValueProblem

__all__ = [
    "COUNT_COLUMNS",
    "LONG_COLUMNS",
    "SurveyData",
    "SurveyQuestion",
    "questions_from_data",
    "read_questions",
    "read_survey",
]

#: Columns of :attr:`SurveyData.table` (group columns come after ``wave``).
LONG_COLUMNS = ("respondent", "wave", "question", "answer", "weight", "count")
#: The columns that make a file a counts file.
COUNT_COLUMNS = ("question", "answer", "count")
_QUESTION_KEYS = ("key", "text", "answers", "counts_as", "not_in_base", "statement", "priorities")


@dataclass(frozen=True)
class SurveyQuestion:
    """One question: what was asked, the answers, and what is reported from them.

    ``key`` is the column of a respondent file (or the ``question`` value of a counts file).
    The share reported is of ``counts_as`` answers among the base: every non-blank answer
    except ``not_in_base``. ``statement`` completes "93% of respondents ..." (e.g. "said they
    feel very or fairly safe in their home"). ``priorities`` are the keys of the priorities
    (or candidate priorities) the question informs, e.g. fear of burglary ->
    ``serious-organised-crime``.
    """

    key: str
    text: str = ""
    answers: tuple[str, ...] = ()
    counts_as: tuple[str, ...] = ()
    not_in_base: tuple[str, ...] = ()
    statement: str = ""
    priorities: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if not self.key or not isinstance(self.key, str):
            raise InputError(f"a question has the key {self.key!r}; give each question the "
                             "name of its column as its key, e.g. key: safe_home")
        if not self.counts_as:
            raise InputError(
                f"question {self.key!r} has no counts_as answers; list the answers that make "
                "the share reported, e.g. counts_as: [Very safe, Fairly safe]"
            )
        if self.answers:
            unknown = [a for a in (*self.counts_as, *self.not_in_base) if a not in self.answers]
            if unknown:
                raise InputError(
                    f"question {self.key!r}: {', '.join(map(repr, unknown))} in counts_as or "
                    f"not_in_base is not one of its answers ({', '.join(map(repr, self.answers))}"
                    "); correct the spelling or add it to answers"
                )

    def in_base(self, answer: str) -> bool:
        """Is a person giving ``answer`` in the base of the share? (Blank: no.)"""
        return bool(answer) and answer not in self.not_in_base

    def positive(self, answer: str) -> bool:
        return answer in self.counts_as


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


# -- questions ------------------------------------------------------------------------------


def _texts(value: Any, where: str, name: str) -> tuple[str, ...]:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return tuple(str(v) for v in value)
    raise InputError(f"{where}: {name} must be a list of texts, not {value!r}; write e.g. "
                     f"{name}: [Very safe, Fairly safe]")


def questions_from_data(
    items: Iterable[Mapping[str, Any]], source: str = "questions"
) -> tuple[SurveyQuestion, ...]:
    """Questions from plain data (a list of mappings with the keys of :class:`SurveyQuestion`)."""
    out: list[SurveyQuestion] = []
    for i, item in enumerate(items):
        where = f"{source}, question {i + 1}"
        if not isinstance(item, Mapping):
            raise InputError(f"{where}: expected a mapping with key, counts_as, ...; got {item!r}")
        unknown = sorted(set(item) - set(_QUESTION_KEYS))
        if unknown:
            raise InputError(f"{where}: unknown key(s) {', '.join(unknown)}; the keys are "
                             f"{', '.join(_QUESTION_KEYS)}")
        out.append(SurveyQuestion(
            key=str(item.get("key", "")),
            text=str(item.get("text", "") or ""),
            answers=_texts(item.get("answers"), where, "answers"),
            counts_as=_texts(item.get("counts_as"), where, "counts_as"),
            not_in_base=_texts(item.get("not_in_base"), where, "not_in_base"),
            statement=str(item.get("statement", "") or ""),
            priorities=_texts(item.get("priorities"), where, "priorities"),
        ))
    keys = [q.key for q in out]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise InputError(f"{source}: question key(s) {', '.join(dupes)} appear twice; each "
                         "question needs its own key")
    return tuple(out)


class _Loader(yaml.SafeLoader):
    """YAML where only true/false are booleans: survey answers are often Yes and No."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def read_questions(path: str | Path) -> tuple[str, tuple[SurveyQuestion, ...]]:
    """(survey title, questions) from a YAML file ``{survey: TITLE, questions: [...]}``."""
    p = Path(path)
    try:
        data = yaml.load(p.read_text(encoding="utf-8"), Loader=_Loader)
    except FileNotFoundError:
        raise FileFormatError(p, "no such file", "Check the path of the questions file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise FileFormatError(p, f"{where}not valid YAML ({getattr(exc, 'problem', exc)})",
                              "Check the indentation and quotes there") from None
    if not isinstance(data, Mapping) or not isinstance(data.get("questions"), list):
        raise FileFormatError(p, "has no list of questions",
                              "Write `survey: TITLE` and `questions:` followed by a list")
    return str(data.get("survey", "") or ""), questions_from_data(data["questions"], str(p))


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
        raise InputError("read_survey: no questions given; describe them (key, counts_as, "
                         "...) in a questions file (--questions FILE, read by read_questions)")
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
