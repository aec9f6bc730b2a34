"""Download of a source's official file.

Official portals fail in mundane ways: timeouts, 5xx during a redeployment, a connection cut halfway through a
2 GB file, an HTML error page served with status 200 in place of the CSV. Keeping half a file or a login page
in the landing store would corrupt every snapshot built on it, so a download either leaves a complete,
verified file at `dest` or raises FetchError and leaves `dest` exactly as it was.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import requests
from urllib3.exceptions import TimeoutError as Urllib3TimeoutError

CHUNK_SIZE = 64 * 1024
PROGRESS_EVERY = 1024 * 1024
USER_AGENT = "referentiels-apprentissage/0.1 (+python-requests)"


class FetchError(Exception):
    """A download that did not produce a complete, verified file."""


class _Retryable(FetchError):
    """A failure worth another attempt: network trouble, truncation, 429 or 5xx."""


@dataclass(frozen=True)
class FetchResult:
    path: Path | None  # the downloaded file (None when not_modified)
    sha256: str | None
    size: int
    not_modified: bool  # True on HTTP 304 after a conditional request
    etag: str | None
    last_modified: str | None
    content_type: str | None


def _sleep(seconds: float) -> None:
    """Wait between attempts (a seam so that tests can make backoff instant)."""
    time.sleep(seconds)


def fetch(
    url: str,
    dest: Path,
    *,
    source_id: str,
    method: str = "GET",
    timeout: tuple[float, float] = (10.0, 300.0),
    retries: int = 4,
    backoff: float = 1.0,
    max_bytes: int = 2 * 1024**3,
    expected_sha256: str | None = None,
    etag: str | None = None,
    last_modified: str | None = None,
    forbidden_content_types: tuple[str, ...] = ("text/html",),
    progress: Callable[[int, int | None], None] | None = None,
    session: requests.Session | None = None,
) -> FetchResult:
    """Download `url` to `dest`, retrying transient failures with exponential backoff.

    `timeout` is (connect, read) in seconds. With `etag`/`last_modified` the request is conditional and an
    HTTP 304 returns `not_modified=True` without writing anything.
    """
    dest = Path(dest)
    part = dest.with_name(dest.name + ".part")
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    http = session or requests.Session()
    if session is None:
        http.headers["User-Agent"] = USER_AGENT
    attempt = _Attempt(
        http=http,
        url=url,
        dest=dest,
        part=part,
        source_id=source_id,
        method=method.upper(),
        headers=headers,
        timeout=timeout,
        max_bytes=max_bytes,
        expected_sha256=expected_sha256.lower() if expected_sha256 else None,
        forbidden_content_types=tuple(t.lower() for t in forbidden_content_types),
        progress=progress,
    )
    failures = 0
    try:
        while True:
            try:
                return attempt.run()
            except _Retryable as exc:
                if failures >= retries:
                    raise FetchError(f"{exc} (gave up after {failures + 1} attempts)") from exc
                _sleep(backoff * 2**failures)
                failures += 1
    finally:
        part.unlink(missing_ok=True)
        if session is None:
            http.close()


@dataclass(frozen=True)
class _Attempt:
    """One HTTP request and, when it succeeds, the streaming of its body to the .part file."""

    http: requests.Session
    url: str
    dest: Path
    part: Path
    source_id: str
    method: str
    headers: dict[str, str]
    timeout: tuple[float, float]
    max_bytes: int
    expected_sha256: str | None
    forbidden_content_types: tuple[str, ...]
    progress: Callable[[int, int | None], None] | None

    def error(self, cause: str, *, retryable: bool = False) -> FetchError:
        kind = _Retryable if retryable else FetchError
        return kind(f"source {self.source_id}: {self.method} {self.url}: {cause}")

    def run(self) -> FetchResult:
        try:
            response = self.http.request(self.method, self.url, headers=self.headers, timeout=self.timeout, stream=True)
            with response:
                return self.receive(response)
        except requests.RequestException as exc:
            raise self.network_error(exc) from exc

    def network_error(self, exc: requests.RequestException) -> FetchError:
        """Classify a requests exception; timeouts, cut connections and truncated bodies are retried."""
        if _is_timeout(exc):
            return self.error(f"timeout ({exc})", retryable=True)
        if isinstance(exc, requests.exceptions.ChunkedEncodingError):
            return self.error(f"truncated body ({exc})", retryable=True)
        if isinstance(exc, requests.ConnectionError):
            return self.error(f"connection failed ({exc})", retryable=True)
        return self.error(f"request failed ({exc})")

    def receive(self, response: requests.Response) -> FetchResult:
        status = response.status_code
        etag = response.headers.get("ETag")
        last_modified = response.headers.get("Last-Modified")
        content_type = response.headers.get("Content-Type")
        if status == 304 and self.headers:
            return FetchResult(
                path=None,
                sha256=None,
                size=0,
                not_modified=True,
                etag=etag or self.headers.get("If-None-Match"),
                last_modified=last_modified or self.headers.get("If-Modified-Since"),
                content_type=content_type,
            )
        if status == 429 or status >= 500:
            raise self.error(f"HTTP {status} {response.reason}", retryable=True)
        if not 200 <= status < 300:
            raise self.error(f"HTTP {status} {response.reason}")
        media_type = (content_type or "").split(";")[0].strip().lower()
        if media_type in self.forbidden_content_types:
            raise self.error(f"unexpected content type {content_type!r} (an error page instead of the file?)")

        # Content-Length counts the encoded bytes; it only bounds the body when nothing decodes it.
        total = _int_or_none(response.headers.get("Content-Length"))
        if response.headers.get("Content-Encoding", "identity").lower() != "identity":
            total = None
        if total is not None and total > self.max_bytes:
            raise self.error(f"declares {total} bytes, larger than the maximum of {self.max_bytes} bytes")

        sha256, size = self.stream(response, total)
        if total is not None and size < total:
            raise self.error(f"truncated body: received {size} of {total} bytes", retryable=True)
        if self.expected_sha256 and sha256 != self.expected_sha256:
            raise self.error(f"checksum mismatch: expected sha256 {self.expected_sha256}, got {sha256}")
        os.replace(self.part, self.dest)
        return FetchResult(
            path=self.dest,
            sha256=sha256,
            size=size,
            not_modified=False,
            etag=etag,
            last_modified=last_modified,
            content_type=content_type,
        )

    def stream(self, response: requests.Response, total: int | None) -> tuple[str, int]:
        """Write the body to the .part file; return its sha256 and size."""
        digest = hashlib.sha256()
        size = 0
        next_report = PROGRESS_EVERY
        self.part.parent.mkdir(parents=True, exist_ok=True)
        with self.part.open("wb") as out:
            for chunk in response.iter_content(CHUNK_SIZE):
                size += len(chunk)
                if size > self.max_bytes:
                    raise self.error(f"body is larger than the maximum of {self.max_bytes} bytes (aborted at {size})")
                digest.update(chunk)
                out.write(chunk)
                if self.progress and size >= next_report:
                    self.progress(size, total)
                    next_report = size + PROGRESS_EVERY
        if self.progress:
            self.progress(size, total)
        return digest.hexdigest(), size


def _is_timeout(exc: BaseException) -> bool:
    """requests reports a read timeout during the body as a ConnectionError wrapping urllib3's error."""
    if isinstance(exc, requests.Timeout):
        return True
    return any(isinstance(arg, Urllib3TimeoutError | TimeoutError) for arg in exc.args)


def _int_or_none(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None
