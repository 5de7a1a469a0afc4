"""Messages are for the person who sees them: on the command line they name commands and
options (`cspkit load geography lookup FILE`, --year 2021/22), never Python calls
(``load_lookup(store, path)``, ``year='2021/22'``).

Every message raised or warned is read from the source (the text of the ``raise X(...)`` and
``warnings.warn(...)`` calls, f-strings included). Text between backticks is a command line
and may hold anything.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import cspkit

SRC = Path(cspkit.__file__).resolve().parent

#: A library call on the store: nowhere, since every store-filling function has a command.
STORE_CALL = re.compile(r"\b\w+\(store\b")
#: A Python call (``f(...)``, not a plural such as ``column(s)``) or keyword argument (``x=``).
PYTHON_CALL = re.compile(r"\b[A-Za-z_][\w.]*\((?!s\)|y/ies\)|es\))[^()]*\)")
KEYWORD_ARGUMENT = re.compile(r"(?<![\w.-])[a-z_]\w*=(?!=)")
#: A call making an exception: ``InputError(...)``, ``ValueProblem(...)``, ``Http404(...)``.
MADE = re.compile(r"(Error|Problem|Exception|Http404|Warning)$")
#: Where a command's options and files reach: these modules' messages hold neither.
COMMAND_PATHS = (
    "calendar.py", "cli/", "fetch.py", "geography/", "sources/", "store/", "assessment/",
    "plans/", "exchange/", "demo/", "analysis/trends.py", "analysis/comparisons.py",
    "analysis/survey.py", "analysis/places/district.py",
)


def messages() -> Iterator[tuple[str, int, str]]:
    """(module path, line, message text without its f-string values) of every exception made
    (``SomeError(...)``, raised at once or later) and every warning given."""
    for path in sorted(SRC.rglob("*.py")):
        for call in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(call, ast.Call):
                continue
            name = ast.unparse(call.func)
            if not (MADE.search(name) or name in ("warnings.warn", "warn")):
                continue
            parts = [sub.value for arg in [*call.args, *(k.value for k in call.keywords)]
                     for sub in ast.walk(arg)
                     if isinstance(sub, ast.Constant) and isinstance(sub.value, str)]
            text = re.sub(r"`[^`]*`", "", "".join(parts))
            yield path.relative_to(SRC).as_posix(), call.lineno, text


def test_the_scan_reads_messages() -> None:
    found = {(path, text) for path, _, text in messages()}
    assert ("geography/lookups.py", "the store at  has no  lookup; load an ONS lookup CSV with "
            "columns like  ()") in found
    assert len(found) > 400


def test_no_message_names_a_call_on_the_store() -> None:
    offenders = [f"{p}:{line}: {t}" for p, line, t in messages() if STORE_CALL.search(t)]
    assert offenders == []


def test_messages_a_command_can_show_name_no_python_call_or_argument() -> None:
    offenders = [
        f"{p}:{line}: {t}" for p, line, t in messages()
        if p.startswith(COMMAND_PATHS) and (PYTHON_CALL.search(t) or KEYWORD_ARGUMENT.search(t))
    ]
    assert offenders == []


def test_the_patterns_catch_what_they_should() -> None:
    assert STORE_CALL.search("load one with load_lookup(store, path)")
    assert PYTHON_CALL.search("see PoliceAPI().forces() for ids")
    assert KEYWORD_ARGUMENT.search("Recommend it first (or preview it with allow_draft=True)")
    assert KEYWORD_ARGUMENT.search("give the year, e.g. year='2021/22'")
    assert not PYTHON_CALL.search("lacks column(s) 'a'; no weight for categor(y/ies) 'b'")
    assert not PYTHON_CALL.search("write it as 2021/22 (April 2021 to March 2022)")
    assert not KEYWORD_ARGUMENT.search("give --year 2021/22 or --vintage 2022 (p == 0.05)")
