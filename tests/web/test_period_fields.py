"""The web forms and the records read years and periods through cspkit.calendar: the forms of
tests/test_calendar.py accepted and kept as cspkit writes them, or refused with its message."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import RequestFactory

from cspkit.actions.models import ActionPlan
from cspkit.indicators.models import Measurement
from cspkit.partnership.validators import validate_financial_year
from cspkit.plans.models import PlanVersion
from cspkit.web.forms.plans import StartForm
from cspkit.web.views.dashboard import _year
from tests.test_calendar import FINANCIAL_YEARS, NOT_FINANCIAL_YEARS, NOT_QUARTERS, QUARTERS


@pytest.mark.parametrize(("typed", "written"), FINANCIAL_YEARS)
def test_the_start_form_takes_every_form_of_a_year(typed: str, written: str) -> None:
    form = StartForm({"title": "June 2022 Update", "year": typed})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["year"] == written


@pytest.mark.parametrize(("typed", "message"), NOT_FINANCIAL_YEARS)
def test_the_start_form_refuses_with_the_calendars_message(typed: str, message: str) -> None:
    form = StartForm({"title": "June 2022 Update", "year": typed})
    assert not form.is_valid()
    assert form.errors == {"year": [message]}


def test_the_start_form_may_leave_the_year_to_follow() -> None:
    form = StartForm({"title": "June 2022 Update", "year": ""})
    assert form.is_valid() and form.cleaned_data["year"] == ""


@pytest.mark.parametrize("model", [PlanVersion, ActionPlan])
def test_records_keep_a_year_as_cspkit_writes_it(model: type) -> None:
    field = model._meta.get_field("year")
    for typed, written in FINANCIAL_YEARS:
        assert field.clean(typed, None) == written
        validate_financial_year(typed)
    for typed, message in NOT_FINANCIAL_YEARS:
        with pytest.raises(ValidationError) as info:
            field.clean(typed, None)
        assert info.value.messages == [message]
        with pytest.raises(ValidationError) as info:
            validate_financial_year(typed)
        assert info.value.messages == [message]
    assert field.deconstruct()[1] == "django.db.models.CharField"  # no migration for the reading


def test_measurements_keep_a_period_as_cspkit_writes_it() -> None:
    for typed, written in QUARTERS:
        m = Measurement(period=typed, value=1)
        m.clean()
        assert m.period == written
    for typed, message in NOT_QUARTERS[:4]:
        with pytest.raises(ValidationError) as info:
            Measurement(period=typed, value=1).clean()
        assert info.value.message_dict == {"period": [message]}


def test_the_dashboard_reads_any_form_of_the_year_asked_for(rf: RequestFactory) -> None:
    years = ["2024/25", "2023/24"]
    for typed, written in (("2023/24", "2023/24"), ("FY 2023-24", "2023/24"),
                           ("2023-2024", "2023/24"), ("2023", "2024/25"), ("", "2024/25")):
        assert _year(rf.get("/p/a/", {"year": typed}), years) == written
    assert _year(rf.get("/p/a/"), []) is None
