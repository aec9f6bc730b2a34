"""fetch() against a real HTTP server on 127.0.0.1: retries, truncation, limits, conditional requests."""

from __future__ import annotations

import hashlib
import time
from http.server import BaseHTTPRequestHandler

import pytest

from orchestration.ingest.http import FetchError, fetch
from tests.http_server import send

BODY = b"uai;siret;libelle\n0750001A;12345678900011;Lycee test\n" * 100


def test_downloads_file_with_sha256(server, sleeps, tmp_path):
    server.routes["/f.csv"] = lambda h, n: send(h, 200, BODY, headers={"ETag": '"v1"'})
    dest = tmp_path / "f.csv"

    result = fetch(server.url("/f.csv"), dest, source_id="src")

    assert dest.read_bytes() == BODY
    assert result.path == dest
    assert result.sha256 == hashlib.sha256(BODY).hexdigest()
    assert result.size == len(BODY)
    assert result.not_modified is False
    assert result.etag == '"v1"'
    assert result.content_type == "text/csv"
    assert not (tmp_path / "f.csv.part").exists()
    assert sleeps == []


def test_post_reaches_server_as_post(server, sleeps, tmp_path):
    server.routes["/export"] = lambda h, n: send(h, 200, BODY)

    fetch(server.url("/export"), tmp_path / "export.csv", source_id="src", method="POST")

    assert [s.method for s in server.seen] == ["POST"]
    assert (tmp_path / "export.csv").read_bytes() == BODY


def test_retries_5xx_then_succeeds(server, sleeps, tmp_path):
    server.routes["/f.csv"] = lambda h, n: (
        send(h, 500, b"oops", content_type="text/plain") if n <= 2 else send(h, 200, BODY)
    )

    result = fetch(server.url("/f.csv"), tmp_path / "f.csv", source_id="src", backoff=1.0)

    assert server.count("/f.csv") == 3
    assert sleeps == [1.0, 2.0]
    assert result.size == len(BODY)
    assert (tmp_path / "f.csv").read_bytes() == BODY


def test_persistent_5xx_fails_and_keeps_existing_dest(server, sleeps, tmp_path):
    server.routes["/f.csv"] = lambda h, n: send(h, 500, b"oops", content_type="text/plain")
    dest = tmp_path / "f.csv"
    dest.write_bytes(b"previous good file")
    url = server.url("/f.csv")

    with pytest.raises(FetchError) as excinfo:
        fetch(url, dest, source_id="my_source", retries=3)

    message = str(excinfo.value)
    assert "my_source" in message and url in message and "500" in message
    assert server.count("/f.csv") == 4
    assert sleeps == [1.0, 2.0, 4.0]
    assert dest.read_bytes() == b"previous good file"
    assert not (tmp_path / "f.csv.part").exists()


def test_truncated_body_is_retried_then_fails(server, sleeps, tmp_path):
    def truncated(handler: BaseHTTPRequestHandler, n: int) -> None:
        send(handler, 200, BODY[:100], content_length=len(BODY))
        handler.close_connection = True

    server.routes["/f.csv"] = truncated

    with pytest.raises(FetchError, match="truncated"):
        fetch(server.url("/f.csv"), tmp_path / "f.csv", source_id="src", retries=2)

    assert server.count("/f.csv") == 3
    assert list(tmp_path.iterdir()) == []


def test_declared_body_larger_than_max_bytes(server, sleeps, tmp_path):
    server.routes["/big"] = lambda h, n: send(h, 200, b"x" * 5000)

    with pytest.raises(FetchError, match="larger than the maximum of 1000 bytes"):
        fetch(server.url("/big"), tmp_path / "big", source_id="src", max_bytes=1000)

    assert server.count("/big") == 1
    assert list(tmp_path.iterdir()) == []


def test_undeclared_body_larger_than_max_bytes_is_aborted(server, sleeps, tmp_path):
    def no_length(handler: BaseHTTPRequestHandler, n: int) -> None:
        handler.send_response(200)
        handler.send_header("Content-Type", "text/csv")
        handler.end_headers()
        handler.wfile.write(b"x" * 300_000)
        handler.close_connection = True

    server.routes["/big"] = no_length

    with pytest.raises(FetchError, match="larger than the maximum of 100000 bytes"):
        fetch(server.url("/big"), tmp_path / "big", source_id="src", max_bytes=100_000)

    assert server.count("/big") == 1
    assert list(tmp_path.iterdir()) == []


