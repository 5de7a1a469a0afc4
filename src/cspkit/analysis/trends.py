"""Trends from the store: a district's street crime, and partner measures, by financial year.

:func:`district_trends` counts the store's ``street`` rows whose ``lsoa_code`` is one of the
district's LSOAs (:func:`cspkit.geography.areas_of_district`) by crime type and month, adds
an ``"All crime (excluding ASB)"`` series (ASB is not crime), leaves out the months the coverage
check flags for the district (``missing`` or ``low``; months outside the loaded span are ``no
data``), finds irregular months and years (:mod:`cspkit.analysis.irregular`) and compares the
selected year with the previous year and with the three before it
(:func:`cspkit.analysis.comparisons.compare_years`). A year the all-crime total flags as
irregular (e.g. the pandemic year) is left out of every crime type's forecast history, and any
comparison involving it says so.

:func:`partner_trends` does the same for the store's ``partner_measures``
(:func:`cspkit.sources.partner.load_partner`), one series per measure and source.

Both return a :class:`TrendReport`; what was excluded and which defaults were used is announced
on stderr unless ``quiet``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import cast

import pandas as pd

from cspkit.analysis._checks import announce
from cspkit.analysis.comparisons import ALL_CRIME, ASB, compare_years, require_year
from cspkit.analysis.irregular import (
    IRREGULAR,
    Breaks,
    IrregularResult,
    IrregularRules,
    irregular_months,
)
from cspkit.analysis.periods import Exclusions, counts_by_period, describe_months, exclusions
from cspkit.analysis.policy import ComparisonPolicy
from cspkit.calendar import financial_year_months, parse_financial_year
from cspkit.errors import GeographyError, InputError, NotLoadedError
from cspkit.geography import DistrictAreas, areas_of_district
from cspkit.sources.partner import TABLE as PARTNER_TABLE
from cspkit.store import Store
from cspkit.store.coverage import coverage

__all__ = [
    "ALL_CRIME",
    "ASB",
    "TrendReport",
    "district_exclusions",
    "district_monthly",
    "district_trends",
    "irregular_status",
    "partner_monthly",
    "partner_trends",
]

_MAIN_FORCE_SHARE = 0.10


@dataclass(frozen=True)
class TrendReport:
    """Everything a strategic assessment needs about the trends of one set of series."""

    year: str
    comparisons: pd.DataFrame
    """:func:`~cspkit.analysis.comparisons.compare_years` rows: two per series."""
    by_year: pd.DataFrame
    """Financial-year counts (:func:`~cspkit.analysis.periods.counts_by_period`)."""
    monthly: pd.DataFrame
    """The monthly series compared."""
    excluded: pd.DataFrame
    """Months left out: ``month``, ``reason``."""
    irregular: IrregularResult | None
    note: str


def _areas(store: Store, district: str | DistrictAreas) -> DistrictAreas:
    return district if isinstance(district, DistrictAreas) else areas_of_district(store, district)


def district_monthly(store: Store, district: str | DistrictAreas) -> pd.DataFrame:
    """Street rows in the district's LSOAs: ``crime_type, month, count`` (combinations present).

    ``district`` is a district code (``"E07000110"``) or its :class:`DistrictAreas`.
    """
    areas = _areas(store, district)
    con = store.connect()
    try:
        con.register("_district_lsoas", pd.DataFrame({"lsoa_code": list(areas.lsoa_codes)}))
        out: pd.DataFrame = con.sql(
            "SELECT crime_type, month, count(*) AS count FROM street WHERE lsoa_code IN "
            "(SELECT lsoa_code FROM _district_lsoas) GROUP BY ALL ORDER BY ALL"
        ).df()
        return out
    finally:
        con.close()


def district_exclusions(
    store: Store, district: str | DistrictAreas
) -> tuple[dict[str, str], list[str]]:
    """(months to leave out with their reason, months with data) for a district.

    From :func:`cspkit.store.coverage.coverage` counted in the district's LSOAs, for every force
    holding at least 10% of the district's rows; with several forces the reason names it.
    """
    areas = _areas(store, district)
    cov = coverage(store, lsoa_codes=areas.lsoa_codes)
    rows = cov.groupby("force")["rows"].sum()
    main = [f for f, n in rows.items() if n >= _MAIN_FORCE_SHARE * rows.sum()] or list(rows.index)
    cov = cov[cov["force"].isin(main)]
    skip: dict[str, str] = {}
    for force, month, flag in cov[["force", "month", "flag"]].itertuples(index=False):
        if flag != "ok":
            why = f"{flag} ({force})" if len(main) > 1 else str(flag)
            skip[month] = f"{skip[month]}, {why}" if month in skip else why
    available = sorted(set(cov.loc[cov["flag"] != "missing", "month"]))
    return skip, available


def _with_total(monthly: pd.DataFrame) -> pd.DataFrame:
    crime = monthly[monthly["crime_type"] != ASB]
    total = crime.groupby("month", as_index=False)["count"].sum().assign(crime_type=ALL_CRIME)
    return cast("pd.DataFrame",
                pd.concat([monthly, total[["crime_type", "month", "count"]]], ignore_index=True))


def _district_irregular(
    series: pd.DataFrame, skip: dict[str, str], available: list[str], breaks: Breaks,
    known: Exclusions, rules: IrregularRules | None,
) -> IrregularResult:
    """Irregular months: the total first; years it flags become known for the crime types."""

    def run(part: pd.DataFrame, known_months: Exclusions) -> IrregularResult:
        return irregular_months(part, by="crime_type", excluded=skip, breaks=breaks,
                                known_irregular=known_months, available=available, rules=rules,
                                quiet=True)

    total = run(series[series["crime_type"] == ALL_CRIME], known)
    bad = total.years[total.years["flag"].isin(IRREGULAR)]
    auto = {m: f"all crime {flag} in {fy}" for fy, flag in zip(bad["financial_year"],
            bad["flag"], strict=True) for m in financial_year_months(fy)}
    cats = run(series[series["crime_type"] != ALL_CRIME], {**exclusions(known), **auto})
    note = cats.note
    if auto:
        note += (f" Years the all-crime total flags ({', '.join(bad['financial_year'])}) are "
                 "left out of every crime type's history.")
    return IrregularResult(
        months=pd.concat([cats.months, total.months], ignore_index=True),
        years=pd.concat([cats.years, total.years], ignore_index=True),
        excluded=total.excluded, breaks=total.breaks, note=note,
    )


def _irregular_years(irr: IrregularResult | None, cols: Sequence[str]
                     ) -> dict[tuple[object, ...], str]:
    if irr is None:
        return {}
    y = irr.years[irr.years["flag"].isin(IRREGULAR)]
    return {(*(r[c] for c in cols), r["financial_year"]): str(r["flag"])
            for r in y.to_dict("records")}


def _district_irregular_years(irr: IrregularResult | None) -> dict[tuple[object, ...], str]:
    """Each crime type's irregular years, plus the years the all-crime total flags."""
    own = _irregular_years(irr, ["crime_type"])
    area_wide = {y: f for (ct, y), f in own.items() if ct == ALL_CRIME}
    types = {ct for (ct, _y) in own} | (set(irr.years["crime_type"]) if irr is not None else set())
    for ct in types:
        for y, flag in area_wide.items():
            own.setdefault((ct, y), f"{flag} (all crime)")
    return own


