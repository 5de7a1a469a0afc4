"""Before/after evaluation of a problem-solving response: the Assessment step of OSARA.

For a target area, a comparison area, a displacement buffer around the target and (optionally)
a comparison for the buffer, crimes are counted in a *before* and an *after* period of the same
length. Then:

**Weighted displacement difference** (Wheeler, A. P. and Ratcliffe, J. H. (2018) "A simple
weighted displacement difference test to evaluate place based crime interventions", *Crime
Science* 7:11, building on Ratcliffe's (2005) weighted displacement quotient), with
``X_b``/``X_a`` the counts before/after::

    WDD = (T_a - T_b) - (C_a - C_b) + (D_a - D_b) - (E_a - E_b)
    Var(WDD) = T_b + T_a + C_b + C_a + D_b + D_a + E_b + E_a      (counts taken as Poisson)
    z = WDD / sqrt(Var(WDD)),  p two-sided from the standard normal

T target, C comparison, D displacement buffer, E the buffer's comparison. Without a buffer the
D and E terms are 0; without a buffer comparison the E term is 0, so the buffer's own change is
counted as displacement (say so when reporting it). A negative WDD is a fall in crime net of
the comparison and of displacement. The *local* part ``(T_a - T_b) - (C_a - C_b)`` and the
*displacement* part ``(D_a - D_b) - (E_a - E_b)`` are tested the same way (variance = the sum
of their four counts).

**Poisson E-test** on the target alone (``scipy.stats.poisson_means_test``: after count over
after months against before count over before months; Krishnamoorthy and Thomson, 2004).

A plain-English :attr:`Evaluation.verdict` sums it up, its words matching its tests: the WDD
decides "a statistically significant fall/rise" or "no significant change", at the product's
one significance level (:class:`cspkit.analysis.policy.ComparisonPolicy`, 0.05 unless set);
the local and displacement parts are each described by their own test. When the target was
chosen for its high crime (``chosen_for_high_crime``, e.g. a focus area picked from the top of
a ranking), the verdict adds the **regression-to-the-mean** caveat: unusually high counts tend
to fall back by themselves.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeAlias

import numpy as np
import pandas as pd
import shapely
from pyproj import Transformer
from scipy.stats import norm, poisson_means_test
from shapely.geometry.base import BaseGeometry

from cspkit.analysis.places._common import codes_text
from cspkit.analysis.policy import ComparisonPolicy
from cspkit.errors import GeographyError, InputError

__all__ = ["FORMULA", "Evaluation", "WddResult", "before_after", "buffer_zone", "wdd"]

FORMULA = (
    "WDD = (T_after - T_before) - (C_after - C_before) + (D_after - D_before) - "
    "(E_after - E_before); Var(WDD) = sum of the eight counts (Poisson); z = WDD / sqrt(Var); "
    "Wheeler and Ratcliffe (2018), Crime Science 7:11"
)
_MONTH = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")

Pair: TypeAlias = tuple[int, int]
Area: TypeAlias = "Sequence[str] | BaseGeometry"


def _z_p(estimate: float, variance: float) -> tuple[float, float, float]:
    se = math.sqrt(variance)
    if se == 0:
        return 0.0, 0.0, 1.0
    z = estimate / se
    return se, z, float(2 * norm.sf(abs(z)))


@dataclass(frozen=True)
class WddResult:
    """The weighted displacement difference and its parts (module doc)."""

    target: Pair
    comparison: Pair
    buffer: Pair | None
    buffer_comparison: Pair | None
    local: float
    local_se: float
    local_p: float
    displacement: float
    displacement_se: float
    displacement_p: float
    wdd: float
    variance: float
    se: float
    z: float
    p: float
    ci_low: float
    ci_high: float
    alpha: float


def _pair(name: str, value: Sequence[int] | None) -> Pair | None:
    if value is None:
        return None
    try:
        b, a = (int(v) for v in value)
    except (TypeError, ValueError):
        raise InputError(f"wdd: {name}={value!r} must be a pair (before, after) of counts"
                         ) from None
    if b < 0 or a < 0:
        raise InputError(f"wdd: {name}={value!r} has a negative count; counts are 0 or more")
    return b, a


ALPHA = ComparisonPolicy.alpha
RTM = ("The target area was chosen for its high crime, so part of any fall may be regression to "
       "the mean: unusually high counts tend to fall back by themselves. The comparison area "
       "allows for this only if it was chosen the same way.")


def wdd(target: Sequence[int], comparison: Sequence[int], buffer: Sequence[int] | None = None,
        buffer_comparison: Sequence[int] | None = None, *, alpha: float = ALPHA) -> WddResult:
    """WDD of (before, after) counts; see the module doc for the formula and its source."""
    t, c = _pair("target", target), _pair("comparison", comparison)
    d, e = _pair("buffer", buffer), _pair("buffer_comparison", buffer_comparison)
    assert t is not None and c is not None
    if e is not None and d is None:
        raise InputError("wdd: buffer_comparison is given without buffer; give both or neither")
    if not 0 < alpha < 1:
        raise InputError(f"wdd: alpha={alpha!r} must be between 0 and 1, e.g. 0.05")
    local = (t[1] - t[0]) - (c[1] - c[0])
    local_var = sum(t) + sum(c)
    dd, ee = d or (0, 0), e or (0, 0)
    disp = (dd[1] - dd[0]) - (ee[1] - ee[0])
    disp_var = sum(dd) + sum(ee)
    total, var = local + disp, local_var + disp_var
    se, z, p = _z_p(total, var)
    level = float(norm.ppf(1 - alpha / 2))
    return WddResult(
        target=t, comparison=c, buffer=d, buffer_comparison=e,
        local=float(local), local_se=math.sqrt(local_var), local_p=_z_p(local, local_var)[2],
        displacement=float(disp), displacement_se=math.sqrt(disp_var),
        displacement_p=_z_p(disp, disp_var)[2],
        wdd=float(total), variance=float(var), se=se, z=z, p=p,
        ci_low=total - level * se, ci_high=total + level * se, alpha=alpha,
    )


# -- counting ----------------------------------------------------------------------------------


def _months(name: str, period: Sequence[str]) -> list[str]:
    try:
        first, last = period
    except (TypeError, ValueError):
        raise InputError(f"before_after: {name}={period!r} must be (first month, last month), "
                         "e.g. ('2021-04', '2021-09')") from None
    for m in (first, last):
        if not isinstance(m, str) or not _MONTH.match(m):
            raise InputError(f"before_after: {name} month {m!r} is not a month; write YYYY-MM")
    if first > last:
        raise InputError(f"before_after: {name} starts at {first} after it ends at {last}")
    months = [str(p) for p in pd.period_range(first, last, freq="M")]
    return months


def _mask(rows: pd.DataFrame, area: Area, column: str, xy: tuple[np.ndarray, np.ndarray] | None
          ) -> np.ndarray:
    if isinstance(area, BaseGeometry):
        assert xy is not None
        inside = shapely.contains_xy(area, xy[0], xy[1])
        return np.asarray(inside, dtype=bool)
    return rows[column].isin([str(a) for a in area]).to_numpy()


def _points(rows: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    if not {"longitude", "latitude"} <= set(rows.columns):
        raise InputError("before_after: an area given as a polygon needs rows with longitude "
                         "and latitude (the store's street rows have them)")
    lon = pd.to_numeric(rows["longitude"], errors="coerce").to_numpy(dtype=float)
    lat = pd.to_numeric(rows["latitude"], errors="coerce").to_numpy(dtype=float)
    x, y = Transformer.from_crs("EPSG:4326", "EPSG:27700", always_xy=True).transform(lon, lat)
    return np.asarray(x), np.asarray(y)


def _check_codes(areas: dict[str, Area], known: set[str], where: str) -> None:
    for role, area in areas.items():
        if isinstance(area, BaseGeometry):
            continue
        if isinstance(area, str):
            raise InputError(f"before_after: {role}={area!r} must be a list of area codes, "
                             f"e.g. {role}=[{area!r}]")
        unknown = {str(a) for a in area} - known
        if unknown:
            raise GeographyError(
                f"before_after: {role} area code(s) {codes_text(unknown)} are not {where}; "
                "check the codes"
            )
    coded = {r: {str(a) for a in v} for r, v in areas.items() if not isinstance(v, BaseGeometry)}
    roles = list(coded)
    for i, r1 in enumerate(roles):
        for r2 in roles[i + 1:]:
            both = coded[r1] & coded[r2]
            if both:
                raise InputError(f"before_after: area(s) {codes_text(both)} are in both {r1} "
                                 f"and {r2}; each area may play one part")


@dataclass(frozen=True)
class Evaluation:
    """What :func:`before_after` found."""

    counts: pd.DataFrame
    """role, before, after, change, percent_change (target, comparison, buffer, ...)."""
    before: tuple[str, str]
    after: tuple[str, str]
    crime_types: tuple[str, ...] | None
    wdd: WddResult
    etest_statistic: float
    etest_p: float
    verdict: str
    formula: str = FORMULA
    chosen_for_high_crime: bool = False

    def to_record(self) -> dict[str, Any]:
        """The evaluation as JSON-ready data, as a problem-solving case keeps it (the web app
        shows this form: the verdict, the periods, the counts table and the WDD's figures)."""
        counts = []
        for r in self.counts.to_dict("records"):
            pct = r["percent_change"]
            counts.append({
                "role": str(r["role"]),
                "before": int(r["before"]),
                "after": int(r["after"]),
                "change": int(r["change"]),
                "percent_change": None if pd.isna(pct) else round(float(pct), 1),
            })
        w = self.wdd
        return {
            "method": "before/after: weighted displacement difference and E-test",
            "before": list(self.before),
            "after": list(self.after),
            "crime_types": list(self.crime_types) if self.crime_types is not None else None,
            "counts": counts,
            "wdd": {
                "wdd": w.wdd, "se": round(w.se, 3), "z": round(w.z, 3), "p": round(w.p, 4),
                "ci_low": round(w.ci_low, 1), "ci_high": round(w.ci_high, 1), "alpha": w.alpha,
            },
            "etest_p": round(self.etest_p, 4),
            "chosen_for_high_crime": self.chosen_for_high_crime,
            "verdict": self.verdict,
            "formula": self.formula,
        }


def before_after(
    rows: pd.DataFrame,
    *,
    target: Area,
    comparison: Area,
    before: Sequence[str],
    after: Sequence[str],
    buffer: Area | None = None,
    buffer_comparison: Area | None = None,
    crime_types: Sequence[str] | None = None,
    area_column: str = "ward_code",
    areas: Sequence[str] | None = None,
    alpha: float = ALPHA,
    chosen_for_high_crime: bool = False,
) -> Evaluation:
    """Count, test and sum up a before/after comparison (module doc).

    ``rows`` are street rows with ``month``, ``crime_type`` and ``area_column`` (e.g.
    :func:`cspkit.geography.assign_district_wards`); each area is a list of codes of
    ``area_column`` or a polygon in British National Grid (rows are then placed by their
    coordinates; see :func:`buffer_zone`). Codes are checked against ``areas`` (e.g. the
    boundaries' codes) or, when None, against the codes in ``rows``. ``before`` and ``after``
    are (first, last) months of equal length that do not overlap. ``alpha`` is the product's
    significance level (0.05); ``chosen_for_high_crime`` adds the regression-to-the-mean caveat.
    """
    need = ["month", area_column] + (["crime_type"] if crime_types is not None else [])
    lacking = [c for c in need if c not in rows.columns]
    if lacking:
        raise InputError(
            f"before_after: rows lack column(s) {', '.join(map(repr, lacking))}; give street rows "
            "with month, crime_type and the area column (e.g. assign_district_wards(...))"
        )
    b_months, a_months = _months("before", before), _months("after", after)
    if len(b_months) != len(a_months):
        raise InputError(
            f"before_after: before has {len(b_months)} months and after {len(a_months)}; the "
            "WDD compares counts over periods of the same length: make them equal"
        )
    if set(b_months) & set(a_months):
        raise InputError("before_after: the before and after periods overlap; make them apart")
    roles = {"target": target, "comparison": comparison, "buffer": buffer,
             "buffer_comparison": buffer_comparison}
    given = {r: a for r, a in roles.items() if a is not None}
    known = set(areas) if areas is not None else set(rows[area_column].dropna().astype(str))
    _check_codes(given, {str(a) for a in known},
                 "among the areas given" if areas is not None else f"in the rows' {area_column}")
    sel = rows[rows["month"].isin(b_months + a_months)]
    if crime_types is not None:
        sel = sel[sel["crime_type"].isin(list(crime_types))]
    xy = _points(sel) if any(isinstance(a, BaseGeometry) for a in given.values()) else None
    is_after = sel["month"].isin(a_months).to_numpy()
    counts = {}
    for role, area in given.items():
        mask = _mask(sel, area, area_column, xy)
        counts[role] = (int((mask & ~is_after).sum()), int((mask & is_after).sum()))
    result = wdd(counts["target"], counts["comparison"], counts.get("buffer"),
                 counts.get("buffer_comparison"), alpha=alpha)
    t_b, t_a = counts["target"]
    etest = poisson_means_test(t_a, len(a_months), t_b, len(b_months))
    table = pd.DataFrame([(r, b, a) for r, (b, a) in counts.items()],
                         columns=["role", "before", "after"])
    table["change"] = table["after"] - table["before"]
    table["percent_change"] = 100.0 * table["change"] / table["before"].replace(0, np.nan)
    return Evaluation(
        counts=table, before=(b_months[0], b_months[-1]), after=(a_months[0], a_months[-1]),
        crime_types=tuple(crime_types) if crime_types is not None else None, wdd=result,
        etest_statistic=float(etest.statistic), etest_p=float(etest.pvalue),
        verdict=verdict(result, float(etest.pvalue), chosen_for_high_crime=chosen_for_high_crime),
        chosen_for_high_crime=chosen_for_high_crime,
    )


def buffer_zone(wards: pd.DataFrame, target: Sequence[str], metres: float) -> BaseGeometry:
    """The ring ``metres`` wide around the target wards (their union buffered, less the target),
    in the wards' CRS (British National Grid)."""
    if not metres > 0:
        raise InputError(f"buffer_zone: metres={metres!r} must be more than 0, e.g. 400")
    codes = {str(c) for c in target}
    unknown = codes - set(wards["code"].astype(str))
    if unknown:
        raise GeographyError(f"buffer_zone: target ward code(s) {codes_text(unknown)} are not "
                             "in the ward boundaries; check the codes")
    shape = shapely.union_all(wards.loc[wards["code"].astype(str).isin(codes)].geometry.to_numpy())
    return shape.buffer(metres).difference(shape)


# -- the verdict -------------------------------------------------------------------------------


def _fmt_p(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def _test(p: float, alpha: float) -> str:
    return "statistically significant" if p < alpha else "not significant"


def _net_clause(r: WddResult) -> str:
    net = "Net of the comparison area" + (" and of displacement to the buffer"
                                          if r.buffer is not None else "")
    stats = f"(WDD = {r.wdd:+.0f}, z = {r.z:.2f}, {_fmt_p(r.p)}, {r.alpha:g} level)"
    if r.p >= r.alpha:
        return f"{net}, the change in the target area is within what chance explains: no " \
               f"significant change {stats}."
    word = "fell" if r.wdd < 0 else "rose"
    return (f"{net}, crime in the target area {word} by {abs(r.wdd):.0f} more than expected: a "
            f"statistically significant {'fall' if r.wdd < 0 else 'rise'} {stats}.")


def _local_clause(r: WddResult) -> str:
    word = "fell" if r.local < 0 else "rose"
    return (f"Against the comparison area alone, crime in the target area {word} by "
            f"{abs(r.local):.0f} more: {_test(r.local_p, r.alpha)} ({_fmt_p(r.local_p)}).")


def _buffer_clause(r: WddResult) -> str:
    if r.buffer is None:
        return "No displacement buffer was given."
    caveat = "" if r.buffer_comparison is not None else " (the buffer had no comparison area)"
    p = _fmt_p(r.displacement_p)
    if r.displacement_p < r.alpha and r.displacement > 0:
        return f"The buffer shows displacement (+{r.displacement:.0f}, {p}){caveat}."
    if r.displacement_p < r.alpha:
        return f"The buffer shows a diffusion of benefits ({r.displacement:.0f}, {p}){caveat}."
    return f"The buffer shows no significant displacement ({r.displacement:+.0f}, {p}){caveat}."


def verdict(r: WddResult, etest_p: float, *, chosen_for_high_crime: bool = False) -> str:
    """The plain-English summary of a WDD result and the target's E-test (module doc)."""
    parts = [_net_clause(r)]
    if r.buffer is not None:
        parts.append(_local_clause(r))
    parts.append(_buffer_clause(r))
    parts.append(f"In the target area alone, crime went from {r.target[0]} to {r.target[1]} "
                 f"(Poisson E-test {_fmt_p(etest_p)}).")
    if chosen_for_high_crime:
        parts.append(RTM)
    return " ".join(parts)
