"""Build Django settings from the environment.

- Database: ``DATABASE_URL`` (e.g. ``postgres://user@127.0.0.1:5432/cspkit``) for a multi-user
  deployment; otherwise SQLite in the user's cspkit folder (``$CSPKIT_HOME``).
- Secret key: ``CSPKIT_SECRET_KEY``; required in production, a fixed development key otherwise.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

import dj_database_url

from cspkit import config
from cspkit.errors import ConfigError

DEV_SECRET_KEY = "django-insecure-cspkit-development-only-do-not-deploy"

WEB_DIR = Path(__file__).resolve().parents[1] / "web"
#: The web app's front end as the browser gets it: our stylesheet (``cspkit/cspkit.css``) and
#: the GOV.UK Frontend files it and the pages use (``govuk/``). Git-ignored; ``npm run build``
#: (``scripts/bootstrap``) writes it inside the package, so that a wheel built after it carries it.
FRONTEND_DIR = WEB_DIR / "frontend"
#: A checkout built before the front end moved into the package has it in ``node_modules/`` and
#: ``build/web/``.
CHECKOUT = Path(__file__).resolve().parents[3]


def web_static_dirs(env: Mapping[str, str]) -> list[str | tuple[str, str]]:
    """``STATICFILES_DIRS``: the front end (:data:`FRONTEND_DIR`) and our own assets.

    ``$CSPKIT_FRONTEND_DIR`` names a checkout to serve the front end from instead, as does
    this checkout when :data:`FRONTEND_DIR` is not built. Folders not built yet are left out
    (``scripts/bootstrap`` builds them): checks stay clean.
    """
    root = env.get("CSPKIT_FRONTEND_DIR")
    dirs: list[str | tuple[str, str]] = []
    if root or not FRONTEND_DIR.is_dir():
        root_dir = Path(root or CHECKOUT)
        govuk = root_dir / "node_modules" / "govuk-frontend" / "dist" / "govuk"
        if govuk.is_dir():
            dirs.append(("govuk", str(govuk)))
        if (root_dir / "build" / "web").is_dir():
            dirs.append(str(root_dir / "build" / "web"))
    else:
        dirs.append(str(FRONTEND_DIR))
    if (WEB_DIR / "static").is_dir():
        dirs.append(str(WEB_DIR / "static"))
    return dirs


def database_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """The ``DATABASES`` setting: ``DATABASE_URL`` if set, else SQLite in the data folder."""
    url = env.get("DATABASE_URL")
    if url:
        try:
            return {"default": dj_database_url.parse(url, conn_max_age=60)}
        except ValueError as exc:
            raise ConfigError(
                f"DATABASE_URL {url!r} is not a database URL ({exc}); use the form "
                "postgres://USER:PASSWORD@HOST:5432/NAME or sqlite:///PATH"
            ) from None
    path = config.data_dir() / "cspkit.sqlite3"
    return {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path)}}


def cache_settings(production: bool) -> dict[str, Any]:
    """Django's cache: the sessions (``cached_db``) and the pages' cached fragments.

    Production runs several worker processes, which must see one cache (a session ended in one
    is ended in all): files under ``<data folder>/cache``. A deployment on several machines
    sets ``CACHES`` to a shared server (Redis, Memcached) in its own settings module.
    Development and tests run one process: memory.
    """
    if not production:
        return {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(config.data_dir() / "cache"),
            "TIMEOUT": 24 * 3600,
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }


def sign_in_settings(env: Mapping[str, str]) -> dict[str, Any]:
    """Signing in: lock-out after repeated failures (django-axes), Django's password rules,
    sessions that end after ``CSPKIT_IDLE_MINUTES`` (30) without a request, and a
    Content-Security-Policy that allows no inline script and nothing from other sites."""
    idle = int(env.get("CSPKIT_IDLE_MINUTES", "30"))
    validators = ["UserAttributeSimilarityValidator", "MinimumLengthValidator",
                  "CommonPasswordValidator", "NumericPasswordValidator"]
    self_only = ["'self'"]
    return {
        "AUTHENTICATION_BACKENDS": ["axes.backends.AxesStandaloneBackend",
                                    "django.contrib.auth.backends.ModelBackend"],
        "AXES_FAILURE_LIMIT": int(env.get("CSPKIT_SIGN_IN_ATTEMPTS", "5")),
        "AXES_COOLOFF_TIME": timedelta(minutes=int(env.get("CSPKIT_LOCKOUT_MINUTES", "15"))),
        # per account: staff of a council or a police force share one address, which a lock
        # by address would shut out together (axes' warning about it is silenced)
        "AXES_LOCKOUT_PARAMETERS": ["username"],
        "SILENCED_SYSTEM_CHECKS": ["axes.W006"],
        "AXES_RESET_ON_SUCCESS": True,
        "AXES_LOCKOUT_TEMPLATE": "registration/locked_out.html",
        "AXES_VERBOSE": False,
        "AUTH_PASSWORD_VALIDATORS": [
            {"NAME": f"django.contrib.auth.password_validation.{name}",
             **({"OPTIONS": {"min_length": 12}} if name == "MinimumLengthValidator" else {})}
            for name in validators
        ],
        "SESSION_COOKIE_AGE": idle * 60,
        "SESSION_EXPIRE_AT_BROWSER_CLOSE": True,
        "CSPKIT_IDLE_MINUTES": idle,
        "CONTENT_SECURITY_POLICY": {"DIRECTIVES": {
            "default-src": self_only, "script-src": self_only, "style-src": self_only,
            "img-src": [*self_only, "data:"], "font-src": self_only, "connect-src": self_only,
            "object-src": ["'none'"], "base-uri": ["'none'"], "form-action": self_only,
            "frame-ancestors": ["'none'"],
        }},
    }


def build_settings(
    env: Mapping[str, str] | None = None, *, production: bool = False
) -> dict[str, Any]:
    """All Django settings as a dict, for a settings module to load into its globals."""
    env = os.environ if env is None else env
    secret = env.get("CSPKIT_SECRET_KEY")
    if production and not secret:
        raise ConfigError(
            "CSPKIT_SECRET_KEY is not set; production needs a long random secret, e.g. "
            "`python -c 'import secrets; print(secrets.token_urlsafe(50))'`"
        )
    hosts = [h.strip() for h in env.get("CSPKIT_ALLOWED_HOSTS", "").split(",") if h.strip()]
    settings: dict[str, Any] = {
        "SECRET_KEY": secret or DEV_SECRET_KEY,
        "DEBUG": not production and env.get("CSPKIT_DEBUG", "1") == "1",
        "ALLOWED_HOSTS": hosts or ([] if production else ["localhost", "127.0.0.1", "testserver"]),
        "INSTALLED_APPS": [
            "django.contrib.admin",
            "django.contrib.auth",
            "django.contrib.contenttypes",
            "django.contrib.sessions",
            "django.contrib.messages",
            "cspkit.web.apps.StaticFiles",  # django.contrib.staticfiles, leaner collectstatic
            "simple_history",
            "axes",
            "csp",
            "cspkit.partnership",
            "cspkit.governance",
            "cspkit.priorities",
            "cspkit.actions",
            "cspkit.indicators",
            "cspkit.problemsolving",
            "cspkit.casework",
            "cspkit.glossary",
            "cspkit.plans",
            "django_tasks",
            "django_tasks_db",
            "cspkit.jobs",
        ],
        "MIDDLEWARE": [
            "django.middleware.security.SecurityMiddleware",
            "csp.middleware.CSPMiddleware",
            "cspkit.web.middleware.StaticFilesMiddleware",  # whitenoise
            "django.contrib.sessions.middleware.SessionMiddleware",
            "django.middleware.common.CommonMiddleware",
            "django.middleware.csrf.CsrfViewMiddleware",
            "django.contrib.auth.middleware.AuthenticationMiddleware",
            "cspkit.web.sessions.IdleSessionMiddleware",  # signs out after IDLE_MINUTES
            "cspkit.web.rules.RulesMiddleware",  # every URL's read and write rule
            "simple_history.middleware.HistoryRequestMiddleware",
            "django.contrib.messages.middleware.MessageMiddleware",
            "django.middleware.clickjacking.XFrameOptionsMiddleware",
            "axes.middleware.AxesMiddleware",  # last: answers a locked-out sign-in
        ],
        "ROOT_URLCONF": "cspkit.djangoproject.urls",
        "TEMPLATES": [
            {
                "BACKEND": "django.template.backends.django.DjangoTemplates",
                "DIRS": [str(WEB_DIR / "templates")],
                "APP_DIRS": True,
                "OPTIONS": {
                    "libraries": {"govuk": "cspkit.web.templatetags.govuk"},
                    "context_processors": [
                        "django.template.context_processors.request",
                        "django.contrib.auth.context_processors.auth",
                        "django.contrib.messages.context_processors.messages",
                        "cspkit.web.chrome.context",
                    ]
                },
            }
        ],
        "WSGI_APPLICATION": "cspkit.djangoproject.wsgi.application",
        "DATABASES": database_settings(env),
        "CACHES": cache_settings(production),
        # sessions read from the cache, written through to the database
        "SESSION_ENGINE": "django.contrib.sessions.backends.cached_db",
        "DEFAULT_AUTO_FIELD": "django.db.models.BigAutoField",
        "LANGUAGE_CODE": "en-gb",
        "TIME_ZONE": "Europe/London",
        "USE_I18N": True,
        "USE_TZ": True,
        "STATIC_URL": "/static/",
        "STATIC_ROOT": str(config.data_dir() / "static"),
        "STATICFILES_DIRS": web_static_dirs(env),
        # development and tests serve straight from the folders; production from collectstatic
        "WHITENOISE_USE_FINDERS": not production,
        # background jobs (cspkit.jobs): a queue in the database, run by `cspkit worker`
        "TASKS": {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        **sign_in_settings(env),
        "LOGIN_URL": "login",
        "LOGIN_REDIRECT_URL": "web:home",
        "LOGOUT_REDIRECT_URL": "login",
    }
    if production:
        settings.update(
            SECURE_SSL_REDIRECT=env.get("CSPKIT_SSL_REDIRECT", "1") == "1",
            SESSION_COOKIE_SECURE=True,
            CSRF_COOKIE_SECURE=True,
            SECURE_HSTS_SECONDS=31536000,
            SECURE_HSTS_INCLUDE_SUBDOMAINS=True,
            SECURE_HSTS_PRELOAD=True,
            SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
            STORAGES={
                "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
                "staticfiles": {
                    "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
                },
            },
        )
    return settings
