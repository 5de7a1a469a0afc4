"""Validators shared by the partnership apps; messages name the value and the expected form."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

FINANCIAL_YEAR = re.compile(r"^(\d{4})/(\d{2})$")


def validate_text_list(value: object) -> None:
    """A list of non-empty strings (e.g. a body's functions)."""
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError(f"{value!r} is not a list of texts; give e.g. ['Provide leadership']")


def validate_financial_year(value: str) -> None:
    """``2021/22``: April 2021 to March 2022."""
    m = FINANCIAL_YEAR.match(value or "")
    if not m or (int(m.group(1)) + 1) % 100 != int(m.group(2)):
        raise ValidationError(
            f"{value!r} is not a financial year; write it as 2021/22 (April 2021 to March 2022)"
        )


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
