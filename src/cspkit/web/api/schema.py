"""The JSON API's input schema: what a PATCH of a plan version may hold, checked before
anything is changed. A body that does not fit answers 400 with the field and the problem.

    {
      "<text>": "..."                      any of cspkit.plans.texts.TEXT_FIELDS, or "title"
      "year": "2021/22"
      "meeting_date": "2021-06-30" | null
      "headings": {"<section>": "..."}      sections of cspkit.plans.texts.HEADINGS
      "alternatives": [{"option": "...", "why_not": "..."}]
      "background_documents": ["..."]
      "priorities": {"<key>": {"<field>": "..."}}   fields of cspkit.plans.content.PRIORITY_FIELDS
    }
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from cspkit.errors import SchemaError
from cspkit.plans.content import PRIORITY_FIELDS
from cspkit.plans.texts import HEADINGS, TEXT_FIELDS

__all__ = ["MAX_TEXT", "SchemaError", "check_patch"]

#: The longest text a field may hold (characters).
MAX_TEXT = 20_000


def _text(value: Any, field: str, *, empty: bool = True) -> str:
    if not isinstance(value, str):
        raise SchemaError(field, f"must be text (a JSON string), not {_kind(value)}")
    if len(value) > MAX_TEXT:
        raise SchemaError(field, f"is {len(value):,} characters long; at most {MAX_TEXT:,}")
    if not empty and not value.strip():
        raise SchemaError(field, "must not be empty")
    return value


def _kind(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "text", bool: "true or false",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _object(value: Any, field: str, example: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise SchemaError(field, f"must be an object such as {example}, not {_kind(value)}")
    return value


def _keys(value: dict[str, Any], allowed: Any, field: str) -> None:
    unknown = sorted(set(value) - set(allowed))
    if unknown:
        where = f"{field}." if field else ""
        raise SchemaError(f"{where}{unknown[0]}", f"is not a field here; the fields are "
                          f"{', '.join(sorted(allowed))}")


def _list_of(value: Any, field: str, item: Any) -> list[Any]:
    if not isinstance(value, list):
        raise SchemaError(field, f"must be a list, not {_kind(value)}")
    return [item(v, f"{field}[{i}]") for i, v in enumerate(value)]


def _alternative(value: Any, field: str) -> dict[str, str]:
    entry = _object(value, field, '{"option": "...", "why_not": "..."}')
    _keys(entry, ("option", "why_not"), field)
    return {k: _text(v, f"{field}.{k}") for k, v in entry.items()}


def _date(value: Any, field: str) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(_text(value, field))
    except ValueError:
        raise SchemaError(field, f"{value!r} is not a date; write it as 2021-06-30") from None


_SIMPLE = {*TEXT_FIELDS, "title", "year"}
FIELDS = sorted({*_SIMPLE, "meeting_date", "headings", "alternatives", "background_documents",
                 "priorities"})


def check_patch(body: Any) -> tuple[dict[str, Any], dict[str, dict[str, str]]]:
    """The texts and the priorities' changes of a PATCH body; :class:`SchemaError` if it does
    not fit the schema above."""
    body = _object(body, "body", '{"foreword": "..."}')
    _keys(body, FIELDS, "")
    texts: dict[str, Any] = {}
    for name, value in body.items():
        if name in _SIMPLE:
            texts[name] = _text(value, name, empty=name not in ("title", "year"))
        elif name == "meeting_date":
            texts[name] = _date(value, name)
        elif name == "headings":
            headings = _object(value, name, '{"foreword": "Foreword"}')
            _keys(headings, HEADINGS, name)
            texts[name] = {k: _text(v, f"{name}.{k}") for k, v in headings.items()}
        elif name == "alternatives":
            texts[name] = _list_of(value, name, _alternative)
        elif name == "background_documents":
            texts[name] = _list_of(value, name, _text)
    priorities: dict[str, dict[str, str]] = {}
    if "priorities" in body:
        given = _object(body["priorities"], "priorities", '{"domestic-abuse": {"title": "..."}}')
        for key, fields in given.items():
            where = f"priorities.{key}"
            entry = _object(fields, where, '{"title": "..."}')
            _keys(entry, PRIORITY_FIELDS, where)
            priorities[key] = {k: _text(v, f"{where}.{k}", empty=k != "title")
                               for k, v in entry.items()}
    return texts, priorities
