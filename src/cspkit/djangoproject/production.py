"""Production settings: secure cookies, HSTS, secret key from CSPKIT_SECRET_KEY."""

from cspkit.djangoproject.factory import build_settings

globals().update(build_settings(production=True))
