"""Survey questions: what was asked, the answers, and what is reported from them.

Described once per survey, usually in a YAML file read by :func:`read_questions`::

    survey: Maidstone residents' survey
    questions:
      - key: safe_home
        text: How safe do you feel in your home?
        answers: [Very safe, Fairly safe, Fairly unsafe, Very unsafe, Don't know]
        counts_as: [Very safe, Fairly safe]
        not_in_base: [Don't know]
        statement: said they feel very or fairly safe in their home
        priorities: [serious-organised-crime]
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from cspkit.errors import FileFormatError, InputError

__all__ = ["SurveyQuestion", "questions_from_data", "read_questions"]

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
            raise InputError(f"a question has the key {self.key!r}; give each question the name "
                             "of its column as its key, e.g. key: safe_home")
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