def district_trends(
    store: Store,
    lad_code: str,
    year: str,
    *,
    breaks: Breaks = None,
    known_irregular: Exclusions = None,
    check_irregular: bool = True,
    policy: ComparisonPolicy | None = None,
    irregular_rules: IrregularRules | None = None,
    quiet: bool = False,
) -> TrendReport:
    """Street crime trends of district ``lad_code`` for financial ``year`` (module docstring).

    Raises :class:`~cspkit.errors.GeographyError` for an unknown district and
    :class:`~cspkit.errors.NotLoadedError` when the year has no data.
    """
    areas = areas_of_district(store, lad_code)
    monthly = district_monthly(store, areas)
    where = f"{areas.lad_name} ({areas.lad_code})"
    if monthly.empty:
        raise NotLoadedError(
            f"the store has no street rows in the LSOAs of {where}; load its police force's "
            "street files (`cspkit load police FILES`, or `cspkit fetch police`)"
        )
    skip, available = district_exclusions(store, areas)
    series = _with_total(monthly)
    by_year = counts_by_period(series, by="crime_type", excluded=skip, available=available)
    what = f"street crime data in {where}"
    require_year(by_year, year, what)
    irr = _district_irregular(series, skip, available, breaks, known_irregular,
                              irregular_rules) if check_irregular else None
    declared = {m: f"declared irregular ({why})" for m, why in exclusions(known_irregular).items()}
    comp = compare_years(series, year, by="crime_type", excluded={**declared, **skip},
                         available=available,
                         breaks=breaks, irregular_years=_district_irregular_years(irr),
                         policy=policy, what=what)
    note = _report_note(f"Police-recorded street crime and ASB in the LSOAs of {where}", skip,
                        policy, irr, parse_financial_year(year))
    announce(f"district_trends(): {note}", quiet)
    return TrendReport(
        year=str(comp["after_period"].iloc[0]), comparisons=comp, by_year=by_year,
        monthly=series, excluded=pd.DataFrame(sorted(skip.items()), columns=["month", "reason"]),
        irregular=irr, note=note,
    )


def _report_note(what: str, skip: dict[str, str], policy: ComparisonPolicy | None,
                 irr: IrregularResult | None, year: str) -> str:
    p = policy or ComparisonPolicy()
    text = (f"{what}, by financial year (April to March). Excluded months: "
            f"{describe_months(skip) or 'none'}. {p.describe()}")
    return text + " " + irregular_status(irr, year)


