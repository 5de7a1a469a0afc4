"""The strategic assessment's theme sections: police series and partner measures, each with
its change against the years before and its monthly chart."""

from __future__ import annotations

import pandas as pd

from cspkit.assessment import charts
from cspkit.assessment.assemble import StrategicAssessment
from cspkit.assessment.config import Theme
from cspkit.assessment.findings import change_sentence
from cspkit.reports import Figure, Paragraph, Section

__all__ = ["partner_figure", "partner_monthly", "theme_section"]


def theme_section(s: Section, sa: StrategicAssessment, theme: Theme) -> None:
    """A theme: per crime type its change and monthly chart, then each partner measure's
    change and monthly chart beside them (partner data charted like police data)."""
    if theme.why:
        s.add(Paragraph(theme.why))
    for crime_type in theme.crime_types:
        row = sa.comparison(crime_type)
        sub = s.sub(crime_type)
        if row is None:
            sub.add(Paragraph(f"No {crime_type.lower()} was recorded in the data for {sa.year}."))
            continue
        sub.add(Paragraph(change_sentence(crime_type, row)))
        three = sa.comparison(crime_type, "average of the three years before")
        if three is not None:
            sub.add(
                Paragraph(
                    "Against the average of the three years before: "
                    + change_sentence(crime_type, three)
                )
            )
        sub.add(
            Figure(
                f"{crime_type}: incidents per month",
                charts.monthly_series(
                    sa.trends.monthly, crime_type, sa.year, set(sa.trends.excluded["month"])
                ),
                alt_text=f"Monthly {crime_type} counts",
                source=sa.sources["trends"],
            )
        )
    for measure in theme.partner_measures:
        row = sa.comparison(measure)
        sub = s.sub(measure)
        sub.add(
            Paragraph(
                change_sentence(measure, row)
                if row is not None
                else f"The partner measure '{measure}' is not loaded for {sa.year}."
            )
        )
        figure = partner_figure(sa, measure)
        if figure is not None:
            sub.add(figure)


def partner_monthly(sa: StrategicAssessment, measure: str) -> pd.DataFrame:
    """One partner measure's monthly values (all its sources summed), shaped as the police
    series are (``crime_type``, ``month``, ``count``); empty when not loaded."""
    if sa.partner is None or "measure" not in sa.partner.monthly.columns:
        return pd.DataFrame(columns=["crime_type", "month", "count"])
    m = sa.partner.monthly
    rows = pd.DataFrame(m[m["measure"] == measure].groupby("month", as_index=False)["value"].sum())
    return rows.rename(columns={"value": "count"}).assign(crime_type=measure)


def partner_figure(sa: StrategicAssessment, measure: str) -> Figure | None:
    monthly = partner_monthly(sa, measure)
    if monthly.empty:
        return None
    sources = sorted(set(sa.partner.monthly.loc[sa.partner.monthly["measure"] == measure,
                                                "source"])) if sa.partner is not None else []
    return Figure(
        f"{measure} (partner data): per month",
        charts.monthly_series(monthly, measure, sa.year, set()),
        alt_text=f"Monthly {measure} recorded by {', '.join(sources) or 'partners'}",
        source=f"{sa.sources.get('partner', 'partner measures')}; "
               f"{', '.join(sources) or 'partner'} data, {monthly['month'].min()} to "
               f"{monthly['month'].max()}",
    )
