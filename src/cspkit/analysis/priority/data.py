"""Scores from data: harm, volume, trend (through the comparison policy) and public concern,
each with the evidence it came from, or the reason there is none."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Protocol

import pandas as pd

from cspkit.analysis.comparisons import ALL_CRIME
from cspkit.analysis.policy import DECREASE, INCREASE, NO_CHANGE
from cspkit.analysis.priority.matrix import Candidate, Criterion
from cspkit.analysis.wording import comparison_sentence

__all__ = ["AssessmentLike", "Score", "candidates_from_assessment", "from_data"]


class AssessmentLike(Protocol):
    """What scoring reads of a :class:`~cspkit.assessment.StrategicAssessment`."""

    year: str
    trends: Any
    """Has ``comparisons`` (:func:`~cspkit.analysis.comparisons.compare_years` rows)."""
    harm: pd.DataFrame
    """crime_type, count, harm, harm_share (:func:`~cspkit.analysis.harm.harm_weighted_counts`)."""
    partner: Any


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def candidates_from_assessment(sa: AssessmentLike) -> list[Candidate]:
    """One candidate per crime type (ASB included) and per partner measure of the assessment,
    and one per theme of its settings that names a partnership priority (``sa.config.themes``:
    anything with ``name``, ``crime_types``, ``partner_measures`` and ``priority``). A crime
    type or measure of such a theme is a candidate for that priority (the first theme naming
    it decides)."""
    themes = [t for t in getattr(getattr(sa, "config", None), "themes", ()) if t.priority]
    owner: dict[str, str] = {}
    for t in themes:
        for name in (*t.crime_types, *t.partner_measures):
            owner.setdefault(name, t.priority)
    out: list[Candidate] = []
    comp = sa.trends.comparisons
    for name in dict.fromkeys(comp["crime_type"]):
        if name != ALL_CRIME:
            out.append(Candidate(_slug(name), name, "crime type", (name,), owner.get(name, "")))
    partner = getattr(sa, "partner", None)
    if partner is not None and not partner.comparisons.empty:
        for name in dict.fromkeys(partner.comparisons["measure"]):
            out.append(Candidate(_slug(name), name, "partner measure", (name,),
                                 owner.get(name, "")))
    for t in themes:
        out.append(Candidate(_slug(t.name), t.name, "theme",
                             (*t.crime_types, *t.partner_measures), t.priority))
    return out


@dataclass
class Score:
    """A score from data, with the evidence it came from, or why there is none."""

    score: int | None
    value: float | None = None
    evidence: str = ""
    why: str = ""
    """Why there is no score (when ``score`` is None)."""


def _harm_score(c: Criterion, cand: Candidate, sa: AssessmentLike) -> Score:
    harm = sa.harm.dropna(subset=["harm"])
    mine = harm[harm["crime_type"].isin(cand.series)]
    if mine.empty or harm["harm"].sum() <= 0:
        return Score(None, why="no harm weight (ASB and partner measures have none)")
    share = 100 * float(mine["harm"].sum()) / float(harm["harm"].sum())
    spread = ""
    if len(mine) == 1 and "harm_share_low" in mine.columns:
        lo, hi = float(mine["harm_share_low"].iloc[0]), float(mine["harm_share_high"].iloc[0])
        spread = f", between {lo:.0f}% and {hi:.0f}% with the weights' low and high values"
    return Score(c.band(share), share, (
        f"{_names(cand)} accounts for {share:.1f}% of the harm of recorded crime in {sa.year}"
        f"{spread} (harm weights, ONS Crime Severity Score approach)."
    ))


def _volume_score(c: Criterion, cand: Candidate, sa: AssessmentLike) -> Score:
    counts = sa.harm[sa.harm["crime_type"] != ALL_CRIME]
    mine = counts[counts["crime_type"].isin(cand.series)]
    total = float(counts["count"].sum())
    if mine.empty or total <= 0:
        return Score(None, why=f"not among the police records of {sa.year}")
    n = float(mine["count"].sum())
    share = 100 * n / total
    return Score(c.band(share), share, (
        f"{n:,.0f} {_names(cand)} records in {sa.year}, {share:.1f}% of the {total:,.0f} "
        "recorded crimes and ASB incidents."
    ))


def _comparison(cand: Candidate, sa: AssessmentLike) -> dict[str, Any] | None:
    frames = [(sa.trends.comparisons, "crime_type")]
    partner = getattr(sa, "partner", None)
    if partner is not None:
        frames.append((partner.comparisons, "measure"))
    for frame, key in frames:
        if key not in frame.columns:
            continue
        hit = frame[frame[key].isin(cand.series) & (frame["comparison"] == "previous year")]
        if len(hit) == 1:
            return dict(hit.iloc[0])
    return None


def _trend_score(c: Criterion, cand: Candidate, sa: AssessmentLike) -> Score:
    row = _comparison(cand, sa)
    if row is None:
        return Score(None, why="no comparison with the previous year")
    result = str(row["result"])
    sentence = comparison_sentence(cand.title, row)
    if result not in (INCREASE, DECREASE, NO_CHANGE):
        return Score(None, evidence=sentence, why=f"{result}: {row.get('reason') or result}")
    pct = row.get("pct_change")
    pct = None if pct is None or pd.isna(pct) else float(pct)
    low, high = c.scale
    if result == INCREASE:
        score = high if (pct or 0) >= 10 else high - 1
    elif result == DECREASE:
        score = low if (pct or 0) <= -10 else low + 1
    else:
        score = (low + high) // 2
    return Score(score, pct, sentence)


def _concern_score(c: Criterion, cand: Candidate, concern: pd.DataFrame | None) -> Score:
    if concern is None or concern.empty:
        return Score(None, why="no survey linked")
    keys = {cand.key, cand.priority} - {""}
    mine = concern[concern["priority"].isin(keys)]
    if mine.empty:
        return Score(None, why="no survey question linked to it")
    top = mine.sort_values("proportion", ascending=False).iloc[0]
    pct = 100 * float(top["proportion"])
    return Score(c.band(pct), pct, str(top["sentence"]) or
                  f"{pct:.0f}% of respondents ({top['question']}).")


def _names(cand: Candidate) -> str:
    return " and ".join(cand.series) if cand.series else cand.title


def from_data(c: Criterion, cand: Candidate, sa: AssessmentLike | None,
              concern: pd.DataFrame | None) -> Score:
    """The score of criterion ``c`` for candidate ``cand`` from the data (:data:`DATA_RULES`
    of the matrix), or why there is none."""
    if c.source != "data":
        return Score(None, why="no judgement recorded")
    if c.key == "public_concern":
        return _concern_score(c, cand, concern)
    if sa is None:
        return Score(None, why="no assessment linked")
    if not cand.series:
        return Score(None, why="no police or partner series")
    rule = {"harm": _harm_score, "volume": _volume_score, "trend": _trend_score}[c.key]
    return rule(c, cand, sa)

