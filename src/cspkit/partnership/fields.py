"""Fields that read a financial year in any form :mod:`cspkit.calendar` accepts and keep the
form it writes (``FY 2021-22`` -> ``2021/22``), refusing others with the calendar's message.

:class:`FinancialYearField` is the model field (a plain ``CharField`` in migrations: only the
reading differs); :class:`FinancialYearFormField` the form field, used by the web forms and the
admin.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from cspkit.calendar import parse_financial_year
from cspkit.errors import InputError

__all__ = ["FinancialYearField", "FinancialYearFormField"]

#: Long enough for every accepted form (``FY 2021/2022``); the value kept has 7 characters.
TYPED_LENGTH = 20


def _financial_year(value: Any, empty: Any) -> Any:
    if value in empty:
        return value
    try:
        return parse_financial_year(value)
    except InputError as error:
        raise ValidationError(str(error), code="invalid") from None


class FinancialYearFormField(forms.CharField):
    """A form's financial year, cleaned to ``2021/22``."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs["max_length"] = TYPED_LENGTH
        kwargs.setdefault("help_text", "For example, 2022/23")
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> Any:
        return _financial_year(super().to_python(value), self.empty_values)


class FinancialYearField(models.CharField):
    """A model's financial year: ``full_clean`` keeps it as ``2021/22``."""

    def to_python(self, value: Any) -> Any:
        return _financial_year(super().to_python(value), self.empty_values)

    def formfield(self, **kwargs: Any) -> Any:
        return super().formfield(**{"form_class": FinancialYearFormField, **kwargs})

    def deconstruct(self) -> Any:
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.CharField", args, kwargs
