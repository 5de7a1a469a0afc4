"""Disclosure control: small counts of sensitive categories at small areas are not published.

**Primary suppression.** In a table marked public, a count from 1 to ``threshold`` (default 4)
of a sensitive category (default: police.uk "Violence and sexual offences", and partner measures
of domestic abuse, MARAC or sexual offences, matched by name) at an area below district level
(ward, ward cluster, LSOA, MSOA: any code that is not a district-or-larger GSS code) is shown as
the marker (default ``"*"``). Zero is shown: it identifies no one.

**Secondary suppression.** A table's totals are public (an area's all-categories count, a
category's district count), so a single hidden cell in a row or column could be worked out by
subtraction. Wherever an area (row) or a category (column) has exactly one hidden cell, the
smallest other non-zero count of that row or column is hidden too (a zero only when nothing
else is left), and this repeats until every row and column has none or at least two hidden
cells. Secondary cells get the same marker, so a reader cannot tell which hidden cell is small.
A row or column whose only cell is hidden cannot be protected this way: the function says so
(``attrs["unprotected"]``) and its total must be withheld too.

:data:`SUPPRESSION_RULE` states the default rule in words for the page; :func:`suppression_rule`
states it for other settings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from cspkit.analysis._checks import as_columns, require_columns, require_counts
from cspkit.errors import InputError

__all__ = [
    "DEFAULT_SENSITIVE",
    "SUPPRESSION_RULE",
    "DisclosureRules",
    "is_below_district",
    "suppress_small_counts",
    "suppression_rule",
]

#: Category names, or parts of names (case-insensitive), treated as sensitive by default.
DEFAULT_SENSITIVE = ("Violence and sexual offences", "domestic abuse", "domestic violence",
                     "MARAC", "sexual")

#: GSS prefixes of areas smaller than a district (output areas, LSOAs, MSOAs, wards).
_SMALL_PREFIXES = ("E00", "E01", "E02", "E05", "W00", "W01", "W02", "W05", "S00", "S01", "S02",
                   "S13", "N00", "N01", "N08")
_GSS = re.compile(r"^[A-Z]\d{8}$")


@dataclass(frozen=True)
class DisclosureRules:
    """What is suppressed: counts 1..``threshold`` of ``sensitive`` categories, as ``marker``."""

    threshold: int = 4
    sensitive: tuple[str, ...] = DEFAULT_SENSITIVE
    marker: str = "*"

    def __post_init__(self) -> None:
        if isinstance(self.threshold, bool) or not isinstance(self.threshold, int) or (
            self.threshold < 1
        ):
            raise InputError(
                f"DisclosureRules(): threshold={self.threshold!r} must be a whole number of 1 "
                "or more, e.g. 4"
            )

    def is_sensitive(self, category: str) -> bool:
        name = str(category).lower()
        return any(s.lower() == name or s.lower() in name for s in self.sensitive)


def suppression_rule(rules: DisclosureRules | None = None) -> str:
    """The rule in words, for the page that shows a suppressed table."""
    r = rules or DisclosureRules()
    return (
        f"To protect victims, counts of 1 to {r.threshold} of sensitive categories "
        f"({', '.join(r.sensitive)}) in areas smaller than a district (wards, ward clusters, "
        f"neighbourhoods) are shown as \"{r.marker}\". Zero is shown. Where a published total "
        "would let a hidden count be worked out by subtraction, the next smallest count in the "
        f"same row or column is also shown as \"{r.marker}\". Districts and larger areas are "
        "shown in full."
    )


SUPPRESSION_RULE = suppression_rule()


def is_below_district(area_code: str) -> bool:
    """True for wards, LSOAs, MSOAs, output areas and anything that is not a GSS code (e.g. a
    ward cluster's name); False for districts and larger areas (E06-E09, E22 CSPs, ...)."""
    code = str(area_code).strip()
    return not _GSS.match(code) or code[:3] in _SMALL_PREFIXES


def suppress_small_counts(
    table: pd.DataFrame,
    *,
    area: str = "area_code",
    category: str = "crime_type",
    value: str = "count",
    by: str | Sequence[str] | None = None,
    level: str | None = None,
    public: bool = True,
    rules: DisclosureRules | None = None,
) -> pd.DataFrame:
    """Apply the module's rule to a long table (one row per area, category and ``by`` group).

    Returns the table with ``shown`` (text: the count, or the marker) and ``suppressed``
    (``""``, ``"primary"`` or ``"secondary"``). When ``public``, the numeric ``value`` column is
    **dropped** so the hidden numbers cannot leak; otherwise nothing is hidden and ``value`` is
    kept. ``level`` names a column that says which rows are below district level (truthy);
    by default it is read from the area code (:func:`is_below_district`). ``attrs["rule"]``
    holds the rule's text; ``attrs["unprotected"]`` lists rows or columns secondary suppression
    could not protect (their totals must be withheld).
    """
    rules = rules or DisclosureRules()
    cols = as_columns(by)
    require_columns("suppress_small_counts", table,
                    [area, category, value, *cols, *([level] if level else [])], "table")
    counts = require_counts("suppress_small_counts", table[value], value)
    out = table.reset_index(drop=True).copy()
    out["shown"] = [str(int(v)) for v in counts]
    out["suppressed"] = ""
    out.attrs["rule"] = suppression_rule(rules)
    out.attrs["unprotected"] = []
    if not public:
        out.attrs["note"] = "not public: nothing suppressed"
        return out
    small = out[level].astype(bool) if level else out[area].map(is_below_district)
    groups = out[small].groupby(cols, dropna=False) if cols else [((), out[small])]
    for key, sub in groups:
        if sub.empty:
            continue
        marks, unprotected = _suppress_group(sub, area, category, counts[sub.index], rules)
        out.loc[sub.index, "suppressed"] = marks
        out.attrs["unprotected"] += [f"{key}: {u}" if cols else u for u in unprotected]
    out.loc[out["suppressed"] != "", "shown"] = rules.marker
    return out.drop(columns=[value])


def _suppress_group(
    sub: pd.DataFrame, area: str, category: str, values: np.ndarray, rules: DisclosureRules
) -> tuple[list[str], list[str]]:
    """Marks for the rows of one group's small-area table, and the lines left unprotected."""
    areas = list(dict.fromkeys(sub[area]))
    cats = list(dict.fromkeys(sub[category]))
    r = sub[area].map({a: i for i, a in enumerate(areas)}).to_numpy()
    c = sub[category].map({k: i for i, k in enumerate(cats)}).to_numpy()
    m = np.full((len(areas), len(cats)), np.nan)
    m[r, c] = values
    sensitive = np.array([rules.is_sensitive(k) for k in cats])
    primary = (m >= 1) & (m <= rules.threshold) & sensitive[None, :]
    hidden = primary.copy()
    unprotected: set[str] = set()
    changed = True
    while changed:
        changed = False
        for axis, names in ((1, areas), (0, cats)):
            lines = hidden if axis == 1 else hidden.T
            vals = m if axis == 1 else m.T
            present = ~np.isnan(vals)
            # a line of one cell has no separate total to subtract from
            for i in np.flatnonzero((lines.sum(axis=1) == 1) & (present.sum(axis=1) > 1)):
                j = _next_smallest(vals[i], lines[i])
                if j is None:
                    unprotected.add(f"{'area' if axis == 1 else 'category'} {names[i]}")
                    continue
                lines[i, j] = True
                changed = True
    marks = np.where(primary[r, c], "primary", np.where(hidden[r, c], "secondary", ""))
    return list(marks), sorted(unprotected)


def _next_smallest(values: np.ndarray, hidden: np.ndarray) -> int | None:
    """Index of the smallest visible non-zero cell of a line (a zero if nothing else is left)."""
    visible = ~hidden & ~np.isnan(values)
    for ok in (visible & (values > 0), visible):
        if ok.any():
            cand = np.flatnonzero(ok)
            return int(cand[np.argmin(values[cand])])
    return None
