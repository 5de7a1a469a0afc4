"""Scoring and ranking the candidates: :func:`score_priorities` and :class:`PriorityScores`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cspkit.analysis._checks import announce
from cspkit.analysis.priority.data import AssessmentLike, candidates_from_assessment, from_data
from cspkit.analysis.priority.matrix import (
    GROUPS,
    SCORE_COLUMNS,
    Candidate,
    Judgement,
    ScoringMatrix,
    default_matrix,
)
from cspkit.errors import InputError

__all__ = ["PriorityScores", "score_priorities"]


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

    def coverage(self) -> str:
        """Which criteria were scored and which were not, in words: "Scored: harm (12 of 14
        candidates), volume (14 of 14). Not scored: trend (the comparison policy refused every
        comparison with the previous year) ..." """
        scored, unscored = [], []
        n = self.scores["candidate"].nunique()
        for c in self.matrix.criteria:
            rows = self.scores[self.scores["criterion"] == c.key]
            k = int(rows["score"].notna().sum())
            label = c.label.lower()
            if k:
                scored.append(f"{label} ({k} of {n} candidates)")
            if k < n:
                whys = rows.loc[rows["score"].isna(), "not_scored"]
                common = whys.value_counts().index[0] if len(whys) else ""
                eg = "e.g. " if whys.nunique() > 1 else ""
                unscored.append(f"{label} for {n - k} of {n} candidates ({eg}{common})")
        text = "Scored: " + (", ".join(scored) or "no criterion") + "."
        if unscored:
            text += " Not scored: " + "; ".join(unscored) + "."
        return text

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
                "notes": list(self.notes), "coverage": self.coverage()}


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
        not_scored: list[str] = []
        for c in matrix.criteria:
            data = from_data(c, cand, assessment, concern)
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
                "not_scored": data.why if score is None else "",
            })
            if score is None:
                not_scored.append(f"{c.label.lower()} ({data.why})")
        missing = [c.key for c in matrix.criteria if c.key not in got]
        table_rows.append({
            "candidate": cand.key, "title": cand.title, "kind": cand.kind,
            "priority": cand.priority, "total": _rescaled(got, matrix, None),
            "threat_risk_harm": _rescaled(got, matrix, GROUPS[0]),
            "organisational": _rescaled(got, matrix, GROUPS[1]),
            "scored": len(got), "missing": ", ".join(missing),
            "not_scored": "; ".join(not_scored),
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
