"""Find data.police.uk files as users download them: archive zips, extracted folders, single files.

:func:`discover` turns what the user named into a list of :class:`PoliceFile` (zip members are
extracted to a work folder as they are hashed) and checks each file's header, so that a wrong
file fails before anything is read in bulk.
"""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from cspkit.errors import ColumnError, FileFormatError, InputError, UnsafeFileError
from cspkit.sources.police.schema import KINDS, FileKind, parse_police_filename

__all__ = ["PoliceFile", "check_header", "discover"]

Wanted = Callable[[tuple[str, str, FileKind], str], bool]

_CHUNK = 1 << 20
#: Bounds on what a zip may unpack to (a zip bomb is refused before anything is written):
#: one member (data.police.uk's largest monthly file is a few hundred MB), every wanted member
#: of one archive together, and how many times larger than its compressed size a member may be
#: (police CSVs compress about ten times).
MAX_MEMBER_BYTES = 2 << 30
MAX_ARCHIVE_BYTES = 64 << 30
MAX_RATIO = 100
_NAMING_FIX = (
    "Name it as data.police.uk does, YYYY-MM-<force>-<kind>.csv with kind street, outcomes or "
    "stop-and-search (e.g. 2021-05-kent-street.csv)"
)


@dataclass(frozen=True)
class PoliceFile:
    """One police.uk CSV ready to read."""

    path: Path
    """A readable local file (zip members are extracted)."""
    display: str
    """How the user would name it: the path, or ``archive.zip!2021-05/2021-05-kent-street.csv``."""
    month: str
    force: str
    kind: FileKind
    sha256: str | None
    """Known for zip members (hashed as extracted); None until the loader hashes the file."""


def discover(
    paths: Sequence[str | Path],
    workdir: Path,
    *,
    kinds: Iterable[str] | None = None,
    forces: Iterable[str] | None = None,
    left_out: list[str] | None = None,
) -> list[PoliceFile]:
    """The police files named by ``paths`` (zips, folders, CSV files), headers checked.

    A folder is searched for CSV files and for zip archives, and each zip inside. ``kinds`` and
    ``forces`` keep only those kinds (``street``...) and force slugs (``kent``...); a zip's other
    members are not extracted, and their names are added to ``left_out`` when it is given.
    Raises :class:`InputError` for a path that does not exist, holds no police files, or names
    one file twice, and :class:`FileFormatError` for a damaged zip, wherever it is.
    """
    want_kinds = {KINDS[k.replace("_", "-")].name for k in kinds} if kinds else None
    want_forces = set(forces) if forces else None
    skipped = left_out if left_out is not None else []

    def wanted(month_force_kind: tuple[str, str, FileKind], name: str) -> bool:
        _, force, kind = month_force_kind
        keep = (want_kinds is None or kind.name in want_kinds) and (
            want_forces is None or force in want_forces
        )
        if not keep:
            skipped.append(name)
        return keep

    found: list[PoliceFile] = []
    for raw in paths:
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{path}: no such file or folder; check the path and try again")
        if path.is_dir():
            found += _from_folder(path, workdir, wanted)
        elif zipfile.is_zipfile(path) or path.suffix.lower() == ".zip":
            found += _from_zip(path, workdir, wanted)
        else:
            found += _from_single(path, wanted)
    _refuse_duplicates(found)
    for pf in found:
        check_header(pf)
    return found


def _from_single(path: Path, wanted: Wanted) -> list[PoliceFile]:
    parsed = parse_police_filename(path.name)
    if parsed is None:
        raise FileFormatError(
            path, "the file name does not say its month, force and kind", _NAMING_FIX
        )
    if not wanted(parsed, str(path)):
        return []
    month, force, kind = parsed
    return [PoliceFile(path, str(path), month, force, kind, None)]


def _from_folder(folder: Path, workdir: Path, wanted: Wanted) -> list[PoliceFile]:
    files = []
    named = 0
    for path in sorted(folder.rglob("*.csv")):
        parsed = parse_police_filename(path.name)
        named += parsed is not None
        if parsed is not None and wanted(parsed, str(path)):
            month, force, kind = parsed
            files.append(PoliceFile(path, str(path), month, force, kind, None))
    zips = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() == ".zip")
    for i, archive in enumerate(zips):
        members = _zip_members(archive, workdir / f"zip{i}", wanted)
        named += members is not None
        files += members or []
    if not files and not named:
        raise InputError(
            f"{folder}: no data.police.uk files found in this folder; expected files named "
            "YYYY-MM/YYYY-MM-<force>-street.csv (or -outcomes.csv, -stop-and-search.csv), or "
            "the zip archives data.police.uk gives"
        )
    return files


def _from_zip(archive: Path, workdir: Path, wanted: Wanted) -> list[PoliceFile]:
    files = _zip_members(archive, workdir, wanted)
    if files is None:
        raise InputError(
            f"{archive}: no data.police.uk files in this zip; expected members named "
            "YYYY-MM/YYYY-MM-<force>-street.csv"
        )
    return files


