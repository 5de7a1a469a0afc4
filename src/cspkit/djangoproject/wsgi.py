"""WSGI entry point: ``gunicorn cspkit.djangoproject.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cspkit.djangoproject.settings")
application = get_wsgi_application()
