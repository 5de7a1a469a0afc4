"""Task-force focus areas: a need index in the style of the Vulnerable Localities Index.

Each input becomes a rate and is indexed to the district average = 100; the composite score is
the weighted mean of the indices, so an average area scores about 100 and an area at twice the
district rate on every input scores 200:

- ``kind="count"`` (crimes, ASB incidents, MARAC referrals): ``rate = count / population``;
  ``index = 100 * rate / (sum of counts / sum of population)`` (the district rate);
- ``kind="rate"`` (a rate, percentage or score already, such as a deprivation percentile or a
  health indicator per 100,000): ``index = 100 * value / district average``, the average
  weighted by population when the table has a ``population`` column.

Why an area ranks where it does: ``contribution_<input> = weight * (index - 100) / sum of
weights``, the points each input adds to (or takes from) the score; ``top_inputs`` names the
largest. How stable the rank is: every weight is multiplied by a factor drawn uniformly from
``1 - weight_range`` to ``1 + weight_range`` (±50% by default), ``draws`` times, from a
generator seeded with ``seed``; ``rank_median`` and ``rank_low``-``rank_high`` (the central
``interval``, 90% by default) summarise the ranks. Rank 1 is the highest need.

The reference: Chainey, S. (2008) *Identifying priority neighbourhoods using the Vulnerable
Localities Index*, Policing 2(2): 196-209 (inputs indexed to the national average = 100, then
combined).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from cspkit.analysis.places._common import check_choice, codes_text
from cspkit.errors import InputError

__all__ = ["KINDS", "RANK_COLUMNS", "FocusAreas", "FocusParams", "NeedInput"]

#: What an input's values are.
KINDS = ("count", "rate")
#: The first columns of :meth:`FocusAreas.rank`'s table (then ``index_<input>`` and
#: ``contribution_<input>`` for each input).
RANK_COLUMNS = ("rank", "area_code", "area_name", "score", "top_inputs", "rank_median",
                "rank_low", "rank_high", "shortlisted")


@dataclass(frozen=True)
class NeedInput:
    """One input of the need index: a column of the table, its weight and kind."""

    column: str
    weight: float = 1.0
    kind: str = "count"
    label: str | None = None
    """Name for people (default: the column)."""

    def __post_init__(self) -> None:
        check_choice("NeedInput", "kind", self.kind, KINDS)
        if not (isinstance(self.weight, (int, float)) and self.weight > 0
                and np.isfinite(self.weight)):
            raise InputError(
                f"NeedInput: weight={self.weight!r} for {self.column!r} must be a positive "
                "number"
            )

    @property
    def name(self) -> str:
        return self.label or self.column


@dataclass(frozen=True)
class FocusParams:
    """Settings of :class:`FocusAreas`."""

    inputs: tuple[NeedInput, ...]
    weight_range: float = 0.5
    draws: int = 1000
    interval: float = 0.9
    top_n: int = 5

    def __post_init__(self) -> None:
        object.__setattr__(self, "inputs", tuple(self.inputs))
        if not self.inputs or not all(isinstance(i, NeedInput) for i in self.inputs):
            raise InputError(
                "FocusParams: inputs must be one or more NeedInput, e.g. "
                "(NeedInput('count_anti_social_behaviour'), NeedInput('dep_income', kind='rate'))"
            )
        cols = [i.column for i in self.inputs]
        if len(set(cols)) < len(cols):
            raise InputError(f"FocusParams: an input column is given twice in {cols}")
        if not 0 <= self.weight_range < 1:
            raise InputError(
                f"FocusParams: weight_range={self.weight_range!r} must be from 0 to under 1 "
                "(0.5 varies each weight by ±50%)"
            )
        if not 0 < self.interval < 1:
            raise InputError(f"FocusParams: interval={self.interval!r} must be between 0 and 1")
        for name in ("draws", "top_n"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise InputError(f"FocusParams: {name}={value!r} must be a whole number from 1")


def _indices(table: pd.DataFrame, inputs: tuple[NeedInput, ...]) -> pd.DataFrame:
    pop = table["population"].astype(float) if "population" in table.columns else None
    out = pd.DataFrame(index=table.index)
    for inp in inputs:
        values = table[inp.column].astype(float)
        if inp.kind == "count":
            assert pop is not None
            rate, district = values / pop, values.sum() / pop.sum()
        elif pop is not None:
            rate, district = values, float((values * pop).sum() / pop.sum())
        else:
            rate, district = values, float(values.mean())
        if not district > 0:
            raise InputError(
                f"FocusAreas: input {inp.column!r} has a district average of {district!r}; an "
                "index to the average = 100 needs a positive average (leave this input out)"
            )
        out[inp.column] = 100.0 * rate / district
    return out


def _ranks(scores: np.ndarray) -> np.ndarray:
    """Rank of each row (1 = highest) in each column; ties share the best rank."""
    return pd.DataFrame(scores).rank(axis=0, ascending=False, method="min").to_numpy()


class FocusAreas:
    """Rank areas by a need index (module doc). ``table`` is indexed by area code, with the
    input columns, ``population`` (needed by count inputs) and optionally ``name``."""

    def __init__(self, table: pd.DataFrame, params: FocusParams, *, seed: int = 0) -> None:
        if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
            raise InputError(f"FocusAreas: seed={seed!r} must be a whole number of 0 or more")
        self.params = params
        self.seed = int(seed)
        self.table = _check_table(table, params.inputs)

    def rank(self) -> pd.DataFrame:
        """The ranked table: :data:`RANK_COLUMNS`, then ``index_*`` and ``contribution_*``."""
        p = self.params
        idx = _indices(self.table, p.inputs)
        w = np.array([i.weight for i in p.inputs], dtype=float)
        contrib = (idx - 100.0) * w / w.sum()
        out = pd.DataFrame(index=self.table.index)
        out["area_name"] = (self.table["name"].astype(str) if "name" in self.table.columns
                            else out.index.astype(str))
        out["score"] = (idx.to_numpy() @ w) / w.sum()
        out["rank"] = _ranks(out[["score"]].to_numpy())[:, 0].astype(int)
        out["top_inputs"] = [_why(contrib.loc[a], idx.loc[a], p.inputs) for a in out.index]
        out = out.join(self._stability(idx.to_numpy(), w))
        out["shortlisted"] = out["rank"] <= p.top_n
        out = out.join(idx.add_prefix("index_")).join(contrib.add_prefix("contribution_"))
        out = out.rename_axis("area_code").reset_index()
        out = out.sort_values(["rank", "area_code"], ignore_index=True)
        first = list(RANK_COLUMNS)
        return out[first + [c for c in out.columns if c not in first]]

    def _stability(self, idx: np.ndarray, w: np.ndarray) -> pd.DataFrame:
        p = self.params
        rng = np.random.default_rng(self.seed)
        factors = rng.uniform(1 - p.weight_range, 1 + p.weight_range, size=(p.draws, len(w)))
        weights = factors * w
        scores = idx @ weights.T / weights.sum(axis=1)
        ranks = _ranks(scores)
        tail = (1 - p.interval) / 2
        return pd.DataFrame({
            "rank_median": np.median(ranks, axis=1),
            "rank_low": np.quantile(ranks, tail, axis=1, method="lower"),
            "rank_high": np.quantile(ranks, 1 - tail, axis=1, method="higher"),
        }, index=self.table.index)

    def shortlist(self, n: int | None = None) -> pd.DataFrame:
        """The top ``n`` (default ``params.top_n``) rows of :meth:`rank`."""
        table = self.rank()
        return table[table["rank"] <= (n or self.params.top_n)].reset_index(drop=True)


def _why(contrib: pd.Series, idx: pd.Series, inputs: tuple[NeedInput, ...], most: int = 3
         ) -> str:
    """``"ASB 224 (+41.3), income deprivation 180 (+26.7)"``: the inputs adding most."""
    order = sorted(inputs, key=lambda i: -float(contrib[i.column]))
    parts = [f"{i.name} {idx[i.column]:.0f} ({contrib[i.column]:+.1f})"
             for i in order[:most] if contrib[i.column] > 0]
    return ", ".join(parts) or "none above the district average"


def _check_table(table: pd.DataFrame, inputs: tuple[NeedInput, ...]) -> pd.DataFrame:
    absent = [i.column for i in inputs if i.column not in table.columns]
    if absent:
        raise InputError(
            f"FocusAreas: input column(s) {', '.join(map(repr, absent))} are not in the table; "
            f"its columns are {', '.join(map(repr, table.columns))}"
        )
    if any(i.kind == "count" for i in inputs):
        pop = (pd.to_numeric(table["population"], errors="coerce")
               if "population" in table.columns else pd.Series(np.nan, index=table.index))
        if not (pop > 0).all():
            bad = table.index[~(pop > 0)]
            raise InputError(
                f"FocusAreas: count inputs need a positive 'population' for every area; "
                f"{len(bad)} area(s) lack one ({codes_text(bad)}). Add the population column "
                "(e.g. from population_by) or give those inputs as kind='rate'"
            )
    for inp in inputs:
        values = pd.to_numeric(table[inp.column], errors="coerce")
        lacking = table.index[~np.isfinite(values.to_numpy(dtype=float))]
        if len(lacking):
            raise InputError(
                f"FocusAreas: input {inp.column!r} is missing for {len(lacking)} area(s) "
                f"({codes_text(lacking)}); give a value for every area or leave the input out"
            )
    return table.set_axis(table.index.astype(str))
