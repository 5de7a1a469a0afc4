"""Police archives and partner spreadsheets are hostile too: a zip bomb is refused before
anything is unpacked, and workbooks are read without their external links."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from cspkit.errors import UnsafeFileError
from cspkit.sources.police import files
from cspkit.sources.police.files import discover

HEADER = ("Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,"
          "LSOA code,LSOA name,Crime type,Last outcome category,Context\n")


def _zip(path: Path, members: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, content in members.items():
            zf.writestr(name, content)
    return path


def test_a_zip_bomb_is_refused_before_unpacking(tmp_path: Path) -> None:
    bomb = HEADER.encode() + b"0" * (60 << 20)  # 60 MB of one byte: stored about 1000 times smaller
    archive = _zip(tmp_path / "bomb.zip", {"2021-05/2021-05-kent-street.csv": bomb})
    assert archive.stat().st_size < 1 << 20
    work = tmp_path / "work"
    with pytest.raises(UnsafeFileError, match=r"times larger than it is stored.*zip bomb"):
        discover([archive], work)
    assert not any(work.rglob("*.csv")) if work.exists() else True


def test_a_member_larger_than_any_police_file_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(files, "MAX_MEMBER_BYTES", 1000)
    row = b"x,2021-05,Kent Police,Kent Police,0.5,51.2,On or near X,E01024000,Y,Burglary,,\n"
    archive = _zip(tmp_path / "big.zip", {"2021-05/2021-05-kent-street.csv":
                                          HEADER.encode() + row * 40})
    with pytest.raises(UnsafeFileError, match="more than the 1,000 a police file can be"):
        discover([archive], tmp_path / "work")


def test_an_ordinary_archive_still_loads(tmp_path: Path) -> None:
    row = b"x,2021-05,Kent Police,Kent Police,0.5,51.2,On or near X,E01024000,Y,Burglary,,\n"
    archive = _zip(tmp_path / "ok.zip", {"2021-05/2021-05-kent-street.csv":
                                         HEADER.encode() + row * 3})
    found = discover([archive], tmp_path / "work")
    assert [f.force for f in found] == ["kent"]


def test_workbooks_are_parsed_with_defusedxml() -> None:
    from openpyxl.xml import DEFUSEDXML

    assert DEFUSEDXML, "install defusedxml: openpyxl then parses workbooks without entities"