def _zip_members(archive: Path, workdir: Path, wanted: Wanted) -> list[PoliceFile] | None:
    """The wanted police files of a zip, extracted; None if it holds no police files."""
    truncated_fix = "Download the archive again from data.police.uk and load the new copy"
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise FileFormatError(
            archive,
            f"is not a complete zip archive ({exc}); it may have been cut off while downloading",
            truncated_fix,
        ) from None
    files = []
    with zf:
        members = [m for m in zf.infolist() if not m.is_dir()]
        police = [(m, parse_police_filename(PurePosixPath(m.filename).name)) for m in members]
        if not any(p for _, p in police):
            return None
        police = [(m, p) for m, p in police
                  if p is not None and wanted(p, f"{archive}!{m.filename}")]
        _check_sizes(archive, [m for m, _ in police])
        for member, parsed in police:
            assert parsed is not None
            target = workdir / PurePosixPath(member.filename).name
            digest = _extract(zf, member, target, archive, truncated_fix)
            month, force, kind = parsed
            display = f"{archive}!{member.filename}"
            files.append(PoliceFile(target, display, month, force, kind, digest))
    return files


def _check_sizes(archive: Path, members: list[zipfile.ZipInfo]) -> None:
    """Refuse a zip whose members would unpack too large (a zip bomb), before extracting."""
    fix = ("Download the archive again from data.police.uk; if it is a genuine archive, "
           "extract it yourself and load the folder of CSV files")
    total = 0
    for m in members:
        name = f"{archive}!{m.filename}"
        if m.file_size > MAX_MEMBER_BYTES:
            raise UnsafeFileError(f"{name} would unpack to {m.file_size:,} bytes, more than the "
                                  f"{MAX_MEMBER_BYTES:,} a police file can be. {fix}")
        ratio = m.file_size / max(m.compress_size, 1)
        if m.file_size > _CHUNK and ratio > MAX_RATIO:
            raise UnsafeFileError(f"{name} would unpack {ratio:,.0f} times larger than it is "
                                  f"stored (police files are about ten times; at most "
                                  f"{MAX_RATIO}), as a zip bomb does. {fix}")
        total += m.file_size
    if total > MAX_ARCHIVE_BYTES:
        raise UnsafeFileError(f"{archive} would unpack to {total:,} bytes, more than "
                              f"{MAX_ARCHIVE_BYTES:,}. {fix}")


def _extract(
    zf: zipfile.ZipFile, member: zipfile.ZipInfo, target: Path, archive: Path, fix: str
) -> str:
    h = hashlib.sha256()
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with zf.open(member) as src, target.open("wb") as dst:
            written = 0
            while chunk := src.read(_CHUNK):
                written += len(chunk)
                if written > member.file_size:  # more than the zip declared: stop
                    raise ValueError("the member unpacks larger than the zip declares")
                h.update(chunk)
                dst.write(chunk)
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, zlib.error) as exc:
        raise FileFormatError(
            f"{archive}!{member.filename}",
            f"cannot be read from the zip ({exc}); the archive is damaged or incomplete",
            fix,
        ) from None
    return h.hexdigest()


def _refuse_duplicates(files: list[PoliceFile]) -> None:
    seen: dict[tuple[str, str, str], PoliceFile] = {}
    for pf in files:
        key = (pf.kind.name, pf.force, pf.month)
        if key in seen:
            raise InputError(
                f"{pf.display} and {seen[key].display} are both {pf.force} {pf.kind.name} data "
                f"for {pf.month}; load one of them"
            )
        seen[key] = pf


def check_header(pf: PoliceFile) -> None:
    """Refuse an empty file, an HTML page, a non-UTF-8 header, or wrong columns."""
    with pf.path.open("rb") as f:
        head = f.read(64 * 1024)
    if not head.strip():
        raise FileFormatError(pf.display, "is empty", "Download the file again from data.police.uk")
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text[:1] == b"<" or b"<html" in head[:2048].lower():
        raise FileFormatError(
            pf.display,
            "is an HTML page, not a CSV file (was a web page or an error page saved as .csv?)",
            "Download the file again from data.police.uk and check that it opens as a table",
        )
    first_line = head.split(b"\n", 1)[0]
    try:
        header_text = first_line.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FileFormatError(
            pf.display,
            f"line 1 is not UTF-8 text (byte 0x{first_line[exc.start]:02x} at position "
            f"{exc.start + 1})",
            "data.police.uk files are UTF-8: download the file again, or re-save it as 'CSV UTF-8'",
        ) from None
    header = next(csv.reader(io.StringIO(header_text)), [])
    header = [h.strip() for h in header]
    expected = list(pf.kind.published)
    missing = [c for c in expected if c not in header]
    if missing:
        raise ColumnError(
            pf.display,
            missing,
            header,
            f"data.police.uk {pf.kind.name} files have the columns {', '.join(expected)}; "
            "download the file again, or restore the missing column(s)",
        )
    if header != expected:
        extra = [c for c in header if c not in expected]
        problem = (
            f"line 1 has extra column(s) {', '.join(repr(c) for c in extra)}"
            if extra
            else "line 1 has the published columns in another order"
        )
        raise FileFormatError(
            pf.display,
            problem,
            f"Use the file as data.police.uk publishes it, with the columns "
            f"{', '.join(expected)} in that order",
        )
