"""Same seed, same bytes; another seed, other data."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from cspkit.demo import DemoBorough, generate_borough

SHORT = {"start": "2020-01", "end": "2020-06", "quiet": True}


def digests(root: Path) -> dict[str, str]:
    """SHA-256 of every file under ``root``, by relative path."""
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_same_seed_gives_identical_files(demo: DemoBorough, tmp_path: Path) -> None:
    again = generate_borough(tmp_path / "again", quiet=True)
    first, second = digests(demo.out_dir), digests(again.out_dir)
    assert len(first) == len(demo.files) == 5 + 60 + 1
    assert first == second


def test_files_listed_are_the_files_written(demo: DemoBorough) -> None:
    on_disk = {p for p in demo.out_dir.rglob("*") if p.is_file()}
    assert set(demo.files) == on_disk
    assert demo.files[-1] == demo.facts_file


def test_different_seed_gives_different_data(tmp_path: Path) -> None:
    a = digests(generate_borough(tmp_path / "a", seed=1, **SHORT).out_dir)
    b = digests(generate_borough(tmp_path / "b", seed=2, **SHORT).out_dir)
    assert a.keys() == b.keys()
    differing = {name for name in a if a[name] != b[name]}
    # the district lookup is the same for every seed; everything else changes
    assert differing == set(a) - {"geography/LAD22_CSP22_PFA22_lookup.csv"}


@pytest.mark.parametrize("seed", [0, 7])
def test_other_seeds_are_deterministic_too(seed: int, tmp_path: Path) -> None:
    a = generate_borough(tmp_path / "a", seed=seed, **SHORT)
    b = generate_borough(tmp_path / "b", seed=seed, **SHORT)
    assert digests(a.out_dir) == digests(b.out_dir)
