"""Recording an indicator's values: entered by a person, or computed from the store."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction

from cspkit.calendar import parse_period
from cspkit.indicators.models import Indicator, Measurement
from cspkit.indicators.queries import get_query, run_query
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
    Existing measurements of the same periods are updated (each change audited). Where the
    query counts events, each measurement's provenance also keeps its months' counts
    (``monthly``), from which the comparison policy tests the indicator's trend.
    """
    if indicator.source != Indicator.Source.QUERY:
        raise ValidationError(f"{indicator} is entered by a person; it has no query to run")
    result = run_query(store, indicator.query, indicator.params)
    monthly = _monthly_counts(store, indicator)
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
            if monthly is not None:
                m.provenance["monthly"] = _months_of(period, monthly)
            saved.append(save_record(user, m))
    return saved


def _monthly_counts(store: Store, indicator: Indicator) -> dict[str, float] | None:
    """The indicator's counts month by month (None where its query does not count events)."""
    if not get_query(indicator.query).counts:
        return None
    params = {**indicator.params, "period": "month"}
    table = run_query(store, indicator.query, params).table
    return {str(r["period"]): float(r["value"]) for r in table.to_dict("records")}


def _months_of(period: str, monthly: dict[str, float]) -> dict[str, float]:
    p = parse_period(period)
    first, last = p.start.strftime("%Y-%m"), p.end.strftime("%Y-%m")
    return {m: v for m, v in monthly.items() if first <= m <= last}
