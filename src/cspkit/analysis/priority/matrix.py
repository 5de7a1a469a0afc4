"""The scoring matrix: its criteria, scales, weights and bands; candidates and judgements."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from typing import Any

from cspkit.errors import InputError

__all__ = [
    "CONCERN_BANDS",
    "DATA_RULES",
    "GROUPS",
    "SCORE_COLUMNS",
    "SHARE_BANDS",
    "TABLE_COLUMNS",
    "Candidate",
    "Criterion",
    "Judgement",
    "ScoringMatrix",
    "default_matrix",
    "matrix_from_data",
]

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
                 "organisational", "scored", "missing", "not_scored")
SCORE_COLUMNS = ("candidate", "criterion", "score", "source", "value", "evidence", "reason",
                 "data_score", "not_scored")


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

