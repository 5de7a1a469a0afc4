"""The one exception and warning tree of cspkit: every error and warning it raises is here.

Library functions raise these; the command line and the web views turn them into messages.
Every message says what was wrong (with the file, line, field and value where there is one),
what was expected, and how to fix it, naming commands and options where a command can fix it.

    CspkitError                    exit code 1 unless marked [2] (bad input: fix the command)
    ├── ConfigError                settings, paths, environment
    ├── InputError [2]             a file or value given to cspkit is not what it should be
    │   ├── FileFormatError        not a file of the expected shape (HTML page, truncated zip)
    │   ├── ColumnError            missing or unexpected columns
    │   ├── ValueProblem           one value in one row is wrong (line, column, value)
    │   ├── PartnershipFileError   a partnership file (YAML) has problems, each listed
    │   ├── UnsafeFileError        a file could make cspkit fetch, read or run something
    │   ├── SchemaError            a JSON body does not fit the API's schema (field, problem)
    │   └── QueryParamError        an indicator's named query or its parameters are wrong
    ├── StoreError                 the analytical store cannot do what was asked
    │   ├── StoreLockedError       another load holds the store
    │   └── NotLoadedError [2]     the data asked for has not been loaded
    ├── GeographyError [2]         areas, codes, boundaries and their relations
    ├── PlanError [2]              a plan version cannot do what was asked
    │   ├── VersionLockedError     adopted (or superseded): it can no longer change
    │   ├── VersionNotDraftError   recommended: waits for the committee; return it to draft
    │   ├── VersionStateError      the step does not follow from its status (adopt a draft)
    │   └── PlanContentError       an edit names a priority, action or body that is not there
    ├── CaseError [2]              a case cannot do what was asked (close it twice, decide early)
    ├── PeopleError [2]            a person or role cannot change (the last administrator)
    └── SourceError                an outside service failed (data.police.uk API)
        └── AreaTooLargeError      the API refused an area holding over 10,000 records

    CspkitWarning                  something was assumed or worked around; the message says
    │                              what and how to avoid it (the command line prints "note: ...")
    ├── GeographyWarning           an area input fixed or assumed (invalid polygons, CRS, vintage)
    ├── HotspotWarning             rows left out of a hotspot analysis (no coordinates, outside)
    ├── PlacesWarning              a places analysis worked around its input (island wards, ...)
    └── SourceWarning              an outside source sent something cspkit had to guess about

Every class above is checked against the package by ``tests/test_errors.py``: a class raised
anywhere in cspkit and not drawn here fails it. The web views answer 409 Conflict for the first
three plan errors and show the message; the JSON API answers 409 with ``{"error": message}``.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

__all__ = [
    "AreaTooLargeError",
    "CaseError",
    "ColumnError",
    "ConfigError",
    "CspkitError",
    "CspkitWarning",
    "FileFormatError",
    "GeographyError",
    "GeographyWarning",
    "HotspotWarning",
    "InputError",
    "NotLoadedError",
    "PartnershipFileError",
    "PeopleError",
    "PlacesWarning",
    "PlanContentError",
    "PlanError",
    "QueryParamError",
    "SchemaError",
    "SourceError",
    "SourceWarning",
    "StoreError",
    "StoreLockedError",
    "UnsafeFileError",
    "ValueProblem",
    "VersionLockedError",
    "VersionNotDraftError",
    "VersionStateError",
]


class CspkitError(Exception):
    """Base of every error cspkit raises on purpose."""

    exit_code = 1


class ConfigError(CspkitError):
    """A setting, path or environment variable is wrong."""


class InputError(CspkitError):
    """A file or value given to cspkit is not what it should be."""

    exit_code = 2


class FileFormatError(InputError):
    """The file is not of the expected format."""

    def __init__(self, path: str | Path, problem: str, fix: str) -> None:
        self.path = str(path)
        self.problem = problem
        self.fix = fix
        super().__init__(f"{self.path}: {problem}. {fix}")


class ColumnError(InputError):
    """The file's header lacks columns cspkit needs."""

    def __init__(self, path: str | Path, missing: list[str], found: list[str], fix: str) -> None:
        self.path = str(path)
        self.missing = missing
        self.found = found
        miss = ", ".join(repr(c) for c in missing)
        have = ", ".join(repr(c) for c in found) or "none"
        super().__init__(
            f"{self.path}, line 1: missing column(s) {miss}; the header has {have}. {fix}"
        )


