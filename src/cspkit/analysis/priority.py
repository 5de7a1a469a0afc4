"""Priority setting: a scoring matrix that ranks candidate priorities from the assessment.

Each **candidate** (a crime type, a partner measure or a theme) is scored on stated
**criteria**, each on a stated scale (1 to 5) with a stated weight, in the manner of MoRiLE
(Management of Risk in Law Enforcement): threat, risk and harm first, then the organisation's
position. The defaults (:func:`default_matrix`), editable per partnership
(:func:`matrix_from_data`):

=================  ======  ==========  ============================================================
criterion          weight  scored by   scale (1 to 5)
=================  ======  ==========  ============================================================
harm               3       data        share of the harm of recorded crime (harm weights, ONS
                                       Crime Severity Score approach): 1 under 2%, 2 from 2%,
                                       3 from 5%, 4 from 10%, 5 from 20%
volume             2       data        share of recorded crime and ASB incidents, same bands
trend              2       data        the year against the previous year: 5 significant rise of
                                       10% or more, 4 significant rise, 3 no significant change
                                       (or numbers too small), 2 significant fall, 1 significant
                                       fall of 10% or more (Poisson E-test, 5%)
public_concern     2       data        share of survey respondents worried (questions linked to
                                       the candidate): 1 under 20%, 2 from 20%, 3 from 30%, 4 from
                                       40%, 5 from 50%
vulnerability      3       judgement   1 victims seldom vulnerable ... 5 victims mostly vulnerable
                                       (children, repeat victims, poor mental health)
capacity           1       judgement   the partnership's capacity to act: 1 little to add ... 5
                                       partners hold the levers and resources
=================  ======  ==========  ============================================================

Scores from data are filled in from the assessment with the **evidence** they came from (the
sentence and the figure). **Judgement** scores are entered as :class:`Judgement` with a reason
(none is an error); a judgement on a data criterion overrides the data, and both are shown.
The **total** is the weighted mean of the scores rescaled to 0-100; criteria without a score
are left out of it and named in ``missing`` (announced). ``threat_risk_harm`` and
``organisational`` are the same over each group of criteria.

:func:`score_priorities` returns :class:`PriorityScores`: ``table`` (one row per candidate,
ranked; :data:`TABLE_COLUMNS` then a column per criterion) and ``scores`` (one row per
candidate and criterion; :data:`SCORE_COLUMNS`). :meth:`PriorityScores.against_current` sets
the result beside the current priorities.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any, Protocol

import pandas as pd

from cspkit.analysis._checks import announce
from cspkit.errors import InputError

__all__ = [
    "DATA_RULES",
    "GROUPS",
    "SCORE_COLUMNS",
    "TABLE_COLUMNS",
    "AssessmentLike",
    "Candidate",
    "Criterion",
    "Judgement",
    "PriorityScores",
    "ScoringMatrix",
    "candidates_from_assessment",
    "default_matrix",
    "matrix_from_data",
    "score_priorities",
]

ALL_CRIME = "All crime (excluding ASB)"
GROUPS = ("threat, risk and harm", "organisational position")
#: The criteria whose scores can come from data, and what they are computed from.
DATA_RULES = {
    "harm": "share of the harm of recorded crime",
    "volume": "share of recorded crime and ASB incidents",
    "trend": "change against the previous year and its significance",
    "public_concern": "share of survey respondents worried",
}
SHARE_BANDS = (2.0, 5.0, 10.0, 20.0)
CONCERN_BANDS = (20.0, 30.0, 40.0, 50.0)
TABLE_COLUMNS = ("rank", "candidate", "title", "kind", "priority", "total", "threat_risk_harm",
                 "organisational", "scored", "missing")
SCORE_COLUMNS = ("candidate", "criterion", "score", "source", "value", "evidence", "reason",
                 "data_score")


@dataclass(frozen=True)
class Criterion:
    """One column of the matrix: its scale, weight, group and how it is scored."""

    key: str
    label: str
    weight: float
    source: str = "judgement"
    """``data`` (filled in from the assessment or survey; :data:`DATA_RULES`) or ``judgement``."""
    group: str = GROUPS[0]
    scale: tuple[int, int] = (1, 5)
    bands: tuple[float, ...] = ()
    """For harm, volume and public concern: the percentages at which scores 2, 3, 4, 5 start."""
    guide: str = ""

    def __post_init__(self) -> None:
        where = f"criterion {self.key!r}"
        if not re.fullmatch(r"[a-z][a-z0-9_]*", self.key or ""):
            raise InputError(f"{where}: the key must be lower-case letters, digits and _, e.g. "
                             "public_concern")
        if not isinstance(self.weight, int | float) or self.weight < 0:
            raise InputError(f"{where}: weight={self.weight!r}; give a number of 0 or more")
        if self.source not in ("data", "judgement"):
            raise InputError(f"{where}: source={self.source!r}; use 'data' or 'judgement'")
        if self.source == "data" and self.key not in DATA_RULES:
            raise InputError(f"{where}: no rule fills it from data (those are "
                             f"{', '.join(DATA_RULES)}); set source: judgement")
        if self.group not in GROUPS:
            raise InputError(f"{where}: group={self.group!r}; use one of {', '.join(GROUPS)}")
        low, high = self.scale
        if not (isinstance(low, int) and isinstance(high, int) and low < high):
            raise InputError(f"{where}: scale={self.scale!r}; give two whole numbers, low first, "
                             "e.g. [1, 5]")
        if self.bands and (len(self.bands) != high - low
                           or list(self.bands) != sorted(self.bands)):
            raise InputError(f"{where}: bands={list(self.bands)!r}; give {high - low} rising "
                             f"percentages (where scores {low + 1} to {high} start)")

    def band(self, percent: float) -> int:
        bands = self.bands or (CONCERN_BANDS if self.key == "public_concern" else SHARE_BANDS)
        return self.scale[0] + sum(percent >= b for b in bands)


@dataclass(frozen=True)
class ScoringMatrix:
    """The criteria, validated once."""

    criteria: tuple[Criterion, ...]

    def __post_init__(self) -> None:
        keys = [c.key for c in self.criteria]
        if not keys:
            raise InputError("a scoring matrix needs at least one criterion")
        dupes = sorted({k for k in keys if keys.count(k) > 1})
        if dupes:
            raise InputError(f"criteria {', '.join(dupes)} appear twice; give each once")
        if sum(c.weight for c in self.criteria) <= 0:
            raise InputError("every criterion has weight 0; give at least one a weight above 0")

    def get(self, key: str) -> Criterion:
        for c in self.criteria:
            if c.key == key:
                return c
        raise InputError(f"no criterion {key!r} in the matrix; its criteria are "
                         f"{', '.join(c.key for c in self.criteria)}")

    def as_data(self) -> dict[str, Any]:
        """Plain data, which :func:`matrix_from_data` reads back."""
        return {"criteria": [
            {k: (list(v) if isinstance(v, tuple) else v) for k, v in asdict(c).items()}
            for c in self.criteria
        ]}


def default_matrix() -> ScoringMatrix:
    """The default criteria (see the module docstring)."""
    t, o = GROUPS
    return ScoringMatrix((
        Criterion("harm", "Harm", 3, "data", t, bands=SHARE_BANDS,
                  guide="share of the harm of recorded crime: 1 under 2%, 2 from 2%, 3 from 5%, "
                        "4 from 10%, 5 from 20%"),
        Criterion("volume", "Volume", 2, "data", t, bands=SHARE_BANDS,
                  guide="share of recorded crime and ASB: 1 under 2%, 2 from 2%, 3 from 5%, "
                        "4 from 10%, 5 from 20%"),
        Criterion("trend", "Trend", 2, "data", t,
                  guide="5 significant rise of 10% or more, 4 significant rise, 3 no "
                        "significant change, 2 significant fall, 1 significant fall of 10% or "
                        "more"),
        Criterion("public_concern", "Public concern", 2, "data", t, bands=CONCERN_BANDS,
                  guide="share of survey respondents worried: 1 under 20%, 2 from 20%, 3 from "
                        "30%, 4 from 40%, 5 from 50%"),
        Criterion("vulnerability", "Vulnerability of those affected", 3, "judgement", t,
                  guide="1 victims seldom vulnerable ... 5 victims mostly vulnerable (children, "
                        "repeat victims, poor mental health)"),
        Criterion("capacity", "Partnership's capacity to act", 1, "judgement", o,
                  guide="1 the partnership can add little ... 5 partners hold the levers and "
                        "resources"),
    ))


_CRITERION_KEYS = ("key", "label", "weight", "source", "group", "scale", "bands", "guide")


def matrix_from_data(data: Mapping[str, Any] | None) -> ScoringMatrix:
    """A matrix from plain data ``{"criteria": [{key, label, weight, ...}]}``. A criterion
    given by key only (or with some keys) takes the default's other settings; None gives the
    defaults."""
    if not data:
        return default_matrix()
    items = data.get("criteria") if isinstance(data, Mapping) else None
    if not isinstance(items, list):
        raise InputError("a scoring matrix is {criteria: [...]}; give a list of criteria, e.g. "
                         "{criteria: [{key: harm, weight: 3}]}")
    defaults = {c.key: c for c in default_matrix().criteria}
    out = []
    for i, item in enumerate(items):
        if not isinstance(item, Mapping) or "key" not in item:
            raise InputError(f"criterion {i + 1}: give a mapping with at least a key, e.g. "
                             "{key: harm, weight: 3}")
        unknown = sorted(set(item) - set(_CRITERION_KEYS))
        if unknown:
            raise InputError(f"criterion {item['key']!r}: unknown setting(s) "
                             f"{', '.join(unknown)}; the settings are {', '.join(_CRITERION_KEYS)}")
        base = asdict(defaults[item["key"]]) if item["key"] in defaults else {
            "label": str(item["key"]).replace("_", " ").capitalize(), "weight": 1}
        merged = {**base, **item}
        for name in ("scale", "bands"):
            if name in merged and merged[name] is not None:
                merged[name] = tuple(merged[name])
        out.append(Criterion(**merged))
    return ScoringMatrix(tuple(out))


@dataclass(frozen=True)
class Candidate:
    """Something that could be a priority: a crime type, a partner measure or a theme.

    ``series`` are the police.uk crime types (or partner measures) it covers; ``priority`` the
    key of the current priority it corresponds to, if any.
    """

    key: str
    title: str
    kind: str = "crime type"
    series: tuple[str, ...] = ()
    priority: str = ""


@dataclass(frozen=True)
class Judgement:
    """A score given by people, with the reason (required)."""

    candidate: str
    criterion: str
    score: int
    reason: str
    by: str = ""


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
    """One candidate per crime type (ASB included) and per partner measure of the assessment."""
    out: list[Candidate] = []
    comp = sa.trends.comparisons
    for name in dict.fromkeys(comp["crime_type"]):
        if name != ALL_CRIME:
            out.append(Candidate(_slug(name), name, "crime type", (name,)))
    partner = getattr(sa, "partner", None)
    if partner is not None and not partner.comparisons.empty:
        for name in dict.fromkeys(partner.comparisons["measure"]):
            out.append(Candidate(_slug(name), name, "partner measure", (name,)))
    return out


# -- scores from data ------------------------------------------------------------------------


@dataclass
class _Score:
    score: int | None
    value: float | None = None
    evidence: str = ""


def _harm_score(c: Criterion, cand: Candidate, sa: AssessmentLike) -> _Score:
    harm = sa.harm.dropna(subset=["harm"])
    mine = harm[harm["crime_type"].isin(cand.series)]
    if mine.empty or harm["harm"].sum() <= 0:
        return _Score(None)
    share = 100 * float(mine["harm"].sum()) / float(harm["harm"].sum())
    return _Score(c.band(share), share, (
        f"{_names(cand)} accounts for {share:.1f}% of the harm of recorded crime in {sa.year} "
        "(harm weights, ONS Crime Severity Score approach)."
    ))


def _volume_score(c: Criterion, cand: Candidate, sa: AssessmentLike) -> _Score:
    counts = sa.harm[sa.harm["crime_type"] != ALL_CRIME]
    mine = counts[counts["crime_type"].isin(cand.series)]
    total = float(counts["count"].sum())
    if mine.empty or total <= 0:
        return _Score(None)
    n = float(mine["count"].sum())
    share = 100 * n / total
    return _Score(c.band(share), share, (
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


def _trend_score(c: Criterion, cand: Candidate, sa: AssessmentLike) -> _Score:
    row = _comparison(cand, sa)
    if row is None or row["result"] == "no data to compare":
        return _Score(None)
    pct = row.get("pct_change")
    pct = None if pct is None or pd.isna(pct) else float(pct)
    low, high = c.scale
    mid = (low + high) // 2
    result = str(row["result"])
    if result == "statistically significant increase":
        score = high if (pct or 0) >= 10 else high - 1
    elif result == "statistically significant decrease":
        score = low if (pct or 0) <= -10 else low + 1
    else:
        score = mid
    return _Score(score, pct, _change_sentence(cand.title, row))


def _change_sentence(name: str, row: Mapping[str, Any]) -> str:
    before, after = float(row["before"]), float(row["after"])
    verb = "rose" if after > before else "fell" if after < before else "was unchanged"
    pct = row.get("pct_change")
    pct_text = "" if pct is None or pd.isna(pct) else f" ({float(pct):+.0f}%)"
    result = str(row["result"])
    result = f"a {result}" if result.startswith("statistically") else result
    note = f" ({row['note']})" if row.get("note") else ""
    return (f"{name} {verb} from {before:,.0f} in {row['before_period']} to {after:,.0f} in "
            f"{row['after_period']}{pct_text}, {result}{note}.")


def _concern_score(c: Criterion, cand: Candidate, concern: pd.DataFrame | None) -> _Score:
    if concern is None or concern.empty:
        return _Score(None)
    keys = {cand.key, cand.priority} - {""}
    mine = concern[concern["priority"].isin(keys)]
    if mine.empty:
        return _Score(None)
    top = mine.sort_values("proportion", ascending=False).iloc[0]
    pct = 100 * float(top["proportion"])
    return _Score(c.band(pct), pct, str(top["sentence"]) or
                  f"{pct:.0f}% of respondents ({top['question']}).")


def _names(cand: Candidate) -> str:
    return " and ".join(cand.series) if cand.series else cand.title


def _from_data(c: Criterion, cand: Candidate, sa: AssessmentLike | None,
               concern: pd.DataFrame | None) -> _Score:
    if c.source != "data":
        return _Score(None)
    if c.key == "public_concern":
        return _concern_score(c, cand, concern)
    if sa is None or not cand.series:
        return _Score(None)
    rule = {"harm": _harm_score, "volume": _volume_score, "trend": _trend_score}[c.key]
    return rule(c, cand, sa)


# -- the matrix ------------------------------------------------------------------------------


def _check_judgements(
    judgements: Iterable[Judgement], matrix: ScoringMatrix, candidates: Sequence[Candidate]
) -> dict[tuple[str, str], Judgement]:
    keys = [c.key for c in candidates]
    out: dict[tuple[str, str], Judgement] = {}
    for j in judgements:
        if j.candidate not in keys:
            raise InputError(
                f"score_priorities(): a judgement names candidate {j.candidate!r}, which is not "
                f"among the candidates ({', '.join(keys)}); correct the key or add the candidate"
            )
        c = matrix.get(j.criterion)
        low, high = c.scale
        if not isinstance(j.score, int) or isinstance(j.score, bool) or not low <= j.score <= high:
            raise InputError(
                f"score_priorities(): the judgement of {c.key!r} for {j.candidate!r} is "
                f"{j.score!r}; give a whole number from {low} to {high} ({c.guide or c.label})"
            )
        if not (j.reason or "").strip():
            raise InputError(
                f"score_priorities(): the judgement of {c.key!r} for {j.candidate!r} (score "
                f"{j.score}) has no reason; give the reason for the score (the evidence or "
                "professional view it rests on)"
            )
        if (j.candidate, j.criterion) in out:
            raise InputError(f"score_priorities(): {j.criterion!r} of {j.candidate!r} is judged "
                             "twice; keep one judgement")
        out[(j.candidate, j.criterion)] = j
    return out


@dataclass(frozen=True)
class PriorityScores:
    """The ranked candidates (``table``), every score with its evidence (``scores``), the
    matrix used and the assessment year."""

    table: pd.DataFrame
    scores: pd.DataFrame
    matrix: ScoringMatrix
    year: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)

    def evidence(self, candidate: str) -> list[str]:
        """The evidence sentences and reasons of one candidate, criterion by criterion."""
        rows = self.scores[self.scores["candidate"] == candidate]
        out: list[str] = []
        for r in rows.to_dict("records"):
            label = self.matrix.get(str(r["criterion"])).label
            if r["source"] == "missing":
                continue
            evidence, score = str(r["evidence"]), r["score"]
            text = evidence if r["source"] == "data" else f"judged {score}: {r['reason']}"
            if r["source"] == "judgement" and evidence:
                text += f" (the data gave {r['data_score']}: {evidence})"
            out.append(f"{label} {score}: {text}")
        return out

    def against_current(self, current: Mapping[str, str]) -> pd.DataFrame:
        """Each current priority (key -> title) with its best-ranked candidate, then the
        candidates ranked above the lowest of those that are no current priority.

        Columns: priority, priority_title, candidate, title, rank, total, status (``current
        priority``, ``current priority, no candidate scored`` or ``candidate, not a current
        priority``).
        """
        records = self.table.to_dict("records")
        rows: list[dict[str, Any]] = []
        ranks: list[int] = []
        for key, title in current.items():
            mine = [r for r in records if r["priority"] == key]
            if not mine:
                rows.append({"priority": key, "priority_title": title, "candidate": "",
                             "title": "", "rank": None, "total": None,
                             "status": "current priority, no candidate scored"})
                continue
            best = min(mine, key=lambda r: int(r["rank"]))
            ranks.append(int(best["rank"]))
            rows.append({"priority": key, "priority_title": title, "candidate": best["candidate"],
                         "title": best["title"], "rank": int(best["rank"]),
                         "total": float(best["total"]), "status": "current priority"})
        cut = max(ranks) if ranks else len(records)
        for r in records:
            if r["priority"] not in current and int(r["rank"]) <= cut:
                rows.append({"priority": "", "priority_title": "", "candidate": r["candidate"],
                             "title": r["title"], "rank": int(r["rank"]),
                             "total": float(r["total"]),
                             "status": "candidate, not a current priority"})
        return pd.DataFrame(rows, columns=["priority", "priority_title", "candidate", "title",
                                           "rank", "total", "status"])

    def as_data(self) -> dict[str, Any]:
        """Plain data (JSON), e.g. to keep with a plan version."""
        def records(df: pd.DataFrame) -> list[dict[str, Any]]:
            return [{str(k): (None if _missing(v) else v) for k, v in r.items()}
                    for r in df.astype(object).to_dict("records")]
        return {"year": self.year, "matrix": self.matrix.as_data(),
                "table": records(self.table), "scores": records(self.scores),
                "notes": list(self.notes)}


def _missing(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def _rescaled(scores: Mapping[str, int], matrix: ScoringMatrix, group: str | None) -> float:
    num = den = 0.0
    for c in matrix.criteria:
        if c.key not in scores or (group is not None and c.group != group):
            continue
        low, high = c.scale
        num += c.weight * (scores[c.key] - low) / (high - low)
        den += c.weight
    return 100 * num / den if den else float("nan")


def score_priorities(
    assessment: AssessmentLike | None,
    candidates: Sequence[Candidate] | None = None,
    judgements: Iterable[Judgement] = (),
    *,
    matrix: ScoringMatrix | None = None,
    concern: pd.DataFrame | None = None,
    quiet: bool = True,
) -> PriorityScores:
    """Score and rank the candidates (default: every crime type and partner measure of the
    assessment). ``concern`` is :func:`cspkit.analysis.survey.concern_by_priority` for the
    public-concern criterion. See the module docstring for the rules and the output."""
    matrix = matrix or default_matrix()
    if candidates is None:
        if assessment is None:
            raise InputError("score_priorities(): give an assessment or a list of candidates")
        candidates = candidates_from_assessment(assessment)
        announce(f"score_priorities(): {len(candidates)} candidates, one per crime type and "
                 "partner measure of the assessment", quiet)
    keys = [c.key for c in candidates]
    dupes = sorted({k for k in keys if keys.count(k) > 1})
    if dupes:
        raise InputError(f"score_priorities(): candidate key(s) {', '.join(dupes)} appear twice; "
                         "give each candidate its own key")
    judged = _check_judgements(judgements, matrix, candidates)
    score_rows, table_rows = [], []
    for cand in candidates:
        got: dict[str, int] = {}
        for c in matrix.criteria:
            data = _from_data(c, cand, assessment, concern)
            j = judged.get((cand.key, c.key))
            score = j.score if j is not None else data.score
            source = "judgement" if j is not None else ("data" if data.score is not None
                                                         else "missing")
            if score is not None:
                got[c.key] = score
            score_rows.append({
                "candidate": cand.key, "criterion": c.key, "score": score, "source": source,
                "value": data.value, "evidence": data.evidence,
                "reason": j.reason if j is not None else "", "data_score": data.score,
            })
        missing = [c.key for c in matrix.criteria if c.key not in got]
        table_rows.append({
            "candidate": cand.key, "title": cand.title, "kind": cand.kind,
            "priority": cand.priority, "total": _rescaled(got, matrix, None),
            "threat_risk_harm": _rescaled(got, matrix, GROUPS[0]),
            "organisational": _rescaled(got, matrix, GROUPS[1]),
            "scored": len(got), "missing": ", ".join(missing),
            **{c.key: got.get(c.key) for c in matrix.criteria},
        })
    table = pd.DataFrame(table_rows)
    table = table.sort_values(["total", "threat_risk_harm"], ascending=False, kind="stable",
                              na_position="last").reset_index(drop=True)
    table.insert(0, "rank", range(1, len(table) + 1))
    for c in matrix.criteria:
        table[c.key] = table[c.key].astype("Int64")
    notes = []
    incomplete = table[table["missing"] != ""]
    if not incomplete.empty:
        notes.append(f"{len(incomplete)} of {len(table)} candidates lack a score on some "
                     "criteria; their totals are over the criteria scored (see missing)")
        announce(f"score_priorities(): {notes[-1]}", quiet)
    scores = pd.DataFrame(score_rows, columns=list(SCORE_COLUMNS))
    scores["score"] = scores["score"].astype("Int64")
    scores["data_score"] = scores["data_score"].astype("Int64")
    return PriorityScores(table, scores, matrix, getattr(assessment, "year", "") or "",
                          tuple(notes))