def test_read_timeout(server, sleeps, tmp_path):
    def slow(handler: BaseHTTPRequestHandler, n: int) -> None:
        time.sleep(1.0)
        send(handler, 200, BODY)

    server.routes["/slow"] = slow

    with pytest.raises(FetchError, match="timeout"):
        fetch(server.url("/slow"), tmp_path / "slow.csv", source_id="src", timeout=(2.0, 0.3), retries=1)

    assert server.count("/slow") == 2
    assert not (tmp_path / "slow.csv").exists()


def test_html_error_page_is_rejected_without_retry(server, sleeps, tmp_path):
    server.routes["/f.csv"] = lambda h, n: send(
        h, 200, b"<html>Maintenance</html>", content_type="text/html; charset=utf-8"
    )

    with pytest.raises(FetchError, match="text/html"):
        fetch(server.url("/f.csv"), tmp_path / "f.csv", source_id="src")

    assert server.count("/f.csv") == 1
    assert sleeps == []
    assert list(tmp_path.iterdir()) == []


def test_conditional_request_not_modified(server, sleeps, tmp_path):
    def conditional(handler: BaseHTTPRequestHandler, n: int) -> None:
        if handler.headers.get("If-None-Match") == '"v1"':
            handler.send_response(304)
            handler.send_header("ETag", '"v1"')
            handler.end_headers()
        else:
            send(handler, 200, BODY, headers={"ETag": '"v1"'})

    server.routes["/f.csv"] = conditional
    dest = tmp_path / "f.csv"

    result = fetch(server.url("/f.csv"), dest, source_id="src", etag='"v1"', last_modified="Mon, 01 Jan 2024")

    assert result.not_modified is True
    assert result.path is None and result.sha256 is None and result.size == 0
    assert result.etag == '"v1"'
    assert server.seen[0].headers["If-None-Match"] == '"v1"'
    assert server.seen[0].headers["If-Modified-Since"] == "Mon, 01 Jan 2024"
    assert list(tmp_path.iterdir()) == []


def test_checksum_mismatch(server, sleeps, tmp_path):
    server.routes["/f.csv"] = lambda h, n: send(h, 200, BODY)
    dest = tmp_path / "f.csv"

    with pytest.raises(FetchError, match="checksum mismatch"):
        fetch(server.url("/f.csv"), dest, source_id="src", expected_sha256="0" * 64)

    assert server.count("/f.csv") == 1
    assert list(tmp_path.iterdir()) == []


def test_matching_checksum_is_accepted(server, sleeps, tmp_path):
    server.routes["/f.csv"] = lambda h, n: send(h, 200, BODY)
    expected = hashlib.sha256(BODY).hexdigest().upper()

    result = fetch(server.url("/f.csv"), tmp_path / "f.csv", source_id="src", expected_sha256=expected)

    assert result.sha256 == expected.lower()


def test_404_is_not_retried(server, sleeps, tmp_path):
    with pytest.raises(FetchError, match="HTTP 404"):
        fetch(server.url("/missing.csv"), tmp_path / "missing.csv", source_id="src")

    assert server.count("/missing.csv") == 1
    assert sleeps == []


def test_429_is_retried(server, sleeps, tmp_path):
    server.routes["/f.csv"] = lambda h, n: (
        send(h, 429, b"", content_type="text/plain") if n == 1 else send(h, 200, BODY)
    )

    fetch(server.url("/f.csv"), tmp_path / "f.csv", source_id="src", backoff=0.5)

    assert server.count("/f.csv") == 2
    assert sleeps == [0.5]


def test_progress_is_reported_per_mebibyte_and_at_the_end(server, sleeps, tmp_path):
    body = b"y" * (3 * 1024 * 1024 + 10)
    server.routes["/f.bin"] = lambda h, n: send(h, 200, body, content_type="application/octet-stream")
    calls: list[tuple[int, int | None]] = []

    fetch(server.url("/f.bin"), tmp_path / "f.bin", source_id="src", progress=lambda d, t: calls.append((d, t)))

    assert calls[-1] == (len(body), len(body))
    assert 2 <= len(calls) <= 4
    assert all(total == len(body) for _, total in calls)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
