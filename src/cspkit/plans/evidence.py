"""The evidence a draft rests on: the strategic assessment, the survey, the priority scores.

Each is kept with the version as plain data, so the plan and the issue for decision can be
written again later without the analytical store:

- :func:`link_assessment` keeps the assessment's area, year, findings, sources and year-on-year
  comparisons;
- :func:`link_survey` keeps the survey's sentences, shares and questions linked to priorities;
- :func:`record_judgement` keeps a judgement score with its reason (as a record, audited);
- :func:`score_version` runs the scoring matrix (:mod:`cspkit.analysis.priority`) with the
  partnership's settings, the judgements and the linked survey, and keeps the result;
- :func:`seed_priorities` adds the best-ranked candidates that are no priority yet to the draft.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

import pandas as pd

from cspkit.analysis.priority import (
    AssessmentLike,
    Candidate,
    PriorityScores,
    ScoringMatrix,
    candidates_from_assessment,
    matrix_from_data,
    score_priorities,
)
from cspkit.analysis.priority import (
    Judgement as ScoreJudgement,
)
from cspkit.analysis.survey import concern_by_priority, survey_proportions, survey_sentences
from cspkit.errors import InputError
from cspkit.plans import content as ops
from cspkit.plans.models import Judgement, PlanVersion, ScoringSettings
from cspkit.plans.services import _require_draft, edit_content, save, set_texts
from cspkit.sources.survey import SurveyData

__all__ = [
    "candidates_for",
    "link_assessment",
    "link_survey",
    "record_judgement",
    "score_version",
    "seed_priorities",
]


def _records(frame: pd.DataFrame, columns: Sequence[str]) -> list[dict[str, Any]]:
    cols = [c for c in columns if c in frame.columns]
    out = []
    for row in frame[cols].astype(object).to_dict("records"):
        out.append({str(k): (None if _na(v) else (v.item() if hasattr(v, "item") else v))
                    for k, v in row.items()})
    return out


def _na(v: Any) -> bool:
    try:
        return bool(pd.isna(v))
    except (TypeError, ValueError):
        return False


def link_assessment(user: Any, version: PlanVersion, sa: Any) -> PlanVersion:
    """Keep the strategic assessment's findings (and what they rest on) with the draft."""
    area = getattr(sa, "area", None)
    comparisons = getattr(getattr(sa, "trends", None), "comparisons", pd.DataFrame())
    data = {
        "area": getattr(area, "lad_code", ""), "area_name": getattr(area, "lad_name", ""),
        "year": str(sa.year), "findings": [str(f) for f in sa.findings],
        "sources": {str(k): str(v) for k, v in dict(getattr(sa, "sources", {})).items()},
        "comparisons": _records(comparisons, ["crime_type", "comparison", "before_period",
                                              "after_period", "before_label", "after_label",
                                              "before", "after", "expected_after",
                                              "pct_change", "p_value", "test", "method",
                                              "dispersion", "result", "comparable", "status",
                                              "reason", "months_compared", "like_for_like",
                                              "baseline", "note"]),
        "linked": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
    }
    return set_texts(user, version, reason=f"linked the {sa.year} strategic assessment",
                     **{"assessment": data})


def link_survey(user: Any, version: PlanVersion, data: SurveyData,
                *, wave: str | None = None) -> PlanVersion:
    """Keep the survey's results (sentences, shares, concern by priority) with the draft."""
    wave = wave if wave is not None else (data.waves[-1] if data.waves else "")
    props = survey_proportions(data)
    kept = {
        "title": data.title, "source": data.source, "wave": wave,
        "respondents": data.respondents.get(wave, 0), "weighted": data.weighted,
        "sentences": survey_sentences(data, wave=wave),
        "shares": _records(props[props["wave"] == wave], ["question", "statement", "base",
                                                           "proportion", "ci_low", "ci_high",
                                                           "n_eff", "method"]),
        "concern": _records(concern_by_priority(data, wave=wave),
                            ["priority", "question", "statement", "proportion", "ci_low",
                             "ci_high", "base", "sentence"]),
    }
    return set_texts(user, version, reason=f"linked the survey {data.title or data.source}",
                     **{"survey": kept})


