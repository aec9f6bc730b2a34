"""The immutable landing store: `data/raw/<source>/<as_of>/<file>` keeps the original bytes of every load.

History is rebuilt from these loads, so a landed file is never overwritten: landing the same bytes again is a
no-op (idempotent re-runs), landing different bytes for the same day is refused with a clear error.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from orchestration.ingest.http import fetch
from orchestration.ingest.resolvers import LandingError, resolve_download_url
from orchestration.registry import Source
from orchestration.settings import Settings

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class LandedFile:
    path: Path
    sha256: str
    size: int
    origin: str  # URL or sample path the bytes came from


def sha256_of(path: Path, copy_to: Path | None = None) -> str:
    """The file's SHA-256; with `copy_to`, the file is copied there in the same pass (a national SIRENE file is
    4.5 GB: reading it once instead of twice saves ~5 s a night)."""
    digest = hashlib.sha256()
    with path.open("rb") as handle, copy_to.open("wb") if copy_to else contextlib.nullcontext() as out:
        while chunk := handle.read(1 << 22):
            digest.update(chunk)
            if out:
                out.write(chunk)
    return digest.hexdigest()


def _meta_path(path: Path) -> Path:
    return path.with_name(path.name + ".meta.json")


def _previous_landing(source_dir: Path, as_of: date) -> dict | None:
    """Metadata of the latest earlier landing, for conditional HTTP requests."""
    earlier = sorted(d for d in source_dir.glob("*") if d.is_dir() and d.name < as_of.isoformat())
    for day in reversed(earlier):
        for meta in day.glob("*.meta.json"):
            return json.loads(meta.read_text()) | {"path": str(meta.with_name(meta.name[: -len(".meta.json")]))}
    return None


def _commit(source: Source, staged: Path, digest: str, target: Path, origin: str, extra: dict) -> LandedFile:
    """Move a verified file (`digest`: its SHA-256, taken as it was written) into the store, unless identical
    bytes are already there."""
    if target.exists():
        existing = sha256_of(target)
        staged.unlink()
        if existing != digest:
            raise LandingError(
                f"source {source.id}: {target} already holds different bytes for this as_of "
                f"(sha256 {existing[:12]}… vs {digest[:12]}…); landed files are immutable: "
                "run with another as_of or move the old file away deliberately"
            )
    else:
        os.replace(staged, target)
        meta = {"sha256": digest, "origin": origin, **extra}
        _meta_path(target).write_text(json.dumps(meta, indent=2, ensure_ascii=False))
    return LandedFile(target, digest, target.stat().st_size, origin)


def _land_local(source: Source, path: Path, day_dir: Path, origin: str) -> LandedFile:
    """Land a file of this machine (shipped sample, reviewed corrections) like a download."""
    if not path.is_file():
        raise LandingError(f"source {source.id}: file {path} not found")
    staged = day_dir / (path.name + ".part")
    digest = sha256_of(path, copy_to=staged)
    return _commit(source, staged, digest, day_dir / path.name, origin, {})


def land(source: Source, as_of: date, settings: Settings) -> LandedFile:
    """Bring the source's file for `as_of` into the landing store (sample copy or official download)."""
    day_dir = settings.raw_dir / source.id / as_of.isoformat()
    day_dir.mkdir(parents=True, exist_ok=True)
    if source.corrections_file:
        reviewed = settings.corrections_dir / source.corrections_file
        return _land_local(source, reviewed, day_dir, f"corrections:{source.corrections_file}")
    if settings.source_mode == "sample" or source.synthetic:
        if source.sample is None:
            raise LandingError(f"source {source.id}: no public sample exists, it can only be downloaded")
        return _land_local(source, settings.samples_dir / source.sample, day_dir, f"sample:{source.sample}")

    name = f"{source.id}.{source.format}"
    target = day_dir / name
    staged = day_dir / (name + ".download")
    url = resolve_download_url(source, day_dir)
    previous = _previous_landing(settings.raw_dir / source.id, as_of)
    if previous and previous.get("origin") != url:
        previous = None  # a new file (new resource, new version): its validators say nothing about the old one
    result = fetch(
        url,
        staged,
        source_id=source.id,
        method=source.method,
        max_bytes=source.max_bytes,
        etag=(previous or {}).get("etag"),
        last_modified=(previous or {}).get("last_modified"),
        progress=lambda done, total: log.info("%s: %s / %s bytes", source.id, done, total or "?"),
    )
    extra = {"etag": result.etag, "last_modified": result.last_modified, "content_type": result.content_type}
    digest = result.sha256
    if result.not_modified:
        digest = sha256_of(Path(previous["path"]), copy_to=staged)
        extra = {key: previous.get(key) for key in extra}
    return _commit(source, staged, digest, target, url, extra | {"dataset_url": source.url})
