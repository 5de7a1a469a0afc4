"""Recording an indicator's values: entered by a person, or computed from the store."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cspkit.indicators.models import Indicator, Measurement
from cspkit.indicators.queries import run_query
from cspkit.partnership.services import save_record
from cspkit.store import Store

__all__ = ["record_measurement", "refresh_from_store"]


def record_measurement(
    user: Any,
    indicator: Indicator,
    period: str,
    value: float,
    *,
    note: str = "",
    source: str = "",
) -> Measurement:
    """Enter (or correct) a manual indicator's value for ``period``, e.g. ``2021/22 Q1``.

    The provenance records who entered it and from what (``source``, else the indicator's
    source note). Raises ValidationError for an indicator computed from the store.
    """
    if indicator.source != Indicator.Source.MANUAL:
        raise ValidationError(
            f"{indicator} is computed from the store by the query {indicator.query!r}; its "
            "values are refreshed from the data, not entered"
        )
    m = Measurement.objects.filter(indicator=indicator, period=str(period)).first()
    m = m or Measurement(indicator=indicator, period=str(period))
    m.value = float(value)
    m.note = note
    m.provenance = {
        "entered_by": user.get_username(),
        "source": source or indicator.source_note,
    }
    return save_record(user, m)


def refresh_from_store(
    user: Any, indicator: Indicator, store: Store, *, include_incomplete: bool = False
) -> list[Measurement]:
    """Run the indicator's named query and record one measurement per period.

    Periods with months missing from the store are left out unless ``include_incomplete``.
    Existing measurements of the same periods are updated (each change audited).
    """
    if indicator.source != Indicator.Source.QUERY:
        raise ValidationError(f"{indicator} is entered by a person; it has no query to run")
    result = run_query(store, indicator.query, indicator.params)
    saved: list[Measurement] = []
    with transaction.atomic():
        for row in result.table.to_dict("records"):
            if not (row["complete"] or include_incomplete):
                continue
            period = str(row["period"])
            m = Measurement.objects.filter(indicator=indicator, period=period).first()
            m = m or Measurement(indicator=indicator, period=period)
            m.value = float(row["value"])
            m.provenance = {**result.provenance, "months_in_period": int(row["months"])}
            saved.append(save_record(user, m))
    return saved
