"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cspkit.store import Store

#: ``../shared/data`` beside the checkout, or ``$CSPKIT_SHARED_DATA``.
SHARED_DATA = Path(
    os.environ.get(
        "CSPKIT_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data"
    )
)


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The real public data folder; tests that need it skip with the reason where it is absent."""
    if not (SHARED_DATA / "README.md").exists():
        pytest.skip(f"real data not found at {SHARED_DATA} (set CSPKIT_SHARED_DATA to its folder)")
    return SHARED_DATA


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """An empty store in a temporary folder."""
    return Store(tmp_path / "store")


# -- the PostgreSQL pass of scripts/test runs with CSPKIT_FORBID_SKIPS=1: a skip there is a failure


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if not os.environ.get("CSPKIT_FORBID_SKIPS"):
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"FAILED: {len(skipped)} test(s) skipped where none may be (CSPKIT_FORBID_SKIPS)"
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
