"""Validators shared by the partnership apps; messages name the value and the expected form."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from cspkit.calendar import parse_financial_year
from cspkit.errors import InputError


def validate_text_list(value: object) -> None:
    """A list of non-empty strings (e.g. a body's functions)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError(f"{value!r} is not a list of texts; give e.g. ['Provide leadership']")


def validate_financial_year(value: str) -> None:
    """A financial year in a form :func:`cspkit.calendar.parse_financial_year` reads."""
    try:
        parse_financial_year(value)
    except InputError as error:
        raise ValidationError(str(error)) from None


def validate_ward_codes(value: object) -> None:
    """A list of ONS ward codes such as ``E05005003``."""
    if not isinstance(value, list):
        raise ValidationError(f"{value!r} is not a list of ward codes; give e.g. ['E05005003']")
    for code in value:
        if not (isinstance(code, str) and len(code) == 9 and code[:3] in ("E05", "W05")):
            raise ValidationError(
                f"{code!r} is not an ONS ward code; expected 9 characters starting with E05 or "
                "W05, e.g. E05005003"
            )


def validate_json_object(value: object) -> None:
    """A mapping (JSON object)."""
    if not isinstance(value, dict):
        raise ValidationError(f"{value!r} is not a mapping of names to values")
