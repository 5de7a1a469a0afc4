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

from cspkit.analysis.policy import ComparisonPolicy
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
    priority: str = ""
    """The key of the partnership's priority this theme evidences (e.g. ``asb``): its crime
    types and measures become candidates for that priority when the priorities are scored,
    and the theme itself one more candidate."""


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
    breaks: Mapping[str, Any] = field(default_factory=dict)
    """Known breaks in the police series, ``{"2022-06": "new recording system"}``, or a break
    that affects some crime types only: ``{"2022-06": {"description": "new recording system",
    "crime_types": ["Violence and sexual offences"]}}``."""
    known_irregular: Mapping[str, str] = field(default_factory=dict)
    """Months known to be irregular, ``{"2020-04": "pandemic"}``: assessed, never history."""
    sensitive: tuple[str, ...] = ("Violence and sexual offences",)
    public: bool = False
    """Public outputs suppress small counts of sensitive categories below district level."""
    hotspot_cell_size: float | None = None
    comparison: ComparisonPolicy = field(default_factory=ComparisonPolicy)
    """The comparison policy (``comparison:`` in YAML: min_months, alpha, min_count, method,
    min_baseline_years): one significance level and one set of rules for every output."""
    town_centres: tuple[str, ...] = ()
    """Ward names or codes of town centres: their residents-based rates carry the footfall
    caveat (wards whose rate is three times the district's carry it anyway)."""


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
    if "known_irregular" in raw:
        values["known_irregular"] = {str(k): str(v) for k, v in
                                     (raw["known_irregular"] or {}).items()}
    if "breaks" in raw:
        values["breaks"] = {str(k): _break(path, str(k), v) for k, v in
                            (raw["breaks"] or {}).items()}
    for key in ("sensitive", "town_centres"):
        if key in raw:
            values[key] = tuple(str(v) for v in raw[key] or ())
    if "comparison" in raw:
        values["comparison"] = _policy(path, raw["comparison"])
    return AssessmentConfig(**values)


def _break(path: Path, month: str, raw: Any) -> Any:
    """A break: its description, or ``{description, crime_types}`` with the types checked."""
    if not isinstance(raw, dict):
        return str(raw)
    where = f"{path}: breaks[{month}]"
    unknown = sorted(set(raw) - {"description", "crime_types"})
    if unknown:
        raise InputError(f"{where}: unknown setting(s) {', '.join(unknown)}; a break has a "
                         "description and, optionally, the crime_types it affects")
    types = tuple(raw.get("crime_types") or ())
    wrong = [c for c in types if c not in POLICE_CATEGORIES]
    if wrong:
        raise InputError(f"{where}.crime_types: {wrong[0]!r} is not a police.uk category; use "
                         f"one of {', '.join(POLICE_CATEGORIES)}")
    return {"description": str(raw.get("description", "declared break")), "crime_types": types}


def _policy(path: Path, raw: Any) -> ComparisonPolicy:
    known = set(ComparisonPolicy.__dataclass_fields__)
    if not isinstance(raw, dict):
        raise InputError(f"{path}: comparison: expected settings such as {{alpha: 0.05, "
                         f"min_months: 6}}; the settings are {', '.join(sorted(known))}")
    unknown = sorted(set(raw) - known)
    if unknown:
        raise InputError(f"{path}: comparison: unknown setting(s) {', '.join(unknown)}; the "
                         f"settings are {', '.join(sorted(known))}")
    try:
        return ComparisonPolicy(**raw)
    except InputError as exc:
        raise InputError(f"{path}: comparison: {exc}") from None


def _theme(path: Path, i: int, raw: Any) -> Theme:
    where = f"{path}: themes[{i}]"
    if not isinstance(raw, dict) or "name" not in raw:
        raise InputError(f"{where}: each theme needs a name, e.g. {{name: Domestic abuse}}")
    extra = sorted(set(raw) - {"name", "crime_types", "partner_measures", "why", "priority"})
    if extra:
        raise InputError(f"{where}: unknown key(s) {', '.join(extra)}; a theme has name, "
                         "crime_types, partner_measures, why and priority (the key of the "
                         "partnership's priority it evidences)")
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
        str(raw.get("priority") or ""),
    )
