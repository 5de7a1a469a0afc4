"""Where the settings find the web app's front end: in the package where `npm run build` put it
(so an installed wheel has it), else in a checkout's node_modules/ and build/web/."""

from __future__ import annotations

from pathlib import Path

import pytest

from cspkit.djangoproject import factory


def checkout(root: Path) -> Path:
    """A checkout laid out as before the front end moved into the package."""
    (root / "node_modules" / "govuk-frontend" / "dist" / "govuk").mkdir(parents=True)
    (root / "build" / "web" / "cspkit").mkdir(parents=True)
    return root


def test_the_built_front_end_in_the_package_comes_first(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "frontend" / "cspkit").mkdir(parents=True)
    monkeypatch.setattr(factory, "FRONTEND_DIR", tmp_path / "frontend")
    monkeypatch.setattr(factory, "CHECKOUT", checkout(tmp_path / "checkout"))
    assert factory.web_static_dirs({}) == [
        str(tmp_path / "frontend"), str(factory.WEB_DIR / "static")
    ]


def test_a_checkout_not_built_since_serves_node_modules_and_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(factory, "FRONTEND_DIR", tmp_path / "not-built")
    root = checkout(tmp_path / "checkout")
    monkeypatch.setattr(factory, "CHECKOUT", root)
    assert factory.web_static_dirs({}) == [
        ("govuk", str(root / "node_modules" / "govuk-frontend" / "dist" / "govuk")),
        str(root / "build" / "web"),
        str(factory.WEB_DIR / "static"),
    ]


def test_cspkit_frontend_dir_names_another_checkout(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "frontend").mkdir()
    monkeypatch.setattr(factory, "FRONTEND_DIR", tmp_path / "frontend")
    other = checkout(tmp_path / "other")
    dirs = factory.web_static_dirs({"CSPKIT_FRONTEND_DIR": str(other)})
    assert dirs[:2] == [
        ("govuk", str(other / "node_modules" / "govuk-frontend" / "dist" / "govuk")),
        str(other / "build" / "web"),
    ]
