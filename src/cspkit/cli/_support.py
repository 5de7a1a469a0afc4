"""What every `cspkit` command shares: turning errors into messages, and getting Django ready.

Every module of :mod:`cspkit.cli` (one per command group) uses these pieces.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable
from typing import Any, TypeVar

import click

from cspkit import config
from cspkit.errors import CspkitError

__all__ = ["ByteProgress", "django_ready", "reports_errors", "store_of"]

F = TypeVar("F", bound=Callable[..., Any])


def reports_errors(func: F) -> F:
    """Library errors as one paragraph on stderr and their exit code, never a traceback.

    Django's PermissionDenied and ValidationError (raised by the partnership's services) are
    bad input too (exit code 2).
    """

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except CspkitError as error:
            click.echo(f"Error: {error}", err=True)
            sys.exit(error.exit_code)
        except Exception as error:
            from django.core.exceptions import PermissionDenied, ValidationError

            if isinstance(error, PermissionDenied):
                click.echo(f"Error: {error}; act as a user with the right role (--user NAME)",
                           err=True)
            elif isinstance(error, ValidationError):
                click.echo(f"Error: {'; '.join(error.messages)}", err=True)
            else:
                raise
            sys.exit(2)

    return wrapper  # type: ignore[return-value]


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
