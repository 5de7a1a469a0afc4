"""Where cspkit keeps its files. Nothing here runs at import time: call the functions."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

__all__ = ["data_dir", "store_path"]


def data_dir() -> Path:
    """The user's cspkit folder: ``$CSPKIT_HOME`` or the platform's user data folder."""
    home = os.environ.get("CSPKIT_HOME")
    return Path(home) if home else Path(platformdirs.user_data_dir("cspkit"))


def store_path() -> Path:
    """The analytical store: ``$CSPKIT_STORE`` or ``<data_dir>/store``."""
    store = os.environ.get("CSPKIT_STORE")
    return Path(store) if store else data_dir() / "store"
