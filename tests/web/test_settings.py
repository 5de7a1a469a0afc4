"""The settings factory: SQLite by default, DATABASE_URL for PostgreSQL, safe production."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from cspkit.djangoproject.factory import build_settings
from cspkit.errors import ConfigError


def test_sqlite_in_the_users_folder_by_default(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CSPKIT_HOME", str(tmp_path))
    db = build_settings({})["DATABASES"]["default"]
    assert db == {"ENGINE": "django.db.backends.sqlite3", "NAME": str(tmp_path / "cspkit.sqlite3")}


def test_database_url_selects_postgresql() -> None:
    db = build_settings({"DATABASE_URL": "postgres://csp:pw@db.example:5433/cspkit"})["DATABASES"]
    assert db["default"]["ENGINE"] == "django.db.backends.postgresql"
    assert (db["default"]["HOST"], db["default"]["PORT"], db["default"]["NAME"]) == (
        "db.example",
        5433,
        "cspkit",
    )


def test_bad_database_url_says_how_to_fix_it() -> None:
    with pytest.raises(ConfigError) as info:
        build_settings({"DATABASE_URL": "mysqlx://nowhere"})
    assert str(info.value).startswith("DATABASE_URL 'mysqlx://nowhere' is not a database URL (")
    assert str(info.value).endswith(
        "); use the form postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:///PATH"
    )


def test_production_needs_a_secret_key() -> None:
    with pytest.raises(ConfigError) as info:
        build_settings({}, production=True)
    assert str(info.value) == (
        "CSPKIT_SECRET_KEY is not set; production needs a long random secret, e.g. "
        "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`"
    )


def test_production_settings_pass_check_deploy(tmp_path: Path) -> None:
    env = dict(
        os.environ,
        CSPKIT_SECRET_KEY=secrets.token_urlsafe(50),
        CSPKIT_ALLOWED_HOSTS="csp.example.org",
        CSPKIT_HOME=str(tmp_path),
        DJANGO_SETTINGS_MODULE="cspkit.djangoproject.production",
    )
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    # one silenced: django-axes' advice to lock by address too (cspkit locks by account)
    assert "System check identified no issues (1 silenced)." in result.stdout
