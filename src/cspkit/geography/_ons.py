"""ONS column naming, shared by the lookup, boundary and population readers.

ONS (Open Geography Portal) files name a column by the level's prefix, a two-digit vintage and
``CD`` (code) or ``NM`` (name): ``LSOA11CD``, ``WD19NM``, ``LAD22CD``. Welsh names end in
``NMW``; older files add ``CDO`` (old-style codes). Some exports write them in lower case.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from cspkit.errors import FileFormatError, GeographyWarning, ValueProblem

__all__ = [
    "LEVELS",
    "GeographyWarning",
    "OnsColumn",
    "ons_columns",
    "read_csv_text",
    "require_gss_codes",
]

#: ONS prefix -> cspkit level name.
PREFIX_LEVEL: dict[str, str] = {
    "OA": "oa",
    "LSOA": "lsoa",
    "MSOA": "msoa",
    "WD": "ward",
    "LAD": "lad",
    "LTLA": "lad",
    "UTLA": "utla",
    "CTYUA": "utla",
    "CTY": "county",
    "CSP": "csp",
    "PFA": "pfa",
    "RGN": "region",
    "CTRY": "country",
}

#: Level names, finest first (the order picks the level of a boundary file that has several).
LEVELS: tuple[str, ...] = (
    "oa", "lsoa", "msoa", "ward", "lad", "utla", "county", "csp", "pfa", "region", "country",
)

#: The ONS prefix written in messages for each level.
LEVEL_PREFIX: dict[str, str] = {
    "oa": "OA", "lsoa": "LSOA", "msoa": "MSOA", "ward": "WD", "lad": "LAD", "utla": "UTLA",
    "county": "CTY", "csp": "CSP", "pfa": "PFA", "region": "RGN", "country": "CTRY",
}

_ONS_NAME = re.compile(r"^(?P<prefix>[A-Z]+?)(?P<yy>\d{2})(?P<part>CD|NM)$", re.IGNORECASE)

#: A GSS code: a letter and eight digits (E01024320, W05000001, S12000033, ...).
GSS_CODE = re.compile(r"^[A-Z]\d{8}$")


@dataclass(frozen=True)
class OnsColumn:
    """One column named in the ONS way."""

    column: str
    """The column's name as written in the file."""
    prefix: str
    """Upper-case ONS prefix: ``LSOA``, ``WD``, ``LAD``, ..."""
    level: str | None
    """cspkit level (``lsoa``, ``ward``, ...), or None for a prefix cspkit does not know."""
    vintage: str
    """Four-digit year: ``WD19CD`` -> ``"2019"``."""
    part: str
    """``CD`` or ``NM``."""


def ons_columns(columns: Iterable[str]) -> list[OnsColumn]:
    """The columns of ``columns`` named in the ONS way, in their order."""
    found = []
    for col in columns:
        m = _ONS_NAME.match(str(col).strip())
        if m:
            prefix = m["prefix"].upper()
            found.append(
                OnsColumn(
                    column=str(col),
                    prefix=prefix,
                    level=PREFIX_LEVEL.get(prefix),
                    vintage=f"20{m['yy']}",
                    part=m["part"].upper(),
                )
            )
    return found


def read_csv_text(path: str | Path, what: str, example: str) -> pd.DataFrame:
    """Read a CSV as text columns (blank cells stay ``""``), dropping a UTF-8 byte-order mark.

    ``what`` and ``example`` name the expected file in the error raised when it is not a CSV.
    """
    path = Path(path)
    if not path.is_file():
        raise FileFormatError(path, "no such file", f"Give the path of {what}.")
    try:
        df = pd.read_csv(path, dtype=str, encoding="utf-8-sig", keep_default_na=False)
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            path,
            f"not UTF-8 text (byte {exc.start} cannot be decoded)",
            f"Expected {what} ({example}); save it as CSV UTF-8 and try again.",
        ) from None
    except pd.errors.EmptyDataError:
        raise FileFormatError(
            path, "the file is empty", f"Expected {what} ({example})."
        ) from None
    except pd.errors.ParserError as exc:
        raise FileFormatError(
            path,
            f"not a readable CSV ({str(exc).strip()})",
            f"Expected {what} ({example}).",
        ) from None
    df.columns = [str(c).strip() for c in df.columns]
    return df


def require_gss_codes(
    df: pd.DataFrame,
    column: str,
    source_column: str,
    path: str | Path,
    *,
    allow_blank: bool = False,
) -> None:
    """Raise ValueProblem at the first value of ``column`` that is not a GSS code.

    ``source_column`` is the column's name in the file (for the message); line numbers count the
    header as line 1.
    """
    values = df[column].astype(str)
    ok = values.str.fullmatch(GSS_CODE.pattern)
    if allow_blank:
        ok = ok | (values == "")
    bad = (~ok.fillna(False).astype(bool)).to_numpy().nonzero()[0]
    if len(bad):
        i = int(bad[0])
        raise ValueProblem(
            path,
            i + 2,
            source_column,
            values.iloc[i],
            "an ONS GSS code (a letter and eight digits, e.g. E07000110)",
            "Correct or remove that row; an ONS lookup has a code on every row.",
        )
