"""Resident surveys in the store: load a checked survey, read it back for the analysis.

:func:`load_survey` (``cspkit load survey FILE --questions QUESTIONS.yaml``) reads a survey file
with :func:`~cspkit.sources.survey.read_survey` and keeps its long table in the store's
``survey_responses`` table, with the survey's title, keyed by survey and wave: a new wave adds
to the survey, the same wave loaded again replaces it. The questions are kept with the table.
:func:`stored_survey` gives back the :class:`~cspkit.sources.survey.SurveyData` that
:mod:`cspkit.analysis.survey` analyses, as if the files were read again.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pandas as pd

from cspkit.errors import InputError, NotLoadedError
from cspkit.sources.loader import LoadReport, Part, TableLoader
from cspkit.sources.survey import LONG_COLUMNS, SurveyData, read_survey
from cspkit.sources.survey_questions import SurveyQuestion, questions_from_data, read_questions
from cspkit.store import Store

__all__ = ["SURVEY_TABLE", "SurveyLoader", "load_survey", "stored_survey"]

#: The store's table of survey responses.
SURVEY_TABLE = "survey_responses"


class SurveyLoader(TableLoader):
    """Survey files into ``survey_responses``, keyed by survey and wave."""

    what = "survey responses"
    sort = ("survey", "wave", "question", "respondent")

    def __init__(
        self,
        questions: Sequence[SurveyQuestion],
        *,
        title: str = "",
        weight: str | None = "weight",
        groups: Sequence[str] = (),
        default_wave: str = "",
    ) -> None:
        self.questions = tuple(questions)
        self.title = title
        self.weight = weight
        self.groups = tuple(groups)
        self.default_wave = default_wave

    def read_part(self, path: Path) -> Part:
        data = read_survey(path, self.questions, title=self.title, weight=self.weight,
                           groups=self.groups, default_wave=self.default_wave)
        title = data.title or path.stem
        frame = data.table.copy()
        frame.insert(0, "survey", title)
        waves = sorted(data.respondents)
        record = {
            "survey": title, "waves": waves, "kind": data.kind, "weighted": data.weighted,
            "groups": list(data.groups), "respondents": data.respondents,
            "questions": [_question_record(q) for q in data.questions],
        }
        return Part(path, SURVEY_TABLE, frame, key=("survey", "wave"),
                    label=f"survey {title!r} wave(s) {', '.join(waves)}", record=record)

    def keep_record(self, record: dict[str, Any], part: Part) -> bool:
        return record.get("survey") != part.record["survey"] or not set(
            record.get("waves", [])) <= set(part.record["waves"])

    def describe(self, part: Part, report: LoadReport) -> None:
        report.periods += [w or "(no wave)" for w in part.record["waves"]]
        people = sum(part.record["respondents"].values())
        report.details["respondents"] = f"{people:,} in {part.record['survey']!r}"
        report.details["questions"] = ", ".join(q["key"] for q in part.record["questions"])


def _question_record(q: SurveyQuestion) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(q).items()}


def load_survey(
    store: Store,
    paths: str | Path | Sequence[str | Path],
    questions: str | Path | Sequence[SurveyQuestion],
    *,
    title: str = "",
    weight: str | None = "weight",
    groups: Sequence[str] = (),
    default_wave: str = "",
) -> LoadReport:
    """Load survey files into the store (module docstring); all of them or none.

    ``questions`` is a YAML file (whose ``survey:`` title is used unless ``title`` is given) or
    the questions themselves.
    """
    if isinstance(questions, str | Path):
        named, qs = read_questions(questions)
        title = title or named
    else:
        qs = tuple(questions)
    files = [paths] if isinstance(paths, str | Path) else paths
    loader = SurveyLoader(qs, title=title, weight=weight, groups=groups,
                          default_wave=default_wave)
    return loader.load(store, files)


def stored_survey(store: Store, survey: str | None = None) -> SurveyData:
    """A loaded survey as :class:`SurveyData` (the only one loaded, unless ``survey`` names it)."""
    if SURVEY_TABLE not in store.table_names():
        raise NotLoadedError(
            f"the store at {store.root} has no survey; load one with "
            "`cspkit load survey FILE --questions QUESTIONS.yaml`"
        )
    records = store.table_entry(SURVEY_TABLE).meta.get("parts", [])
    titles = list(dict.fromkeys(r["survey"] for r in records))
    if survey is None and len(titles) > 1:
        raise InputError(
            f"the store holds {len(titles)} surveys ({', '.join(map(repr, titles))}); "
            "name the one you want"
        )
    name = survey if survey is not None else titles[0]
    mine = [r for r in records if r["survey"] == name]
    if not mine:
        raise NotLoadedError(
            f"the store has no survey {name!r}; it has {', '.join(map(repr, titles))}"
        )
    latest = mine[-1]
    groups = tuple(latest["groups"])
    table = store.read_table(SURVEY_TABLE).to_pandas()
    table = table[table["survey"] == name]
    table = table[[*LONG_COLUMNS[:2], *groups, *LONG_COLUMNS[2:]]].reset_index(drop=True)
    table["respondent"] = table["respondent"].astype("Int64")
    respondents: dict[str, int] = {}
    for r in mine:
        respondents.update(r["respondents"])
    return SurveyData(
        source=", ".join(r["file"] for r in mine), title=name, kind=latest["kind"],
        table=pd.DataFrame(table), questions=questions_from_data(latest["questions"], name),
        groups=groups, weighted=any(r["weighted"] for r in mine), respondents=respondents,
    )
