"""Development and test settings (SQLite unless DATABASE_URL is set)."""

from cspkit.djangoproject.factory import build_settings

globals().update(build_settings())
