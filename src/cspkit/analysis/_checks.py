"""Input checks shared by the analysis functions.

Each check names the function the user called, the argument, the bad value and the fix, and
raises :class:`cspkit.errors.InputError` (sfhotspot's habit: errors come from the function the
user called, shaped as "the problem" + "how to fix it").
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd

from cspkit.errors import InputError

__all__ = ["announce", "as_columns", "require_columns", "require_counts", "require_fraction"]


def as_columns(by: str | Sequence[str] | None) -> list[str]:
    """``"crime_type"`` -> ``["crime_type"]``; None -> ``[]``."""
    if by is None:
        return []
    if isinstance(by, str):
        return [by]
    return list(by)


def require_columns(func: str, table: pd.DataFrame, columns: Iterable[str], what: str) -> None:
    """Raise unless ``table`` (argument ``what`` of ``func``) has every column of ``columns``."""
    if not isinstance(table, pd.DataFrame):
        raise InputError(
            f"{func}(): {what} must be a pandas DataFrame, not {type(table).__name__}; "
            "pass a table (e.g. con.sql(...).df())"
        )
    missing = [c for c in columns if c not in table.columns]
    if missing:
        have = ", ".join(repr(str(c)) for c in table.columns) or "none"
        raise InputError(
            f"{func}(): {what} lacks column(s) {', '.join(repr(c) for c in missing)}; it has "
            f"{have}. Rename the columns or pass the names your table uses"
        )


def require_counts(func: str, values: pd.Series, what: str) -> np.ndarray:
    """The values as float64, raising unless they are whole numbers of 0 or more."""
    arr = pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    bad = ~np.isfinite(arr) | (arr < 0) | (np.abs(arr - np.round(arr)) > 1e-9)
    if bad.any():
        i = int(np.flatnonzero(bad)[0])
        value = values.iloc[i]
        value = value.item() if isinstance(value, np.generic) else value
        raise InputError(
            f"{func}(): {what} must be counts (whole numbers of 0 or more); value "
            f"{value!r} at row {i} is not. Remove or correct it (significance tests "
            "of counts need counts, not rates or averages)"
        )
    return np.round(arr)


def require_fraction(func: str, name: str, value: float) -> float:
    """Raise unless ``0 < value < 1``."""
    if not isinstance(value, (int, float)) or isinstance(value, bool) or not 0 < value < 1:
        raise InputError(f"{func}(): {name}={value!r} must be a number between 0 and 1, e.g. 0.05")
    return float(value)


def announce(message: str, quiet: bool) -> None:
    """Say on stderr what default was chosen (sfhotspot's habit), unless ``quiet``."""
    if not quiet:
        print(message, file=sys.stderr)
