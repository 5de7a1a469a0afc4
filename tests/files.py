"""Small hand-made files for tests, and the codes tests share."""

from __future__ import annotations

from pathlib import Path

#: Maidstone's ONS district code.
MAIDSTONE = "E07000110"


def write_csv(path: Path, text: str, *, bom: bool = False) -> Path:
    """Write a small hand-made CSV (optionally with a UTF-8 byte-order mark)."""
    path.write_text(("\ufeff" if bom else "") + text, encoding="utf-8")
    return path
