"""Django's static files app, told to leave out GOV.UK Frontend's sources.

The npm package's ``dist/govuk/`` holds, beside the compiled JavaScript and the assets the
pages use, its Sass, Nunjucks templates, examples and docs (about 1,000 files). ``collectstatic``
copies only what a browser can ask for.
"""

from __future__ import annotations

from django.contrib.staticfiles.apps import StaticFilesConfig

__all__ = ["StaticFiles"]


class StaticFiles(StaticFilesConfig):
    """``django.contrib.staticfiles`` with GOV.UK Frontend's sources ignored."""

    ignore_patterns = [
        *StaticFilesConfig.ignore_patterns,
        "*.scss",
        "*.njk",
        "*.md",
        "*.html",
        "*.mjs",
        "*.mjs.map",
        "fixtures.json",
        "macro-options.json",
        "govuk-prototype-kit.config.json",
    ]

    def ready(self) -> None:
        super().ready()
        from django.contrib.auth.signals import user_logged_in

        from cspkit.web.sessions import stamp_sign_in

        # the web app's one signal: a new session starts as seen (cspkit.web.sessions)
        user_logged_in.connect(stamp_sign_in, dispatch_uid="cspkit.web.sessions.sign_in")
