"""The one exception tree of cspkit.

Library functions raise these; the CLI and the web views turn them into messages.
Every message says what was wrong (with the file, line, field and value where there
is one), what was expected, and how to fix it.

    CspkitError
    ├── ConfigError              settings, paths, environment
    ├── InputError               a file or value given to cspkit is not what it should be
    │   ├── FileFormatError      not a file of the expected shape (HTML page, truncated zip)
    │   ├── ColumnError          missing or unexpected columns
    │   └── ValueProblem         one value in one row is wrong (line, column, value)
    ├── StoreError               the analytical store cannot do what was asked
    │   ├── StoreLockedError     another load holds the store
    │   └── NotLoadedError       the data asked for has not been loaded
    ├── GeographyError           areas, codes, boundaries and their relations
    └── SourceError              an outside service failed (data.police.uk API)
"""

from __future__ import annotations

from pathlib import Path

__all__ = [
    "ColumnError",
    "ConfigError",
    "CspkitError",
    "FileFormatError",
    "GeographyError",
    "InputError",
    "NotLoadedError",
    "SourceError",
    "StoreError",
    "StoreLockedError",
    "ValueProblem",
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


class StoreError(CspkitError):
    """The analytical store cannot do what was asked."""


class StoreLockedError(StoreError):
    """Another process is loading into the same store."""


class NotLoadedError(StoreError):
    """The data asked for is not in the store."""


class GeographyError(CspkitError):
    """An area code, boundary or lookup is wrong or missing."""

    exit_code = 2


class SourceError(CspkitError):
    """An outside service (the data.police.uk API) failed."""
