"""What every `cspkit` command shares: turning errors and warnings into messages, and getting
Django ready.

Every module of :mod:`cspkit.cli` (one per command group) uses these pieces. On the command
line an error is one paragraph on stderr (``Error: ...``) and an exit code (2 for bad input:
options, files, data asked for; 1 otherwise), never a traceback; a warning is one line on stderr
(``note: ...``), never Python's two lines with the source line.
"""

from __future__ import annotations

import contextlib
import functools
import os
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TextIO, TypeVar

import click

from cspkit import config
from cspkit.errors import CspkitError, CspkitWarning, InputError

__all__ = ["ByteProgress", "ReportingGroup", "acting_user", "django_ready", "partnership_of",
           "reporting", "reports_errors", "store_of"]

F = TypeVar("F", bound=Callable[..., Any])

#: Set to 1 to see the traceback of an unexpected error (a bug) instead of its one paragraph.
TRACEBACK_VARIABLE = "CSPKIT_TRACEBACK"


def one_line(text: object) -> str:
    """``text`` on one line (runs of spaces and line breaks made one space)."""
    return " ".join(str(text).split())


def _note(message: Warning | str, category: type[Warning], filename: str, lineno: int,
          file: TextIO | None = None, line: str | None = None) -> None:
    """A warning as one line on stderr: ``note: ...`` (the category too, if not cspkit's)."""
    kind = "" if issubclass(category, CspkitWarning) else f" ({category.__name__})"
    click.echo(f"note{kind}: {one_line(message)}", err=True)


def _fail(message: str, code: int) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(code)


def _django_error(error: Exception) -> str | None:
    """The message of Django's PermissionDenied or ValidationError (bad input too), else None."""
    if "django.core.exceptions" not in sys.modules:
        return None
    from django.core.exceptions import PermissionDenied, ValidationError

    if isinstance(error, PermissionDenied):
        return f"{error}; act as a user with the right role (--user NAME)"
    if isinstance(error, ValidationError):
        return "; ".join(error.messages)
    return None


@contextlib.contextmanager
def reporting() -> Iterator[None]:
    """Within: warnings print as ``note: ...``; errors as one paragraph and their exit code.

    cspkit's errors exit with their ``exit_code``; Django's PermissionDenied and ValidationError
    (raised by the partnership's services) with 2; click's own exceptions pass through; any
    other exception is a bug: one paragraph asking for a report, exit code 1 (the traceback
    with ``CSPKIT_TRACEBACK=1``).
    """
    with warnings.catch_warnings():
        warnings.simplefilter("default", CspkitWarning)
        warnings.showwarning = _note
        try:
            yield
        except CspkitError as error:
            _fail(str(error), error.exit_code)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:
            django = _django_error(error)
            if django is not None:
                _fail(django, 2)
            if os.environ.get(TRACEBACK_VARIABLE) == "1":
                raise
            _fail(f"cspkit failed unexpectedly ({type(error).__name__}: {one_line(error)}). "
                  "This is a bug: please report it with the command you ran (set "
                  f"{TRACEBACK_VARIABLE}=1 to see the traceback)", 1)


def reports_errors(func: F) -> F:
    """Run the command within :func:`reporting` (errors as one paragraph, warnings as notes)."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with reporting():
            return func(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


class ReportingGroup(click.Group):
    """A command group whose every command runs within :func:`reporting`, decorated or not."""

    def invoke(self, ctx: click.Context) -> Any:
        with reporting():
            return super().invoke(ctx)


def django_ready() -> None:
    """Set up Django and migrate the web app's database, unless that was done (or a test did)."""
    from django.apps import apps

    if apps.ready:
        return
    import django
    from django.core.management import call_command

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.djangoproject.settings")
    config.data_dir().mkdir(parents=True, exist_ok=True)
    django.setup()
    call_command("migrate", verbosity=0)


def store_of(ctx: click.Context) -> Any:
    """The store named by ``--store`` (or ``$CSPKIT_STORE``, or the user data folder)."""
    from cspkit.store import Store

    root = ctx.find_root().obj.get("store") or config.store_path()
    return Store(root)


class ByteProgress:
    """A click progress bar fed by ``progress(done, total)`` callbacks."""

    def __init__(self, quiet: bool, label: str) -> None:
        self.quiet = quiet or not sys.stderr.isatty()
        self.label = label
        self.bar: Any = None
        self.shown = 0

    def __enter__(self) -> Callable[[int, int], None] | None:
        return None if self.quiet else self

    def __call__(self, done: int, total: int) -> None:
        if self.bar is None:
            self.bar = click.progressbar(length=total, label=self.label, file=sys.stderr)
            self.bar.__enter__()
        self.bar.update(done - self.shown)
        self.shown = done

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.__exit__(*exc)


def acting_user(name: str | None, group: str) -> Any:
    """The active user called ``name``, who makes the changes of a ``cspkit GROUP`` command and
    whom the history names (``--user NAME`` or ``$CSPKIT_USER``)."""
    from django.contrib.auth import get_user_model

    if not name:
        raise InputError(f"say who is making the change, so that the history names them: "
                         f"`cspkit {group} --user NAME ...` or set CSPKIT_USER=NAME (a user with a "
                         "role in the partnership)")
    user = get_user_model().objects.filter(username=name).first()
    if user is None:
        raise InputError(f"no user is called {name!r}; give the name of a user with a role "
                         f"in the partnership (cspkit {group} --user NAME, or CSPKIT_USER)")
    if not user.is_active:
        raise InputError(f"the account {name!r} is inactive; act as an active user with a role "
                         f"in the partnership (cspkit {group} --user NAME)")
    return user


def partnership_of(slug: str) -> Any:
    """The partnership with this slug; an error listing the slugs there are otherwise."""
    from cspkit.partnership.models import Partnership

    p = Partnership.objects.filter(slug=slug).first()
    if p is None:
        known = ", ".join(Partnership.objects.values_list("slug", flat=True)) or "none"
        raise InputError(f"no partnership has the slug {slug!r}; partnerships here: {known}")
    return p