def record_judgement(
    user: Any, version: PlanVersion, candidate: str, criterion: str, score: int, reason: str,
) -> Judgement:
    """Record (or change) a judgement score with its reason; the reason is required."""
    _require_draft(user, version)
    c = _matrix(version).get(criterion)
    low, high = c.scale
    if not isinstance(score, int) or not low <= score <= high:
        raise InputError(f"the score of {criterion!r} for {candidate!r} is {score!r}; give a "
                         f"whole number from {low} to {high} ({c.guide or c.label})")
    if not (reason or "").strip():
        raise InputError(f"the judgement of {criterion!r} for {candidate!r} (score {score}) has "
                         "no reason; give the reason for the score (the evidence or "
                         "professional view it rests on)")
    j = Judgement.objects.filter(version=version, candidate=candidate,
                                 criterion=criterion).first() or \
        Judgement(version=version, candidate=candidate, criterion=criterion)
    j.score, j.reason = score, reason.strip()
    j.by = user.get_username() if getattr(user, "is_authenticated", False) else ""
    return save(user, j, reason=f"judged {criterion} of {candidate}")


def _settings(version: PlanVersion) -> ScoringSettings:
    return ScoringSettings.objects.filter(partnership=version.partnership).first() or \
        ScoringSettings(partnership=version.partnership)


def _matrix(version: PlanVersion) -> ScoringMatrix:
    """The partnership's criteria (``matrix["criteria"]``), else the defaults."""
    settings = _settings(version).matrix or {}
    return matrix_from_data({"criteria": settings["criteria"]} if settings.get("criteria")
                            else None)


def candidates_for(version: PlanVersion, assessment: AssessmentLike | None) -> list[Candidate]:
    """The assessment's candidates, linked to the draft's priorities where the partnership's
    settings say so (``matrix["links"]``: candidate -> priority), plus the settings' own
    candidates (themes such as mental health: ``matrix["candidates"]``)."""
    settings = _settings(version).matrix or {}
    links = settings.get("links", {})
    found = candidates_from_assessment(assessment) if assessment is not None else []
    out = [Candidate(c.key, c.title, c.kind, c.series, links.get(c.key, c.priority))
           for c in found]
    for extra in settings.get("candidates", []):
        out.append(Candidate(extra["key"], extra.get("title", extra["key"]),
                             extra.get("kind", "theme"), tuple(extra.get("series", ())),
                             extra.get("priority", links.get(extra["key"], ""))))
    return out


def score_version(
    user: Any, version: PlanVersion, assessment: AssessmentLike | None,
    *, candidates: Sequence[Candidate] | None = None,
) -> PriorityScores:
    """Score the candidates with the partnership's matrix, the draft's judgements and its
    linked survey; keep the result (and the current priorities beside it) with the draft."""
    _require_draft(user, version)
    matrix = _matrix(version)
    cands = list(candidates) if candidates is not None else candidates_for(version, assessment)
    judged = [ScoreJudgement(j.candidate, j.criterion, j.score, j.reason, j.by)
              for j in version.judgements.all()]
    concern = pd.DataFrame(version.survey.get("concern", [])) if version.survey else None
    result = score_priorities(assessment, cands, judged, matrix=matrix, concern=concern)
    current = {p["key"]: p["title"] for p in version.content.get("priorities", [])}
    kept = result.as_data()
    kept["against_current"] = _records(result.against_current(current),
                                       ["priority", "priority_title", "candidate", "title",
                                        "rank", "total", "status"])
    set_texts(user, version, reason="scored the candidate priorities", **{"scores": kept})
    return result


def seed_priorities(user: Any, version: PlanVersion, *, top: int = 5) -> list[str]:
    """Add to the draft the candidates ranked in the ``top`` that match no priority of it, with
    their evidence as "why is this important"; returns the keys added."""
    table = version.scores.get("table", [])
    if not table:
        raise InputError(f"the {version.title} has no priority scores yet; score the "
                         "candidates first (score_version)")
    have = {p["key"] for p in version.content.get("priorities", [])}
    evidence: dict[str, list[str]] = {}
    for s in version.scores.get("scores", []):
        if s.get("source") != "missing" and (s.get("evidence") or s.get("reason")):
            evidence.setdefault(s["candidate"], []).append(s.get("reason") or s["evidence"])
    picks = [r for r in table if int(r["rank"]) <= top and not r.get("priority")
             and r["candidate"] not in have]

    def add(content: dict[str, Any]) -> list[str]:
        for r in picks:
            ops.add_priority(content, r["candidate"], r["title"],
                             why_important="\n\n".join(evidence.get(r["candidate"], [])))
        return [r["candidate"] for r in picks]

    if not picks:
        return []
    return edit_content(user, version, add, reason="priorities seeded from the scores")
