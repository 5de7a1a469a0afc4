"""Fixtures for the case-work tests."""

from __future__ import annotations

import pytest

from tests.casework.world import CaseWorld, case_world


@pytest.fixture
def w(db: None) -> CaseWorld:
    return case_world()
