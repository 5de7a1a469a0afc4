"""Garbage collection: remove the files under ``loads/`` that the manifest no longer refers to.

Collected file by file, not load by load: when a reload replaces some months of an earlier load,
the replaced partitions go at once although the rest of that load stays current, so that a store
reloaded month after month holds its live data and nothing more.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

__all__ = ["collect_garbage", "disk_usage"]


def collect_garbage(root: Path, referenced: Iterable[str]) -> int:
    """Remove what under ``root/loads`` is neither in ``referenced`` (paths relative to ``root``:
    files or partition folders) nor a folder holding one of them; the bytes freed."""
    loads = root / "loads"
    if not loads.is_dir():
        return 0
    live = {PurePosixPath(p) for p in referenced}
    holders = {parent for p in live for parent in p.parents}
    freed = 0
    stack = [loads]
    while stack:
        folder = stack.pop()
        for entry in os.scandir(folder):
            rel = PurePosixPath(Path(entry.path).relative_to(root).as_posix())
            if rel in live:
                continue
            if rel in holders and entry.is_dir(follow_symlinks=False):
                stack.append(Path(entry.path))
                continue
            freed += _remove(Path(entry.path))
    return freed


def _remove(path: Path) -> int:
    if path.is_dir() and not path.is_symlink():
        size = sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
        shutil.rmtree(path, ignore_errors=True)
        return size
    size = path.stat().st_size
    path.unlink(missing_ok=True)
    return size


def disk_usage(root: Path, referenced: Iterable[str]) -> tuple[int, int]:
    """(bytes of every file under ``root/loads``, bytes of those ``referenced`` holds)."""
    loads = root / "loads"
    total = sum(f.stat().st_size for f in loads.rglob("*") if f.is_file()) if loads.is_dir() else 0
    live = 0
    for rel in referenced:
        path = root / rel
        if path.is_file():
            live += path.stat().st_size
        elif path.is_dir():
            live += sum(f.stat().st_size for f in path.rglob("*") if f.is_file())
    return total, live
