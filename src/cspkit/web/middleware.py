"""Static files through whitenoise, quiet in development.

In development and tests whitenoise serves straight from the finders (``WHITENOISE_USE_FINDERS``)
and ``STATIC_ROOT`` is usually not collected; plain whitenoise then warns on every request
handler. In production (finders off) a missing ``STATIC_ROOT`` still warns: run collectstatic.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from whitenoise.middleware import WhiteNoiseMiddleware

__all__ = ["StaticFilesMiddleware"]


class StaticFilesMiddleware(WhiteNoiseMiddleware):
    """WhiteNoiseMiddleware that skips an uncollected ``STATIC_ROOT`` while using finders."""

    def add_files(self, root: Any, prefix: str | None = None) -> None:
        uncollected = root == settings.STATIC_ROOT and not Path(str(root)).is_dir()
        if uncollected and getattr(settings, "WHITENOISE_USE_FINDERS", False):
            return
        super().add_files(root, prefix)
