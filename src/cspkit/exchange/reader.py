"""Reading a parsed YAML document with every problem reported at its path.

A :class:`Node` wraps one value and its path (``priorities[2].action_plans[0]``); its methods
read typed values out of a mapping and add a problem, instead of raising, when a value is
wrong, so that one import reports every problem of the file at once::

    priorities[2].action_plans[0].actions[5].status: 'yellow' is not one of not_started,
    on_track, at_risk, off_track, complete
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

__all__ = ["Node", "Problems"]

MISSING = object()


class Problems:
    """The problems found so far."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, path: str, message: str) -> None:
        self.items.append(f"{path}: {message}" if path else message)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _listing(names: Iterable[str], limit: int = 12) -> str:
    names = list(names)
    shown = ", ".join(names[:limit])
    return shown + (f", ... ({len(names)} in all)" if len(names) > limit else "") or "none"


class Node:
    """One value of the document and where it is."""

    def __init__(self, value: Any, path: str, problems: Problems) -> None:
        self.value = value
        self.path = path
        self.problems = problems

    def at(self, key: str) -> str:
        return _join(self.path, key)

    def problem(self, key: str | None, message: str) -> None:
        self.problems.add(self.at(key) if key else self.path, message)

    def mapping(self, required: Sequence[str], optional: Sequence[str], what: str) -> bool:
        """Check that this is a mapping with the required keys and no unknown keys."""
        if not isinstance(self.value, Mapping):
            self.problems.add(self.path, f"expected a mapping (key: value lines) for {what}, "
                                         f"got {self.value!r}")
            return False
        allowed = [*required, *optional]
        ok = True
        for key in self.value:
            if key not in allowed:
                self.problem(str(key), f"unknown key; {what} has {_listing(allowed, 40)}")
                ok = False
        for key in required:
            if key not in self.value or self.value[key] in (None, ""):
                self.problem(key, f"missing; every {what} needs one")
                ok = False
        return ok

    def get(self, key: str, default: Any = None) -> Any:
        value = self.value.get(key, MISSING) if isinstance(self.value, Mapping) else MISSING
        return default if value is MISSING or value is None else value

    def text(self, key: str, default: str = "") -> str:
        value = self.get(key, default)
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            self.problem(key, f"{value!r} is not text; put it in quotes")
            return default
        return str(value)

    def choice(self, key: str, choices: Sequence[str], default: str = "") -> str:
        value = self.get(key, default)
        if value == default:
            return default
        if not isinstance(value, str) or value not in choices:
            self.problem(key, f"{value!r} is not one of {', '.join(choices)}")
            return default
        return value

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.get(key, default)
        if not isinstance(value, bool):
            self.problem(key, f"{value!r} is not true or false")
            return default
        return value

    def date(self, key: str) -> dt.date | None:
        value = self.get(key)
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.problem(key, f"{value!r} is not a date; write it as 2021-04-30")
            return None

    def number(self, key: str) -> float | None:
        value = self.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            try:
                return float(str(value).replace(",", ""))
            except ValueError:
                self.problem(key, f"{value!r} is not a number")
                return None
        return float(value)

    def money(self, key: str) -> Decimal | None:
        value = self.get(key)
        if value is None:
            return None
        try:
            amount = Decimal(str(value).replace(",", "").lstrip("£"))
        except InvalidOperation:
            self.problem(key, f"{value!r} is not an amount of money; write it as 1500 or 1500.00")
            return None
        return amount.quantize(Decimal("0.01"))

    def texts(self, key: str) -> list[str]:
        value = self.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str | int) for v in value):
            self.problem(key, f"expected a list of texts, got {value!r}")
            return []
        return [str(v) for v in value]

    def json_object(self, key: str) -> dict[str, Any]:
        value = self.get(key, {})
        if not isinstance(value, Mapping):
            self.problem(key, f"expected a mapping, got {value!r}")
            return {}
        return dict(value)

    def items(self, key: str) -> list[Node]:
        """The list under ``key`` (absent: empty), one node per item."""
        value = self.get(key, [])
        if not isinstance(value, list):
            self.problem(key, f"expected a list (lines starting with '- '), got {value!r}")
            return []
        return [Node(v, f"{self.at(key)}[{i}]", self.problems) for i, v in enumerate(value)]

    def ref(self, key: str, table: Mapping[str, Any], what: str, plural: str) -> Any:
        """The record named by the key under ``key`` in ``table``; None if absent or unknown."""
        name = self.get(key)
        if name is None:
            return None
        if name not in table:
            self.problem(key, f"{name!r} is not the key of {what}; {plural} are "
                              f"{_listing(table)}")
            return None
        return table[name]
