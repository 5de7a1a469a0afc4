"""Resident survey statistics: shares with confidence intervals, waves compared, breakdowns.

Data first: every function takes a :class:`~cspkit.sources.survey.SurveyData` (read by
:func:`cspkit.sources.survey.read_survey`) and returns a tidy table with fixed columns.

Method (announced in each table's ``method`` or ``test`` column):

- **Share**: of each question's ``counts_as`` answers among its base (non-blank answers, less
  ``not_in_base`` such as "Don't know"). With weights the share is the weighted share.
- **Confidence interval**: the **Wilson score interval** (default 95%), which stays inside
  0-100% and behaves for small bases and shares near 0 or 100%. With weights it uses the
  **Kish effective sample size** n_eff = (sum of w)^2 / sum of w^2 in place of the base
  (``design_effect`` = base / n_eff).
- **Waves compared**: the **two-proportion z-test** (pooled, two-sided) on the share, or
  (``test="chi-square"``) **Pearson's chi-square test** of the whole answer distribution
  against wave; with weights both use effective sample sizes (weighted counts scaled to
  n_eff). ``alpha`` = 0.05.
- **Groups compared** (ward, age band): chi-square of the share across the groups.
- Bases under ``min_base`` (30) are flagged ``small_base`` and not tested ("base too small to
  compare").

>>> lo, hi = wilson_interval(93, 100)
>>> round(lo, 3), round(hi, 3)
(0.863, 0.966)
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy.stats import chi2_contingency, norm

from cspkit.analysis._checks import announce, as_columns, require_fraction
from cspkit.analysis.policy import ComparisonPolicy
from cspkit.errors import InputError
from cspkit.sources.survey import SurveyData

__all__ = [
    "ALPHA",
    "COMPARE_COLUMNS",
    "MIN_BASE",
    "PROPORTION_COLUMNS",
    "compare_groups",
    "compare_waves",
    "concern_by_priority",
    "survey_proportions",
    "survey_sentences",
    "wilson_interval",
]

ALPHA = ComparisonPolicy.alpha  # the product's one significance level
MIN_BASE = 30
CONFIDENCE = 0.95
INTERVAL = "Wilson score interval"
KISH = "Kish effective sample size"
Z_TEST = "two-proportion z-test (pooled, two-sided)"
CHI_SQUARE = "Pearson chi-square test of the answers against wave"

#: Columns of :func:`survey_proportions` (the ``by`` columns come after ``wave``).
PROPORTION_COLUMNS = (
    "wave", "question", "statement", "base", "positive", "proportion", "ci_low", "ci_high",
    "confidence", "n_eff", "design_effect", "small_base", "method",
)
#: Columns of :func:`compare_waves` (the ``by`` columns come first).
COMPARE_COLUMNS = (
    "question", "statement", "before_wave", "after_wave", "before", "after", "change_points",
    "n_eff_before", "n_eff_after", "statistic", "p_value", "test", "alpha", "result",
)


def wilson_interval(
    positive: float | np.ndarray, n: float | np.ndarray, confidence: float = CONFIDENCE
) -> tuple[Any, Any]:
    """The Wilson score interval (low, high) of ``positive`` of ``n`` (arrays welcome; ``n``
    may be an effective sample size, ``positive`` then the weighted share times it)."""
    require_fraction("wilson_interval", "confidence", confidence)
    k = np.asarray(positive, dtype=float)
    m = np.asarray(n, dtype=float)
    z = float(norm.ppf(1 - (1 - confidence) / 2))
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / m
        denom = 1 + z**2 / m
        centre = (p + z**2 / (2 * m)) / denom
        half = z / denom * np.sqrt(p * (1 - p) / m + z**2 / (4 * m**2))
    low, high = np.clip(centre - half, 0, 1), np.clip(centre + half, 0, 1)
    if np.ndim(low) == 0:
        return float(low), float(high)
    return low, high


def _base(data: SurveyData) -> pd.DataFrame:
    """The table's rows in each question's base, with ``y`` = 1 for a counts_as answer."""
    t = data.table
    keep = np.zeros(len(t), dtype=bool)
    y = np.zeros(len(t), dtype=float)
    for q in data.questions:
        mine = (t["question"] == q.key).to_numpy()
        answers = t["answer"].to_numpy()
        in_base = np.array([q.in_base(a) for a in answers]) & mine
        keep |= in_base
        y[in_base & np.isin(answers, q.counts_as)] = 1.0
    out = t.assign(y=y)[keep]
    return out.assign(wc=out["weight"] * out["count"], w2c=out["weight"] ** 2 * out["count"],
                      yc=out["y"] * out["count"], ywc=out["y"] * out["weight"] * out["count"])


def _check_by(func: str, data: SurveyData, by: str | Sequence[str] | None) -> list[str]:
    cols = as_columns(by)
    unknown = [c for c in cols if c not in data.groups]
    if unknown:
        have = ", ".join(map(repr, data.groups)) or "none (name the group columns when "
        "reading the file: --group COLUMN)"
        raise InputError(f"{func}: {unknown[0]!r} is not a group of the survey; its groups "
                         f"are {have}")
    return cols


def survey_proportions(
    data: SurveyData,
    *,
    by: str | Sequence[str] | None = None,
    confidence: float = CONFIDENCE,
    min_base: int = MIN_BASE,
    quiet: bool = True,
) -> pd.DataFrame:
    """The share of each question's ``counts_as`` answers, per wave (and ``by`` group), with
    its confidence interval (:data:`PROPORTION_COLUMNS`; see the module docstring)."""
    cols = _check_by("survey_proportions", data, by)
    require_fraction("survey_proportions", "confidence", confidence)
    announce(f"survey_proportions(): {confidence:.0%} {INTERVAL}"
             + (f" on the {KISH}" if data.weighted else "")
             + f"; bases under {min_base} flagged", quiet)
    keys = ["wave", *cols, "question"]
    g = _base(data).groupby(keys, sort=False).agg(
        base=("count", "sum"), positive=("yc", "sum"), wc=("wc", "sum"), w2c=("w2c", "sum"),
        ywc=("ywc", "sum"),
    ).reset_index()
    g["proportion"] = g["ywc"] / g["wc"]
    g["n_eff"] = g["wc"] ** 2 / g["w2c"]
    g["ci_low"], g["ci_high"] = wilson_interval(
        (g["proportion"] * g["n_eff"]).to_numpy(), g["n_eff"].to_numpy(), confidence
    )
    g["confidence"] = confidence
    g["design_effect"] = g["base"] / g["n_eff"]
    g["small_base"] = g["n_eff"] < min_base
    g["statement"] = [data.question(k).statement for k in g["question"]]
    g["method"] = f"{confidence:.0%} {INTERVAL}" + (f" on the {KISH}" if data.weighted else "")
    order = {q.key: i for i, q in enumerate(data.questions)}
    g = g.sort_values(["wave", *cols], kind="stable").sort_values(
        "question", key=lambda s: s.map(order), kind="stable"
    ).sort_values("wave", kind="stable")
    g["base"] = g["base"].astype("int64")
    g["positive"] = g["positive"].round().astype("int64")
    cols_out = ["wave", *cols, *PROPORTION_COLUMNS[1:]]
    return g[cols_out].reset_index(drop=True)


def _label(change: float, p: float, small: bool, alpha: float) -> str:
    if small:
        return "base too small to compare"
    if p < alpha:
        return ("statistically significant increase" if change > 0
                else "statistically significant decrease")
    return "no significant change"


def _z_test(p1: float, n1: float, p2: float, n2: float) -> tuple[float, float]:
    pooled = (p1 * n1 + p2 * n2) / (n1 + n2)
    se = np.sqrt(pooled * (1 - pooled) * (1 / n1 + 1 / n2))
    if se == 0:
        return 0.0, 1.0
    z = (p2 - p1) / se
    return float(z), float(2 * norm.sf(abs(z)))


def _chi_square(rows: pd.DataFrame, waves: tuple[str, str]) -> tuple[float, float]:
    """Chi-square of answer x wave on weighted counts scaled to each wave's n_eff."""
    cells = []
    for w in waves:
        part = rows[rows["wave"] == w]
        scale = (part["wc"].sum() / part["w2c"].sum()) if part["w2c"].sum() else 0.0
        cells.append(part.groupby("answer")["wc"].sum() * scale)
    table = pd.concat(cells, axis=1).fillna(0.0)
    table = table[(table.sum(axis=1) > 0)]
    if table.shape[0] < 2:
        return 0.0, 1.0
    stat, p, _, _ = chi2_contingency(table.to_numpy(), correction=False)
    return float(stat), float(p)


