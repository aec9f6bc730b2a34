"""Safe extraction of one member of a downloaded ZIP archive.

A ZIP comes from outside: its entry names can point outside the working directory ("zip slip"), its
declared sizes can hide a zip bomb, and a cut download leaves a truncated archive. Each of these becomes an
ArchiveError naming the archive and the entry, rather than a file written in the wrong place or a full disk.
"""

from __future__ import annotations

import fnmatch
import os
import re
import zipfile
import zlib
from pathlib import Path, PurePosixPath

CHUNK_SIZE = 1024 * 1024
ZIP_MAGIC = b"PK\x03\x04"
_DRIVE = re.compile(r"^[A-Za-z]:")


class ArchiveError(Exception):
    """An archive that is unsafe, corrupt, or lacks the requested member."""


def is_zip(path: Path) -> bool:
    """True when the file starts with a ZIP local header; extensions and MIME types are not trusted."""
    with Path(path).open("rb") as f:
        return f.read(len(ZIP_MAGIC)) == ZIP_MAGIC


def extract_member(
    archive: Path, member: str, dest_dir: Path, *, max_bytes: int = 4 * 1024**3, max_ratio: int = 200
) -> Path:
    """Extract `member` of `archive` to dest_dir/<basename of member> and return that path.

    The whole archive is refused if any entry name is unsafe, even one that is not requested. `member` matches
    an entry exactly, or case-insensitively by basename when exactly one entry matches.
    """
    archive, dest_dir = Path(archive), Path(dest_dir)
    name = member
    try:
        with zipfile.ZipFile(archive) as zf:
            infos = zf.infolist()
            for info in infos:
                _check_name(archive, info.orig_filename)
            info = _find(archive, infos, member)
            name = info.filename
            _check_size(archive, info, max_bytes, max_ratio)
            if info.flag_bits & 0x1:
                raise ArchiveError(f"member '{name}' of {archive} is encrypted")
            target = dest_dir / PurePosixPath(name).name
            _copy_member(zf, info, target, archive, max_bytes)
            return target
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
        raise ArchiveError(f"corrupt or truncated archive {archive} (member '{name}'): {exc}") from exc


def _check_name(archive: Path, name: str) -> None:
    """Refuse absolute names, drive letters, '..' components and NULs."""
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or _DRIVE.match(name) or ".." in parts or "\x00" in name:
        raise ArchiveError(f"unsafe entry {name!r} in {archive}")


def _find(archive: Path, infos: list[zipfile.ZipInfo], member: str) -> zipfile.ZipInfo:
    files = [info for info in infos if not info.is_dir()]
    for info in files:
        if info.filename == member:
            return info
    # Case-insensitive basename, or a glob for members whose name carries a date (export_…_2024_02_22.csv).
    wanted = member.lower()
    matches = [info for info in files if fnmatch.fnmatchcase(PurePosixPath(info.filename).name.lower(), wanted)]
    if len(matches) == 1:
        return matches[0]
    if matches:
        names = ", ".join(info.filename for info in matches)
        raise ArchiveError(f"member '{member}' is ambiguous in {archive}: matches {names}")
    available = ", ".join(info.filename for info in files) or "none"
    raise ArchiveError(f"no member '{member}' in {archive}; available entries: {available}")


def _check_size(archive: Path, info: zipfile.ZipInfo, max_bytes: int, max_ratio: int) -> None:
    """Refuse a member whose declared size or compression ratio betrays a zip bomb."""
    if info.file_size > max_bytes:
        raise ArchiveError(
            f"member '{info.filename}' of {archive} declares {info.file_size} bytes, "
            f"larger than the maximum of {max_bytes} bytes"
        )
    if info.file_size > max_ratio * max(info.compress_size, 1):
        ratio = info.file_size / max(info.compress_size, 1)
        raise ArchiveError(
            f"member '{info.filename}' of {archive} has a compression ratio of {ratio:.0f}, "
            f"above the maximum of {max_ratio} (zip bomb?)"
        )


def _copy_member(zf: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path, archive: Path, max_bytes: int) -> None:
    """Stream the member to a .part file, counting the actual bytes, then rename it into place."""
    target.parent.mkdir(parents=True, exist_ok=True)
    part = target.with_name(target.name + ".part")
    size = 0
    try:
        with zf.open(info) as src, part.open("wb") as out:
            while chunk := src.read(CHUNK_SIZE):
                size += len(chunk)
                if size > max_bytes:
                    raise ArchiveError(
                        f"member '{info.filename}' of {archive} is larger than the maximum of {max_bytes} bytes"
                    )
                out.write(chunk)
        os.replace(part, target)
    finally:
        part.unlink(missing_ok=True)
