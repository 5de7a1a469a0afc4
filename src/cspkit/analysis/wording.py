"""Comparisons and figures in words: one way to write them, for every output.

:func:`comparison_sentence` writes a comparison row (:meth:`cspkit.analysis.policy.Comparison.
as_row`, or a row of :func:`cspkit.analysis.comparisons.compare_years`) as a sentence whose
words match its test: "rose" or "fell" only for a significant change, the counts and the
percentage always together, never a bare percentage, never "-0%"; a refused comparison gives
its reason and no numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

__all__ = ["comparison_sentence", "p_text", "pct_text"]

_INCREASE = "statistically significant increase"
_DECREASE = "statistically significant decrease"


def _number(value: Any) -> float:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return math.nan
    return out


def pct_text(pct: Any) -> str:
    """``+12%``, ``-3%``, ``less than 1%`` (never ``-0%``), or ``""`` when unknown."""
    p = _number(pct)
    if math.isnan(p):
        return ""
    if abs(p) < 0.5:
        return "less than 1%"
    return f"{p:+.0f}%"


def p_text(p: Any) -> str:
    """``p = 0.012``, ``p < 0.001``, or ``""``."""
    v = _number(p)
    if math.isnan(v):
        return ""
    return "p < 0.001" if v < 0.001 else f"p = {v:.3f}"


def _count(value: Any, whole: bool) -> str:
    v = _number(value)
    return f"{v:,.0f}" if whole else f"{v:,.1f}"


def _statistics(row: Mapping[str, Any]) -> str:
    test = str(row.get("test") or "")
    disp = _number(row.get("dispersion"))
    what = test + (f", dispersion {disp:.1f}" if test == "quasi-Poisson" and not
                   math.isnan(disp) else "")
    return "; ".join(t for t in (p_text(row.get("p_value")), what) if t)


def comparison_sentence(name: str, row: Mapping[str, Any]) -> str:
    """The comparison in words (see the module docstring)."""
    before_label = str(row.get("before_label") or row.get("before_period", ""))
    after_label = str(row.get("after_label") or row.get("after_period", ""))
    result = str(row.get("result", ""))
    status = str(row.get("status", "compared"))
    baseline = bool(row.get("baseline", " to " in str(row.get("before_period", ""))))
    if status in ("not comparable", "no data to compare"):
        if baseline:
            return (f"{name} in {after_label} cannot be compared with the average of "
                    f"{row.get('before_period', '')}: {row.get('reason', '')}.")
        return (f"{name} cannot be compared between {before_label} and {after_label}: "
                f"{row.get('reason', '')}.")
    whole = result != "not a count: no significance test"
    before = _count(row.get("expected_after", row.get("before")), whole)
    before_text = f"an average of {before} a year in {before_label}" if baseline else \
        f"{before} in {before_label}"
    after = _count(row.get("after"), whole)
    lfl = str(row.get("like_for_like") or "")
    span = f", counting {lfl}" if lfl else ""
    if status == "too small":
        text = (f"{name} counted {before_text} and {after} in {after_label}: numbers too small "
                f"to compare ({row.get('reason', '')}){span}")
    else:
        verb = "rose" if result == _INCREASE else "fell" if result == _DECREASE else "went"
        pct = pct_text(row.get("pct_change"))
        stats = _statistics(row)
        verdict = f"a {result}" if result in (_INCREASE, _DECREASE) else result
        if not whole:
            verdict = "not a count, so not tested"
        text = (f"{name} {verb} from {before_text} to {after} in {after_label}"
                + (f" ({pct})" if pct else "") + f", {verdict}"
                + (f" ({stats})" if stats and whole else "") + span)
    note = str(row.get("note") or "")
    return text + (f"; {note}" if note else "") + "."