def compare_waves(
    data: SurveyData,
    before: str,
    after: str,
    *,
    test: str = "z",
    by: str | Sequence[str] | None = None,
    alpha: float = ALPHA,
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Each question's share in wave ``after`` against wave ``before`` (:data:`COMPARE_COLUMNS`).

    ``test="z"``: two-proportion z-test on the share; ``test="chi-square"``: chi-square test
    of the whole answer distribution. Both on effective sample sizes when weighted.
    """
    if test not in ("z", "chi-square"):
        raise InputError(f"compare_waves: {test!r} is not a test it makes; use 'z' "
                         "(two-proportion z-test) or 'chi-square'")
    for name, w in (("before", before), ("after", after)):
        if w not in data.respondents:
            raise InputError(f"{name} wave {w!r} is not a wave of the survey; its waves are "
                             f"{', '.join(map(repr, data.waves)) or 'none'}")
    require_fraction("compare_waves", "alpha", alpha)
    cols = _check_by("compare_waves", data, by)
    props = survey_proportions(data, by=cols, min_base=min_base)
    base = _base(data)
    out = []
    for key, group in props.groupby([*cols, "question"], sort=False):
        b = group[group["wave"] == before]
        a = group[group["wave"] == after]
        if b.empty or a.empty:
            continue
        rb, ra = b.iloc[0], a.iloc[0]
        small = bool(rb["small_base"] or ra["small_base"])
        if test == "z":
            stat, p = _z_test(rb["proportion"], rb["n_eff"], ra["proportion"], ra["n_eff"])
            name = Z_TEST
        else:
            keyt = key if isinstance(key, tuple) else (key,)
            mask = base["question"] == keyt[-1]
            for c, v in zip(cols, keyt[:-1], strict=True):
                mask &= base[c] == v
            stat, p = _chi_square(base[mask], (before, after))
            name = CHI_SQUARE
        change = float(ra["proportion"] - rb["proportion"])
        out.append({
            **{c: rb[c] for c in cols}, "question": rb["question"], "statement": rb["statement"],
            "before_wave": before, "after_wave": after, "before": float(rb["proportion"]),
            "after": float(ra["proportion"]), "change_points": 100 * change,
            "n_eff_before": float(rb["n_eff"]), "n_eff_after": float(ra["n_eff"]),
            "statistic": stat, "p_value": p, "test": name, "alpha": alpha,
            "result": _label(change, p, small, alpha),
        })
    return pd.DataFrame(out, columns=[*cols, *COMPARE_COLUMNS])


def compare_groups(
    data: SurveyData,
    by: str,
    *,
    wave: str | None = None,
    alpha: float = ALPHA,
    min_base: int = MIN_BASE,
) -> pd.DataFrame:
    """Does each question's share differ between the ``by`` groups (e.g. wards)? Pearson
    chi-square of (share, not) x group on effective sample sizes. Groups whose base is under
    ``min_base`` are left out of the test and named in ``left_out``.

    Columns: wave, question, by, groups, left_out, statistic, df, p_value, test, result.
    """
    _check_by("compare_groups", data, by)
    wave = wave if wave is not None else (data.waves[-1] if data.waves else "")
    props = survey_proportions(data, by=by, min_base=min_base)
    props = props[props["wave"] == wave]
    out = []
    for q, group in props.groupby("question", sort=False):
        ok = group[~group["small_base"]]
        left = ", ".join(group.loc[group["small_base"], by].astype(str))
        if len(ok) < 2:
            stat, df, p, result = np.nan, 0, np.nan, "base too small to compare"
        else:
            pos = ok["proportion"] * ok["n_eff"]
            table = np.column_stack([pos, ok["n_eff"] - pos])
            stat, p, df, _ = chi2_contingency(table, correction=False)
            result = ("shares differ significantly between groups" if p < alpha
                      else "no significant difference between groups")
        out.append({"wave": wave, "question": q, "by": by, "groups": len(ok), "left_out": left,
                    "statistic": float(stat), "df": int(df), "p_value": float(p),
                    "test": f"Pearson chi-square of the share across {by} groups",
                    "result": result})
    return pd.DataFrame(out, columns=["wave", "question", "by", "groups", "left_out",
                                      "statistic", "df", "p_value", "test", "result"])


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _sentence(row: pd.Series, who: str = "respondents") -> str:
    ci = f"{row['confidence']:.0%} confidence interval {_pct(row['ci_low'])} to " \
         f"{_pct(row['ci_high'])}"
    caution = "; a small base: treat with caution" if row["small_base"] else ""
    return (f"{_pct(row['proportion'])} of {who} {row['statement']} ({ci}; "
            f"{int(row['base']):,} answered{caution}).")


def survey_sentences(data: SurveyData, *, wave: str | None = None) -> list[str]:
    """Plain-English statements of one wave (default: the latest): the number of responses,
    then each question with a statement, e.g. "93% of respondents said they feel very or
    fairly safe in their home (95% confidence interval 92% to 94%; 2,350 answered)."."""
    wave = wave if wave is not None else (data.waves[-1] if data.waves else "")
    if wave not in data.respondents:
        raise InputError(f"wave {wave!r} is not a wave of the survey; its waves are "
                         f"{', '.join(map(repr, data.waves))}")
    name = f"The {data.title}" if data.title else "The survey"
    weighted = " (results weighted)" if data.weighted else ""
    out = [f"{name} received {data.respondents[wave]:,} responses{weighted}."]
    props = survey_proportions(data)
    for _, row in props[props["wave"] == wave].iterrows():
        if row["statement"]:
            out.append(_sentence(row))
    return out


def concern_by_priority(data: SurveyData, *, wave: str | None = None) -> pd.DataFrame:
    """The questions linked to each priority, with their share and sentence (for priority
    scoring's public concern). Columns: priority, question, statement, proportion, ci_low,
    ci_high, base, small_base, wave, sentence."""
    wave = wave if wave is not None else (data.waves[-1] if data.waves else "")
    props = survey_proportions(data)
    by_key = {str(r["question"]): r for _, r in props[props["wave"] == wave].iterrows()}
    rows = []
    for q in data.questions:
        r = by_key.get(q.key)
        if r is None:
            continue
        for priority in q.priorities:
            rows.append({
                "priority": priority, "question": q.key, "statement": q.statement,
                "proportion": float(r["proportion"]), "ci_low": float(r["ci_low"]),
                "ci_high": float(r["ci_high"]), "base": int(r["base"]),
                "small_base": bool(r["small_base"]), "wave": wave,
                "sentence": _sentence(r) if q.statement else "",
            })
    return pd.DataFrame(rows, columns=["priority", "question", "statement", "proportion",
                                       "ci_low", "ci_high", "base", "small_base", "wave",
                                       "sentence"])