class ValueProblem(InputError):
    """One value in one row of a file is wrong."""

    def __init__(
        self,
        path: str | Path,
        line: int | None,
        column: str,
        value: object,
        expected: str,
        fix: str,
    ) -> None:
        self.path = str(path)
        self.line = line
        self.column = column
        self.value = value
        self.expected = expected
        self.fix = fix
        where = f"{self.path}, line {line}" if line is not None else self.path
        super().__init__(f"{where}, column {column!r}: value {value!r}; expected {expected}. {fix}")


class PartnershipFileError(InputError):
    """A partnership file (YAML) has problems; ``problems`` lists each as ``path: message``."""

    def __init__(self, source: str, problems: Sequence[str]) -> None:
        self.source = source
        self.problems = list(problems)
        n = len(self.problems)
        head = f"{source}: {n} problem{'s' if n != 1 else ''}; nothing was imported"
        super().__init__(head + "".join(f"\n  {p}" for p in self.problems))


class SchemaError(InputError):
    """A JSON body sent to the API does not fit its schema: ``field`` (a dotted path such as
    ``priorities.domestic-abuse.title``) and ``problem``."""

    def __init__(self, field: str, problem: str) -> None:
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")


class UnsafeFileError(InputError):
    """A file from a user could make cspkit fetch a URL, read a local file, run a script or
    exhaust memory (an SVG with an entity or an outside link, a zip bomb)."""


class QueryParamError(InputError):
    """An indicator's named query, or its parameters, are wrong."""


class StoreError(CspkitError):
    """The analytical store cannot do what was asked."""


class StoreLockedError(StoreError):
    """Another process is loading into the same store."""


class NotLoadedError(StoreError):
    """The data asked for is not in the store (load it, or ask for data that is there)."""

    exit_code = 2


class GeographyError(CspkitError):
    """An area code, boundary or lookup is wrong or missing."""

    exit_code = 2


class SourceError(CspkitError):
    """An outside service (the data.police.uk API) failed."""


class AreaTooLargeError(SourceError):
    """data.police.uk refused an area query (HTTP 503): the area holds over 10,000 records."""


class PlanError(CspkitError):
    """A plan version cannot do what was asked."""

    exit_code = 2


class VersionLockedError(PlanError):
    """The version was adopted by the committee (or superseded since) and can no longer change."""


class VersionNotDraftError(PlanError):
    """The version is recommended to the committee; it must return to draft to change."""


class VersionStateError(PlanError):
    """The step asked for does not follow from the version's status."""


class PlanContentError(PlanError):
    """An edit of a version's content names something the content does not hold."""


class CaseError(CspkitError):
    """A case (vulnerability meeting, ASB Case Review) cannot do what was asked."""

    exit_code = 2


class PeopleError(CspkitError):
    """A change of who holds which role in a partnership cannot be made (an unknown person or
    subgroup, or it would leave the partnership without an administrator)."""

    exit_code = 2


class CspkitWarning(UserWarning):
    """Base of every warning cspkit gives: something was assumed or worked around."""


class GeographyWarning(CspkitWarning):
    """Something about an area input was fixed or assumed (invalid polygons made valid, a CRS
    assumed, lookup codes of another vintage); the message says what and how to avoid it."""


class HotspotWarning(CspkitWarning):
    """Input rows were left out of a hotspot analysis (no coordinates, outside the area)."""


class PlacesWarning(CspkitWarning):
    """Something about a places analysis was assumed or worked around (an island ward made its
    own cluster, a constant feature dropped); the message says what and how to avoid it."""


class SourceWarning(CspkitWarning):
    """An outside source sent something cspkit had to guess about (a crime category it did not
    name); the message says what was guessed and how to avoid it."""
