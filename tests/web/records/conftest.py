"""Fixtures for the partnership records' tests."""

from __future__ import annotations

import pytest

from tests.web.records.world import World, world


@pytest.fixture
def w(db: None) -> World:
    """Two partnerships with every kind of record and a user in each role."""
    return world()
