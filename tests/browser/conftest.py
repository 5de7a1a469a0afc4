"""Playwright (sync API) driving Debian's Chromium against pytest-django's live server.

Never ``playwright install``: the browser is the system's ``/usr/bin/chromium``
(``$CSPKIT_CHROMIUM`` to use another). Where it is absent the tests skip with the reason,
except under CI (``CI`` set), where they fail: ``.ci/run`` installs it. Screenshots go to
``$CSPKIT_SCREENSHOTS`` or a temporary folder (see the ``screenshots`` fixture).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("CSPKIT_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """One Chromium per test module.

    Playwright's sync API runs an event loop in this thread, so Django's ORM would refuse to
    run in the tests' own code ("You cannot call this from an async context") without
    ``DJANGO_ALLOW_ASYNC_UNSAFE``; it is set only while the browser runs (``check --deploy``
    rightly fails where it is set).
    """
    if not CHROMIUM.exists():
        reason = (
            f"Chromium not found at {CHROMIUM}; install it (apt-get install chromium) or set "
            "CSPKIT_CHROMIUM"
        )
        if os.environ.get("CI"):
            pytest.fail(f"{reason} (CI must run the browser tests)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: object) -> Iterator[object]:
    """A fresh browser context (no cookies) and page, 1024 pixels wide, British English."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1024, "height": 900}, locale="en-GB"
    )
    context.set_default_timeout(10_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    tab.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    yield tab
    context.close()
    assert errors == [], f"the pages logged JavaScript errors: {errors}"


@pytest.fixture(scope="session")
def screenshots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where screenshots are written (look at them: they are the pages as people see them)."""
    folder = os.environ.get("CSPKIT_SCREENSHOTS")
    path = Path(folder) if folder else tmp_path_factory.mktemp("screenshots")
    path.mkdir(parents=True, exist_ok=True)
    return path
