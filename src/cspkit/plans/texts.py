"""The texts of a plan version: their names, labels, the document's headings, and loading
them from a YAML file (``cspkit plan texts``).

A texts file sets any of :data:`TEXT_FIELDS` (and ``headings``, ``alternatives``,
``background_documents``, ``implications``, ``meeting_date``)::

    plan_title: Maidstone Community Safety Partnership Plan
    preface: |-
      As we recover from the global pandemic, ...
    headings:
      preface: Preface by the Leader of Maidstone Borough Council

Paragraphs are separated by a blank line.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from cspkit.errors import FileFormatError, InputError

__all__ = [
    "HEADINGS",
    "IMPLICATIONS",
    "LIST_FIELDS",
    "TEXT_FIELDS",
    "heading",
    "paragraphs",
    "read_texts",
    "texts_of",
]

#: Text fields of a version, with their labels (in the order of the documents).
TEXT_FIELDS: dict[str, str] = {
    "plan_title": "title of the plan",
    "plan_period": "period of the plan",
    "year_label": "name of the year",
    "strapline": "strapline",
    "preface": "preface",
    "preface_by": "preface's author",
    "foreword": "foreword",
    "foreword_by": "foreword's authors",
    "introduction": "introduction",
    "data_text": "what data we used and what it told us",
    "people_text": "what people told us",
    "local_text": "local considerations",
    "priority_setting_text": "priority setting for the year",
    "governance_text": "governance",
    "subgroups_text": "subgroups",
    "task_force_text": "task force",
    "linked_boards_text": "linked boards",
    "appendix_text": "county and PCC priorities",
    "committee": "committee",
    "issue_text": "issue for decision",
    "recommendation_text": "recommendation",
    "reasons_text": "reasons for recommendation",
}
#: Fields holding lists or mappings rather than text.
LIST_FIELDS = ("headings", "alternatives", "background_documents", "implications")

#: The standard sections of a committee report (each optional), by key, with their headings.
IMPLICATIONS: dict[str, str] = {
    "consultation": "Consultation",
    "financial": "Financial Implications",
    "legal": "Legal Implications",
    "risk": "Risk",
    "equalities": "Equalities Implications",
    "next_steps": "Next Steps",
}

#: Default headings by section; ``{name}``, ``{short}``, ``{title}``, ``{year_label}`` are filled
#: in. A version's ``headings`` overrides any of them.
HEADINGS: dict[str, str] = {
    "preface": "Preface",
    "foreword": "Foreword",
    "introduction": "Introduction",
    "priority_setting": "{name} Priority Setting",
    "data": "What data we used and what it told us",
    "people": "What people told us",
    "local": "Local Community Safety Considerations",
    "year_setting": "Priority Setting – {title}",
    "governance": "{name} Governance",
    "subgroups": "{short} Subgroups",
    "linked_boards": "Linked Boards",
    "priorities": "Priorities",
    "why": "Why is this important?",
    "objective": "{short} Objective",
    "focus": "What is our focus?",
    "actions": "{year_label} - What will we do?",
    "appendices": "Appendices",
    "appendix1": "Appendix 1 – Priorities and cross-cutting themes of the county and the PCC",
    "appendix2": "Appendix 2 – {name} Structure and Priorities",
    "appendix3": "Appendix 3 – Summary of the sub-groups and working groups that work in each "
                 "of the priority areas",
    "appendix4": "Appendix 4 – Glossary of terms and acronyms",
}


def heading(overrides: Mapping[str, str], key: str, **values: str) -> str:
    """The heading of section ``key``: the version's own, else the default, filled in."""
    template = overrides.get(key) or HEADINGS[key]
    try:
        return template.format(**values).strip()
    except (KeyError, IndexError):
        return template


def paragraphs(text: str) -> list[str]:
    """Paragraphs of a text (separated by blank lines), with spacing tidied."""
    parts = [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n")]
    return [p for p in parts if p]


def texts_of(version: Any) -> dict[str, Any]:
    """A version's texts (and lists) as plain data, e.g. for a difference or a texts file."""
    out: dict[str, Any] = {name: getattr(version, name) for name in TEXT_FIELDS}
    out.update({name: getattr(version, name) for name in LIST_FIELDS})
    return out


_READ_KEYS = (*TEXT_FIELDS, *LIST_FIELDS, "meeting_date")


def read_texts(path: str | Path) -> dict[str, Any]:
    """The texts in a YAML file, checked (unknown keys and wrong types name the fix)."""
    p = Path(path)
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise FileFormatError(p, "no such file", "Check the path of the texts file") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
        raise FileFormatError(p, f"{where}not valid YAML ({getattr(exc, 'problem', exc)})",
                              "Check the indentation and quotes there") from None
    if not isinstance(data, Mapping):
        raise FileFormatError(p, "is not a mapping of texts",
                              "Write one `name: text` per line, e.g. `preface: ...`")
    unknown = sorted(set(data) - set(_READ_KEYS))
    if unknown:
        raise InputError(f"{p}: unknown key(s) {', '.join(unknown)}; the keys are "
                         f"{', '.join(_READ_KEYS)}")
    out: dict[str, Any] = {}
    for key, value in data.items():
        if key == "meeting_date":
            if not isinstance(value, dt.date):
                raise InputError(f"{p}: meeting_date {value!r} is not a date; write 2021-06-30")
        elif key == "headings":
            if not (isinstance(value, Mapping) and set(value) <= set(HEADINGS)):
                raise InputError(f"{p}: headings must map sections to headings; the sections "
                                 f"are {', '.join(HEADINGS)}")
        elif key == "implications":
            if not (isinstance(value, Mapping) and set(value) <= set(IMPLICATIONS)
                    and all(isinstance(v, str) for v in value.values())):
                raise InputError(f"{p}: implications must map sections to texts; the sections "
                                 f"are {', '.join(IMPLICATIONS)}")
        elif key in ("alternatives", "background_documents"):
            if not isinstance(value, list):
                raise InputError(f"{p}: {key} must be a list")
        elif not isinstance(value, str | int):
            raise InputError(f"{p}: {key} must be text, not {type(value).__name__}")
        out[key] = str(value) if isinstance(value, int) else value
    return out
