"""Tuning options of the hotspot functions, bundled in one frozen dataclass validated once."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from cspkit.errors import InputError

__all__ = ["HotspotOptions"]

Alternative = Literal["two-sided", "greater", "lesser", "folded"]
PAdjust = Literal["none", "fdr", "bonferroni"]
PValueMethod = Literal["normal", "permutation"]

_ALTERNATIVES = ("two-sided", "greater", "lesser", "folded")
_P_ADJUST = ("none", "fdr", "bonferroni")
_P_METHODS = ("normal", "permutation")


@dataclass(frozen=True)
class HotspotOptions:
    """Settings the hotspot functions share; every field is checked when the object is made.

    Pass one as ``options=`` to any ``hotspot_*`` function; the defaults suit most district
    analyses.

    Attributes:
        permutations: conditional permutations for Gi* pseudo p-values (esda), when
            ``pvalue="permutation"``. At least 99; with 999 (the default) the smallest
            one-tailed p-value is 0.001.
        pvalue: ``"normal"`` (the default): two-sided, from the Gi* z-score under the normal
            approximation (as Getis and Ord, ArcGIS and sfhotspot); ``"permutation"``: from
            esda's conditional permutations, with ``alternative``, ``permutations`` and the
            function's ``seed``. Conditional permutation holds the cell's own count fixed, so a
            single dense cell among quiet ones is not significant itself (see ``_gistar``).
        alternative: the alternative hypothesis of the permutation p-value: ``"two-sided"`` (the
            default: twice the smaller of the "greater" and "lesser" p-values, at most 1; see
            ``_gistar`` on why not esda's own "two-sided"), or esda's ``"greater"`` (hot spots
            only), ``"lesser"`` (cold spots only) or ``"folded"``.
        p_adjust: correction of Gi* and change p-values for testing every cell: ``"none"`` (the
            default, announced with a note), ``"fdr"`` (Benjamini-Hochberg false discovery
            rate) or ``"bonferroni"``.
        alpha: significance level for the labels of :func:`hotspot_change` and for "hot" in
            :func:`hotspot_classify`. Default 0.05.
        bandwidth_adjust: multiplies the kernel bandwidth (automatic or given), as in sfhotspot.
            Default 1.
        min_bandwidth_cells: the smallest kernel standard deviation allowed, in cells. Linear
            binning moves each point by up to half a cell, so a narrower kernel is not resolved
            by the grid. Default 1.
        persistent_share: :func:`hotspot_classify`: a persistent hotspot is hot in at least
            this share of the periods, the last included. Default 0.75.
        recent_share: :func:`hotspot_classify`: the share of periods, counted from the last,
            that are "recent" (at least one). Default 0.25.
        exposure: :func:`hotspot_change`: the lengths of the before and after periods (any unit,
            e.g. months). Default ``(1.0, 1.0)``: periods of equal length.
        n_jobs: processes esda may use for permutations. Default 1 (grids of a district are
            small; start-up of more processes costs more than it saves).
    """

    permutations: int = 999
    pvalue: PValueMethod = "normal"
    alternative: Alternative = "two-sided"
    p_adjust: PAdjust = "none"
    alpha: float = 0.05
    bandwidth_adjust: float = 1.0
    min_bandwidth_cells: float = 1.0
    persistent_share: float = 0.75
    recent_share: float = 0.25
    exposure: tuple[float, float] = (1.0, 1.0)
    n_jobs: int = 1

    def __post_init__(self) -> None:
        _whole(self.permutations, "permutations", 99, "permutations=999")
        _one_of(self.pvalue, "pvalue", _P_METHODS)
        _one_of(self.alternative, "alternative", _ALTERNATIVES)
        _one_of(self.p_adjust, "p_adjust", _P_ADJUST)
        _share(self.alpha, "alpha", "alpha=0.05", closed=False)
        _positive(self.bandwidth_adjust, "bandwidth_adjust", "bandwidth_adjust=1.5")
        _positive(self.min_bandwidth_cells, "min_bandwidth_cells", "min_bandwidth_cells=1")
        _share(self.persistent_share, "persistent_share", "persistent_share=0.75", closed=True)
        _share(self.recent_share, "recent_share", "recent_share=0.25", closed=False)
        ok = (
            isinstance(self.exposure, tuple)
            and len(self.exposure) == 2
            and all(_is_positive_number(v) for v in self.exposure)
        )
        if not ok:
            raise InputError(
                f"HotspotOptions(): `exposure` must be two positive numbers (the lengths of the "
                f"before and after periods), got {self.exposure!r}. Give e.g. exposure=(12, 6) "
                "for a year before and six months after"
            )
        if self.n_jobs != -1:
            _whole(self.n_jobs, "n_jobs", 1, "n_jobs=1 (or -1 for every core)")


def _is_positive_number(value: object) -> bool:
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def _whole(value: object, name: str, least: int, example: str) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise InputError(
            f"HotspotOptions(): `{name}` must be a whole number of at least {least}, "
            f"got {value!r}. Give e.g. {example}"
        )


def _positive(value: object, name: str, example: str) -> None:
    if not _is_positive_number(value):
        raise InputError(
            f"HotspotOptions(): `{name}` must be a positive number, got {value!r}. "
            f"Give e.g. {example}"
        )


def _share(value: object, name: str, example: str, *, closed: bool) -> None:
    ok = _is_positive_number(value) and (value <= 1 if closed else value < 1)  # type: ignore[operator]
    if not ok:
        bounds = "above 0 and at most 1" if closed else "above 0 and below 1"
        raise InputError(
            f"HotspotOptions(): `{name}` must be a number {bounds}, "
            f"got {value!r}. Give e.g. {example}"
        )


def _one_of(value: object, name: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        choices = ", ".join(repr(a) for a in allowed)
        raise InputError(
            f"HotspotOptions(): `{name}` must be one of {choices}, got {value!r}. "
            f"Give e.g. {name}={allowed[0]!r}"
        )
