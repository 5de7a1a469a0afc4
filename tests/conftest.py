"""Fixtures shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from cspkit.store import Store

#: ``../shared/data`` beside the checkout, or ``$CSPKIT_SHARED_DATA``.
SHARED_DATA = Path(
    os.environ.get("CSPKIT_SHARED_DATA", Path(__file__).resolve().parents[1].parent / "shared" / "data")
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