def irregular_status(irr: IrregularResult | None, year: str) -> str:
    """Whether the irregular-month check ran for ``year``, in words: never silence, which
    would read as "no irregular months"."""
    if irr is None:
        return f"The irregular-month check was not run: the months of {year} were not checked."
    rows = irr.years[irr.years["financial_year"] == year]
    flags = [str(f) for f in rows["flag"]]
    not_run = [f for f in flags if f.startswith("not assessed")]
    if flags and len(not_run) == len(flags):
        why = not_run[0].removeprefix("not assessed: ")
        return (f"The irregular-month check could not run for {year}: {why}. Its months were "
                "not checked, so nothing here says whether they were regular.")
    text = f"Irregular months: {irr.note}"
    if not_run:
        text += (f" For {len(not_run)} of the {len(flags)} series the check could not run in "
                 f"{year}: {not_run[0].removeprefix('not assessed: ')}.")
    return text


def partner_monthly(
    store: Store, *, measures: Sequence[str] | None = None, area_code: str | None = None
) -> pd.DataFrame:
    """Partner measures per month: ``measure, source, month, value``.

    ``area_code`` keeps one area's rows. Without it, each (measure, source) gives the whole
    partnership area: its rows without an area code when it has any, else the sum of its
    areas' rows.
    """
    if PARTNER_TABLE not in store.table_names():
        raise NotLoadedError(
            f"the store at {store.root} has no partner measures; load a partner CSV or XLSX "
            "first (cspkit.sources.partner.load_partner)"
        )
    t = store.read_table(PARTNER_TABLE).to_pandas()
    if measures is not None:
        unknown = sorted(set(measures) - set(t["measure"]))
        if unknown:
            raise InputError(
                f"no partner measure {', '.join(map(repr, unknown))} in the store; "
                f"it has {', '.join(map(repr, sorted(set(t['measure']))))}"
            )
        t = t[t["measure"].isin(measures)]
    if area_code is not None:
        if area_code not in set(t["area_code"].dropna()):
            raise GeographyError(
                f"no partner rows for area {area_code!r}; areas present: "
                f"{', '.join(sorted(set(t['area_code'].dropna()))) or 'none (whole area only)'}"
            )
        t = t[t["area_code"] == area_code]
    else:
        whole = t["area_code"].isna().groupby([t["measure"], t["source"]]).transform("any")
        t = t[~whole | t["area_code"].isna()]
    out: pd.DataFrame = t.groupby(["measure", "source", "month"], as_index=False)["value"].sum()
    return out


def partner_trends(
    store: Store,
    year: str,
    *,
    measures: Sequence[str] | None = None,
    area_code: str | None = None,
    breaks: Breaks = None,
    policy: ComparisonPolicy | None = None,
    irregular_rules: IrregularRules | None = None,
    quiet: bool = False,
) -> TrendReport:
    """Trends of partner measures for financial ``year``, one series per measure and source.

    A series' months run from its first to its last reported month; a month it does not report
    in that span is ``no data`` (never zero). Series with no month in ``year`` are left out and
    named in ``note``; if none has one, :class:`~cspkit.errors.NotLoadedError`.
    """
    monthly = partner_monthly(store, measures=measures, area_code=area_code)
    cols = ["measure", "source"]
    comps, irrs, years, lacking = [], [], [], []
    for (measure, source), g in monthly.groupby(cols, sort=True):
        irr = irregular_months(g, value="value", by=cols, breaks=breaks, available=g["month"],
                               rules=irregular_rules, quiet=True)
        try:
            comps.append(compare_years(
                g, year, value="value", by=cols, available=g["month"], breaks=breaks,
                irregular_years=_irregular_years(irr, cols), policy=policy,
                what=f"{measure!r} ({source}) data"))
        except NotLoadedError:
            lacking.append(f"{measure} ({source})")
            continue
        irrs.append(irr)
        years.append(counts_by_period(g, value="value", by=cols, available=g["month"]))
    if not comps:
        raise NotLoadedError(
            f"no partner measure has data for {parse_financial_year(year)}; the store's "
            f"partner months run from {monthly['month'].min()} to {monthly['month'].max()}: "
            "load the partner files of that year or choose another year"
        )
    irr_all = IrregularResult(
        months=pd.concat([i.months for i in irrs], ignore_index=True),
        years=pd.concat([i.years for i in irrs], ignore_index=True),
        excluded=pd.DataFrame(columns=["month", "reason"]), breaks=irrs[0].breaks,
        note=irrs[0].note,
    )
    comp = pd.concat(comps, ignore_index=True)
    note = _report_note("Partner measures" + (f" for area {area_code}" if area_code else ""),
                        {}, policy, irr_all, parse_financial_year(year))
    if lacking:
        note += f" No data for {comp['after_period'].iloc[0]}: {', '.join(lacking)}."
    announce(f"partner_trends(): {note}", quiet)
    return TrendReport(
        year=str(comp["after_period"].iloc[0]), comparisons=comp,
        by_year=pd.concat(years, ignore_index=True), monthly=monthly,
        excluded=pd.DataFrame(columns=["month", "reason"]), irregular=irr_all, note=note,
    )
