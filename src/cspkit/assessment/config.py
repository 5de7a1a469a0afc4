"""What a partnership's assessment looks at: themes, breaks, sensitive categories.

Which crime types and partner measures belong to which priority theme is configuration, not
code: :func:`load_config` reads it from YAML, and :data:`DEFAULT_THEMES` serves a partnership
that has not written its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from cspkit.errors import InputError

__all__ = ["DEFAULT_THEMES", "AssessmentConfig", "Theme", "load_config"]

POLICE_CATEGORIES = (
    "Anti-social behaviour",
    "Bicycle theft",
    "Burglary",
    "Criminal damage and arson",
    "Drugs",
    "Other crime",
    "Other theft",
    "Possession of weapons",
    "Public order",
    "Robbery",
    "Shoplifting",
    "Theft from the person",
    "Vehicle crime",
    "Violence and sexual offences",
)


@dataclass(frozen=True)
class Theme:
    """A priority theme and the series that evidence it."""

    name: str
    crime_types: tuple[str, ...] = ()
    partner_measures: tuple[str, ...] = ()
    why: str = ""


DEFAULT_THEMES = (
    Theme(
        "Serious violence and organised crime",
        ("Violence and sexual offences", "Robbery", "Possession of weapons", "Drugs"),
        why="Violence, robbery, weapons and drugs: the harms the serious violence duty targets.",
    ),
    Theme(
        "Anti-social behaviour and criminal damage",
        ("Anti-social behaviour", "Criminal damage and arson", "Public order"),
        why="The disorder residents see and report most.",
    ),
    Theme(
        "Neighbourhood and acquisitive crime",
        (
            "Burglary",
            "Vehicle crime",
            "Shoplifting",
            "Other theft",
            "Theft from the person",
            "Bicycle theft",
        ),
        why="Volume crime against homes, vehicles, shops and people.",
    ),
)


@dataclass(frozen=True)
class AssessmentConfig:
    """Settings of one partnership's assessment; every field has a documented default."""

    partnership: str = ""
    themes: tuple[Theme, ...] = DEFAULT_THEMES
    breaks: Mapping[str, str] = field(default_factory=dict)
    """Known breaks in the police series, ``{"2022-06": "new recording system"}``."""
    known_irregular: Mapping[str, str] = field(default_factory=dict)
    """Months known to be irregular, ``{"2020-04": "pandemic"}``: assessed, never history."""
    sensitive: tuple[str, ...] = ("Violence and sexual offences",)
    public: bool = False
    """Public outputs suppress small counts of sensitive categories below district level."""
    hotspot_cell_size: float | None = None


def load_config(path: str | Path) -> AssessmentConfig:
    """Read an assessment configuration from YAML (keys as :class:`AssessmentConfig`)."""
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: cannot read the assessment configuration ({exc})") from None
    if not isinstance(raw, dict):
        raise InputError(f"{path}: expected a mapping of settings at the top level")
    known = set(AssessmentConfig.__dataclass_fields__)
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InputError(
            f"{path}: unknown setting(s) {', '.join(unknown)}; expected some of "
            f"{', '.join(sorted(known))}"
        )
    values: dict[str, Any] = dict(raw)
    if "themes" in raw:
        values["themes"] = tuple(_theme(path, i, t) for i, t in enumerate(raw["themes"] or []))
    for key in ("breaks", "known_irregular"):
        if key in raw:
            values[key] = {str(k): str(v) for k, v in (raw[key] or {}).items()}
    if "sensitive" in raw:
        values["sensitive"] = tuple(raw["sensitive"] or ())
    return AssessmentConfig(**values)


def _theme(path: Path, i: int, raw: Any) -> Theme:
    where = f"{path}: themes[{i}]"
    if not isinstance(raw, dict) or "name" not in raw:
        raise InputError(f"{where}: each theme needs a name, e.g. {{name: Domestic abuse}}")
    crime_types = tuple(raw.get("crime_types") or ())
    wrong = [c for c in crime_types if c not in POLICE_CATEGORIES]
    if wrong:
        raise InputError(
            f"{where}.crime_types: {wrong[0]!r} is not a police.uk category; use one of "
            f"{', '.join(POLICE_CATEGORIES)}"
        )
    return Theme(
        str(raw["name"]),
        crime_types,
        tuple(raw.get("partner_measures") or ()),
        str(raw.get("why", "")),
    )
